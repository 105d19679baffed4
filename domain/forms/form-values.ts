import { z } from 'zod';

/**
 * The vocabulary of form values and attachments that the ticket schema shares with the form
 * templates. A leaf module (zod only), so that the ticket schema can use it without a cycle.
 */
export const ATTACHMENT_KINDS = [
  'invoice',
  'waybill',
  'unboxing_video',
  'photo',
  'video',
  'proof_of_purchase',
  'install_photo',
  'document',
  'signature',
  'audio',
  'other',
] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/**
 * An attachment as a channel may describe it. Bare URLs are still accepted everywhere; what the
 * metadata does not say (size, duration, type) cannot be checked and is let through.
 */
export const attachmentRefSchema = z
  .object({
    url: z.string().url().max(2048),
    kind: z.enum(ATTACHMENT_KINDS).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    sizeBytes: z.number().int().nonnegative().optional(),
    durationSec: z.number().nonnegative().optional(),
    mime: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

/** A form value as JSON carries it. */
export const formValueSchema = z.union([z.string().max(2000), z.number().finite(), z.boolean(), z.null()]);
export type FormValue = z.infer<typeof formValueSchema>;

/** What a ticket keeps of its form: the values, the attachments' metadata, and the template version checked. */
export interface TicketFormRecord {
  template: { key: string; version: number } | null;
  values: Record<string, FormValue>;
  attachments: AttachmentRef[];
}

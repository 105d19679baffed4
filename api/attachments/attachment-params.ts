import { z } from 'zod';
import { UPLOAD_KINDS } from '../../domain/attachments/attachment-kinds';

/** Owners the API takes today; `rma` joins when its records exist (the table already allows it). */
export const API_OWNER_TYPES = ['ticket', 'asset', 'customer', 'visit'] as const;
export type ApiOwnerType = (typeof API_OWNER_TYPES)[number];

const ownerId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only');

export const ownerQuery = z.object({ ownerType: z.enum(API_OWNER_TYPES), ownerId });

export const uploadQuery = ownerQuery
  .extend({
    kind: z.enum(UPLOAD_KINDS),
    /** the file's name on the phone or PC, kept for Content-Disposition */
    name: z.string().trim().min(1).max(200).optional(),
    /** length of a video or voice note as the client measured it; a fast-start MP4's own header wins */
    durationSec: z.coerce.number().nonnegative().max(86_400).optional(),
  })
  .strict();

export const attachmentIdParams = z.object({ id: z.string().regex(/^AT-[0-9A-Z]{10}$/, 'an attachment id like AT-7F3K9Q2M4X') });

/** How long a link made for a phone page or an <img> lasts. */
export const linkTtlQuery = z.object({ ttlSec: z.coerce.number().int().min(30).max(86_400).default(900) }).strict();

export const contentQuery = z
  .object({
    exp: z.coerce.number().int().positive().optional(),
    sig: z.string().max(100).optional(),
    download: z.enum(['0', '1']).optional(),
  })
  .strict();

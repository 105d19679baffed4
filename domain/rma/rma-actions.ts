import { z } from 'zod';

/** Pure RMA vocabulary shared by the API and RmaWorkflow. */
export const RMA_RESOLUTIONS = ['replace', 'repair', 'refund', 'price_change'] as const;
export type RmaResolution = (typeof RMA_RESOLUTIONS)[number];

/** An evidence item: an attachment id from /api/v1/attachments or a URL. */
export const evidenceSchema = z.string().trim().min(1).max(2000);

const note = z.string().trim().min(1).max(4000);

/**
 * The payload of each RMA action the default flow knows; actions a custom flow adds take any
 * object (the flow's conditions judge them).
 */
export const RMA_ACTION_PAYLOADS: Record<string, z.ZodType<Record<string, unknown>>> = {
  diagnose: z
    .object({
      symptoms: note,
      evidence: z.array(evidenceSchema).max(50).default([]),
      diagnosis: note.optional(),
      faultCode: z.string().trim().min(1).max(100).optional(),
    })
    .strict(),
  approve: z.object({ comment: note.optional() }).strict(),
  reject: z.object({ comment: note.optional() }).strict(),
  'picked-up': z.object({ waybillNo: z.string().trim().min(1).max(100).optional() }).strict(),
  'parcel-received': z.object({ warehouseId: z.string().trim().min(1).max(50).optional() }).strict(),
  'repair-done': z.object({ note: note.optional() }).strict(),
  cancel: z.object({ reason: note.optional() }).strict(),
  close: z.object({ note: note.optional() }).strict(),
  'add-note': z.object({ text: note }).strict(),
  'add-attachment': z.object({ attachment: evidenceSchema }).strict(),
};

/** Checks an action's payload: the parsed payload, or the first problem as `field: message`. */
export function parseRmaPayload(action: string, payload: Record<string, unknown>): Record<string, unknown> | string {
  const schema = RMA_ACTION_PAYLOADS[action];
  if (!schema) return payload;
  const out = schema.safeParse(payload);
  if (out.success) return out.data;
  const first = out.error.issues[0];
  return `${first?.path.join('.') || '(body)'}: ${first?.message}`;
}

/** What an accepted action writes on the RMA before the flow sees it. */
export function applyRmaAction(
  rma: Record<string, unknown>,
  req: { action: string; payload: Record<string, unknown>; actor: string },
  at: string,
): Record<string, unknown> {
  const p = req.payload;
  const list = (k: string) => (Array.isArray(rma[k]) ? (rma[k] as unknown[]) : []);
  switch (req.action) {
    case 'diagnose':
      return {
        ...rma,
        symptoms: p.symptoms,
        evidence: [...list('evidence'), ...((p.evidence as string[]) ?? [])],
        diagnosis: p.diagnosis ?? null,
        faultCode: p.faultCode ?? null,
        diagnosedBy: req.actor,
        diagnosedAt: at,
      };
    case 'picked-up':
      return { ...rma, pickedUpAt: at, ...(p.waybillNo ? { pickedUpWaybillNo: p.waybillNo } : {}) };
    case 'parcel-received':
      return { ...rma, parcelReceivedAt: at, ...(p.warehouseId ? { warehouseId: p.warehouseId } : {}) };
    case 'repair-done':
      return { ...rma, repairedAt: at, repairNote: p.note ?? null };
    case 'cancel':
      return { ...rma, cancelReason: p.reason ?? null };
    case 'add-note':
      return { ...rma, notes: [...list('notes'), { text: p.text, actor: req.actor, at }] };
    case 'add-attachment':
      return { ...rma, evidence: [...list('evidence'), p.attachment] };
    default:
      return rma;
  }
}

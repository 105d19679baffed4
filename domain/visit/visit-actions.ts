import { z } from 'zod';

/**
 * Every action on an on-site visit: its payload and its effect on the visit's data. When it is
 * allowed and where it leads is the flow's business (`visit-default`); what it means is here, so
 * the API, the workflow and tests read one definition. Photos, videos and signatures are
 * attachment ids (`AT-…`) uploaded against the visit.
 */
const text = (max = 2000) => z.string().trim().min(1).max(max);
const attachmentId = z.string().regex(/^AT-[0-9A-Z]{10}$/, 'an attachment id like AT-7F3K9Q2M4X');
const instant = z.iso.datetime({ offset: true });
const partLine = z.object({ partCode: z.string().trim().min(1).max(64), qty: z.number().int().min(1).max(1000) }).strict();
const feeItem = z
  .object({ kind: z.enum(['labour', 'travel', 'other']), item: text(100), amountFen: z.number().int().min(0).max(100_000_000) })
  .strict();

const window = {
  windowStart: instant,
  windowEnd: instant,
};
const windowOk = (w: { windowStart?: string; windowEnd?: string }) =>
  !w.windowStart || !w.windowEnd || Date.parse(w.windowEnd) > Date.parse(w.windowStart);
const afterStart = { message: 'must be after windowStart', path: ['windowEnd'] };

/** The dispatch ranking behind an engineer chosen by the system, kept on the visit. */
export const dispatchRecordSchema = z.object({
  engineerId: z.string(),
  score: z.number(),
  breakdown: z.object({ distance: z.number(), skill: z.number(), workload: z.number(), parts: z.number() }),
  distanceKm: z.number().nullable(),
  candidates: z.number().int(),
  rankedAt: z.string(),
});
export type DispatchRecord = z.infer<typeof dispatchRecordSchema>;

export const visitActionSchemas = {
  schedule: z
    .object({ engineerId: text(128), ...window, dispatch: dispatchRecordSchema.optional(), note: z.string().max(2000).optional() })
    .strict()
    .refine(windowOk, afterStart),
  confirm: z.object({ channel: z.enum(['cti', 'sms', 'app', 'agent']).default('agent'), note: z.string().max(2000).optional() }).strict(),
  'parts-arrived': z
    .object({
      purchaseRequestId: z.number().int().positive().optional(),
      transferId: z.number().int().positive().optional(),
      note: z.string().max(2000).optional(),
    })
    .strict(),
  accept: z.object({ note: z.string().max(2000).optional() }).strict(),
  dispute: z.object({ reason: text() }).strict(),
  depart: z.object({ note: z.string().max(2000).optional() }).strict(),
  // No location (GPS off) is allowed and flagged, like a location far from the site.
  'check-in': z
    .object({ lat: z.number().min(-90).max(90).optional(), lng: z.number().min(-180).max(180).optional() })
    .strict()
    .refine((p) => (p.lat === undefined) === (p.lng === undefined), { message: 'give lat and lng together', path: ['lng'] }),
  'record-work': z
    .object({
      summary: text(10_000),
      photos: z.array(attachmentId).max(50).default([]),
      partsUsed: z.array(partLine).max(50).default([]),
      feeItems: z.array(feeItem).max(20).optional(),
    })
    .strict(),
  sign: z.object({ signature: attachmentId }).strict(),
  'follow-up': z.object({ rating: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() }).strict(),
  reschedule: z.object({ reason: text() }).strict(),
  cancel: z.object({ reason: text() }).strict(),
  'add-note': z.object({ text: text(10_000) }).strict(),
  'add-attachment': z.object({ attachmentId }).strict(),
} as const;

export type VisitActionName = keyof typeof visitActionSchemas;
export const VISIT_ACTION_NAMES = Object.keys(visitActionSchemas) as VisitActionName[];

export function isVisitAction(a: string): a is VisitActionName {
  return Object.hasOwn(visitActionSchemas, a);
}

export function parseVisitPayload(action: VisitActionName, payload: unknown) {
  return visitActionSchemas[action].safeParse(payload ?? {});
}

/** The attachment ids a payload refers to, which must belong to the visit. */
export function attachmentsOf(action: VisitActionName, payload: Record<string, unknown>): { field: string; id: string }[] {
  if (action === 'record-work') return ((payload.photos as string[]) ?? []).map((id, i) => ({ field: `photos.${i}`, id }));
  if (action === 'sign') return [{ field: 'signature', id: payload.signature as string }];
  if (action === 'add-attachment') return [{ field: 'attachmentId', id: payload.attachmentId as string }];
  return [];
}

type Work = Record<string, unknown>;

/** The action's effect on the visit's data, before the flow sees it. */
export function applyVisitAction(work: Work, action: string, payload: Record<string, unknown>, actor: string, at: string): Work {
  switch (action) {
    case 'schedule':
      return {
        ...work,
        engineerId: payload.engineerId,
        assigneeId: payload.engineerId,
        windowStart: payload.windowStart,
        windowEnd: payload.windowEnd,
        ...(payload.dispatch ? { dispatch: payload.dispatch } : {}),
      };
    case 'confirm':
      return { ...work, confirmedBy: { channel: payload.channel, actor, at } };
    case 'dispute':
      return { ...work, lastDispute: { reason: payload.reason, actor, at } };
    case 'check-in':
      return { ...work, checkInLat: payload.lat ?? null, checkInLng: payload.lng ?? null, checkedInAt: at };
    case 'record-work':
      return {
        ...work,
        workRecord: payload.summary,
        photos: payload.photos,
        partsUsed: payload.partsUsed,
        ...(payload.feeItems ? { feeItems: payload.feeItems } : {}),
        workRecordedAt: at,
      };
    case 'sign':
      return { ...work, signature: payload.signature, signedAt: at };
    case 'follow-up':
      return { ...work, rating: payload.rating, ratingComment: payload.comment ?? null };
    case 'reschedule':
      return { ...work, rescheduleReason: payload.reason };
    case 'cancel':
      return { ...work, cancelReason: payload.reason };
    case 'add-note':
      return { ...work, notes: [...((work.notes as unknown[]) ?? []), { text: payload.text, actor, at }] };
    case 'add-attachment':
      return { ...work, attachments: [...((work.attachments as unknown[]) ?? []), payload.attachmentId] };
    default:
      return work;
  }
}

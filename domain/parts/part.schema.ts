import { z } from 'zod';

/**
 * Spare parts (备件, MISSION §7, issue 6 item 3): the catalogue, where stock is kept (warehouses and
 * engineers' vans) and the request shapes of every stock movement. Quantities are whole units;
 * money is integer fen (分), so ¥12.50 is 1250.
 */
export const LOCATION_KINDS = ['warehouse', 'engineer'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** Every row of the ledger is one of these; each changes on_hand / reserved / defective of one location. */
export const MOVEMENT_KINDS = [
  'receive',
  'reserve',
  'release',
  'issue',
  'consume',
  'return_good',
  'return_defective',
  'transfer_out',
  'transfer_in',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const RESERVATION_STATUSES = ['reserved', 'issued', 'consumed', 'released', 'returned'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** What a reservation is for. */
export const REF_TYPES = ['visit', 'ticket', 'rma'] as const;
export type RefType = (typeof REF_TYPES)[number];

export const RETURN_CONDITIONS = ['good', 'defective'] as const;
export type ReturnCondition = (typeof RETURN_CONDITIONS)[number];

export const PURCHASE_REASONS = ['low_stock', 'shortage'] as const;
export const PURCHASE_STATUSES = ['open', 'ordered', 'received', 'cancelled'] as const;
export type PurchaseStatus = (typeof PURCHASE_STATUSES)[number];
/** A purchase still on its way: a second one for the same part and place is not opened. */
export const OUTSTANDING_PURCHASE: readonly PurchaseStatus[] = ['open', 'ordered'];

export const partCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (up to 64)');
export const locationIdSchema = partCodeSchema;

const qty = z.number().int().min(1).max(100_000);
const text = (max: number) => z.string().trim().min(1).max(max);

const substitutesSchema = z
  .array(z.object({ code: partCodeSchema, priority: z.number().int().min(1).max(99).default(1) }).strict())
  .max(20)
  .refine((s) => new Set(s.map((x) => x.code)).size === s.length, 'a substitute is listed twice');

const partFields = {
  name: text(100),
  nameEn: text(100).nullable().optional(),
  unit: text(10).default('个'),
  category: text(50),
  /** fen per unit */
  unitCostFen: z.number().int().min(0).max(1_000_000_000).default(0),
  /** available below this at a warehouse opens a purchase request; 0 = never */
  reorderPoint: z.number().int().min(0).max(100_000).default(0),
  /** how many to order at a time */
  reorderQty: z.number().int().min(1).max(100_000).default(1),
  active: z.boolean().default(true),
  substitutes: substitutesSchema.default([]),
};

export const createPartSchema = z.object({ code: partCodeSchema, ...partFields }).strict();
export type CreatePart = z.infer<typeof createPartSchema>;

export const updatePartSchema = z
  .object({
    name: partFields.name,
    nameEn: partFields.nameEn,
    unit: text(10),
    category: partFields.category,
    unitCostFen: z.number().int().min(0).max(1_000_000_000),
    reorderPoint: z.number().int().min(0).max(100_000),
    reorderQty: qty,
    active: z.boolean(),
    substitutes: substitutesSchema,
  })
  .partial()
  .strict();
export type UpdatePart = z.infer<typeof updatePartSchema>;

export const createLocationSchema = z
  .object({
    id: locationIdSchema,
    kind: z.enum(LOCATION_KINDS),
    name: text(100),
    region: text(50).nullable().optional(),
    /** the engineer whose van this is (an agent id); only for kind engineer */
    agentId: partCodeSchema.nullable().optional(),
  })
  .strict()
  .refine((l) => l.kind === 'engineer' || !l.agentId, { path: ['agentId'], message: 'only an engineer location has an agent' });
export type CreateLocation = z.infer<typeof createLocationSchema>;

const lineSchema = z.object({ partCode: partCodeSchema, qty }).strict();
const linesSchema = z
  .array(lineSchema)
  .min(1)
  .max(50)
  .refine((l) => new Set(l.map((x) => x.partCode)).size === l.length, 'a part is listed twice');
export type StockLine = z.infer<typeof lineSchema>;

/** The key may come in the Idempotency-Key header instead. */
const idempotencyKey = z
  .string()
  .trim()
  .min(8)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII only');

const note = z.string().trim().max(500).optional();

export const receiptSchema = z
  .object({ locationId: locationIdSchema, lines: linesSchema, note, idempotencyKey: idempotencyKey.optional() })
  .strict();

export const reserveSchema = z
  .object({
    refType: z.enum(REF_TYPES),
    refId: text(64),
    locationId: locationIdSchema,
    partCode: partCodeSchema,
    qty,
    note,
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict();

const actionKey = { note, idempotencyKey: idempotencyKey.optional() };
export const releaseSchema = z.object(actionKey).strict();
export const issueSchema = z
  .object({
    /** the engineer's van (a location of kind engineer) */
    toLocationId: locationIdSchema,
    ...actionKey,
  })
  .strict();
export const consumeSchema = z
  .object({
    /** fewer than reserved: the rest stays in the van as free stock */
    qty: qty.optional(),
    ...actionKey,
  })
  .strict();
export const returnSchema = z
  .object({
    condition: z.enum(RETURN_CONDITIONS),
    /** of a consumed reservation: how many removed parts come back (default: as many as were consumed) */
    qty: qty.optional(),
    /** a warehouse; default: where the reservation was issued from */
    toLocationId: locationIdSchema.optional(),
    ...actionKey,
  })
  .strict();

export const transferSchema = z
  .object({
    fromLocationId: locationIdSchema,
    toLocationId: locationIdSchema,
    lines: linesSchema,
    note,
    /** shipped now, on the destination's shelf when it is received (POST /stock/transfers/:id/receive); default: at once */
    inTransit: z.boolean().default(false),
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict()
  .refine((t) => t.fromLocationId !== t.toLocationId, { path: ['toLocationId'], message: 'must differ from fromLocationId' });

export const TRANSFER_STATUSES = ['in_transit', 'received'] as const;
export const receiveTransferSchema = z.object(actionKey).strict();

export const updatePurchaseRequestSchema = z
  .object({
    status: z.enum(['ordered', 'received', 'cancelled']),
    /** when received: how many arrived (default: the quantity asked for) */
    receivedQty: qty.optional(),
    note,
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict()
  .refine((p) => p.status === 'received' || p.receivedQty === undefined, {
    path: ['receivedQty'],
    message: 'only when the status is received',
  });

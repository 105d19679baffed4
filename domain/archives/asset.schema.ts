import { z } from 'zod';
import { archiveIdSchema, dateSchema, nameSchema, refSchema } from './archive-fields';

/** Product/asset archive (产品档案, seed 001 §3.1.5): after-sales is tracked around the product. */
export const ASSET_STATUSES = ['in_stock', 'in_service', 'faulty', 'under_repair', 'retired'] as const;

const serialNo = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/#-]{1,63}$/, 'letters, digits and . _ / # - only, 2–64 characters, no spaces');
const model = z.string().trim().min(1).max(64);
const sku = z.string().trim().min(1).max(64);

/** Free attributes of the product (功率, 冷媒, 固件版本 …): flat, small, scalar values. */
const attributes = z
  .record(z.string().trim().min(1).max(64), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
  .refine((a) => Object.keys(a).length <= 50, 'at most 50 attributes');

type Dates = { producedOn?: string | null; installedOn?: string | null; warrantyEndsOn?: string | null };

/** A product is installed and its warranty ends after it was made. */
export function checkAssetDates(v: Dates, c: z.RefinementCtx): void {
  if (v.producedOn && v.installedOn && v.installedOn < v.producedOn) {
    c.addIssue({ code: 'custom', path: ['installedOn'], message: `cannot be before producedOn (${v.producedOn})` });
  }
  if (v.producedOn && v.warrantyEndsOn && v.warrantyEndsOn < v.producedOn) {
    c.addIssue({ code: 'custom', path: ['warrantyEndsOn'], message: `cannot be before producedOn (${v.producedOn})` });
  }
}

export const createAssetSchema = z
  .object({
    id: archiveIdSchema.optional(),
    /** the manufacturer's serial number (SN/出厂编号): one asset per serial */
    serialNo,
    model,
    sku: sku.nullish(),
    name: nameSchema.nullish(),
    /** the owner */
    customerId: refSchema.nullish(),
    projectId: refSchema.nullish(),
    /** where it is installed */
    siteId: refSchema.nullish(),
    producedOn: dateSchema.nullish(),
    installedOn: dateSchema.nullish(),
    warrantyEndsOn: dateSchema.nullish(),
    status: z.enum(ASSET_STATUSES).default('in_service'),
    attributes: attributes.default({}),
  })
  .strict()
  .superRefine(checkAssetDates);
export type CreateAssetInput = z.infer<typeof createAssetSchema>;

export const updateAssetSchema = z
  .object({
    serialNo: serialNo.optional(),
    model: model.optional(),
    sku: sku.nullish(),
    name: nameSchema.nullish(),
    customerId: refSchema.nullish(),
    projectId: refSchema.nullish(),
    siteId: refSchema.nullish(),
    producedOn: dateSchema.nullish(),
    installedOn: dateSchema.nullish(),
    warrantyEndsOn: dateSchema.nullish(),
    status: z.enum(ASSET_STATUSES).optional(),
    attributes: attributes.optional(),
    version: z.number().int().min(1).optional(),
  })
  .strict()
  .superRefine(checkAssetDates);
export type UpdateAssetInput = z.infer<typeof updateAssetSchema>;

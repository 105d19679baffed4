import { z } from 'zod';
import { archiveIdSchema, areaSchema, latSchema, lngSchema, nameSchema, phoneSchema, refSchema, urlSchema } from './archive-fields';

/** Installation sites (安装点, seed 001 §3.1.8): where products are installed, shown on the map by status. */
export const SITE_STATUSES = ['planned', 'active', 'fault', 'inactive'] as const;

const address = z.string().trim().min(1).max(500);
const contactName = z.string().trim().min(1).max(100);
const photos = z
  .array(urlSchema)
  .max(50)
  .transform((p) => [...new Set(p)]);

/** A point on the map needs both coordinates. */
function bothCoordinates(v: { lat?: number | null; lng?: number | null }, c: z.RefinementCtx): void {
  const hasLat = v.lat !== undefined && v.lat !== null;
  const hasLng = v.lng !== undefined && v.lng !== null;
  if (hasLat && !hasLng) c.addIssue({ code: 'custom', path: ['lng'], message: 'give lng with lat' });
  if (hasLng && !hasLat) c.addIssue({ code: 'custom', path: ['lat'], message: 'give lat with lng' });
}

export const createSiteSchema = z
  .object({
    id: archiveIdSchema.optional(),
    name: nameSchema,
    customerId: refSchema,
    projectId: refSchema.nullish(),
    region: areaSchema.nullish(),
    province: areaSchema.nullish(),
    city: areaSchema.nullish(),
    district: areaSchema.nullish(),
    address,
    /** WGS-84 or GCJ-02 as the caller's map uses; stored with 6 decimals (about 0.1 m) */
    lat: latSchema.nullish(),
    lng: lngSchema.nullish(),
    contactName: contactName.nullish(),
    contactPhone: phoneSchema.nullish(),
    photos: photos.default([]),
    status: z.enum(SITE_STATUSES).default('active'),
  })
  .strict()
  .superRefine(bothCoordinates);
export type CreateSiteInput = z.infer<typeof createSiteSchema>;

export const updateSiteSchema = z
  .object({
    name: nameSchema.optional(),
    customerId: refSchema.optional(),
    projectId: refSchema.nullish(),
    region: areaSchema.nullish(),
    province: areaSchema.nullish(),
    city: areaSchema.nullish(),
    district: areaSchema.nullish(),
    address: address.optional(),
    lat: latSchema.nullish(),
    lng: lngSchema.nullish(),
    contactName: contactName.nullish(),
    contactPhone: phoneSchema.nullish(),
    photos: photos.optional(),
    status: z.enum(SITE_STATUSES).optional(),
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type UpdateSiteInput = z.infer<typeof updateSiteSchema>;

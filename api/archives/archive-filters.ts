import { z } from 'zod';
import { areaSchema, dateSchema, normalizeChinesePhone, refSchema } from '../../domain/archives/archive-fields';
import { ASSET_STATUSES } from '../../domain/archives/asset.schema';
import { CUSTOMER_TIERS, CUSTOMER_TYPES } from '../../domain/archives/customer.schema';
import { PROJECT_STATUSES } from '../../domain/archives/project.schema';
import { PROVIDER_KINDS } from '../../domain/archives/provider.schema';
import { SITE_STATUSES } from '../../domain/archives/site.schema';
import { likeContaining, likePrefix, OPEN_TICKET, type SqlWhere } from './archive-queries';

/**
 * The filters of each archive list, as query parameters, and the conditions they add over `x`.
 * Exports take the same filters.
 */

/** A comma-separated list in a query parameter, each value checked. */
const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).min(1));

const text = z.string().trim().min(1).max(200);

/** `minLng,minLat,maxLng,maxLat`: the map's visible rectangle. */
export const bboxSchema = z.string().transform((s, c) => {
  const parts = s.split(',').map((p) => Number(p.trim()));
  const [minLng, minLat, maxLng, maxLat] = parts as [number, number, number, number];
  const fail = (message: string) => {
    c.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p))) return fail('four numbers: minLng,minLat,maxLng,maxLat');
  if ([minLng, maxLng].some((v) => v < -180 || v > 180)) return fail('longitudes are between -180 and 180');
  if ([minLat, maxLat].some((v) => v < -90 || v > 90)) return fail('latitudes are between -90 and 90');
  if (minLng > maxLng || minLat > maxLat) return fail('the minimum comes before the maximum (minLng,minLat,maxLng,maxLat)');
  return { minLng, minLat, maxLng, maxLat };
});

function ordered(from: string, to: string) {
  return (v: Record<string, unknown>, c: z.RefinementCtx) => {
    if (typeof v[from] === 'string' && typeof v[to] === 'string' && (v[to] as string) < (v[from] as string)) {
      c.addIssue({ code: 'custom', path: [to], message: `cannot be before ${from}` });
    }
  };
}

const page = (maxLimit: number) => ({
  limit: z.coerce.number().int().min(1).max(maxLimit).default(50),
  cursor: z.string().max(300).optional(),
});

export const customerListQuery = z
  .object({
    tier: csv(CUSTOMER_TIERS).optional(),
    type: z.enum(CUSTOMER_TYPES).optional(),
    region: areaSchema.optional(),
    province: areaSchema.optional(),
    city: areaSchema.optional(),
    tag: text.optional(),
    /** name, id, phone (any spelling) or email */
    q: text.optional(),
    ...page(200),
  })
  .strict();

export function customerFilters(w: SqlWhere, f: z.infer<typeof customerListQuery>): void {
  if (f.tier) w.add(`x.tier = ANY(${w.arg(f.tier)})`);
  if (f.type) w.add(`x.type = ${w.arg(f.type)}`);
  for (const k of ['region', 'province', 'city'] as const) if (f[k]) w.add(`x.${k} = ${w.arg(f[k])}`);
  if (f.tag) w.add(`x.tags @> ARRAY[${w.arg(f.tag)}]::text[]`);
  if (f.q) {
    const like = w.arg(likeContaining(f.q));
    const phone = normalizeChinesePhone(f.q);
    const byPhone = phone ? ` OR x.phone = ${w.arg(phone)} OR x.contacts @> ${w.arg(JSON.stringify([{ phone }]))}::jsonb` : '';
    w.add(`(x.name ILIKE ${like} OR x.id ILIKE ${like} OR x.email ILIKE ${like} OR x.phone LIKE ${like}${byPhone})`);
  }
}

export const projectListQuery = z
  .object({
    customerId: refSchema.optional(),
    region: areaSchema.optional(),
    province: areaSchema.optional(),
    status: csv(PROJECT_STATUSES).optional(),
    q: text.optional(),
    ...page(200),
  })
  .strict();

export function projectFilters(w: SqlWhere, f: z.infer<typeof projectListQuery>): void {
  if (f.customerId) w.add(`x.customer_id = ${w.arg(f.customerId)}`);
  for (const k of ['region', 'province'] as const) if (f[k]) w.add(`x.${k} = ${w.arg(f[k])}`);
  if (f.status) w.add(`x.status = ANY(${w.arg(f.status)})`);
  if (f.q) w.add(`(x.name ILIKE ${w.arg(likeContaining(f.q))} OR x.id ILIKE ${w.arg(likeContaining(f.q))})`);
}

export const siteListQuery = z
  .object({
    customerId: refSchema.optional(),
    projectId: refSchema.optional(),
    region: areaSchema.optional(),
    province: areaSchema.optional(),
    city: areaSchema.optional(),
    status: csv(SITE_STATUSES).optional(),
    /** sites with a product installed in this period (inclusive dates) */
    installedFrom: dateSchema.optional(),
    installedTo: dateSchema.optional(),
    /** only sites on the map inside minLng,minLat,maxLng,maxLat */
    bbox: bboxSchema.optional(),
    /** true: sites with an unfinished ticket about one of their products; false: sites without */
    openTickets: z.enum(['true', 'false']).optional(),
    q: text.optional(),
    // a map shows every marker in view at once
    ...page(1000),
  })
  .strict()
  .superRefine(ordered('installedFrom', 'installedTo'));

export function siteFilters(w: SqlWhere, f: z.infer<typeof siteListQuery>): void {
  for (const k of ['customerId', 'projectId'] as const)
    if (f[k]) w.add(`x.${k === 'customerId' ? 'customer_id' : 'project_id'} = ${w.arg(f[k])}`);
  for (const k of ['region', 'province', 'city'] as const) if (f[k]) w.add(`x.${k} = ${w.arg(f[k])}`);
  if (f.status) w.add(`x.status = ANY(${w.arg(f.status)})`);
  if (f.installedFrom || f.installedTo) {
    const conds = [
      ...(f.installedFrom ? [`a.installed_on >= ${w.arg(f.installedFrom)}::date`] : []),
      ...(f.installedTo ? [`a.installed_on <= ${w.arg(f.installedTo)}::date`] : []),
    ];
    w.add(`EXISTS (SELECT 1 FROM assets a WHERE a.site_id = x.id AND ${conds.join(' AND ')})`);
  }
  if (f.bbox) {
    const b = f.bbox;
    w.add(`x.lng BETWEEN ${w.arg(b.minLng)} AND ${w.arg(b.maxLng)} AND x.lat BETWEEN ${w.arg(b.minLat)} AND ${w.arg(b.maxLat)}`);
  }
  if (f.openTickets)
    w.add(
      `${f.openTickets === 'true' ? '' : 'NOT '}EXISTS (SELECT 1 FROM assets a JOIN tickets t ON t.asset_id = a.id WHERE a.site_id = x.id AND ${OPEN_TICKET})`,
    );
  if (f.q)
    w.add(
      `(x.name ILIKE ${w.arg(likeContaining(f.q))} OR x.address ILIKE ${w.arg(likeContaining(f.q))} OR x.id ILIKE ${w.arg(likeContaining(f.q))})`,
    );
}

export const assetListQuery = z
  .object({
    customerId: refSchema.optional(),
    siteId: refSchema.optional(),
    projectId: refSchema.optional(),
    model: text.optional(),
    sku: text.optional(),
    status: csv(ASSET_STATUSES).optional(),
    serialNo: text.optional(),
    serialPrefix: text.optional(),
    /** warranty ending in [warrantyEndsFrom, warrantyEndsBefore): the "expiring soon" list */
    warrantyEndsFrom: dateSchema.optional(),
    warrantyEndsBefore: dateSchema.optional(),
    installedFrom: dateSchema.optional(),
    installedTo: dateSchema.optional(),
    /** serial, name, model or id */
    q: text.optional(),
    ...page(200),
  })
  .strict()
  .superRefine(ordered('installedFrom', 'installedTo'))
  .superRefine(ordered('warrantyEndsFrom', 'warrantyEndsBefore'));

export function assetFilters(w: SqlWhere, f: z.infer<typeof assetListQuery>): void {
  const cols = {
    customerId: 'customer_id',
    siteId: 'site_id',
    projectId: 'project_id',
    model: 'model',
    sku: 'sku',
    serialNo: 'serial_no',
  } as const;
  for (const [k, col] of Object.entries(cols) as [keyof typeof cols, string][]) if (f[k]) w.add(`x.${col} = ${w.arg(f[k])}`);
  if (f.status) w.add(`x.status = ANY(${w.arg(f.status)})`);
  if (f.serialPrefix) w.add(`x.serial_no LIKE ${w.arg(likePrefix(f.serialPrefix))}`);
  if (f.warrantyEndsFrom) w.add(`x.warranty_ends_on >= ${w.arg(f.warrantyEndsFrom)}::date`);
  if (f.warrantyEndsBefore) w.add(`x.warranty_ends_on < ${w.arg(f.warrantyEndsBefore)}::date`);
  if (f.installedFrom) w.add(`x.installed_on >= ${w.arg(f.installedFrom)}::date`);
  if (f.installedTo) w.add(`x.installed_on <= ${w.arg(f.installedTo)}::date`);
  if (f.q) {
    const like = w.arg(likeContaining(f.q));
    w.add(`(x.serial_no ILIKE ${like} OR x.name ILIKE ${like} OR x.model ILIKE ${like} OR x.id ILIKE ${like})`);
  }
}

export const providerListQuery = z
  .object({
    kind: z.enum(PROVIDER_KINDS).optional(),
    /** providers serving this region */
    region: areaSchema.optional(),
    skill: text.optional(),
    active: z.enum(['true', 'false']).optional(),
    q: text.optional(),
    ...page(200),
  })
  .strict();

export function providerFilters(w: SqlWhere, f: z.infer<typeof providerListQuery>): void {
  if (f.kind) w.add(`x.kind = ${w.arg(f.kind)}`);
  if (f.region) w.add(`x.regions @> ARRAY[${w.arg(f.region)}]::text[]`);
  if (f.skill) w.add(`x.skills @> ARRAY[${w.arg(f.skill)}]::text[]`);
  if (f.active) w.add(`x.active = ${w.arg(f.active === 'true')}`);
  if (f.q) w.add(`(x.name ILIKE ${w.arg(likeContaining(f.q))} OR x.id ILIKE ${w.arg(likeContaining(f.q))})`);
}

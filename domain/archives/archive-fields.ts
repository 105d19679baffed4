import { z } from 'zod';

/**
 * Field types shared by the archive schemas (customers, projects, sites, assets, providers) and by
 * the spreadsheet import that validates each row as the record it will be. Values are normalised
 * here (phone numbers to one spelling, lists deduplicated) so a record read back and the same
 * record posted again compare equal.
 */

/** A caller's own number (CRM/ERP/MES); kept as given so tickets and integrations can quote it. */
export const archiveIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'letters, digits and _ . : - only, 1–64 characters, starting with a letter or digit');

/** A reference to another archive record by its id. */
export const refSchema = z.string().trim().min(1).max(64);

export const nameSchema = z.string().trim().min(1).max(200);
export const areaSchema = z.string().trim().min(1).max(50);

const CN_MOBILE = /^1[3-9]\d{9}$/;
// Area codes: 010 and 02x have 3 digits, every other one 4; local numbers start with 2–9 and have 7 or 8 digits.
const CN_LANDLINE = /^(0(?:10|2\d|[3-9]\d{2}))-?([2-9]\d{6,7})(?:(?:-|转|ext\.?|x)(\d{1,6}))?$/i;
const CN_SERVICE = /^([48]00)-?(\d{3})-?(\d{4})$/;

/**
 * One spelling of a mainland China phone number, or null when it is not one: a mobile as 11
 * digits (13812345678), a landline as area-local[-extension] (0755-86001234-801), a 400/800 line as
 * 400-810-8888. Accepts spaces, hyphens, brackets round the area code and a +86 / 0086 prefix.
 */
export function normalizeChinesePhone(raw: string): string | null {
  let s = raw
    .normalize('NFKC')
    .trim()
    .replace(/[\s()]/g, (m) => (m === ')' ? '-' : ''));
  let international = false;
  const intl = /^(?:\+|00)86-?/.exec(s);
  if (intl) {
    s = s.slice(intl[0].length);
    international = true;
  }
  const digitsOnly = s.replace(/-/g, '');
  if (CN_MOBILE.test(digitsOnly)) return digitsOnly;
  // From abroad the area code is dialled without its trunk 0 (+86 10 1234 5678).
  const local = international && !s.startsWith('0') ? `0${s}` : s;
  const landline = CN_LANDLINE.exec(local.replace(/-+/g, '-'));
  if (landline) return `${landline[1]}-${landline[2]}${landline[3] ? `-${landline[3]}` : ''}`;
  const service = CN_SERVICE.exec(s);
  if (service && !international) return `${service[1]}-${service[2]}-${service[3]}`;
  return null;
}

export const phoneSchema = z
  .string()
  .trim()
  .max(40)
  .transform((s, c) => {
    const n = normalizeChinesePhone(s);
    if (n === null) {
      c.addIssue({ code: 'custom', message: 'not a mainland China mobile (11 digits, 1[3-9]…), landline (区号-号码) or 400/800 number' });
      return z.NEVER;
    }
    return n;
  });

export const emailSchema = z
  .email({ error: 'not an email address' })
  .max(254)
  .transform((e) => {
    // The domain part is case-insensitive; the local part is kept as written.
    const at = e.lastIndexOf('@');
    return `${e.slice(0, at)}@${e.slice(at + 1).toLowerCase()}`;
  });

/** A calendar date as YYYY-MM-DD (2026-02-30 is refused). */
export const dateSchema = z.iso
  .date({ error: 'a calendar date as YYYY-MM-DD' })
  .refine((d) => d >= '1900-01-01' && d <= '2199-12-31', 'between 1900-01-01 and 2199-12-31');

// Stored with 6 decimals (about 0.1 m); rounded here so a record posted again compares equal to the stored one.
const micro = (v: number) => Math.round(v * 1e6) / 1e6;
export const latSchema = z.number().min(-90, 'latitude is between -90 and 90').max(90, 'latitude is between -90 and 90').transform(micro);
export const lngSchema = z
  .number()
  .min(-180, 'longitude is between -180 and 180')
  .max(180, 'longitude is between -180 and 180')
  .transform(micro);

export const urlSchema = z.url({ protocol: /^https?$/, error: 'an http or https URL' }).max(2048);

/** A list of short labels (tags, regions, skills): trimmed, deduplicated, order kept. */
export const labelListSchema = (max: number, itemMax = 50) =>
  z
    .array(z.string().trim().min(1).max(itemMax))
    .max(max)
    .transform((items) => [...new Set(items)]);

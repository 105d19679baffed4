/**
 * Masking of personal data on the way out (MISSION §13, ARCHITECTURE §4: "PII masked by
 * permission"). Pure, so the API, exports and notifications mask the same way. A masked value keeps
 * just enough to recognise it on the phone ("尾号 5678") and nothing to dial or mail.
 */

import { detectPii, PII_TYPES, type PiiType } from './pii-detectors';

const MASK = '****';

/**
 * 13812345678 → 138****5678; 0755-86001234 → 0755-****1234; 400-810-8888 → 400-****8888.
 * Digits beyond the last four are hidden whatever the spelling; a short or odd value is hidden whole.
 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (phone === null || phone === undefined) return null;
  const s = phone.normalize('NFKC').trim();
  // An extension is as identifying as the number, so it is dropped rather than shown.
  const landline = /^((?:\+?86[- ]?)?(?:0\d{2,3}|[48]00))[- ]?(\d{3,4}[- ]?\d{3,4})(?:(?:-|转|ext\.?|x)\d{1,6})?$/i.exec(s);
  if (landline) return `${landline[1]}-${MASK}${landline[2]!.replace(/\D/g, '').slice(-4)}`;
  const mobile = /^(\+?86)?(1\d{2})\d{4}(\d{4})$/.exec(s.replace(/[\s-]/g, ''));
  if (mobile) return `${mobile[1] ? `${mobile[1]} ` : ''}${mobile[2]}${MASK}${mobile[3]}`;
  const digits = s.replace(/\D/g, '');
  return digits.length >= 7 ? `${MASK}${digits.slice(-4)}` : MASK;
}

/** zhang.san@example.com → z***@example.com; the domain stays (it tells which company). */
export function maskEmail(email: string | null | undefined): string | null {
  if (email === null || email === undefined) return null;
  const at = email.lastIndexOf('@');
  if (at <= 0) return MASK;
  return `${Array.from(email)[0]}***${email.slice(at)}`;
}

/** ABCD1234567 → ****4567, as a customer reads it off a label; four characters or fewer are hidden whole. */
export function maskSerial(serial: string): string {
  const chars = Array.from(serial.trim());
  return chars.length <= 4 ? MASK : `${MASK}${chars.slice(-4).join('')}`;
}

interface Contact {
  phone?: string | null;
  email?: string | null;
}

/** Masks the phone and email of each contact person, keeping the other fields. */
export function maskContacts<T extends Contact>(contacts: readonly T[]): T[] {
  return contacts.map((c) => ({
    ...c,
    ...(c.phone != null ? { phone: maskPhone(c.phone) } : {}),
    ...(c.email != null ? { email: maskEmail(c.email) } : {}),
  }));
}

/** Already masked by us (or by a caller that masks the same way): masking again would only lose the tail. */
export function isMasked(value: string): boolean {
  return value.includes('***');
}

/** 110105199001011234 → 110***********1234: the birth date and sequence number are hidden. */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (id === null || id === undefined) return null;
  const s = id.trim();
  return s.length >= 10 ? `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}` : MASK;
}

/** 6222 0212 3456 7890 → 6222********7890: the issuing bank's prefix and the last four, as banks print them. */
export function maskBankCard(card: string | null | undefined): string | null {
  if (card === null || card === undefined) return null;
  const digits = card.replace(/\D/g, '');
  return digits.length >= 12 ? `${digits.slice(0, 4)}${'*'.repeat(digits.length - 8)}${digits.slice(-4)}` : MASK;
}

const PROVINCE = /^(?:[\u4e00-\u9fa5]{2,8}?(?:省|自治区|特别行政区)|(?:北京|上海|天津|重庆)市?)/;
const CITY = /^[\u4e00-\u9fa5]{2,8}?(?:市|自治州|地区|盟)/;

/**
 * 浙江省杭州市西湖区文三路90号 → 浙江省杭州市****: province and city stay (they route the ticket),
 * the district, street, number and room go. An address without a recognisable province or city is hidden whole.
 */
export function maskAddress(address: string | null | undefined): string | null {
  if (address === null || address === undefined) return null;
  const s = address.normalize('NFKC').trim();
  const province = PROVINCE.exec(s)?.[0] ?? '';
  const rest = s.slice(province.length);
  // A municipality (北京市) is its own city.
  const city = province.endsWith('市') ? '' : (CITY.exec(rest)?.[0] ?? '');
  const kept = province + city;
  return kept.length < s.length ? `${kept}${MASK}` : kept || MASK;
}

/** The masker of each kind of personal data, applied to a whole field's value. */
export const MASKERS: Record<PiiType, (value: string) => string> = {
  phone: (v) => maskPhone(v)!,
  email: (v) => maskEmail(v)!,
  id_number: (v) => maskIdNumber(v)!,
  bank_card: (v) => maskBankCard(v)!,
  address: (v) => maskAddress(v)!,
};

/** Masks what the detectors find inside free text, keeping the rest of it; returns the kinds found. */
export function maskText(text: string, types: Iterable<PiiType> = PII_TYPES): { text: string; found: PiiType[] } {
  const matches = detectPii(text, types);
  if (matches.length === 0) return { text, found: [] };
  let out = '';
  let at = 0;
  for (const m of matches) {
    // A street part found in text has no province or city of its own left to keep.
    out += text.slice(at, m.start) + (m.type === 'address' ? MASK : MASKERS[m.type](m.text));
    at = m.end;
  }
  return { text: out + text.slice(at), found: [...new Set(matches.map((m) => m.type))] };
}

/**
 * Masking of personal data on the way out (MISSION §13, ARCHITECTURE §4: "PII masked by
 * permission"). Pure, so the API, exports and notifications mask the same way. A masked value keeps
 * just enough to recognise it on the phone ("尾号 5678") and nothing to dial or mail.
 */

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

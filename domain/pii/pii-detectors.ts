/**
 * Finding personal data inside free text (a ticket description, a note, a log line). Each detector
 * is strict enough that ids, timestamps and order numbers are left alone: an ID number must carry
 * a valid birth date and check digit, a card number must pass Luhn, a landline needs its area code
 * set off by a separator.
 */

export const PII_TYPES = ['id_number', 'bank_card', 'phone', 'email', 'address'] as const;
export type PiiType = (typeof PII_TYPES)[number];

export interface PiiMatch {
  type: PiiType;
  start: number;
  end: number;
  text: string;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** 居民身份证号 (GB 11643): 18 characters, a real birth date, ISO 7064 MOD 11-2 check character. */
export function isValidIdNumber(value: string): boolean {
  const s = value.trim().toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(s)) return false;
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(s[i]), 0);
  return ID_CHECK[sum % 11] === s[17];
}

/** Luhn (mod 10) over the digits, as bank card numbers carry it; 16–19 digits. */
export function isLuhnValid(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{16,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

// Not glued to letters or digits, so a part of a longer id never matches.
const B = '(?<![0-9A-Za-z])';
const E = '(?![0-9A-Za-z])';
const PATTERNS: Record<PiiType, RegExp> = {
  id_number: new RegExp(`${B}[1-9]\\d{16}[\\dXx]${E}`, 'g'),
  // Card schemes start 3–6 (UnionPay 62, Visa 4, Mastercard 5, Amex/JCB 3); groups of four may be spaced.
  bank_card: new RegExp(`${B}[3-6]\\d{3}(?:[ -]?\\d{4}){2}[ -]?\\d{4,7}${E}`, 'g'),
  phone: new RegExp(
    [
      // mobile, optionally +86 / 86, optionally grouped 3-4-4
      `${B}(?:\\+?86[- ]?)?1[3-9]\\d(?:[- ]?\\d{4}){2}${E}`,
      // landline: the area code set off by a dash, a space or brackets; an extension may follow
      `(?:${B}0\\d{2,3}[- ]|[(（]0\\d{2,3}[)）] ?)\\d{7,8}(?:(?:-|转|ext\\.?)\\d{1,6})?${E}`,
    ].join('|'),
    'gi',
  ),
  email: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
  // The street part of a Chinese address: a road/street/lane name and a house number, with building,
  // unit and room when given. Province, city and district before it are not part of the match and stay.
  address:
    /(?:(?![省市区县旗镇乡是在的住址于到：:，,。\s])[\u4e00-\u9fa5A-Za-z0-9]){1,10}?(?:路|街|大道|大街|巷|弄|胡同)\s*\d+\s*号(?:\s*[\dA-Za-z-]+\s*(?:号楼|栋|幢|座|楼|单元|室|层))*/g,
};

const CHECKS: Partial<Record<PiiType, (s: string) => boolean>> = {
  id_number: isValidIdNumber,
  bank_card: isLuhnValid,
};

/** Order matters: an ID number holds digit runs a card or phone pattern would also take. */
const DETECTION_ORDER: readonly PiiType[] = ['id_number', 'bank_card', 'email', 'phone', 'address'];

/** Every piece of personal data of the given types in `text`, without overlaps, in text order. */
export function detectPii(text: string, types: Iterable<PiiType> = PII_TYPES): PiiMatch[] {
  const wanted = new Set(types);
  const found: PiiMatch[] = [];
  const overlaps = (s: number, e: number) => found.some((m) => s < m.end && e > m.start);
  for (const type of DETECTION_ORDER) {
    if (!wanted.has(type)) continue;
    const re = PATTERNS[type];
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (CHECKS[type] && !CHECKS[type]!(m[0])) continue;
      if (!overlaps(start, end)) found.push({ type, start, end, text: m[0] });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

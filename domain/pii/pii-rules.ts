import { PII_TYPES, type PiiType } from './pii-detectors';

/**
 * A masking rule, as stored in `pii_masking_rules`: which kind of personal data, at which field
 * paths, whether it is also looked for inside free text, and which permission sees it unmasked.
 */
export interface PiiRule {
  id: string;
  type: PiiType;
  /** field path patterns, see `parseFieldPattern` */
  fields: string[];
  detectInText: boolean;
  enabled: boolean;
  unmaskPermission: string;
  description: string;
}

/**
 * A field pattern names the end of a value's path: `phone` matches a `phone` key at any depth,
 * `contacts[].phone` the phone of each element of a `contacts` array, `details.idNumber` an
 * `idNumber` inside `details`; `*` stands for any one key. A leading `*.` is allowed and changes
 * nothing (patterns always match at any depth, so list responses wrapped in `items[]` are covered).
 * Keys compare case-insensitively.
 */
export const FIELD_PATTERN = /^(?:\*\.)?(?:[A-Za-z_][A-Za-z0-9_]*|\*)(?:\[\])?(?:\.(?:[A-Za-z_][A-Za-z0-9_]*|\*)(?:\[\])?)*$/;

/** `contacts[].phone` → ['contacts', '[]', 'phone']; null when the pattern is not well formed. */
export function parseFieldPattern(pattern: string): string[] | null {
  if (!FIELD_PATTERN.test(pattern)) return null;
  const segments: string[] = [];
  for (const part of pattern.replace(/^\*\./, '').split('.')) {
    if (part.endsWith('[]')) segments.push(part.slice(0, -2).toLowerCase(), '[]');
    else segments.push(part.toLowerCase());
  }
  return segments;
}

/** The rules every installation starts with (the migration seeds them); admins change them over the API. */
export const DEFAULT_PII_RULES: readonly PiiRule[] = [
  {
    id: 'phone',
    type: 'phone',
    fields: ['phone', 'mobile', 'tel', 'telephone', 'fax', 'contactPhone', 'customerPhone', 'phones[]'],
    detectInText: true,
    enabled: true,
    unmaskPermission: 'pii:read',
    description: '手机号与固定电话：保留前三位（或区号）与后四位',
  },
  {
    id: 'email',
    type: 'email',
    fields: ['email', 'contactEmail', 'customerEmail'],
    detectInText: true,
    enabled: true,
    unmaskPermission: 'pii:read',
    description: '邮箱：保留首字符与域名',
  },
  {
    id: 'id-number',
    type: 'id_number',
    fields: ['idNumber', 'idCard', 'idNo', 'identityNumber'],
    detectInText: true,
    enabled: true,
    unmaskPermission: 'pii:read',
    description: '身份证号：保留前三位与后四位，出生日期隐藏；正文中按校验位识别',
  },
  {
    id: 'bank-card',
    type: 'bank_card',
    fields: ['bankCard', 'cardNumber', 'bankAccount', 'cardNo'],
    detectInText: true,
    enabled: true,
    unmaskPermission: 'pii:read',
    description: '银行卡号：保留前四位与后四位；正文中按 Luhn 校验识别',
  },
  {
    id: 'address',
    type: 'address',
    fields: ['address', 'addressLine', 'street', 'addresses[].detail', 'address.detail'],
    detectInText: true,
    enabled: true,
    unmaskPermission: 'pii:read',
    description: '地址：保留省、市，隐藏区县以下的街道门牌',
  },
];

export { PII_TYPES };

import { evaluateLogic, isTruthy } from '../../rules/json-logic';
import type { AttachmentRule, FormField, FormRequirements } from './form-template';
import { ATTACHMENT_KINDS, type AttachmentRef } from './form-values';

/** One thing wrong with what was submitted, with the field's labels for the console to show. */
export interface FormViolation {
  /** JSON path in the request ("form.invoiceNo", "serialNo", "attachments.invoice", "rootCause") */
  field: string;
  code: 'missing' | 'invalid' | 'too_few' | 'too_small' | 'too_short' | 'wrong_type';
  /** English, naming the field */
  message: string;
  /** zh-CN, naming the field */
  messageZh: string;
  label: { zh: string; en: string };
}

export interface FormSubmission {
  /** the values by field key (form values, ticket fields, an action's payload, merged by the caller) */
  values: Record<string, unknown>;
  attachments: AttachmentRef[];
  /** what the logic may read as `ticket.<field>` */
  ticket?: Record<string, unknown>;
  /** how a field key is named in the request; defaults to the key */
  fieldPath?: (key: string) => string;
}

const PHONE = /^(?:\+?86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$/;
const SERIAL = /^[A-Za-z0-9][A-Za-z0-9\-_/.]{3,63}$/;

export function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

/** Bare URLs become references without a kind; objects are kept as they are. */
export function toAttachmentRefs(list: readonly (string | AttachmentRef)[] | undefined): AttachmentRef[] {
  return (list ?? []).map((a) => (typeof a === 'string' ? { url: a } : a));
}

/** What the JSON-Logic of a template sees: the values, attachment counts by kind, the ticket. */
function logicData(s: FormSubmission): Record<string, unknown> {
  const counts: Record<string, number> = {};
  for (const k of ATTACHMENT_KINDS) counts[k] = s.attachments.filter((a) => a.kind === k).length;
  return { ...s.values, attachments: counts, ticket: s.ticket ?? {} };
}

function holds(logic: unknown, data: Record<string, unknown>): boolean {
  return isTruthy(evaluateLogic(logic, data));
}

/** Why the value does not fit the field's type and constraints (English, zh-CN), or null. */
function valueProblem(f: FormField, v: unknown): { code: FormViolation['code']; en: string; zh: string } | null {
  const str = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : null;
  switch (f.type) {
    case 'number': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n)) return { code: 'wrong_type', en: 'must be a number', zh: '须为数字' };
      if (f.min !== undefined && n < f.min) return { code: 'invalid', en: `must be at least ${f.min}`, zh: `不得小于 ${f.min}` };
      if (f.max !== undefined && n > f.max) return { code: 'invalid', en: `must be at most ${f.max}`, zh: `不得大于 ${f.max}` };
      break;
    }
    case 'date':
      if (str === null || !/^\d{4}-\d{2}-\d{2}/.test(str) || Number.isNaN(Date.parse(str)))
        return { code: 'wrong_type', en: 'must be a date (YYYY-MM-DD or ISO 8601)', zh: '须为日期（YYYY-MM-DD 或 ISO 8601）' };
      break;
    case 'enum':
      if (str === null || !f.options!.includes(str))
        return { code: 'invalid', en: `must be one of ${f.options!.join(', ')}`, zh: `须为以下之一：${f.options!.join('、')}` };
      break;
    case 'phone':
      if (str === null || !PHONE.test(str.replace(/\s/g, '')))
        return { code: 'wrong_type', en: 'must be a phone number', zh: '须为有效电话号码' };
      break;
    case 'url':
      if (str === null || !/^https?:\/\/\S+$/i.test(str))
        return { code: 'wrong_type', en: 'must be an http(s) URL', zh: '须为 http(s) 链接' };
      break;
    case 'serial':
      if (str === null || !SERIAL.test(str))
        return {
          code: 'wrong_type',
          en: 'must be a serial number (4–64 letters, digits, - _ / .)',
          zh: '须为序列号（4–64 位字母、数字或 - _ / .）',
        };
      break;
    case 'text':
      if (str === null) return { code: 'wrong_type', en: 'must be text', zh: '须为文本' };
      break;
  }
  if (f.type !== 'number' && str !== null) {
    if (f.min !== undefined && str.length < f.min)
      return { code: 'invalid', en: `must have at least ${f.min} characters`, zh: `至少 ${f.min} 个字符` };
    if (f.max !== undefined && str.length > f.max)
      return { code: 'invalid', en: `must have at most ${f.max} characters`, zh: `最多 ${f.max} 个字符` };
  }
  if (f.pattern !== undefined && (str === null || !new RegExp(`^(?:${f.pattern})$`, 'u').test(str)))
    return { code: 'invalid', en: 'does not have the expected format', zh: '格式不正确' };
  return null;
}

function fieldViolations(fields: readonly FormField[], s: FormSubmission, data: Record<string, unknown>): FormViolation[] {
  const out: FormViolation[] = [];
  const path = s.fieldPath ?? ((k: string) => k);
  for (const f of fields) {
    const v = s.values[f.key];
    if (isBlank(v)) {
      const required = f.required || (f.requiredWhen !== undefined && holds(f.requiredWhen, data));
      if (required)
        out.push({
          field: path(f.key),
          code: 'missing',
          message: `${f.label.en} (${f.key}) is required`,
          messageZh: `缺少必填项：${f.label.zh}`,
          label: f.label,
        });
      continue;
    }
    const p = valueProblem(f, v);
    if (p)
      out.push({
        field: path(f.key),
        code: p.code,
        message: `${f.label.en} (${f.key}) ${p.en}`,
        messageZh: `${f.label.zh}${p.zh}`,
        label: f.label,
      });
  }
  return out;
}

function attachmentViolations(rules: readonly AttachmentRule[], s: FormSubmission, data: Record<string, unknown>): FormViolation[] {
  const out: FormViolation[] = [];
  for (const r of rules) {
    if (r.minCount === 0 || (r.requiredWhen !== undefined && !holds(r.requiredWhen, data))) continue;
    const field = `attachments.${r.kind}`;
    const ofKind = s.attachments.filter((a) => a.kind === r.kind);
    const reasons: { code: FormViolation['code']; en: string; zh: string }[] = [];
    const fits = ofKind.filter((a) => {
      if (r.mimePrefixes && a.mime && !r.mimePrefixes.some((m) => a.mime!.startsWith(m))) {
        reasons.push({
          code: 'wrong_type',
          en: `${a.url} is ${a.mime}, expected ${r.mimePrefixes.join(' or ')}`,
          zh: `${a.url} 类型为 ${a.mime}，应为 ${r.mimePrefixes.join(' 或 ')}`,
        });
        return false;
      }
      if (r.minSizeBytes !== undefined && a.sizeBytes !== undefined && a.sizeBytes < r.minSizeBytes) {
        reasons.push({
          code: 'too_small',
          en: `${a.url} has ${a.sizeBytes} bytes, at least ${r.minSizeBytes} needed`,
          zh: `${a.url} 大小 ${a.sizeBytes} 字节，至少需 ${r.minSizeBytes} 字节`,
        });
        return false;
      }
      if (r.minDurationSec !== undefined && a.durationSec !== undefined && a.durationSec < r.minDurationSec) {
        reasons.push({
          code: 'too_short',
          en: `${a.url} lasts ${a.durationSec} s, at least ${r.minDurationSec} s needed`,
          zh: `${a.url} 时长 ${a.durationSec} 秒，至少需 ${r.minDurationSec} 秒`,
        });
        return false;
      }
      return true;
    });
    if (fits.length >= r.minCount) continue;
    const need = r.minCount > 1 ? ` (at least ${r.minCount})` : '';
    const needZh = r.minCount > 1 ? `（至少 ${r.minCount} 个）` : '';
    if (!ofKind.length) {
      out.push({
        field,
        code: 'missing',
        message: `${r.label.en} attachment is required${need}`,
        messageZh: `缺少附件：${r.label.zh}${needZh}`,
        label: r.label,
      });
    } else if (reasons.length) {
      out.push({
        field,
        code: reasons[0]!.code,
        message: `${r.label.en} attachment does not qualify: ${reasons.map((x) => x.en).join('; ')}`,
        messageZh: `附件「${r.label.zh}」不达标：${reasons.map((x) => x.zh).join('；')}`,
        label: r.label,
      });
    } else {
      out.push({
        field,
        code: 'too_few',
        message: `${r.label.en}: ${ofKind.length} attached${need}`,
        messageZh: `附件「${r.label.zh}」数量不足：已有 ${ofKind.length} 个${needZh}`,
        label: r.label,
      });
    }
  }
  return out;
}

/**
 * Everything a submission lacks or gets wrong against a set of requirements, each naming its
 * field in English and zh-CN. Cross-field checks are reported only on fields that are otherwise
 * fine, so one mistake is not reported twice.
 */
export function checkForm(req: FormRequirements, s: FormSubmission): FormViolation[] {
  const data = logicData(s);
  const out = [...fieldViolations(req.fields, s, data), ...attachmentViolations(req.attachments, s, data)];
  const path = s.fieldPath ?? ((k: string) => k);
  for (const c of req.checks) {
    if (out.some((v) => v.field === path(c.field))) continue;
    if (!holds(c.valid, data)) {
      const f = req.fields.find((x) => x.key === c.field);
      out.push({
        field: path(c.field),
        code: 'invalid',
        message: c.message.en,
        messageZh: c.message.zh,
        label: f?.label ?? { zh: c.field, en: c.field },
      });
    }
  }
  return out;
}

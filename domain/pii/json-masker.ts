import type { PiiType } from './pii-detectors';
import { isMasked, MASKERS, maskText } from './pii-maskers';
import { parseFieldPattern, type PiiRule } from './pii-rules';

/** One value the masker changed (or would have changed): its concrete path and kind. */
export interface PiiHit {
  /** e.g. `items.0.contacts.1.phone` */
  path: string;
  type: PiiType;
  by: 'field' | 'text';
}

export interface CompiledPiiRules {
  fields: { segments: string[]; type: PiiType }[];
  textTypes: PiiType[];
  /** the field patterns by their last key, so most keys are ruled out by one lookup */
  byLastKey: Map<string, { segments: string[]; type: PiiType }[]>;
}

/** Enabled rules turned into matchers once, so a response walk does no parsing. */
export function compilePiiRules(rules: readonly PiiRule[]): CompiledPiiRules {
  const fields: CompiledPiiRules['fields'] = [];
  const textTypes = new Set<PiiType>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    for (const f of rule.fields) {
      const segments = parseFieldPattern(f);
      if (segments) fields.push({ segments, type: rule.type });
    }
    if (rule.detectInText) textTypes.add(rule.type);
  }
  const byLastKey = new Map<string, CompiledPiiRules['fields']>();
  for (const f of fields) {
    const last = f.segments[f.segments.length - 1]!;
    byLastKey.set(last, [...(byLastKey.get(last) ?? []), f]);
  }
  return { fields, textTypes: [...textTypes], byLastKey };
}

function fieldTypeAt(path: readonly string[], rules: CompiledPiiRules): PiiType | null {
  const candidates = [...(rules.byLastKey.get(path[path.length - 1]!) ?? []), ...(rules.byLastKey.get('*') ?? [])];
  for (const { segments, type } of candidates) {
    if (segments.length > path.length) continue;
    const offset = path.length - segments.length;
    if (segments.every((s, i) => s === '*' || s === path[offset + i])) return type;
  }
  return null;
}

export interface MaskJsonOptions {
  /**
   * Other rules for one object and everything inside it (e.g. a visit assigned to the caller):
   * called with each object met; null keeps the rules in force there.
   */
  scope?: (object: Record<string, unknown>) => CompiledPiiRules | null;
}

const MAX_DEPTH = 32;
// Every detector needs a run of seven digits or more, an @ or a street word; timestamps are common and never PII.
const MAY_HOLD_PII = /\d[\d\s()（）+-]{5,}\d|@|[路街巷弄同道]/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Masks personal data in any JSON value by the rules: values at matching field paths whole (a
 * string, a number, or each string of an array), and what the detectors find inside every other
 * string. Values already masked are left as they are, so masking twice changes nothing. The input
 * is not modified; `hits` lists what was masked.
 */
export function maskJson(value: unknown, rules: CompiledPiiRules, opts: MaskJsonOptions = {}): { value: unknown; hits: PiiHit[] } {
  const hits: PiiHit[] = [];
  if (!opts.scope && rules.fields.length === 0 && rules.textTypes.length === 0) return { value, hits };

  const maskWhole = (v: unknown, type: PiiType, at: string): unknown => {
    if (typeof v === 'number') v = String(v);
    if (typeof v === 'string') {
      if (v === '' || isMasked(v)) return v;
      hits.push({ path: at, type, by: 'field' });
      return MASKERS[type](v);
    }
    if (Array.isArray(v)) return v.map((e, i) => maskWhole(e, type, `${at}.${i}`));
    return undefined;
  };

  const walk = (v: unknown, path: string[], at: string, depth: number, rules: CompiledPiiRules): unknown => {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      v = (v as { toJSON(): unknown }).toJSON();
    }
    if (opts.scope && v !== null && typeof v === 'object' && !Array.isArray(v)) rules = opts.scope(v as Record<string, unknown>) ?? rules;
    const type = path.length ? fieldTypeAt(path, rules) : null;
    if (type) {
      const masked = maskWhole(v, type, at);
      if (masked !== undefined) return masked;
    }
    if (typeof v === 'string') {
      if (rules.textTypes.length === 0 || !MAY_HOLD_PII.test(v) || ISO_TIME.test(v)) return v;
      const out = maskText(v, rules.textTypes);
      for (const t of out.found) hits.push({ path: at, type: t, by: 'text' });
      return out.text;
    }
    if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) return v;
    if (Array.isArray(v)) return v.map((e, i) => walk(e, [...path, '[]'], at ? `${at}.${i}` : String(i), depth + 1, rules));
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
      out[k] = walk(e, [...path, k.toLowerCase()], at ? `${at}.${k}` : k, depth + 1, rules);
    }
    return out;
  };

  return { value: walk(value, [], '', 0, rules), hits };
}

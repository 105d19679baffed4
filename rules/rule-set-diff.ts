import type { Rule } from './rule.schema';

export interface RuleSetDiff {
  added: string[];
  removed: string[];
  /** rules in both, with the top-level fields that differ (condition, actions, priority, …) */
  changed: { key: string; fields: string[] }[];
}

const comparable = (r: Rule): Record<string, unknown> => {
  // the per-rule revision counter is bookkeeping, not content
  const { version: _version, ...rest } = r;
  return rest;
};

/** What changed from one list of rules to another, by rule key. */
export function diffRuleSets(from: readonly Rule[], to: readonly Rule[]): RuleSetDiff {
  const a = new Map(from.map((r) => [r.key, comparable(r)]));
  const b = new Map(to.map((r) => [r.key, comparable(r)]));
  const changed: RuleSetDiff['changed'] = [];
  for (const [key, next] of b) {
    const prev = a.get(key);
    if (!prev) continue;
    const fields = [...new Set([...Object.keys(prev), ...Object.keys(next)])]
      .filter((f) => JSON.stringify(prev[f]) !== JSON.stringify(next[f]))
      .sort();
    if (fields.length) changed.push({ key, fields });
  }
  return {
    added: [...b.keys()].filter((k) => !a.has(k)),
    removed: [...a.keys()].filter((k) => !b.has(k)),
    changed,
  };
}

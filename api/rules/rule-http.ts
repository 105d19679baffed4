import { z } from 'zod';
import type { RuleSetRow } from '../../db/rule-set-store';
import type { Rule } from '../../rules/rule.schema';
import { ruleKeySchema } from '../../rules/rule.schema';
import type { RuleProblem } from '../../rules/rule-validation';
import { HttpProblem } from '../http/problem';

/** Rule sets the platform runs; tickets run 'ticket'. */
export const RULE_SET_KEYS = ['ticket'] as const;
/** The set `/api/v1/rules` edits. */
export const DEFAULT_RULE_SET = 'ticket';

export const ruleKeyParams = z.object({ key: ruleKeySchema }).strict();
export const ruleSetParams = z.object({ setKey: z.enum(RULE_SET_KEYS) }).strict();
export const versionNumber = z.coerce.number().int().min(1).max(1_000_000);

/** A rule as the API shows it: the rule, and the version of the set it was read from. */
export function ruleView(rule: Rule, set: Pick<RuleSetRow, 'key' | 'version' | 'status'>) {
  return { ...rule, ruleSet: { key: set.key, version: set.version, status: set.status } };
}

export function ruleSetSummary(row: RuleSetRow) {
  return {
    key: row.key,
    version: row.version,
    status: row.status,
    ruleCount: row.rules.length,
    notes: row.notes,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt,
    archivedAt: row.archivedAt,
  };
}

/** 422 naming each problem by its path in the rule (prefixed, e.g. "rules[2].", when in a set). */
export function ruleProblems(problems: RuleProblem[], prefix = ''): HttpProblem {
  const errors = problems.map((p) => ({ field: `${prefix}${p.path}`, message: p.message }));
  return new HttpProblem(
    422,
    'validation_failed',
    'The rule is not valid',
    errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    errors,
  );
}

export function ruleNotFound(key: string, where: string): HttpProblem {
  return HttpProblem.notFound(`no rule '${key}' in ${where}`);
}

/** Rules in evaluation order: priority, then key. */
export function inEvaluationOrder(rules: readonly Rule[]): Rule[] {
  return [...rules].sort((a, b) => a.priority - b.priority || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export { audit } from '../../db/audit-log';

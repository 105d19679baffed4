import { z } from 'zod';
import { flowVariables, ruleVariables, type ConditionVariable } from '../../domain/conditions/condition-variables';
import { REGIONS } from '../../rules/rule-operations';
import type { DictionaryEntry } from '../dictionaries/dictionary-cache';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';

const query = z.object({ flowKind: z.enum(['ticket', 'rma', 'visit']).optional() }).strict();

/**
 * The values of an enum variable: its dictionary's active entries (a category level's last code
 * segment), or its codes; a region's are the service regions (大区) in_region knows.
 */
function options(v: ConditionVariable, entries: DictionaryEntry[]) {
  if (v.type === 'region') return Object.keys(REGIONS).map((r) => ({ value: r, label: { zh: r, en: r } }));
  if (v.values) return v.values.map((value) => ({ value, label: { zh: value, en: value } }));
  const d = v.dictionary;
  if (!d) return undefined;
  const seen = new Set<string>();
  return entries
    .filter((e) => e.active && e.type === d.type && (!d.level || e.level === d.level))
    .map((e) => ({ value: e.code.split('/').pop()!, label: { zh: e.labelZh, en: e.labelEn } }))
    .filter((o) => !seen.has(o.value) && Boolean(seen.add(o.value)));
}

export const listRuleVariablesRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/rules/variables',
    permission: 'rules:read',
    summary:
      'The variables conditions may read, typed for the condition builder (enum, string, number, date, region, tags, boolean) with zh/en labels and, for enums, their values from the dictionaries. Rule conditions by default (ticket.*, previous.*, event, now); ?flowKind=ticket|rma|visit for the conditions of a flow of that kind.',
    query,
    async handler({ query }) {
      const entries = await ctx.dictionaries.all();
      const vars = query.flowKind ? flowVariables(query.flowKind) : ruleVariables();
      return {
        body: {
          items: vars.map((v) => ({ name: v.name, type: v.type, label: { zh: v.zh, en: v.en }, options: options(v, entries) })),
        },
      };
    },
  });

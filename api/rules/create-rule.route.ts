import { z } from 'zod';
import { ensureDraft, lockRuleSet, saveDraftRules } from '../../db/rule-set-store';
import { parseRule } from '../../rules/rule.schema';
import { validateRule } from '../../rules/rule-validation';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { audit, DEFAULT_RULE_SET, ruleProblems, ruleView } from './rule-http';
import { actorOf } from '../auth/api-tokens';

export const createRuleRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/rules',
    permission: 'rules:manage',
    summary:
      'Add a rule to the draft of the ticket rule set (the draft is made from the published version when there is none). Takes the canonical form or the seed 002 §14 dialect (name/if/then). 422 names each problem by its path (condition.and[1].==[0].var, actions[0].channel); a key already in the draft is 409.',
    // the shape is checked by validateRule so that both dialects are reported with the same paths
    body: z.record(z.string(), z.unknown()),
    async handler({ body, principal }) {
      const problems = validateRule(body);
      if (problems.length) throw ruleProblems(problems);
      const rule = parseRule(body);
      const actor = actorOf(principal);
      const draft = await ctx.dataSource.transaction(async (tx) => {
        await lockRuleSet(tx, DEFAULT_RULE_SET);
        const draft = await ensureDraft(tx, DEFAULT_RULE_SET, actor);
        if (draft.rules.some((r) => r.key === rule.key)) {
          throw new HttpProblem(409, 'rule_exists', 'Rule exists', `the draft already has a rule '${rule.key}'; PATCH it instead`, [
            { field: 'key', message: 'already in the draft' },
          ]);
        }
        const saved = { ...rule, version: 1 };
        await saveDraftRules(tx, DEFAULT_RULE_SET, [...draft.rules, saved], actor);
        await audit(tx, actor, 'rule.created', 'rule', rule.key, { ruleSet: DEFAULT_RULE_SET, draftVersion: draft.version, rule: saved });
        return { ...draft, rule: saved };
      });
      return { status: 201, headers: { Location: `/api/v1/rules/${rule.key}` }, body: ruleView(draft.rule, draft) };
    },
  });

import { ensureDraft, lockRuleSet, saveDraftRules } from '../../db/rule-set-store';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { audit, DEFAULT_RULE_SET, ruleKeyParams, ruleNotFound } from './rule-http';
import { actorOf } from '../auth/api-tokens';

export const deleteRuleRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'delete',
    path: '/api/v1/rules/:key',
    permission: 'rules:manage',
    summary: 'Remove a rule from the draft; published versions keep it. Takes effect for new tickets when the draft is published.',
    params: ruleKeyParams,
    async handler({ params, principal }) {
      const actor = actorOf(principal);
      await ctx.dataSource.transaction(async (tx) => {
        await lockRuleSet(tx, DEFAULT_RULE_SET);
        const draft = await ensureDraft(tx, DEFAULT_RULE_SET, actor);
        const rule = draft.rules.find((r) => r.key === params.key);
        if (!rule) throw ruleNotFound(params.key, `the draft of ${DEFAULT_RULE_SET}`);
        await saveDraftRules(
          tx,
          DEFAULT_RULE_SET,
          draft.rules.filter((r) => r.key !== params.key),
          actor,
        );
        await audit(tx, actor, 'rule.deleted', 'rule', params.key, { ruleSet: DEFAULT_RULE_SET, draftVersion: draft.version, rule });
      });
      return { status: 204, body: undefined };
    },
  });

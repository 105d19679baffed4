import { z } from 'zod';
import { ensureDraft, lockRuleSet, saveDraftRules } from '../../db/rule-set-store';
import { parseRule } from '../../rules/rule.schema';
import { validateRule } from '../../rules/rule-validation';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { audit, DEFAULT_RULE_SET, ruleKeyParams, ruleNotFound, ruleProblems, ruleView } from './rule-http';
import { actorOf } from '../auth/api-tokens';

export const updateRuleRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'patch',
    path: '/api/v1/rules/:key',
    permission: 'rules:manage',
    summary:
      'Change a rule of the draft (JSON merge patch over its canonical form: a field set to null is removed). The whole rule is validated again; 422 names the path at fault. The key cannot change.',
    params: ruleKeyParams,
    body: z.record(z.string(), z.unknown()),
    async handler({ params, body, principal }) {
      const actor = actorOf(principal);
      const out = await ctx.dataSource.transaction(async (tx) => {
        await lockRuleSet(tx, DEFAULT_RULE_SET);
        const draft = await ensureDraft(tx, DEFAULT_RULE_SET, actor);
        const index = draft.rules.findIndex((r) => r.key === params.key);
        const current = draft.rules[index];
        if (!current) throw ruleNotFound(params.key, `the draft of ${DEFAULT_RULE_SET}`);
        if (body.key !== undefined && body.key !== params.key) throw ruleProblems([{ path: 'key', message: 'a rule key cannot change' }]);
        const { version: _v, ...editable } = current;
        const merged: Record<string, unknown> = { ...editable, ...body };
        for (const [k, v] of Object.entries(body)) if (v === null) delete merged[k];
        delete merged.version;
        const problems = validateRule(merged);
        if (problems.length) throw ruleProblems(problems);
        const rule = { ...parseRule(merged), version: (current.version ?? 1) + 1 };
        const rules = draft.rules.map((r, i) => (i === index ? rule : r));
        await saveDraftRules(tx, DEFAULT_RULE_SET, rules, actor);
        await audit(tx, actor, 'rule.updated', 'rule', rule.key, { ruleSet: DEFAULT_RULE_SET, draftVersion: draft.version, patch: body });
        return { draft, rule };
      });
      return { body: ruleView(out.rule, out.draft) };
    },
  });

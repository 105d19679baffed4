import { z } from 'zod';
import { getDraft, latestPublished, lockRuleSet, publishDraft } from '../../db/rule-set-store';
import { diffRuleSets } from '../../rules/rule-set-diff';
import { validateRule } from '../../rules/rule-validation';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { audit, ruleProblems, ruleSetParams, ruleSetSummary } from './rule-http';
import { actorOf } from '../auth/api-tokens';

export const publishRuleSetRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/rule-sets/:setKey/publish',
    permission: 'rules:manage',
    summary:
      'Publishes the draft as a new immutable version; the version published before is archived (still readable, and still run by the tickets pinned to it). New tickets start with the new version. Every rule is validated again (422 with rules[i].… paths); no draft is 409.',
    params: ruleSetParams,
    body: z.object({ notes: z.string().trim().min(1).max(2000).optional() }).strict(),
    async handler({ params, body, principal }) {
      const actor = actorOf(principal);
      const out = await ctx.dataSource.transaction(async (tx) => {
        await lockRuleSet(tx, params.setKey);
        const draft = await getDraft(tx, params.setKey);
        if (!draft) throw new HttpProblem(409, 'no_draft', 'Nothing to publish', `rule set '${params.setKey}' has no draft`);
        const problems = draft.rules.flatMap((r, i) => validateRule(r).map((p) => ({ ...p, path: `rules[${i}].${p.path}` })));
        if (problems.length) throw ruleProblems(problems);
        const previous = await latestPublished(tx, params.setKey);
        const published = (await publishDraft(tx, params.setKey, actor, body.notes ?? null))!;
        const changes = diffRuleSets(previous?.rules ?? [], published.rules);
        await audit(tx, actor, 'rule_set.published', 'rule_set', `${params.setKey}@v${published.version}`, {
          previousVersion: previous?.version ?? null,
          ...changes,
        });
        return { published, previous, changes };
      });
      return {
        status: 201,
        headers: { Location: `/api/v1/rule-sets/${params.setKey}/versions/${out.published.version}` },
        body: { ...ruleSetSummary(out.published), previousVersion: out.previous?.version ?? null, changes: out.changes },
      };
    },
  });

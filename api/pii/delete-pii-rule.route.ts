import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { piiRuleIdParams } from './pii-rule-schema';
import { loadPiiRule, piiRuleCache } from './pii-rule-store';
import { actorOf, auditPiiRule, piiRuleView } from './pii-rule-views';

export const deletePiiRuleRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'delete',
    path: '/api/v1/pii-rules/:id',
    permission: 'pii:manage',
    summary: 'Remove a PII masking rule (to stop masking for a while, disable it instead). Audited with the rule as it was.',
    params: piiRuleIdParams,
    async handler({ params, principal }) {
      const actor = actorOf(principal);
      await ctx.dataSource.transaction(async (tx) => {
        const current = await loadPiiRule(tx, params.id, { lock: true });
        if (!current) throw HttpProblem.notFound(`PII rule ${params.id} does not exist`);
        await tx.query(`DELETE FROM pii_masking_rules WHERE id = $1`, [params.id]);
        await auditPiiRule(tx, actor, 'deleted', params.id, { rule: piiRuleView(current) });
      });
      piiRuleCache(ctx.dataSource).invalidate();
      return { status: 204, body: undefined };
    },
  });

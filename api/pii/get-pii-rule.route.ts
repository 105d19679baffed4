import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { piiRuleIdParams } from './pii-rule-schema';
import { loadPiiRule } from './pii-rule-store';
import { piiRuleView } from './pii-rule-views';

export const getPiiRuleRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/pii-rules/:id',
    permission: 'pii:manage',
    summary: 'One PII masking rule.',
    params: piiRuleIdParams,
    async handler({ params }) {
      const row = await loadPiiRule(ctx.dataSource, params.id);
      if (!row) throw HttpProblem.notFound(`PII rule ${params.id} does not exist`);
      return { body: piiRuleView(row) };
    },
  });

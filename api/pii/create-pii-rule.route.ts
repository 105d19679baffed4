import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { createPiiRuleSchema } from './pii-rule-schema';
import { loadPiiRule, piiRuleCache } from './pii-rule-store';
import { actorOf, auditPiiRule, piiRuleView } from './pii-rule-views';

export const createPiiRuleRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/pii-rules',
    permission: 'pii:manage',
    summary: 'Add a PII masking rule; responses are masked by it from the next request on. Audited.',
    body: createPiiRuleSchema,
    async handler({ body, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        const inserted = (await tx.query(
          `INSERT INTO pii_masking_rules (id, type, fields, detect_in_text, enabled, unmask_permission, description, created_by, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [body.id, body.type, body.fields, body.detectInText, body.enabled, body.unmaskPermission, body.description, actor],
        )) as unknown[];
        if (inserted.length === 0) {
          throw new HttpProblem(409, 'conflict', 'Conflict', `PII rule ${body.id} already exists`, [
            { field: 'id', message: 'already taken' },
          ]);
        }
        await auditPiiRule(tx, actor, 'created', body.id, { rule: body });
        return (await loadPiiRule(tx, body.id))!;
      });
      piiRuleCache(ctx.dataSource).invalidate();
      return { status: 201, headers: { Location: `/api/v1/pii-rules/${row.id}` }, body: piiRuleView(row) };
    },
  });

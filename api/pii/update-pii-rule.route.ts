import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { piiRuleIdParams, updatePiiRuleSchema } from './pii-rule-schema';
import { loadPiiRule, piiRuleCache } from './pii-rule-store';
import { actorOf, auditPiiRule, piiRuleView } from './pii-rule-views';

export const updatePiiRuleRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'patch',
    path: '/api/v1/pii-rules/:id',
    permission: 'pii:manage',
    summary:
      'Change a PII masking rule (enable/disable, field paths, unmasking permission …); takes effect on the next request. Audited with from/to.',
    params: piiRuleIdParams,
    body: updatePiiRuleSchema,
    async handler({ params, body, principal }) {
      const actor = actorOf(principal);
      const { version, ...change } = body;
      const row = await ctx.dataSource.transaction(async (tx) => {
        const current = await loadPiiRule(tx, params.id, { lock: true });
        if (!current) throw HttpProblem.notFound(`PII rule ${params.id} does not exist`);
        if (version !== undefined && version !== current.version) {
          throw new HttpProblem(
            409,
            'version_mismatch',
            'Conflict',
            `PII rule ${params.id} is at version ${current.version}, not ${version}`,
            [{ field: 'version', message: `the current version is ${current.version}` }],
          );
        }
        const next = { ...current, ...change };
        if (next.fields.length === 0 && !next.detectInText) {
          throw new HttpProblem(
            422,
            'validation_failed',
            'The request is not valid',
            'fields: name at least one field path or set detectInText',
            [{ field: 'fields', message: 'name at least one field path or set detectInText' }],
          );
        }
        await tx.query(
          `UPDATE pii_masking_rules SET type = $2, fields = $3, detect_in_text = $4, enabled = $5, unmask_permission = $6, description = $7,
             version = version + 1, updated_by = $8, updated_at = now() WHERE id = $1`,
          [params.id, next.type, next.fields, next.detectInText, next.enabled, next.unmaskPermission, next.description, actor],
        );
        const changes = Object.fromEntries(
          Object.entries(change)
            .filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(current[k as keyof typeof current]))
            .map(([k, v]) => [k, { from: current[k as keyof typeof current], to: v }]),
        );
        await auditPiiRule(tx, actor, 'updated', params.id, { version: current.version + 1, changes });
        return (await loadPiiRule(tx, params.id))!;
      });
      piiRuleCache(ctx.dataSource).invalidate();
      return { body: piiRuleView(row) };
    },
  });

import { z } from 'zod';
import { saveTemplateDraft } from '../../db/form-template-store';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { templateFromBody, templateView } from './form-template-http';
import { actorOf } from '../auth/api-tokens';

export const createFormTemplateRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/form-templates',
    permission: 'forms:manage',
    summary:
      'Create a form template as a draft (version 1). Bad regular expressions, unknown field types and bad dependency logic are 422 with the path at fault; a key already used is 409.',
    body: z.record(z.string(), z.unknown()),
    async handler({ body, principal }) {
      const template = templateFromBody(body);
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`form-template:${template.key}`]);
        const [exists] = await tx.query(`SELECT 1 FROM form_templates WHERE key = $1 LIMIT 1`, [template.key]);
        if (exists) {
          throw new HttpProblem(
            409,
            'form_template_exists',
            'Form template exists',
            `form template '${template.key}' exists; PUT its draft`,
            [{ field: 'key', message: 'already used' }],
          );
        }
        const saved = await saveTemplateDraft(tx, template, actor);
        await tx.query(
          `INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, 'form_template.created', 'form_template', $2, $3)`,
          [actor, template.key, JSON.stringify({ version: saved.version })],
        );
        return saved;
      });
      return { status: 201, headers: { Location: `/api/v1/form-templates/${row.key}` }, body: templateView(row) };
    },
  });

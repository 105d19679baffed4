import { z } from 'zod';
import { saveTemplateDraft } from '../../db/form-template-store';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { templateFromBody, templateKeyParams, templateView } from './form-template-http';
import { actorOf } from '../auth/api-tokens';

export const saveFormTemplateDraftRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'put',
    path: '/api/v1/form-templates/:key/draft',
    permission: 'forms:manage',
    summary: 'Create or replace the draft of a template (the next version). Published versions never change; 422 with the path at fault.',
    params: templateKeyParams,
    body: z.record(z.string(), z.unknown()),
    async handler({ params, body, principal }) {
      const template = templateFromBody({ ...body, key: body.key ?? params.key });
      if (template.key !== params.key) {
        throw new HttpProblem(422, 'validation_failed', 'The request is not valid', `key: must be '${params.key}' as in the path`, [
          { field: 'key', message: `must be '${params.key}' as in the path` },
        ]);
      }
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        const saved = await saveTemplateDraft(tx, template, actor);
        await tx.query(
          `INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, 'form_template.draft_saved', 'form_template', $2, $3)`,
          [actor, template.key, JSON.stringify({ version: saved.version })],
        );
        return saved;
      });
      return { body: templateView(row) };
    },
  });

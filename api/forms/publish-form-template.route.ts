import { z } from 'zod';
import { getTemplateDraft, keyWithSamePath, publishTemplateDraft } from '../../db/form-template-store';
import { templateProblems } from '../../domain/forms/form-template';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { invalidTemplate, templateKeyParams, templateView } from './form-template-http';
import { actorOf } from '../auth/api-tokens';

export const publishFormTemplateRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/form-templates/:key/publish',
    permission: 'forms:manage',
    summary:
      'Publish the draft as an immutable version. New tickets of its categories use it; open tickets keep the version they were opened under.',
    params: templateKeyParams,
    body: z.object({}).strict().optional(),
    async handler({ params, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        // one publication at a time, so two keys cannot both claim one category path
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('form-template:publish'))`);
        const draft = await getTemplateDraft(tx, params.key);
        if (!draft) throw HttpProblem.notFound(`form template '${params.key}' has no draft to publish`);
        // stored drafts were checked when saved; checked again in case the rules tightened since
        const problems = templateProblems(draft.definition);
        if (problems.length) throw invalidTemplate(problems);
        const other = await keyWithSamePath(tx, draft.definition);
        if (other) {
          throw new HttpProblem(
            409,
            'form_template_conflict',
            'Another template has these categories',
            `form template '${other}' is published for the same categories; change one of them`,
            [{ field: 'category1', message: `'${other}' applies to the same categories` }],
          );
        }
        const published = await publishTemplateDraft(tx, params.key, actor);
        await tx.query(
          `INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, 'form_template.published', 'form_template', $2, $3)`,
          [actor, params.key, JSON.stringify({ version: published!.version })],
        );
        return published!;
      });
      return { body: templateView(row) };
    },
  });

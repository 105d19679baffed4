import { z } from 'zod';
import { templateFor } from '../../db/form-template-store';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';

const category = z.string().trim().min(1).max(200).optional();
const query = z.object({ category1: category, category2: category, category3: category }).strict();

export const resolveFormTemplateRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/form-templates/resolve',
    permission: 'forms:read',
    summary:
      'The published template a ticket of these categories is checked against (the most specific category path wins, else the default), for the console to render its form.',
    query,
    async handler({ query }) {
      const template = await templateFor(ctx.dataSource, query);
      if (!template) throw HttpProblem.notFound('no form template is published, not even a default');
      return { body: template };
    },
  });

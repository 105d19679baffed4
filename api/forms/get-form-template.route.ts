import { z } from 'zod';
import { getTemplateVersion, listTemplateVersions } from '../../db/form-template-store';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { templateKeyParams, templateView } from './form-template-http';

export const getFormTemplateRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/form-templates/:key',
    permission: 'forms:read',
    summary: 'A template: its newest published version, its draft, and the list of its versions.',
    params: templateKeyParams,
    async handler({ params }) {
      const versions = await listTemplateVersions(ctx.dataSource, params.key);
      if (!versions.length) throw HttpProblem.notFound(`no form template '${params.key}'`);
      const published = versions.find((v) => v.status === 'published');
      const draft = versions.find((v) => v.status === 'draft');
      return {
        body: {
          key: params.key,
          published: published ? templateView(published) : null,
          draft: draft ? templateView(draft) : null,
          versions: versions.map((v) => ({ version: v.version, status: v.status, publishedAt: v.publishedAt, publishedBy: v.publishedBy })),
        },
      };
    },
  });

export const getFormTemplateVersionRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/form-templates/:key/versions/:version',
    permission: 'forms:read',
    summary: 'One version of a template as it was published (or the draft, under its version number).',
    params: templateKeyParams.extend({ version: z.coerce.number().int().min(1) }),
    async handler({ params }) {
      const row = await getTemplateVersion(ctx.dataSource, params.key, params.version);
      if (!row) throw HttpProblem.notFound(`no version ${params.version} of form template '${params.key}'`);
      return { body: templateView(row) };
    },
  });

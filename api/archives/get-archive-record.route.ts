import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { archiveIdParams, viewFor } from './archive-http';
import type { ArchiveSpec } from './archive-kinds';
import { getRecordView } from './archive-queries';

export const getArchiveRecordRoute = (ctx: ApiContext, spec: ArchiveSpec) =>
  defineRoute({
    method: 'get',
    path: `${spec.path}/:id`,
    permission: 'archives:read',
    summary: `One ${spec.noun} with its counts; ETag carries its version for If-Match. Phones and emails are masked without archives:manage.`,
    params: archiveIdParams,
    async handler({ params, principal }) {
      const view = await getRecordView(ctx.dataSource, spec, params.id);
      if (!view) throw HttpProblem.notFound(`${spec.noun} ${params.id} does not exist`);
      return { headers: { ETag: `"${String(view.version)}"` }, body: viewFor(spec, principal, view) };
    },
  });

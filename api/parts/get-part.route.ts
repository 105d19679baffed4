import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { loadPart, loadSubstitutes, partView } from './part-queries';
import { codeParams } from './parts-http';

export const getPartRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/parts/:code',
    permission: 'parts:read',
    summary: 'One part of the catalogue with its substitutes; ETag carries its version for If-Match.',
    params: codeParams,
    async handler({ params }) {
      const view = partView(await loadPart(ctx.dataSource, params.code), await loadSubstitutes(ctx.dataSource, [params.code]));
      return { headers: { ETag: `"${view.version}"` }, body: view };
    },
  });

import type { z } from 'zod';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { viewFor } from './archive-http';
import type { ArchiveSpec } from './archive-kinds';
import { listRecords, SqlWhere } from './archive-queries';

export const listArchiveRecordsRoute = <Q extends { limit: number; cursor?: string }>(
  ctx: ApiContext,
  spec: ArchiveSpec,
  query: z.ZodType<Q>,
  filters: (w: SqlWhere, q: Q) => void,
  summary: string,
) =>
  defineRoute({
    method: 'get',
    path: spec.path,
    permission: 'archives:read',
    summary: `${summary} Newest first, keyset paging (limit, cursor → nextCursor); phones and emails masked without archives:manage.`,
    query,
    async handler({ query, principal }) {
      const where = new SqlWhere();
      filters(where, query);
      const page = await listRecords(ctx.dataSource, spec, where, { limit: query.limit, cursor: query.cursor });
      return { body: { items: page.items.map((v) => viewFor(spec, principal, v)), nextCursor: page.nextCursor } };
    },
  });

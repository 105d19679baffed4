import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { groupView, loadGroup } from './routing-queries';
import { idParams } from './routing-writes';

export const getGroupRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/groups/:id',
    permission: 'routing:read',
    summary: 'One queue with its required skills, strategy and round-robin cursor, and its member ids.',
    params: idParams,
    async handler({ params }) {
      const row = await loadGroup(ctx.dataSource, params.id);
      const members = (await ctx.dataSource.query(`SELECT id FROM agents WHERE $1 = ANY(groups) ORDER BY id`, [params.id])) as {
        id: string;
      }[];
      return { headers: { ETag: `"${row.version}"` }, body: { ...groupView(row), memberIds: members.map((m) => m.id) } };
    },
  });

import { z } from 'zod';
import { routingIdSchema } from '../../domain/routing/agent-profile';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { groupView, type GroupRow } from './routing-queries';

const query = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: routingIdSchema.optional(),
  })
  .strict();

export const listGroupsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/groups',
    permission: 'routing:read',
    summary: 'Queues in id order with keyset paging (cursor).',
    query,
    async handler({ query }) {
      const rows = (await ctx.dataSource.query(`SELECT * FROM routing_groups WHERE ($1::text IS NULL OR id > $1) ORDER BY id LIMIT $2`, [
        query.cursor ?? null,
        query.limit + 1,
      ])) as GroupRow[];
      const page = rows.slice(0, query.limit);
      return { body: { items: page.map(groupView), nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null } };
    },
  });

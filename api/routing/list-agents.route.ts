import { z } from 'zod';
import { routingIdSchema } from '../../domain/routing/agent-profile';
import { AGENT_STATUSES } from '../../domain/routing/routing-model';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { AGENT_COLUMNS, agentView, openTicketCounts, type AgentRow } from './routing-queries';

const query = z
  .object({
    groupId: routingIdSchema.optional(),
    status: z.enum(AGENT_STATUSES).optional(),
    fieldEngineer: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** the last id of the previous page */
    cursor: routingIdSchema.optional(),
  })
  .strict();

export const listAgentsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/agents',
    permission: 'routing:read',
    summary: 'Agents by group, status or field-engineer flag, in id order with keyset paging (cursor); each with their open-ticket count.',
    query,
    async handler({ query }) {
      const where: string[] = [];
      const args: unknown[] = [];
      const arg = (v: unknown) => `$${args.push(v)}`;
      if (query.groupId) where.push(`${arg(query.groupId)} = ANY(a.groups)`);
      if (query.status) where.push(`a.status = ${arg(query.status)}`);
      if (query.fieldEngineer) where.push(`a.field_engineer = ${arg(query.fieldEngineer === 'true')}`);
      if (query.cursor) where.push(`a.id > ${arg(query.cursor)}`);
      const rows = (await ctx.dataSource.query(
        `SELECT ${AGENT_COLUMNS} FROM agents a ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id LIMIT ${arg(query.limit + 1)}`,
        args,
      )) as AgentRow[];
      const page = rows.slice(0, query.limit);
      const open = await openTicketCounts(
        ctx.dataSource,
        page.map((r) => r.id),
      );
      const now = new Date();
      return {
        body: {
          items: page.map((r) => agentView(r, now, open.get(r.id) ?? 0)),
          nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
        },
      };
    },
  });

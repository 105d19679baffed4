import { z } from 'zod';
import { TicketEntity } from '../../db/entities/ticket.entity';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { applyTicketFilters, ticketFilterFields } from './list-tickets.route';
import { queueCondition, queueFields, queueIdentity, TICKET_QUEUES } from './ticket-queues';

// Counted within the list's filters too (a region, a priority …), so the numbers match what the list shows.
const query = z.object({ ...ticketFilterFields, breachingWithinMinutes: queueFields.breachingWithinMinutes }).strict();

export const ticketQueueCountsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/tickets/queues',
    permission: 'tickets:read',
    summary:
      "How many tickets each workbench queue holds for the caller (mine, my_groups, unassigned, breaching_soon, on_hold, escalated), in one query over the projection; a provider's token counts its own tickets only.",
    query,
    async handler({ query, principal }) {
      const who = await queueIdentity(ctx.dataSource, principal);
      const now = new Date();
      const qb = ctx.dataSource.getRepository(TicketEntity).createQueryBuilder('t').select([]);
      applyTicketFilters(qb, query, principal);
      for (const queue of TICKET_QUEUES) {
        const c = queueCondition(queue, who, now, query.breachingWithinMinutes);
        qb.addSelect(`COUNT(*) FILTER (WHERE ${c.sql})::int`, queue).setParameters(c.params);
      }
      const row = (await qb.getRawOne()) as Record<string, number>;
      const counts = Object.fromEntries(TICKET_QUEUES.map((q) => [q, Number(row[q] ?? 0)]));
      return { body: { counts, agentId: who.agentId, groups: who.groups }, headers: { 'Cache-Control': 'no-store' } };
    },
  });

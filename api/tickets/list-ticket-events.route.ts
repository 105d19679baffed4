import { TicketEventEntity } from '../../db/entities/ticket-event.entity';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { HttpProblem } from '../http/problem';
import { ticketIdParams } from './ticket-params';
import { assertTicketInScope } from './ticket-scope';

export const listTicketEventsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/tickets/:ticketId/events',
    permission: 'tickets:read',
    summary: "A ticket's audit trail: every event with actor, time, from and to.",
    params: ticketIdParams,
    async handler({ params, principal }) {
      await assertTicketInScope(ctx, principal, params.ticketId);
      const events = await ctx.dataSource
        .getRepository(TicketEventEntity)
        .find({ where: { ticketId: params.ticketId }, order: { seq: 'ASC' } });
      if (events.length === 0) throw HttpProblem.notFound(`ticket ${params.ticketId} does not exist`);
      return {
        body: {
          items: events.map((e) => ({
            seq: e.seq,
            type: e.type,
            actor: e.actor,
            at: e.occurredAt.toISOString(),
            recordedAt: e.recordedAt.toISOString(),
            fromStatus: e.fromStatus,
            toStatus: e.toStatus,
            changes: e.changes,
            payload: e.payload,
          })),
        },
      };
    },
  });

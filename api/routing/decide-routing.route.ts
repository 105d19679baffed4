import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { routeRequestSchema, routeTicket } from './routing-service';

export const decideRoutingRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/routing/decide',
    permission: 'routing:read',
    summary:
      'Who would get this ticket (a stored ticketId, or a ticket described in the body), and why: every candidate with score or the reasons they were left out, booking and on-duty outcome. Changes nothing (the round-robin cursor stays).',
    body: routeRequestSchema,
    async handler({ body }) {
      const { decision, ticket } = await routeTicket(ctx.dataSource, body, { lock: false, now: new Date() });
      return { body: { ...decision, ticket } };
    },
  });

import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { HttpProblem } from '../http/problem';
import { ticketIdParams } from './ticket-params';
import { readTicket } from './read-ticket';
import { assertTicketInScope } from './ticket-scope';

export const getTicketRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/tickets/:ticketId',
    permission: 'tickets:read',
    summary: 'The live state of a ticket, including its status and SLA deadlines.',
    params: ticketIdParams,
    async handler({ params, principal }) {
      await assertTicketInScope(ctx, principal, params.ticketId);
      const state = await readTicket(ctx, params.ticketId);
      if (!state) throw HttpProblem.notFound(`ticket ${params.ticketId} does not exist`);
      return { body: state };
    },
  });

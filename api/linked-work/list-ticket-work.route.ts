import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { ticketIdParams } from '../tickets/ticket-params';
import { assertTicketInScope } from '../tickets/ticket-scope';
import { linkedWork } from './linked-work-queries';

export const listTicketWorkRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/tickets/:ticketId/work',
    permission: 'tickets:read',
    summary: 'The RMAs and on-site visits opened for a ticket, newest first, with their stage; a kind the caller may not read is null.',
    params: ticketIdParams,
    async handler({ params, principal }) {
      await assertTicketInScope(ctx, principal, params.ticketId);
      const [known] = (await ctx.dataSource.query(`SELECT 1 FROM tickets WHERE ticket_id = $1`, [params.ticketId])) as unknown[];
      if (!known) throw HttpProblem.notFound(`ticket ${params.ticketId} does not exist`);
      return { body: { ticketId: params.ticketId, ...(await linkedWork(ctx.dataSource, principal, { ticketId: params.ticketId })) } };
    },
  });

import { createTicketSchema } from '../../domain/ticket/ticket.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { claimIdempotencyKey, readIdempotencyKey, requestHash } from '../http/idempotency';
import { HttpProblem } from '../http/problem';
import { newTicketId } from './ticket-gateway';
import { readTicket } from './read-ticket';

export const createTicketRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/tickets',
    permission: 'tickets:create',
    summary: 'Create a ticket (seed 002 §14 payload). Idempotency-Key makes retries return the same ticket.',
    body: createTicketSchema,
    async handler({ req, body, principal }) {
      const actor = `token:${principal!.name}`;
      const key = readIdempotencyKey(req.header('Idempotency-Key'));
      let ticketId = newTicketId();
      let replay = false;
      if (key) {
        const claim = await claimIdempotencyKey(ctx.dataSource, {
          scope: principal!.id,
          key,
          hash: requestHash(body),
          resourceType: 'ticket',
          candidateId: ticketId,
        });
        ticketId = claim.resourceId;
        replay = claim.replay;
      }
      // On a replay the workflow is joined (or started, if the first attempt died before starting it).
      const state = (await ctx.tickets.create(ticketId, body, actor, new Date())) ?? (await readTicket(ctx, ticketId));
      if (!state) throw HttpProblem.unavailable('the ticket is being created; retry with the same Idempotency-Key');
      return {
        status: replay ? 200 : 201,
        headers: { Location: `/api/v1/tickets/${ticketId}`, ...(replay ? { 'Idempotent-Replayed': 'true' } : {}) },
        body: state,
      };
    },
  });

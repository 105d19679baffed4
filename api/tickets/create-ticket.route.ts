import { z } from 'zod';
import { createTicketSchema } from '../../domain/ticket/ticket.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { readIdempotencyKey } from '../http/idempotency';
import { intakeTicket } from './ticket-intake';
import { actorOf } from '../auth/api-tokens';

export const createTicketRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/tickets',
    permission: 'tickets:create',
    summary:
      'Create a ticket (seed 002 §14 payload; optional flowKey names the published ticket flow it runs, default ticket-default). Idempotency-Key makes retries return the same ticket; a repeat contact (same customer + order within 24 h, same problem type) joins the open ticket instead (200, mergedInto).',
    // flowKey: the published ticket flow the ticket runs (default ticket-default); kept apart from the ticket's fields
    body: createTicketSchema.extend({ flowKey: z.string().trim().min(1).max(64).optional() }),
    async handler({ req, body: { flowKey, ...body }, principal }) {
      const result = await intakeTicket(ctx, {
        ticket: body,
        ...(flowKey ? { flowKey } : {}),
        actor: actorOf(principal),
        idempotencyScope: principal!.id,
        idempotencyKey: readIdempotencyKey(req.header('Idempotency-Key')),
      });
      const { ticketId, replay, merged, ticket } = result;
      return {
        status: result.status,
        headers: { Location: `/api/v1/tickets/${ticketId}`, ...(replay ? { 'Idempotent-Replayed': 'true' } : {}) },
        body: merged ? { ...ticket, mergedInto: ticketId } : ticket,
      };
    },
  });

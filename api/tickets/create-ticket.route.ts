import type { DataSource } from 'typeorm';
import { createTicketSchema, type CreateTicketInput } from '../../domain/ticket/ticket.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { claimIdempotencyKey, readIdempotencyKey, requestHash } from '../http/idempotency';
import { HttpProblem } from '../http/problem';
import { newTicketId, type TicketView } from './ticket-gateway';
import { readTicket } from './read-ticket';

/** A repeat contact is the same customer and order, within this window, on the same problem type. */
export const REPEAT_CONTACT_WINDOW_HOURS = 24;

async function findOpenTicketFor(ds: DataSource, t: CreateTicketInput): Promise<string | null> {
  if (!t.orderId) return null;
  const rows: { ticket_id: string }[] = await ds.query(
    `SELECT ticket_id FROM tickets
     WHERE customer_id = $1 AND order_id = $2 AND status NOT IN ('resolved', 'closed')
       AND created_at > now() - make_interval(hours => $4)
       AND ($3::text IS NULL OR category1 IS NULL OR category1 = $3)
     ORDER BY created_at DESC LIMIT 1`,
    [t.customerId, t.orderId, t.category1 ?? null, REPEAT_CONTACT_WINDOW_HOURS],
  );
  return rows[0]?.ticket_id ?? null;
}

export const createTicketRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/tickets',
    permission: 'tickets:create',
    summary:
      'Create a ticket (seed 002 §14 payload). Idempotency-Key makes retries return the same ticket; a repeat contact (same customer + order within 24 h, same problem type) joins the open ticket instead (200, mergedInto).',
    body: createTicketSchema,
    async handler({ req, body, principal }) {
      const fieldErrors = await ctx.dictionaries.checkTicketFields(body);
      if (fieldErrors.length) {
        throw new HttpProblem(
          422,
          'validation_failed',
          'The request is not valid',
          fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '),
          fieldErrors,
        );
      }
      const actor = `token:${principal!.name}`;
      const key = readIdempotencyKey(req.header('Idempotency-Key'));
      const receivedAt = new Date();
      const contact = {
        channel: body.channel,
        description: body.description,
        attachments: body.attachments,
        receivedAt: receivedAt.toISOString(),
      };
      const joinExisting = async (ticketId: string, updateId: string): Promise<TicketView> =>
        ctx.tickets.act(ticketId, { action: 'add-contact', payload: contact, actor }, updateId);

      // One intake at a time per customer + order, so two simultaneous contacts cannot both create.
      const lockKey = body.orderId ? `intake:${body.customerId}:${body.orderId}` : null;
      const run = async () => {
        let ticketId = newTicketId(receivedAt);
        let replay = false;
        let merged = false;
        const existing = await findOpenTicketFor(ctx.dataSource, body);
        if (key) {
          const claim = await claimIdempotencyKey(ctx.dataSource, {
            scope: principal!.id,
            key,
            hash: requestHash(body),
            resourceType: existing ? 'ticket-contact' : 'ticket',
            candidateId: existing ?? ticketId,
          });
          ticketId = claim.resourceId;
          replay = claim.replay;
          merged = claim.resourceType === 'ticket-contact';
        } else if (existing) {
          ticketId = existing;
          merged = true;
        }
        let state: TicketView | null;
        if (merged) {
          // The update id makes a retried request add the contact once.
          state = await joinExisting(ticketId, key ? `contact:${principal!.id}:${key}` : `contact:${ticketId}:${receivedAt.getTime()}`);
        } else {
          state = (await ctx.tickets.create(ticketId, body, actor, receivedAt)) ?? (await readTicket(ctx, ticketId));
        }
        return { ticketId, replay, merged, state };
      };
      const { ticketId, replay, merged, state } = lockKey
        ? await ctx.dataSource.transaction(async (tx) => {
            await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [lockKey]);
            return run();
          })
        : await run();
      if (!state) throw HttpProblem.unavailable('the ticket is being created; retry with the same Idempotency-Key');
      return {
        status: replay || merged ? 200 : 201,
        headers: { Location: `/api/v1/tickets/${ticketId}`, ...(replay ? { 'Idempotent-Replayed': 'true' } : {}) },
        body: merged ? { ...state, mergedInto: ticketId } : state,
      };
    },
  });

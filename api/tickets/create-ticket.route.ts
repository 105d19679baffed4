import type { EntityManager } from 'typeorm';
import { createTicketSchema, type CreateTicketInput } from '../../domain/ticket/ticket.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { claimIdempotencyKey, readIdempotencyKey, requestHash } from '../http/idempotency';
import { HttpProblem } from '../http/problem';
import { newTicketId, type TicketView } from './ticket-gateway';
import { readTicket } from './read-ticket';

/** A repeat contact is the same customer and order, within this window, on the same problem type. */
export const REPEAT_CONTACT_WINDOW_HOURS = 24;

/**
 * The open ticket a contact repeats, if any: same customer and order within the window, same
 * problem type (or one side without one). Reads the intake claims, so a ticket still being
 * created counts too.
 */
async function findOpenTicketFor(db: Pick<EntityManager, 'query'>, t: CreateTicketInput): Promise<string | null> {
  if (!t.orderId) return null;
  const rows: { ticket_id: string }[] = await db.query(
    `SELECT c.ticket_id FROM intake_claims c LEFT JOIN tickets t ON t.ticket_id = c.ticket_id
     WHERE c.customer_id = $1 AND c.order_id = $2
       AND c.created_at > now() - make_interval(hours => $4)
       AND ($3::text IS NULL OR c.category1 IS NULL OR c.category1 = $3)
       AND (t.status IS NULL OR t.status NOT IN ('resolved', 'closed'))
     ORDER BY c.created_at DESC LIMIT 1`,
    [t.customerId, t.orderId, t.category1 ?? null, REPEAT_CONTACT_WINDOW_HOURS],
  );
  return rows[0]?.ticket_id ?? null;
}

interface IntakeDecision {
  ticketId: string;
  replay: boolean;
  merged: boolean;
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
      const joinExisting = async (ticketId: string, updateId: string): Promise<TicketView> => {
        // The ticket may have been claimed a moment ago and its workflow not be started yet.
        for (let attempt = 1; ; attempt++) {
          try {
            return await ctx.tickets.act(ticketId, { action: 'add-contact', payload: contact, actor }, updateId);
          } catch (err) {
            if (!(err instanceof HttpProblem && err.status === 404) || attempt >= 20) throw err;
            await new Promise((r) => setTimeout(r, 250));
          }
        }
      };

      // Decide "new ticket" or "repeat contact" in one short transaction, one intake at a time per
      // customer + order; talk to Temporal only after it committed, holding no database connection.
      const decided: IntakeDecision = await ctx.dataSource.transaction(async (tx) => {
        if (body.orderId) await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`intake:${body.customerId}:${body.orderId}`]);
        const existing = await findOpenTicketFor(tx, body);
        const candidate = existing ?? newTicketId(receivedAt);
        let decision: IntakeDecision = { ticketId: candidate, replay: false, merged: existing !== null };
        if (key) {
          const claim = await claimIdempotencyKey(tx, {
            scope: principal!.id,
            key,
            hash: requestHash(body),
            resourceType: existing ? 'ticket-contact' : 'ticket',
            candidateId: candidate,
          });
          decision = { ticketId: claim.resourceId, replay: claim.replay, merged: claim.resourceType === 'ticket-contact' };
        }
        if (!decision.merged && !decision.replay && body.orderId) {
          await tx.query(
            `INSERT INTO intake_claims (ticket_id, customer_id, order_id, category1) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
            [decision.ticketId, body.customerId, body.orderId, body.category1 ?? null],
          );
        }
        return decision;
      });
      const { ticketId, replay, merged } = decided;
      let state: TicketView | null;
      if (merged) {
        // The update id makes a retried request add the contact once.
        state = await joinExisting(ticketId, key ? `contact:${principal!.id}:${key}` : `contact:${ticketId}:${receivedAt.getTime()}`);
      } else {
        state = (await ctx.tickets.create(ticketId, body, actor, receivedAt)) ?? (await readTicket(ctx, ticketId));
      }
      if (!state) throw HttpProblem.unavailable('the ticket is being created; retry with the same Idempotency-Key');
      return {
        status: replay || merged ? 200 : 201,
        headers: { Location: `/api/v1/tickets/${ticketId}`, ...(replay ? { 'Idempotent-Replayed': 'true' } : {}) },
        body: merged ? { ...state, mergedInto: ticketId } : state,
      };
    },
  });

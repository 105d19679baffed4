import type { EntityManager } from 'typeorm';
import { createTicketSchema, type CreateTicketInput } from '../../domain/ticket/ticket.schema';
import { claimIdempotencyKey, requestHash } from '../http/idempotency';
import { newTicketId } from '../tickets/ticket-gateway';

/**
 * System intake (schedules, devices) records which ticket a firing or an alarm opened in the same
 * transaction that decides to open it, before the workflow starts: concurrent alarms can then be
 * told "appended to TK-…" at once, and a crash between the decision and the start is repaired by
 * calling intake again. So the ticket number is chosen here, by claiming the intake idempotency
 * key; `intakeTicket` with the same scope, key and ticket finds the claim and starts the ticket
 * under that number (an idempotent replay).
 *
 * The ticket is normalised by its schema first: it is stored as jsonb (which reorders keys) and
 * the claim's request hash must match the one intake computes from the same ticket later.
 */
export function normaliseTicket(ticket: unknown): CreateTicketInput {
  return createTicketSchema.parse(ticket);
}

export async function claimTicketNumber(
  tx: Pick<EntityManager, 'query'>,
  opts: { scope: string; key: string; ticket: CreateTicketInput; now?: Date },
): Promise<{ ticketId: string; replay: boolean }> {
  const claim = await claimIdempotencyKey(tx, {
    scope: opts.scope,
    key: opts.key,
    hash: requestHash(normaliseTicket(opts.ticket)),
    resourceType: 'ticket',
    candidateId: newTicketId(opts.now),
  });
  return { ticketId: claim.resourceId, replay: claim.replay };
}

import type { DataSource, EntityManager } from 'typeorm';
import type { TicketCoverage } from '../../domain/contracts/entitlement';
import type { CreateTicketInput, TicketInput } from '../../domain/ticket/ticket.schema';
import { coverTicket, resolveTicketAsset } from '../contracts/ticket-coverage';
import { latestPublished } from '../../db/flow-store';
import { templateFor } from '../../db/form-template-store';
import { checkIntakeForm } from '../../domain/forms/ticket-form';
import { formIncomplete } from '../forms/form-template-http';
import type { DictionaryCache } from '../dictionaries/dictionary-cache';
import { claimIdempotencyKey, requestHash } from '../http/idempotency';
import { HttpProblem } from '../http/problem';
import { newTicketId, type TicketGateway, type TicketView } from './ticket-gateway';
import { readTicket } from './read-ticket';

/** A repeat contact is the same customer and order, within this window, on the same problem type. */
export const REPEAT_CONTACT_WINDOW_HOURS = 24;

/** What intake needs; the API has it, and so can a worker that opens tickets (schedules, devices). */
export interface IntakeDeps {
  dataSource: DataSource;
  tickets: TicketGateway;
  dictionaries: Pick<DictionaryCache, 'checkTicketFields'>;
}

export interface IntakeRequest {
  ticket: CreateTicketInput;
  /** who asks, as recorded on the ticket: `token:<name>`, `schedule:<plan>`, ... */
  actor: string;
  /** the namespace of idempotency keys (one per token, or per system source) */
  idempotencyScope: string;
  idempotencyKey?: string;
  receivedAt?: Date;
  /** the published ticket flow the new ticket runs; the workflow's default (ticket-default) when absent */
  flowKey?: string;
}

export interface IntakeResult {
  ticketId: string;
  /** 201 for a new ticket, 200 for a replay or a repeat contact */
  status: 200 | 201;
  replay: boolean;
  /** true when the contact joined an open ticket instead of opening one */
  merged: boolean;
  ticket: TicketView;
}

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

/** A chosen flow must be a published ticket flow: refused before anything is claimed, naming the field. */
async function checkTicketFlow(db: DataSource, flowKey: string): Promise<void> {
  const row = await latestPublished(db, flowKey);
  if (row?.kind === 'ticket') return;
  const message = row ? `flow '${flowKey}' is a ${row.kind} flow, not a ticket flow` : `no published flow '${flowKey}'`;
  throw new HttpProblem(422, 'validation_failed', 'The request is not valid', `flowKey: ${message}`, [{ field: 'flowKey', message }]);
}

/**
 * One contact in, from any channel: a new ticket (its workflow started), or the open ticket it
 * repeats with the contact added, or, for a retried request, the ticket it made the first time.
 */
export async function intakeTicket(deps: IntakeDeps, req: IntakeRequest): Promise<IntakeResult> {
  const body = req.ticket;
  const fieldErrors = await deps.dictionaries.checkTicketFields(body);
  if (fieldErrors.length) {
    throw new HttpProblem(
      422,
      'validation_failed',
      'The request is not valid',
      fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '),
      fieldErrors,
    );
  }
  if (req.flowKey !== undefined) await checkTicketFlow(deps.dataSource, req.flowKey);
  const { actor, idempotencyScope: scope, idempotencyKey: key } = req;
  const receivedAt = req.receivedAt ?? new Date();
  // An unknown asset, or someone else's, is refused before anything is claimed.
  const asset = await resolveTicketAsset(deps.dataSource, body);
  // The category's form template (most specific published version); enforced below for a new ticket only,
  // so a repeat contact or a retry is never refused for a template published since.
  const form = checkIntakeForm(
    await templateFor(deps.dataSource, body),
    asset ? { ...body, assetId: asset.id, serialNo: asset.serialNo } : body,
  );
  const urls = body.attachments.map((a) => (typeof a === 'string' ? a : a.url));
  const contact = {
    channel: body.channel,
    description: body.description,
    attachments: urls,
    receivedAt: receivedAt.toISOString(),
  };
  const joinExisting = async (ticketId: string, updateId: string): Promise<TicketView> => {
    // The ticket may have been claimed a moment ago and its workflow not be started yet.
    for (let attempt = 1; ; attempt++) {
      try {
        return await deps.tickets.act(ticketId, { action: 'add-contact', payload: contact, actor }, updateId);
      } catch (err) {
        if (!(err instanceof HttpProblem && err.status === 404) || attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };

  // Decide "new ticket" or "repeat contact" in one short transaction, one intake at a time per
  // customer + order; talk to Temporal only after it committed, holding no database connection.
  const decided = await deps.dataSource.transaction(async (tx) => {
    if (body.orderId) await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`intake:${body.customerId}:${body.orderId}`]);
    const existing = await findOpenTicketFor(tx, body);
    const candidate = existing ?? newTicketId(receivedAt);
    let decision = { ticketId: candidate, replay: false, merged: existing !== null };
    if (key) {
      const claim = await claimIdempotencyKey(tx, {
        scope,
        key,
        // the flow is part of the request (hashes of requests without one stay as they were)
        hash: requestHash(req.flowKey ? { ...body, flowKey: req.flowKey } : body),
        resourceType: existing ? 'ticket-contact' : 'ticket',
        candidateId: candidate,
      });
      decision = { ticketId: claim.resourceId, replay: claim.replay, merged: claim.resourceType === 'ticket-contact' };
    }
    if (!decision.merged && !decision.replay && form.violations.length) throw formIncomplete(form.violations);
    if (!decision.merged && !decision.replay && body.orderId) {
      await tx.query(
        `INSERT INTO intake_claims (ticket_id, customer_id, order_id, category1) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [decision.ticketId, body.customerId, body.orderId, body.category1 ?? null],
      );
    }
    // Entitlement, SLA terms and ticket quota for a ticket to be opened (a replay decides it again and
    // consumes nothing twice); a contact joining an open ticket keeps that ticket's coverage and uses nothing.
    const coverage: TicketCoverage | null = decision.merged
      ? null
      : await coverTicket(tx, { ticket: body, asset, ticketId: decision.ticketId, at: receivedAt, actor });
    return { ...decision, coverage };
  });
  const { ticketId, replay, merged, coverage } = decided;
  let ticket: TicketView | null;
  if (merged) {
    // The update id makes a retried request add the contact once.
    ticket = await joinExisting(ticketId, key ? `contact:${scope}:${key}` : `contact:${ticketId}:${receivedAt.getTime()}`);
  } else {
    const { form: _values, ...fields } = body;
    const opened: TicketInput = {
      ...fields,
      attachments: urls,
      form: form.record,
      ...(asset ? { assetId: asset.id, serialNo: asset.serialNo } : {}),
      entitlement: coverage?.entitlement ?? undefined,
      coverage,
    };
    ticket = (await deps.tickets.create(ticketId, opened, actor, receivedAt, req.flowKey)) ?? (await readTicket(deps, ticketId));
  }
  if (!ticket) throw HttpProblem.unavailable('the ticket is being created; retry with the same Idempotency-Key');
  return { ticketId, status: replay || merged ? 200 : 201, replay, merged, ticket };
}

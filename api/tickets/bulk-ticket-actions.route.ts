import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { audit } from '../../db/audit-log';
import { parseActionPayload, type TicketActionName } from '../../domain/ticket/ticket-actions';
import type { ApiContext } from '../context';
import { readIdempotencyKey } from '../http/idempotency';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { performTicketAction } from './act-on-ticket.route';
import { TICKET_ID_PATTERN } from './ticket-gateway';
import { actorOf } from '../auth/api-tokens';

/** What an agent may apply to many tickets at once; intake's own actions (contacts, replies) stay single. */
export const BULK_ACTIONS = [
  'assign',
  'transfer',
  'accept',
  'change-priority',
  'add-note',
  'escalate',
  'hold',
  'resume',
  'resolve',
  'close',
  'reopen',
] as const satisfies readonly TicketActionName[];

/** Updates in flight at once: enough to finish 200 tickets quickly without crowding Temporal or the pool. */
const CONCURRENCY = 4;

const body = z
  .object({
    ticketIds: z
      .array(z.string().regex(TICKET_ID_PATTERN, 'not a ticket number (TK-YYYYMMDD-XXXXXXXX)'))
      .min(1)
      .max(200)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'a ticket is listed twice' }),
    action: z.enum(BULK_ACTIONS),
    payload: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export type BulkOutcome =
  | { ticketId: string; outcome: 'done'; status: string }
  | { ticketId: string; outcome: 'refused'; httpStatus: number; code: string; detail: string };

export const bulkTicketActionsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/tickets/bulk-actions',
    permission: 'tickets:act',
    summary:
      'Apply one action to 1..200 tickets: each is its own workflow update with the checks of the single action, a few at a time. Answers 200 with a result per ticket (done with its new status, or refused with why); the request is audited with every result. Idempotency-Key makes a retry apply each ticket once.',
    body,
    async handler({ req, body, principal }) {
      // The payload is the same for every ticket: a bad one is the request's fault, reported once.
      const payload = parseActionPayload(body.action, body.payload);
      if (!payload.success) {
        const errors = (HttpProblem.validation(payload.error, 'body').errors ?? []).map((e) => ({ ...e, field: `payload.${e.field}` }));
        const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
        throw new HttpProblem(422, 'validation_failed', 'The request is not valid', detail, errors);
      }
      const key = readIdempotencyKey(req.header('Idempotency-Key'));
      const results: BulkOutcome[] = new Array(body.ticketIds.length);
      let next = 0;
      const worker = async () => {
        while (next < body.ticketIds.length) {
          const i = next++;
          const ticketId = body.ticketIds[i]!;
          try {
            const state = await performTicketAction(
              ctx,
              principal,
              ticketId,
              body.action,
              body.payload,
              key ? `${principal!.id}:${key}:${ticketId}` : undefined,
            );
            results[i] = { ticketId, outcome: 'done', status: state.status };
          } catch (err) {
            if (!(err instanceof HttpProblem) || err.status >= 500) {
              ctx.log.warn('bulk action failed on a ticket', { ticketId, action: body.action, error: String(err) });
            }
            const p = err instanceof HttpProblem ? err : null;
            results[i] = {
              ticketId,
              outcome: 'refused',
              httpStatus: p?.status ?? 500,
              code: p?.code ?? 'internal',
              detail: p ? (p.detail ?? p.title) : 'an unexpected error occurred; it has been logged',
            };
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, body.ticketIds.length) }, worker));
      const bulkId = randomUUID();
      const done = results.filter((r) => r.outcome === 'done').length;
      await audit(ctx.dataSource, actorOf(principal), 'tickets.bulk_action', 'tickets', bulkId, {
        action: body.action,
        payload: body.payload,
        done,
        refused: results.length - done,
        results: results.map((r) => (r.outcome === 'done' ? { ticketId: r.ticketId, outcome: r.outcome } : r)),
      });
      return { body: { bulkId, action: body.action, done, refused: results.length - done, results } };
    },
  });

import { z } from 'zod';
import { actorOf, type Principal } from '../auth/api-tokens';
import { isTicketAction, parseActionPayload, TICKET_ACTIONS } from '../../domain/ticket/ticket-actions';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { readIdempotencyKey } from '../http/idempotency';
import { HttpProblem } from '../http/problem';
import { TicketEntity } from '../../db/entities/ticket.entity';
import { TICKET_ID_PATTERN } from './ticket-gateway';
import { assertTicketInScope, providerScope } from './ticket-scope';
import { checkActionAgainstForm } from '../forms/check-action-form';

/**
 * A closed ticket's workflow has completed, so Temporal answers "not found"; the caller should
 * hear that the ticket exists and why it cannot be changed (409), not that it never existed.
 */
async function closedTicketProblem(ctx: ApiContext, ticketId: string, err: unknown): Promise<unknown> {
  if (!(err instanceof HttpProblem) || err.status !== 404) return err;
  const row = await ctx.dataSource.getRepository(TicketEntity).findOneBy({ ticketId });
  if (!row) return err;
  return new HttpProblem(
    409,
    'ticket_closed',
    'Action refused',
    `ticket ${ticketId} has ended (last status: ${row.status}); no action can change it`,
  );
}

/** A named provider must exist and be active; a provider's own token cannot hand the work to someone else's. */
async function checkProviderAssignment(ctx: ApiContext, principal: Principal | null, providerId: string | null | undefined): Promise<void> {
  if (providerId === undefined) return;
  const own = providerScope(principal);
  if (own && providerId !== own) {
    throw new HttpProblem(403, 'forbidden', 'Forbidden', "a service provider's token cannot assign work to another provider");
  }
  if (providerId === null) return;
  const [row] = (await ctx.dataSource.query(`SELECT active FROM service_providers WHERE id = $1`, [providerId])) as { active: boolean }[];
  if (!row?.active) {
    const message = row ? 'the service provider is inactive' : 'no such service provider';
    throw new HttpProblem(422, 'validation_failed', 'The request is not valid', `providerId: ${message}`, [
      { field: 'providerId', message },
    ]);
  }
}

const params = z.object({
  ticketId: z.string().regex(TICKET_ID_PATTERN, 'not a ticket number (TK-YYYYMMDD-XXXXXXXX)'),
  action: z.string().refine(isTicketAction, { message: `unknown action; one of: ${TICKET_ACTIONS.join(', ')}` }),
});

/**
 * One action on one ticket, with every check the API makes before the workflow's own: payload,
 * scope, provider assignment, pause reason, form. The single-ticket route and bulk actions both
 * come through here; `updateId` makes a retry apply once.
 */
export async function performTicketAction(
  ctx: ApiContext,
  principal: Principal | null,
  ticketId: string,
  action: string,
  body: Record<string, unknown>,
  updateId?: string,
) {
  if (!isTicketAction(action)) throw HttpProblem.notFound(`unknown action ${action}`);
  const payload = parseActionPayload(action, body);
  if (!payload.success) throw HttpProblem.validation(payload.error, 'body');
  await assertTicketInScope(ctx, principal, ticketId);
  if (action === 'assign') await checkProviderAssignment(ctx, principal, (payload.data as { providerId?: string | null }).providerId);
  if (action === 'hold' && !(await ctx.dictionaries.has('pause_reason', String(body.reason)))) {
    throw new HttpProblem(
      422,
      'validation_failed',
      'The request is not valid',
      `reason: '${body.reason}' is not a pause reason in the dictionary`,
      [{ field: 'reason', message: 'not a pause reason in the dictionary (GET /api/v1/dictionaries/pause_reason)' }],
    );
  }
  try {
    await checkActionAgainstForm(ctx, ticketId, action, payload.data as Record<string, unknown>);
    // the roles go along so that an approval level can check them (approve / reject)
    return await ctx.tickets.act(
      ticketId,
      { action, payload: payload.data as Record<string, unknown>, actor: actorOf(principal), actorRoles: [...principal!.roles] },
      updateId,
    );
  } catch (err) {
    throw await withAllowedActions(ctx, ticketId, await closedTicketProblem(ctx, ticketId, err));
  }
}

/** A refusal by the flow says what the ticket accepts now, as RMA and visit refusals do. */
async function withAllowedActions(ctx: ApiContext, ticketId: string, err: unknown): Promise<unknown> {
  if (!(err instanceof HttpProblem) || err.status !== 409 || err.code === 'ticket_closed') return err;
  const allowed = await ctx.tickets.get(ticketId).then(
    (v) => v.availableActions ?? [],
    () => [],
  );
  return new HttpProblem(409, err.code, err.title, err.detail, err.errors, err.headers, { ...err.extensions, allowedActions: allowed });
}

export const actOnTicketRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/tickets/:ticketId/actions/:action',
    permission: 'tickets:act',
    summary: 'Advance a ticket. 409 when the action is not allowed in its current state, with the reason.',
    params,
    body: z.record(z.string(), z.unknown()),
    async handler({ req, params, body, principal }) {
      const key = readIdempotencyKey(req.header('Idempotency-Key'));
      const state = await performTicketAction(
        ctx,
        principal,
        params.ticketId,
        params.action,
        body,
        key ? `${principal!.id}:${key}` : undefined,
      );
      return { body: state };
    },
  });

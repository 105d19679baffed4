import { z } from 'zod';
import { ticketWorkflowId } from '../../domain/ticket/ticket.schema';
import { migrateRuleSetUpdate } from '../../workflows/ticket/ticket.workflow';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { HttpProblem } from '../http/problem';
import { temporalProblem } from './ticket-gateway';
import { ticketIdParams } from './ticket-params';
import { assertTicketInScope } from './ticket-scope';
import { actorOf } from '../auth/api-tokens';

const body = z
  .object({
    // a rule-set version is an int4 column: past it the update handler's look-up fails and the caller waits for a 503
    version: z.number().int().min(1).max(2_147_483_647),
    reason: z.string().trim().min(1).max(1000),
  })
  .strict();

export const migrateRuleSetRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/tickets/:ticketId/rule-set',
    permission: 'rules:manage',
    summary:
      'Move a running ticket to another published version of its rule set (a ticket otherwise keeps the version it started with). Recorded as a ticket event and in the audit log; 422 when the version was never published, 409 when the ticket has ended, already runs it or predates automation rules.',
    params: ticketIdParams,
    body,
    async handler({ params, body, principal }) {
      await assertTicketInScope(ctx, principal, params.ticketId);
      const actor = actorOf(principal);
      const t = ctx.temporal;
      let moved: { key: string; from: number; to: number };
      try {
        moved = await t.connection.withDeadline(Date.now() + t.callTimeoutMs, () =>
          t.client.workflow
            .getHandle(ticketWorkflowId(params.ticketId))
            .executeUpdate(migrateRuleSetUpdate, { args: [{ version: body.version, reason: body.reason, actor }] }),
        );
      } catch (err) {
        const problem = temporalProblem(err, params.ticketId);
        if (problem.status === 404) {
          const [row] = (await ctx.dataSource.query(`SELECT status FROM tickets WHERE ticket_id = $1`, [params.ticketId])) as {
            status: string;
          }[];
          if (row)
            throw new HttpProblem(
              409,
              'ticket_closed',
              'Migration refused',
              `ticket ${params.ticketId} has ended (last status: ${row.status})`,
            );
        }
        if (problem.status === 422)
          throw new HttpProblem(422, 'validation_failed', 'The request is not valid', `version: ${problem.detail}`, [
            { field: 'version', message: problem.detail ?? 'not a published version' },
          ]);
        throw problem;
      }
      await ctx.dataSource.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, 'ticket.rule_set_migrated', 'ticket', $2, $3)`,
          [actor, params.ticketId, JSON.stringify({ ...moved, reason: body.reason })],
        );
      });
      return { body: { ticketId: params.ticketId, ruleSet: { key: moved.key, version: moved.to }, previousVersion: moved.from } };
    },
  });

import { z } from 'zod';
import { audit } from '../../db/audit-log';
import { getVersion } from '../../db/flow-store';
import { ticketWorkflowId } from '../../domain/ticket/ticket.schema';
import { migrateFlowUpdate } from '../../workflows/ticket/ticket.workflow';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { TICKET_ID_PATTERN, temporalProblem } from '../tickets/ticket-gateway';
import { actorOf, keyParams, versionNumber } from './flow-http';

const body = z
  .object({
    ticketIds: z
      .array(z.string().regex(TICKET_ID_PATTERN, 'not a ticket number (TK-YYYYMMDD-XXXXXXXX)'))
      .min(1)
      .max(500)
      .refine((ids) => new Set(ids).size === ids.length, 'lists a ticket twice'),
    toVersion: versionNumber,
    reason: z.string().trim().min(1).max(1000),
  })
  .strict();

type Outcome =
  | { ticketId: string; outcome: 'migrated'; from: number; to: number; nodeId: string }
  | { ticketId: string; outcome: 'refused'; code: string; reason: string };

/** how many tickets are asked at once: enough to move 500 in seconds, few enough to leave the worker room */
const IN_FLIGHT = 4;

export const migrateFlowTicketsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/flows/:key/migrations',
    permission: 'flows:manage',
    summary:
      'Move running tickets of this flow to another of its published versions (`toVersion`), each staying at the node it waits at; a ticket whose node is missing (or differs) in the target, that runs another flow, has ended or already runs it is refused with why. Per ticket: migrated or refused; each migration is a ticket event and an audit row. A repeated request is applied once (a ticket already on the version is refused as such).',
    params: keyParams,
    body,
    async handler({ params, body, principal }) {
      const target = await getVersion(ctx.dataSource, params.key, body.toVersion);
      if (!target || target.status !== 'published')
        throw new HttpProblem(
          422,
          'validation_failed',
          'The request is not valid',
          `flow '${params.key}' has no published v${body.toVersion}`,
          [{ field: 'toVersion', message: 'not a published version of this flow' }],
        );
      if (target.kind !== 'ticket')
        throw new HttpProblem(422, 'validation_failed', 'The request is not valid', `flow '${params.key}' is a ${target.kind} flow`, [
          { field: 'ticketIds', message: 'only ticket flows migrate running work' },
        ]);
      const actor = actorOf(principal);
      const rows = (await ctx.dataSource.query(
        `SELECT ticket_id AS "ticketId", flow_key AS "flowKey", status, last_seq AS "lastSeq" FROM tickets WHERE ticket_id = ANY($1)`,
        [body.ticketIds],
      )) as { ticketId: string; flowKey: string | null; status: string; lastSeq: number }[];
      const known = new Map(rows.map((r) => [r.ticketId, r]));
      const flow = { key: target.flowKey, version: target.version, definition: target.definition };
      const t = ctx.temporal;

      const migrate = async (ticketId: string): Promise<Outcome> => {
        const row = known.get(ticketId);
        if (!row) return { ticketId, outcome: 'refused', code: 'not_found', reason: 'no such ticket' };
        if (row.flowKey !== params.key)
          return { ticketId, outcome: 'refused', code: 'other_flow', reason: `the ticket runs flow '${row.flowKey ?? '(none)'}'` };
        if (row.status === 'closed') return { ticketId, outcome: 'refused', code: 'ended', reason: 'the ticket is closed' };
        try {
          const moved = await t.connection.withDeadline(Date.now() + t.callTimeoutMs, () =>
            t.client.workflow.getHandle(ticketWorkflowId(ticketId)).executeUpdate(migrateFlowUpdate, {
              args: [{ flow, reason: body.reason, actor }],
              // a request repeated before the ticket moved on is the same update: Temporal applies it once
              updateId: `flow-migration:${ticketId}:${row.lastSeq}:${body.toVersion}`,
            }),
          );
          await audit(ctx.dataSource, actor, 'ticket.flow_migrated', 'ticket', ticketId, { ...moved, reason: body.reason });
          return { ticketId, outcome: 'migrated', ...moved };
        } catch (err) {
          const p = temporalProblem(err, ticketId);
          const code = p.status === 404 ? 'ended' : p.status === 503 ? 'unavailable' : 'refused';
          return { ticketId, outcome: 'refused', code, reason: p.status === 404 ? 'the ticket has ended' : (p.detail ?? p.title) };
        }
      };

      const items: Outcome[] = new Array(body.ticketIds.length);
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(IN_FLIGHT, body.ticketIds.length) }, async () => {
          while (next < body.ticketIds.length) {
            const i = next++;
            items[i] = await migrate(body.ticketIds[i]!);
          }
        }),
      );
      const migrated = items.filter((x) => x.outcome === 'migrated').length;
      return {
        body: { flowKey: params.key, toVersion: body.toVersion, migrated, refused: items.length - migrated, items },
      };
    },
  });

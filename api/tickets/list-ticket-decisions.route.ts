import { z } from 'zod';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { HttpProblem } from '../http/problem';
import { ticketIdParams } from './ticket-params';
import { assertTicketInScope } from './ticket-scope';

const query = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** the decision number after which the page starts (the previous page's nextCursor) */
    cursor: z.coerce.number().int().min(0).optional(),
  })
  .strict();

interface DecisionRow {
  decision_no: number;
  event_seq: number;
  origin_seq: number;
  depth: number;
  events: string[];
  rule_set_key: string;
  rule_set_version: number;
  results: unknown;
  actions: unknown;
  guard: unknown[];
  decided_at: Date;
}

export const listTicketDecisionsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/tickets/:ticketId/decisions',
    permission: 'tickets:read',
    summary:
      "A ticket's automation decisions, oldest first: for each evaluation the event, the pinned rule-set version, each rule matched or not and why, the actions taken, and whether the loop guard stopped anything.",
    params: ticketIdParams,
    query,
    async handler({ params, query, principal }) {
      await assertTicketInScope(ctx, principal, params.ticketId);
      const [ticket] = (await ctx.dataSource.query(`SELECT 1 FROM tickets WHERE ticket_id = $1`, [params.ticketId])) as unknown[];
      if (!ticket) throw HttpProblem.notFound(`ticket ${params.ticketId} does not exist`);
      const rows = (await ctx.dataSource.query(
        `SELECT decision_no, event_seq, origin_seq, depth, events, rule_set_key, rule_set_version, results, actions, guard, decided_at
         FROM rule_decisions WHERE ticket_id = $1 AND decision_no > $2 ORDER BY decision_no LIMIT $3`,
        [params.ticketId, query.cursor ?? 0, query.limit + 1],
      )) as DecisionRow[];
      const page = rows.slice(0, query.limit);
      return {
        body: {
          items: page.map((r) => ({
            decisionNo: r.decision_no,
            at: r.decided_at.toISOString(),
            events: r.events,
            eventSeq: r.event_seq,
            originSeq: r.origin_seq,
            depth: r.depth,
            ruleSet: { key: r.rule_set_key, version: r.rule_set_version },
            rules: r.results,
            actionsTaken: r.actions,
            guard: r.guard,
            guardTripped: r.guard.length > 0,
          })),
          nextCursor: rows.length > query.limit ? String(page[page.length - 1]!.decision_no) : null,
        },
      };
    },
  });

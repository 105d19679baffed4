import { z } from 'zod';
import { getDraft, latestPublished } from '../../db/rule-set-store';
import { compareOutcomes, replayRuleSet, type BacktestPoint, type RuleOutcome } from '../../rules/rule-backtest';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { ruleSetParams } from './rule-http';

interface ClosedTicketRow {
  ticketId: string;
  priority: string;
  assigneeId: string | null;
  groupId: string | null;
  tags: string[];
  createdAt: Date;
  closedAt: Date | null;
  data: Record<string, unknown>;
  created: Record<string, unknown> | null;
  breachedAt: Date | null;
  escalations: number;
}

export const backtestRuleSetRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/rule-sets/:setKey/backtest',
    permission: 'rules:read',
    summary:
      'Runs the draft and the published version over the last `limit` closed tickets (newest closed first) and reports per ticket what the draft would change (group, assignee, priority, escalations, tags, SLA policy, notifications, requests), with totals. Each ticket is evaluated as it was created (event ticket.created) and, if it breached, at its first breach (event sla.breached, on its final state). Nothing is written.',
    params: ruleSetParams,
    body: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    async handler({ params, body }) {
      const draft = await getDraft(ctx.dataSource, params.setKey);
      if (!draft)
        throw new HttpProblem(409, 'no_draft', 'Nothing to back-test', `rule set '${params.setKey}' has no draft; change a rule first`);
      const published = await latestPublished(ctx.dataSource, params.setKey);
      const rows = (await ctx.dataSource.query(
        `SELECT t.ticket_id AS "ticketId", t.priority, t.assignee_id AS "assigneeId", t.group_id AS "groupId", t.tags,
                t.created_at AS "createdAt", t.closed_at AS "closedAt", t.data,
                (SELECT e.payload FROM ticket_events e WHERE e.ticket_id = t.ticket_id AND e.type = 'ticket.created' ORDER BY e.seq LIMIT 1) AS created,
                (SELECT min(e.occurred_at) FROM ticket_events e WHERE e.ticket_id = t.ticket_id AND e.type = 'sla.breached') AS "breachedAt",
                (SELECT count(*) FROM ticket_events e WHERE e.ticket_id = t.ticket_id
                   AND e.type IN ('ticket.escalate', 'ticket.escalated', 'rule.escalate'))::int AS escalations
         FROM tickets t WHERE t.status = 'closed'
         ORDER BY t.closed_at DESC NULLS LAST, t.ticket_id DESC LIMIT $1`,
        [body.limit],
      )) as ClosedTicketRow[];
      const byField: Partial<Record<keyof RuleOutcome, number>> = {};
      let changed = 0;
      const items = rows.map((t) => {
        const points: BacktestPoint[] = [
          { event: 'ticket.created', ticket: t.created ?? t.data, now: new Date(t.createdAt).toISOString() },
        ];
        if (t.breachedAt) points.push({ event: 'sla.breached', ticket: t.data, now: new Date(t.breachedAt).toISOString() });
        const before = replayRuleSet(published?.rules ?? [], points);
        const after = replayRuleSet(draft.rules, points);
        const changes = compareOutcomes(before.outcome, after.outcome);
        if (changes.length) changed++;
        for (const c of changes) byField[c.field] = (byField[c.field] ?? 0) + 1;
        return {
          ticketId: t.ticketId,
          closedAt: t.closedAt,
          actual: { priority: t.priority, groupId: t.groupId, assigneeId: t.assigneeId, tags: t.tags, escalations: t.escalations },
          published: { matched: before.matched, outcome: before.outcome },
          draft: { matched: after.matched, outcome: after.outcome },
          changes,
        };
      });
      return {
        body: {
          key: params.setKey,
          publishedVersion: published?.version ?? null,
          draftVersion: draft.version,
          totals: { tickets: rows.length, changed, unchanged: rows.length - changed, byField },
          items,
        },
      };
    },
  });

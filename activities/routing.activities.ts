import type { DataSource } from 'typeorm';
import { HttpProblem } from '../api/http/problem';
import { loadGroup, loadRoutingTicket } from '../api/routing/routing-queries';
import { resolveRoutingGroup, routeTicket } from '../api/routing/routing-service';
import { audit } from '../api/routing/routing-writes';

export interface AutoRouteInput {
  ticketId: string;
  /** `queued`: a new ticket; `requeued`: back in the queue (a missed acceptance, a dispute) */
  trigger: 'queued' | 'requeued';
  /** never hand the ticket back to whoever let it go */
  previousAssigneeId: string | null;
  /** the queue the ticket was put in (e.g. by a rule); else the group its skills match */
  groupId: string | null;
}

/** Whom the ticket's workflow should assign, or why it stays in the queue. */
export type AutoRouteOutcome =
  | { assign: { assigneeId: string; groupId: string; note: string }; groupId: string }
  | { assign: null; groupId: string | null; reason: string };

/**
 * Routing for the ticket workflow: the same decision as POST /api/v1/routing/assign, taken when a
 * ticket enters a queue whose group hands out its own work (`autoAssign`). The group row is locked
 * so a round robin advances once per ticket; the workflow then assigns unless someone got there first.
 */
export function createRoutingActivities(deps: { dataSource: DataSource }) {
  return {
    async autoRouteTicket(input: AutoRouteInput): Promise<AutoRouteOutcome> {
      return deps.dataSource.transaction(async (tx) => {
        const stored = await loadRoutingTicket(tx, input.ticketId); // not yet projected: thrown, retried
        const groupId = await resolveRoutingGroup(tx, input.groupId, stored.ticket, stored.groupId);
        if (!groupId) return { assign: null, groupId: null, reason: 'no group matches this ticket' };
        // Locked first, so a round robin takes one turn per ticket however many arrive at once.
        const queue = await loadGroup(tx, groupId, true).catch((err: unknown) => {
          if (err instanceof HttpProblem && err.status === 404) return null;
          throw err;
        });
        if (!queue) return { assign: null, groupId, reason: `${groupId} is not a routing group` };
        if (!queue.auto_assign) return { assign: null, groupId, reason: `group ${groupId} leaves tickets for its agents to take` };
        const routed = await routeTicket(
          tx,
          {
            ticketId: input.ticketId,
            groupId,
            reroute: input.trigger === 'requeued',
            excludeAgentIds: input.previousAssigneeId ? [input.previousAssigneeId] : [],
          },
          { lock: true, now: new Date() },
        );
        const { decision, group } = routed;
        if (!decision.assigneeId) return { assign: null, groupId: group.id, reason: decision.reason };
        if (decision.strategy === 'round_robin' && decision.rule === 'strategy') {
          await tx.query(`UPDATE routing_groups SET rr_cursor = $2 WHERE id = $1`, [group.id, decision.nextRoundRobinCursor]);
        }
        await audit(tx, 'routing:auto', 'routing.auto_decided', 'ticket', input.ticketId, {
          trigger: input.trigger,
          assigneeId: decision.assigneeId,
          groupId: group.id,
          rule: decision.rule,
          strategy: decision.strategy,
          p1OnDuty: decision.p1OnDuty,
          candidates: decision.candidates.map((c) => ({ agentId: c.agentId, score: c.score, excluded: c.excluded })),
        });
        return {
          assign: { assigneeId: decision.assigneeId, groupId: group.id, note: decision.reason.slice(0, 2000) },
          groupId: group.id,
        };
      });
    },
  };
}

import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { providerScope } from '../tickets/ticket-scope';
import { routeRequestSchema, routeTicket } from './routing-service';
import { actorOf, audit } from './routing-writes';

export const autoAssignRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/routing/assign',
    permission: 'tickets:act',
    summary:
      'Route a stored ticket and assign it through the ticket workflow (the same assign action an agent takes, so it is on the ticket’s record). Answers the decision and the ticket. 409 when no one can take it (the decision says why) or the ticket’s state does not allow assign.',
    body: routeRequestSchema.refine((b) => !!b.ticketId, { message: 'required', path: ['ticketId'] }),
    async handler({ body, principal }) {
      // The platform's queues and people are not a service provider's to hand work to.
      if (providerScope(principal)) throw new HttpProblem(403, 'forbidden', 'Forbidden', "a service provider's token cannot route tickets");
      const actor = actorOf(principal);
      const out = await ctx.dataSource.transaction(async (tx) => {
        const { decision, ticket } = await routeTicket(tx, body, { lock: true, now: new Date() });
        if (!decision.assigneeId) {
          throw new HttpProblem(409, 'no_assignee', 'No one can take this ticket', decision.reason, undefined, {}, { decision });
        }
        // Inside the transaction on purpose: if the workflow refuses the assignment, the cursor does not move.
        const state = await ctx.tickets.act(body.ticketId!, {
          action: 'assign',
          payload: { assigneeId: decision.assigneeId, groupId: decision.groupId, note: decision.reason.slice(0, 2000) },
          actor,
        });
        if (decision.strategy === 'round_robin' && decision.rule === 'strategy') {
          await tx.query(`UPDATE routing_groups SET rr_cursor = $2 WHERE id = $1`, [decision.groupId, decision.nextRoundRobinCursor]);
        }
        await audit(tx, actor, 'routing.assigned', 'ticket', body.ticketId!, {
          assigneeId: decision.assigneeId,
          groupId: decision.groupId,
          rule: decision.rule,
          strategy: decision.strategy,
          booking: decision.booking ?? null,
          p1OnDuty: decision.p1OnDuty,
          candidates: decision.candidates.map((c) => ({ agentId: c.agentId, score: c.score, excluded: c.excluded })),
          ticket,
        });
        return { decision, ticket: state };
      });
      return { body: out };
    },
  });

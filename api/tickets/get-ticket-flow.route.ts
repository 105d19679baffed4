import { TicketEntity } from '../../db/entities/ticket.entity';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { HttpProblem } from '../http/problem';
import { ticketIdParams } from './ticket-params';
import type { TicketView } from './ticket-gateway';
import { assertTicketInScope } from './ticket-scope';

/** Where a ticket is in its flow, so the designer can open its version with the ticket's path lit up. */
export const getTicketFlowRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/tickets/:ticketId/flow',
    permission: 'tickets:read',
    summary:
      'The flow a ticket runs: key, pinned version, the node it waits at, the nodes it passed through (oldest first) and its status — live from the workflow, or from the last recorded snapshot once the workflow is gone (`live: false`). Tickets from before flows were interpreted have none (409).',
    params: ticketIdParams,
    async handler({ params, principal }) {
      await assertTicketInScope(ctx, principal, params.ticketId);
      let live = true;
      let state = await ctx.tickets.get(params.ticketId).catch((err: unknown) => {
        if (err instanceof HttpProblem && err.status === 404) return null;
        throw err;
      });
      if (!state) {
        live = false;
        const row = await ctx.dataSource.getRepository(TicketEntity).findOneBy({ ticketId: params.ticketId });
        state = row ? (row.data as unknown as TicketView) : null;
      }
      if (!state) throw HttpProblem.notFound(`ticket ${params.ticketId} does not exist`);
      if (!state.flow?.key)
        throw new HttpProblem(409, 'no_flow', 'No flow', `ticket ${params.ticketId} started before flows and runs the fixed lifecycle`);
      return {
        body: {
          ticketId: params.ticketId,
          flowKey: state.flow.key,
          version: state.flow.version,
          nodeId: state.flow.nodeId,
          path: state.flow.path,
          status: state.status,
          live,
        },
      };
    },
  });

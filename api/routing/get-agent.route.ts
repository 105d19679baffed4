import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { agentView, loadAgent, openTicketCounts } from './routing-queries';
import { idParams } from './routing-writes';

export const getAgentRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/agents/:id',
    permission: 'routing:read',
    summary: 'One agent with skills, calendar, parts on hand and the number of open tickets they hold.',
    params: idParams,
    async handler({ params }) {
      const row = await loadAgent(ctx.dataSource, params.id);
      const open = await openTicketCounts(ctx.dataSource, [row.id]);
      return { headers: { ETag: `"${row.version}"` }, body: agentView(row, new Date(), open.get(row.id) ?? 0) };
    },
  });

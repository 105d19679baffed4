import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { loadAgent } from './routing-queries';
import { actorOf, audit, idParams } from './routing-writes';

export const deleteAgentRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'delete',
    path: '/api/v1/agents/:id',
    permission: 'routing:manage',
    summary: 'Remove an agent who mentors no one (409 names the mentees); their roster entries and parts go with them. Audited.',
    params: idParams,
    async handler({ params, principal }) {
      const actor = actorOf(principal);
      await ctx.dataSource.transaction(async (tx) => {
        const row = await loadAgent(tx, params.id);
        const mentees = (await tx.query(`SELECT id FROM agents WHERE mentor_id = $1 ORDER BY id`, [params.id])) as { id: string }[];
        if (mentees.length) {
          throw new HttpProblem(409, 'agent_in_use', 'Agent in use', `agent ${params.id} mentors ${mentees.map((m) => m.id).join(', ')}`);
        }
        await tx.query(`DELETE FROM agents WHERE id = $1`, [params.id]);
        await audit(tx, actor, 'agent.deleted', 'agent', params.id, { name: row.name, groups: row.groups, version: row.version });
      });
      return { status: 204, body: undefined };
    },
  });

import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { loadGroup } from './routing-queries';
import { actorOf, audit, idParams } from './routing-writes';

export const deleteGroupRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'delete',
    path: '/api/v1/groups/:id',
    permission: 'routing:manage',
    summary: 'Delete a queue no agent belongs to (409 names the members). Audited.',
    params: idParams,
    async handler({ params, principal }) {
      const actor = actorOf(principal);
      await ctx.dataSource.transaction(async (tx) => {
        const row = await loadGroup(tx, params.id, true);
        const members = (await tx.query(`SELECT id FROM agents WHERE $1 = ANY(groups) ORDER BY id LIMIT 20`, [params.id])) as {
          id: string;
        }[];
        if (members.length) {
          throw new HttpProblem(
            409,
            'group_in_use',
            'Group in use',
            `group ${params.id} has members: ${members.map((m) => m.id).join(', ')}`,
          );
        }
        await tx.query(`DELETE FROM routing_groups WHERE id = $1`, [params.id]);
        await audit(tx, actor, 'group.deleted', 'routing_group', params.id, {
          name: row.name,
          strategy: row.strategy,
          version: row.version,
        });
      });
      return { status: 204, body: undefined };
    },
  });

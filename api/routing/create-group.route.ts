import { createGroupSchema } from '../../domain/routing/agent-profile';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { groupView, loadGroup } from './routing-queries';
import { actorOf, audit } from './routing-writes';

export const createGroupRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/groups',
    permission: 'routing:manage',
    summary:
      'Create a queue: the skills its tickets need (productLine, region, issueType — absent = taken from the ticket — and minLevel) and its strategy (round_robin, fewest_open, weighted by expected handling time); autoAssign: tickets entering it are routed and assigned by their workflow.',
    body: createGroupSchema,
    async handler({ body, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        const inserted: unknown[] = await tx.query(
          `INSERT INTO routing_groups (id, name, required_skills, strategy, auto_assign, created_by, updated_by) VALUES ($1, $2, $3, $4, $6, $5, $5)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [body.id, body.name, JSON.stringify(body.requiredSkills), body.strategy, actor, body.autoAssign],
        );
        if (!inserted.length) {
          throw new HttpProblem(409, 'group_exists', 'Group exists', `group ${body.id} already exists`, [
            { field: 'id', message: 'already exists' },
          ]);
        }
        await audit(tx, actor, 'group.created', 'routing_group', body.id, body);
        return loadGroup(tx, body.id);
      });
      return { status: 201, headers: { Location: `/api/v1/groups/${row.id}`, ETag: `"${row.version}"` }, body: groupView(row) };
    },
  });

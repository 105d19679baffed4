import { updateGroupSchema } from '../../domain/routing/agent-profile';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { groupView, loadGroup } from './routing-queries';
import { actorOf, audit, checkIfMatch, idParams } from './routing-writes';

export const updateGroupRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'patch',
    path: '/api/v1/groups/:id',
    permission: 'routing:manage',
    summary: 'Change a queue’s name, required skills, strategy or autoAssign. If-Match is honoured. Audited.',
    params: idParams,
    body: updateGroupSchema,
    async handler({ req, params, body, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        const current = await loadGroup(tx, params.id, true);
        checkIfMatch(req.header('If-Match'), current.version, `group ${params.id}`);
        await tx.query(
          `UPDATE routing_groups SET name = $2, required_skills = $3, strategy = $4, auto_assign = $6, version = version + 1, updated_by = $5, updated_at = now()
            WHERE id = $1`,
          [
            params.id,
            body.name ?? current.name,
            JSON.stringify(body.requiredSkills ?? current.required_skills),
            body.strategy ?? current.strategy,
            actor,
            body.autoAssign ?? current.auto_assign,
          ],
        );
        await audit(tx, actor, 'group.updated', 'routing_group', params.id, { changed: Object.keys(body), ...body });
        return loadGroup(tx, params.id);
      });
      return { headers: { ETag: `"${row.version}"` }, body: groupView(row) };
    },
  });

import { createRosterEntrySchema } from '../../domain/routing/agent-profile';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { rosterView, type RosterRow } from './roster-queries';
import { actorOf, audit } from './routing-writes';

export const createRosterEntryRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/rosters',
    permission: 'routing:manage',
    summary:
      'Put an agent on the roster for a time span: shift, on_duty (P1 tickets go to whoever is on duty; groupId narrows it to one queue), leave or busy (a booked visit; field dispatch skips them). Audited.',
    body: createRosterEntrySchema,
    async handler({ body, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        const [agent] = (await tx.query(`SELECT groups FROM agents WHERE id = $1`, [body.agentId])) as { groups: string[] }[];
        if (!agent) {
          throw new HttpProblem(422, 'validation_failed', 'The request is not valid', `agentId: no agent ${body.agentId}`, [
            { field: 'agentId', message: `no agent ${body.agentId}` },
          ]);
        }
        if (body.groupId && !agent.groups.includes(body.groupId)) {
          throw new HttpProblem(
            422,
            'validation_failed',
            'The request is not valid',
            `groupId: ${body.agentId} is not in ${body.groupId}`,
            [{ field: 'groupId', message: `${body.agentId} is not a member of ${body.groupId}` }],
          );
        }
        const [inserted] = (await tx.query(
          `INSERT INTO roster_entries (agent_id, group_id, kind, starts_at, ends_at, note, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
           RETURNING id::text, agent_id, group_id, kind, starts_at, ends_at, note, created_by, created_at`,
          [body.agentId, body.groupId ?? null, body.kind, body.startsAt, body.endsAt, body.note ?? null, actor],
        )) as RosterRow[];
        await audit(tx, actor, 'roster.created', 'roster_entry', inserted!.id, body);
        return inserted!;
      });
      return { status: 201, headers: { Location: `/api/v1/rosters/${row.id}` }, body: rosterView(row) };
    },
  });

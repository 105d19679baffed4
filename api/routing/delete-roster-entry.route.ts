import { z } from 'zod';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { ROSTER_COLUMNS, rosterView, type RosterRow } from './roster-queries';
import { actorOf, audit } from './routing-writes';

export const deleteRosterEntryRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'delete',
    path: '/api/v1/rosters/:id',
    permission: 'routing:manage',
    summary: 'Take a roster entry off the roster. Audited with what it was.',
    params: z.object({ id: z.string().regex(/^\d{1,18}$/, 'an entry id') }).strict(),
    async handler({ params, principal }) {
      const actor = actorOf(principal);
      await ctx.dataSource.transaction(async (tx) => {
        const [row] = (await tx.query(`DELETE FROM roster_entries WHERE id = $1 RETURNING ${ROSTER_COLUMNS}`, [params.id])) as RosterRow[];
        if (!row) throw HttpProblem.notFound(`roster entry ${params.id} does not exist`);
        await audit(tx, actor, 'roster.deleted', 'roster_entry', params.id, rosterView(row));
      });
      return { status: 204, body: undefined };
    },
  });

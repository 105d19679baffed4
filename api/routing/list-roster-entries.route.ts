import { z } from 'zod';
import { routingIdSchema } from '../../domain/routing/agent-profile';
import { ROSTER_KINDS } from '../../domain/routing/routing-model';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { ROSTER_COLUMNS, rosterView, type RosterRow } from './roster-queries';

const query = z
  .object({
    agentId: routingIdSchema.optional(),
    groupId: routingIdSchema.optional(),
    kind: z.enum(ROSTER_KINDS).optional(),
    /** entries that overlap [from, to) */
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    /** entries on duty at this instant */
    at: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'an entry id')
      .optional(),
  })
  .strict();

export const listRosterEntriesRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/rosters',
    permission: 'routing:read',
    summary: 'Roster entries by agent, group, kind and time (from/to overlap, or at an instant: who is on duty now), with keyset paging.',
    query,
    async handler({ query }) {
      const where: string[] = [];
      const args: unknown[] = [];
      const arg = (v: unknown) => `$${args.push(v)}`;
      if (query.agentId) where.push(`agent_id = ${arg(query.agentId)}`);
      if (query.groupId) {
        const g = arg(query.groupId);
        // an entry without a group holds for every group the agent is in
        where.push(
          `(group_id = ${g} OR (group_id IS NULL AND EXISTS (SELECT 1 FROM agents a WHERE a.id = agent_id AND ${g} = ANY(a.groups))))`,
        );
      }
      if (query.kind) where.push(`kind = ${arg(query.kind)}`);
      if (query.from) where.push(`ends_at > ${arg(query.from)}`);
      if (query.to) where.push(`starts_at < ${arg(query.to)}`);
      if (query.at) where.push(`starts_at <= ${arg(query.at)} AND ends_at > ${arg(query.at)}`);
      if (query.cursor) where.push(`id > ${arg(query.cursor)}`);
      const rows = (await ctx.dataSource.query(
        `SELECT ${ROSTER_COLUMNS} FROM roster_entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ${arg(query.limit + 1)}`,
        args,
      )) as RosterRow[];
      const page = rows.slice(0, query.limit);
      return { body: { items: page.map(rosterView), nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null } };
    },
  });

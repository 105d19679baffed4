import { z } from 'zod';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { visitView, type VisitRow } from './visit-queries';

const query = z
  .object({
    status: z.string().trim().min(1).max(64).optional(),
    engineerId: z.string().trim().min(1).max(128).optional(),
    ticketId: z.string().trim().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const listVisitsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/visits',
    permission: 'visits:read',
    summary: 'On-site visits (上门), newest change first; filter by status, engineerId, ticketId.',
    query,
    async handler({ query }) {
      const rows = (await ctx.dataSource.query(
        `SELECT * FROM visits WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR engineer_id = $2) AND ($3::text IS NULL OR ticket_id = $3)
          ORDER BY updated_at DESC, visit_id LIMIT $4`,
        [query.status ?? null, query.engineerId ?? null, query.ticketId ?? null, query.limit],
      )) as VisitRow[];
      return { body: { items: rows.map(visitView) } };
    },
  });

import { z } from 'zod';
import { LOCATION_KINDS, locationIdSchema } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { locationView, type LocationRow } from './part-queries';

const query = z
  .object({
    kind: z.enum(LOCATION_KINDS).optional(),
    region: z.string().trim().min(1).max(50).optional(),
    agentId: z.string().trim().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(100),
    cursor: locationIdSchema.optional(),
  })
  .strict();

export const listLocationsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/stock-locations',
    permission: 'parts:read',
    summary: 'Warehouses and engineers’ vans in id order (cursor paging); filter by kind, region, agentId.',
    query,
    async handler({ query }) {
      const rows = (await ctx.dataSource.query(
        `SELECT * FROM stock_locations
          WHERE ($1::text IS NULL OR id > $1) AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR region = $3)
            AND ($4::text IS NULL OR agent_id = $4)
          ORDER BY id LIMIT $5`,
        [query.cursor ?? null, query.kind ?? null, query.region ?? null, query.agentId ?? null, query.limit + 1],
      )) as LocationRow[];
      const page = rows.slice(0, query.limit);
      return { body: { items: page.map(locationView), nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null } };
    },
  });

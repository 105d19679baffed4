import { z } from 'zod';
import { locationIdSchema, MOVEMENT_KINDS, partCodeSchema } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { movementView, type MovementRow } from './part-queries';

const query = z
  .object({
    partCode: partCodeSchema.optional(),
    locationId: locationIdSchema.optional(),
    /** a visit, ticket, RMA or purchase request id */
    refId: z.string().trim().min(1).max(64).optional(),
    reservationId: z.coerce.number().int().min(1).optional(),
    kind: z.enum(MOVEMENT_KINDS).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    /** the last id of the previous page */
    cursor: z.coerce.number().int().min(0).optional(),
  })
  .strict();

export const listMovementsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/stock/movements',
    permission: 'parts:read',
    summary:
      'The stock ledger, oldest first: each movement with its deltas of on hand / reserved / defective and the balance after; filter by part, location, ref, reservation, kind. Append-only.',
    query,
    async handler({ query }) {
      const rows = (await ctx.dataSource.query(
        `SELECT * FROM stock_movements
          WHERE ($1::text IS NULL OR part_code = $1) AND ($2::text IS NULL OR location_id = $2) AND ($3::text IS NULL OR ref_id = $3)
            AND ($4::bigint IS NULL OR reservation_id = $4) AND ($5::text IS NULL OR kind = $5) AND ($6::bigint IS NULL OR id > $6)
          ORDER BY id LIMIT $7`,
        [
          query.partCode ?? null,
          query.locationId ?? null,
          query.refId ?? null,
          query.reservationId ?? null,
          query.kind ?? null,
          query.cursor ?? null,
          query.limit + 1,
        ],
      )) as MovementRow[];
      const page = rows.slice(0, query.limit);
      return { body: { items: page.map(movementView), nextCursor: rows.length > query.limit ? Number(page[page.length - 1]!.id) : null } };
    },
  });

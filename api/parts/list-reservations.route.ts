import { z } from 'zod';
import { locationIdSchema, partCodeSchema, REF_TYPES, RESERVATION_STATUSES } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { reservationView, type ReservationRow } from './part-queries';

const query = z
  .object({
    refType: z.enum(REF_TYPES).optional(),
    refId: z.string().trim().min(1).max(64).optional(),
    key: z.string().trim().min(1).max(200).optional(),
    status: z.enum(RESERVATION_STATUSES).optional(),
    locationId: locationIdSchema.optional(),
    partCode: partCodeSchema.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.coerce.number().int().min(0).optional(),
  })
  .strict();

export const listReservationsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/stock/reservations',
    permission: 'parts:read',
    summary: 'Reservations oldest first (cursor = last id); filter by ref (a visit’s parts), key, status, location, part.',
    query,
    async handler({ query }) {
      const rows = (await ctx.dataSource.query(
        `SELECT * FROM stock_reservations
          WHERE ($1::text IS NULL OR ref_type = $1) AND ($2::text IS NULL OR ref_id = $2) AND ($3::text IS NULL OR key = $3)
            AND ($4::text IS NULL OR status = $4) AND ($5::text IS NULL OR location_id = $5) AND ($6::text IS NULL OR part_code = $6)
            AND ($7::bigint IS NULL OR id > $7)
          ORDER BY id LIMIT $8`,
        [
          query.refType ?? null,
          query.refId ?? null,
          query.key ?? null,
          query.status ?? null,
          query.locationId ?? null,
          query.partCode ?? null,
          query.cursor ?? null,
          query.limit + 1,
        ],
      )) as ReservationRow[];
      const page = rows.slice(0, query.limit);
      return {
        body: { items: page.map(reservationView), nextCursor: rows.length > query.limit ? Number(page[page.length - 1]!.id) : null },
      };
    },
  });

import { z } from 'zod';
import { locationIdSchema, partCodeSchema } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { levelView, type LevelRow } from './part-queries';

const query = z
  .object({
    locationId: locationIdSchema.optional(),
    partCode: partCodeSchema.optional(),
    /** only warehouse rows whose available stock is below the part's reorder point */
    lowOnly: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    /** nextCursor of the previous page */
    cursor: z
      .string()
      .regex(/^[^|]{1,64}\|[^|]{1,64}$/, 'a nextCursor of this list')
      .optional(),
  })
  .strict();

export const listStockRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/stock',
    permission: 'parts:read',
    summary:
      'Stock levels (on hand, reserved, available, defective) by location and part, with the part’s name and reorder point; lowOnly=true lists what a warehouse should reorder.',
    query,
    async handler({ query }) {
      const [afterLocation, afterPart] = query.cursor ? query.cursor.split('|') : [null, null];
      const rows = (await ctx.dataSource.query(
        `SELECT l.*, p.name AS part_name, p.unit, p.reorder_point, s.kind AS location_kind, s.name AS location_name
           FROM stock_levels l JOIN parts p ON p.code = l.part_code JOIN stock_locations s ON s.id = l.location_id
          WHERE ($1::text IS NULL OR l.location_id = $1) AND ($2::text IS NULL OR l.part_code = $2)
            AND (NOT $3 OR (s.kind = 'warehouse' AND p.reorder_point > 0 AND l.on_hand - l.reserved < p.reorder_point))
            AND ($4::text IS NULL OR (l.location_id, l.part_code) > ($4, $5))
          ORDER BY l.location_id, l.part_code LIMIT $6`,
        [query.locationId ?? null, query.partCode ?? null, query.lowOnly === 'true', afterLocation, afterPart, query.limit + 1],
      )) as (LevelRow & { part_name: string; unit: string; reorder_point: number; location_kind: string; location_name: string })[];
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        body: {
          items: page.map((r) => ({
            ...levelView(r),
            partName: r.part_name,
            unit: r.unit,
            reorderPoint: r.reorder_point,
            locationKind: r.location_kind,
            locationName: r.location_name,
          })),
          nextCursor: rows.length > query.limit && last ? `${last.location_id}|${last.part_code}` : null,
        },
      };
    },
  });

import { z } from 'zod';
import { locationIdSchema, partCodeSchema, PURCHASE_REASONS, PURCHASE_STATUSES } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { purchaseRequestView, type PurchaseRequestRow } from './part-queries';

const query = z
  .object({
    status: z.enum(PURCHASE_STATUSES).optional(),
    reason: z.enum(PURCHASE_REASONS).optional(),
    partCode: partCodeSchema.optional(),
    locationId: locationIdSchema.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.coerce.number().int().min(0).optional(),
  })
  .strict();

export const listPurchaseRequestsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/purchase-requests',
    permission: 'parts:read',
    summary:
      'Purchase requests oldest first (cursor = last id): opened by low stock or by a shortage; filter by status, reason, part, location.',
    query,
    async handler({ query }) {
      const rows = (await ctx.dataSource.query(
        `SELECT * FROM purchase_requests
          WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR reason = $2) AND ($3::text IS NULL OR part_code = $3)
            AND ($4::text IS NULL OR location_id = $4) AND ($5::bigint IS NULL OR id > $5)
          ORDER BY id LIMIT $6`,
        [
          query.status ?? null,
          query.reason ?? null,
          query.partCode ?? null,
          query.locationId ?? null,
          query.cursor ?? null,
          query.limit + 1,
        ],
      )) as PurchaseRequestRow[];
      const page = rows.slice(0, query.limit);
      return {
        body: { items: page.map(purchaseRequestView), nextCursor: rows.length > query.limit ? Number(page[page.length - 1]!.id) : null },
      };
    },
  });

import { z } from 'zod';
import { locationIdSchema, TRANSFER_STATUSES } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { loadTransfer, movementView, transferView, type MovementRow, type TransferRow } from './part-queries';
import { idParams } from './parts-http';

const query = z
  .object({
    status: z.enum(TRANSFER_STATUSES).optional(),
    fromLocationId: locationIdSchema.optional(),
    toLocationId: locationIdSchema.optional(),
    refId: z.string().trim().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.coerce.number().int().min(0).optional(),
  })
  .strict();

export const listTransfersRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/stock/transfers',
    permission: 'parts:read',
    summary:
      'Transfers shipped in transit, oldest first (cursor = last id): what a warehouse is to receive (status=in_transit&toLocationId=…), or what was sent for a visit (refId).',
    query,
    async handler({ query }) {
      const rows = (await ctx.dataSource.query(
        `SELECT * FROM stock_transfers
          WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR from_location_id = $2)
            AND ($3::text IS NULL OR to_location_id = $3) AND ($4::text IS NULL OR ref_id = $4) AND ($5::bigint IS NULL OR id > $5)
          ORDER BY id LIMIT $6`,
        [
          query.status ?? null,
          query.fromLocationId ?? null,
          query.toLocationId ?? null,
          query.refId ?? null,
          query.cursor ?? null,
          query.limit + 1,
        ],
      )) as TransferRow[];
      const page = rows.slice(0, query.limit);
      return {
        body: { items: page.map(transferView), nextCursor: rows.length > query.limit ? Number(page[page.length - 1]!.id) : null },
      };
    },
  });

export const getTransferRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/stock/transfers/:id',
    permission: 'parts:read',
    summary: 'One transfer shipped in transit, with its ledger movements (transfer_out when shipped, transfer_in when received).',
    params: idParams,
    async handler({ params }) {
      const row = await loadTransfer(ctx.dataSource, params.id);
      const movements = (await ctx.dataSource.query(
        `SELECT * FROM stock_movements WHERE ref_type = 'transfer' AND ref_id = $1 AND op IN ($2, $3) ORDER BY id`,
        [String(params.id), row.op, row.received_op ?? ''],
      )) as MovementRow[];
      return { headers: { ETag: `"${row.version}"` }, body: { ...transferView(row), movements: movements.map(movementView) } };
    },
  });

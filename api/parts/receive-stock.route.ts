import { receiptSchema } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { actorOf, keyOf } from './parts-http';
import { receiveStock } from './stock-service';

export const receiveStockRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/stock/receipts',
    permission: 'parts:manage',
    summary:
      'Goods in at a warehouse or van: one receive movement per line. With Idempotency-Key (or idempotencyKey) a retry answers the first receipt (200) and adds nothing.',
    body: receiptSchema,
    async handler({ req, body, principal }) {
      const out = await receiveStock(ctx.dataSource, {
        locationId: body.locationId,
        lines: body.lines,
        note: body.note,
        key: keyOf(req.header('Idempotency-Key'), body.idempotencyKey),
        actor: actorOf(principal),
      });
      return { status: out.replayed ? 200 : 201, headers: out.replayed ? { 'Idempotent-Replayed': 'true' } : undefined, body: out };
    },
  });

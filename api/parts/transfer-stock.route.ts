import { transferSchema } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { actorOf, keyOf } from './parts-http';
import { shipTransfer, transferStock } from './stock-service';

export const transferStockRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/stock/transfers',
    permission: 'parts:manage',
    summary:
      'Move free stock between warehouses and vans (transfer_out + transfer_in per line). With inTransit: true the stock is shipped (transfer_out now) and lands when the destination receives it (POST /stock/transfers/:id/receive). More than is available is 409 insufficient_stock naming each part. Idempotent with a key.',
    body: transferSchema,
    async handler({ req, body, principal }) {
      const input = {
        fromLocationId: body.fromLocationId,
        toLocationId: body.toLocationId,
        lines: body.lines,
        note: body.note,
        key: keyOf(req.header('Idempotency-Key'), body.idempotencyKey),
        actor: actorOf(principal),
      };
      const out = body.inTransit ? await shipTransfer(ctx.dataSource, input) : await transferStock(ctx.dataSource, input);
      return { status: out.replayed ? 200 : 201, headers: out.replayed ? { 'Idempotent-Replayed': 'true' } : undefined, body: out };
    },
  });

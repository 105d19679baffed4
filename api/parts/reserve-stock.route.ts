import { reserveSchema } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { actorOf, insufficientStock, invalid, keyOf } from './parts-http';
import { reserveStock } from './stock-service';

export const reserveStockRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/stock/reservations',
    permission: 'parts:manage',
    summary:
      'Promise parts at a location to a visit, ticket or RMA. Needs Idempotency-Key (or idempotencyKey): a retry answers the same reservation (200). Not enough available: 409 insufficient_stock with what is available, the substitutes in stock, other places that have it and the purchase request opened (or already on its way); the key stays unused so the same request can be retried when the parts arrive.',
    body: reserveSchema,
    async handler({ req, body, principal }) {
      const key = keyOf(req.header('Idempotency-Key'), body.idempotencyKey);
      if (!key) throw invalid('idempotencyKey', 'send an Idempotency-Key header or idempotencyKey');
      const out = await reserveStock(ctx.dataSource, {
        key,
        refType: body.refType,
        refId: body.refId,
        locationId: body.locationId,
        lines: [{ partCode: body.partCode, qty: body.qty }],
        note: body.note,
        actor: actorOf(principal),
        fieldOf: (_line, name) => name,
      });
      if (!out.reserved) throw insufficientStock(out.shortages[0]!);
      const reservation = out.reservations[0]!;
      return {
        status: out.replayed ? 200 : 201,
        headers: { Location: `/api/v1/stock/reservations/${reservation.id}`, ...(out.replayed ? { 'Idempotent-Replayed': 'true' } : {}) },
        body: { ...reservation, purchaseRequestsOpened: out.purchaseRequestsOpened },
      };
    },
  });

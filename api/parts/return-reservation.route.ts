import { returnSchema } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { actorOf, idParams, keyOf } from './parts-http';
import { returnReservation } from './stock-service';
import { stepResponse } from './step-result';

export const returnReservationRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/stock/reservations/:id/return',
    permission: 'parts:manage',
    summary:
      'Parts back to a warehouse (toLocationId, default where they were reserved): unused issued parts, or the old parts removed after a consumption (qty). condition good → sellable stock; defective → counted as defective, never available. Idempotent with a key.',
    params: idParams,
    body: returnSchema,
    async handler({ req, params, body, principal }) {
      return stepResponse(
        await returnReservation(ctx.dataSource, {
          reservationId: params.id,
          condition: body.condition,
          qty: body.qty,
          toLocationId: body.toLocationId,
          key: keyOf(req.header('Idempotency-Key'), body.idempotencyKey),
          note: body.note,
          actor: actorOf(principal),
        }),
      );
    },
  });

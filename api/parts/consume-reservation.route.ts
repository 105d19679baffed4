import { consumeSchema } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { actorOf, idParams, keyOf } from './parts-http';
import { consumeReservation } from './stock-service';
import { stepResponse } from './step-result';

export const consumeReservationRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/stock/reservations/:id/consume',
    permission: 'parts:manage',
    summary:
      'Record the parts fitted at the customer’s (qty, default all): a consume movement; any not used are released in the van as free stock. Idempotent with a key.',
    params: idParams,
    body: consumeSchema,
    async handler({ req, params, body, principal }) {
      return stepResponse(
        await consumeReservation(ctx.dataSource, {
          reservationId: params.id,
          qty: body.qty,
          key: keyOf(req.header('Idempotency-Key'), body.idempotencyKey),
          note: body.note,
          actor: actorOf(principal),
        }),
      );
    },
  });

import { releaseSchema } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { actorOf, idParams, keyOf } from './parts-http';
import { releaseReservation } from './stock-service';
import { stepResponse } from './step-result';

export const releaseReservationRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/stock/reservations/:id/release',
    permission: 'parts:manage',
    summary:
      'Give reserved parts back to free stock (the visit was cancelled). Only a reserved reservation; 409 otherwise. Idempotent with a key.',
    params: idParams,
    body: releaseSchema,
    async handler({ req, params, body, principal }) {
      return stepResponse(
        await releaseReservation(ctx.dataSource, {
          reservationId: params.id,
          key: keyOf(req.header('Idempotency-Key'), body.idempotencyKey),
          note: body.note,
          actor: actorOf(principal),
        }),
      );
    },
  });

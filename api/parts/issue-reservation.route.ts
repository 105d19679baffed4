import { issueSchema } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { actorOf, idParams, keyOf } from './parts-http';
import { issueReservation } from './stock-service';
import { stepResponse } from './step-result';

export const issueReservationRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/stock/reservations/:id/issue',
    permission: 'parts:manage',
    summary:
      'Hand reserved parts from the warehouse to an engineer’s van (toLocationId, kind engineer): an issue movement out of the warehouse and one into the van, still reserved for the visit. Idempotent with a key.',
    params: idParams,
    body: issueSchema,
    async handler({ req, params, body, principal }) {
      return stepResponse(
        await issueReservation(ctx.dataSource, {
          reservationId: params.id,
          toLocationId: body.toLocationId,
          key: keyOf(req.header('Idempotency-Key'), body.idempotencyKey),
          note: body.note,
          actor: actorOf(principal),
        }),
      );
    },
  });

import { receiveTransferSchema } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { tellVisitsPartsArrived } from '../visits/parts-arrived';
import { actorOf, idParams, keyOf } from './parts-http';
import { receiveTransfer } from './stock-service';

export const receiveTransferRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/stock/transfers/:id/receive',
    permission: 'parts:manage',
    summary:
      'The destination receives a transfer in transit: its lines land on the shelf (transfer_in), and visits waiting for it are told parts-arrived. Received already: 409 (with a key, the first answer). Audited.',
    params: idParams,
    body: receiveTransferSchema,
    async handler({ req, params, body, principal }) {
      const out = await receiveTransfer(ctx.dataSource, {
        id: params.id,
        note: body.note,
        key: keyOf(req.header('Idempotency-Key'), body.idempotencyKey),
        actor: actorOf(principal),
      });
      // Visits waiting for it go on (told again on a replay, in case the first telling failed).
      const told = await tellVisitsPartsArrived(ctx, { transferId: out.transfer.id });
      return {
        headers: { ETag: `"${out.transfer.version}"`, ...(out.replayed ? { 'Idempotent-Replayed': 'true' } : {}) },
        body: { ...out.transfer, movements: out.movements, visitsTold: told },
      };
    },
  });

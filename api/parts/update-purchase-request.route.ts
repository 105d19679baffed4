import { updatePurchaseRequestSchema } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { tellVisitsPartsArrived } from '../visits/parts-arrived';
import { actorOf, checkIfMatch, idParams, keyOf } from './parts-http';
import { updatePurchaseRequest } from './stock-service';

export const updatePurchaseRequestRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'patch',
    path: '/api/v1/purchase-requests/:id',
    permission: 'parts:manage',
    summary:
      'Mark a purchase request ordered, received (receivedQty, default the quantity asked; the stock arrives with a receive movement) or cancelled. If-Match honoured; idempotent with a key. Audited.',
    params: idParams,
    body: updatePurchaseRequestSchema,
    async handler({ req, params, body, principal }) {
      const out = await updatePurchaseRequest(ctx.dataSource, {
        id: params.id,
        status: body.status,
        receivedQty: body.receivedQty,
        note: body.note,
        key: keyOf(req.header('Idempotency-Key'), body.idempotencyKey),
        ifMatch: (version) => checkIfMatch(req.header('If-Match'), version, `purchase request ${params.id}`),
        actor: actorOf(principal),
      });
      // Visits waiting for this purchase go on (checked again on a replay, in case the first telling failed).
      if (out.purchaseRequest.status === 'received') await tellVisitsPartsArrived(ctx, { purchaseRequestId: out.purchaseRequest.id });
      return {
        headers: { ETag: `"${out.purchaseRequest.version}"`, ...(out.replayed ? { 'Idempotent-Replayed': 'true' } : {}) },
        body: { ...out.purchaseRequest, movements: out.movements },
      };
    },
  });

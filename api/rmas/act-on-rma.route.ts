import { z } from 'zod';
import { parseRmaPayload } from '../../domain/rma/rma-actions';
import { RMA_ID_PATTERN } from '../../domain/rma/rma-ids';
import type { ApiContext } from '../context';
import { readIdempotencyKey } from '../http/idempotency';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { RmaGateway } from './rma-gateway';
import { readRmaRow } from './rma-read';
import { actorOf } from '../auth/api-tokens';

const params = z.object({
  rmaId: z.string().regex(RMA_ID_PATTERN, 'not an RMA number (RMA-YYYYMMDD-XXXXXXXX)'),
  action: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'an action name like parcel-received'),
});

export const actOnRmaRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/rmas/:rmaId/actions/:action',
    permission: 'rmas:act',
    summary:
      'Advance an RMA (diagnose, approve, reject, picked-up, parcel-received, repair-done, cancel, close, add-note, …). 409 with the reason and the actions open now.',
    params,
    body: z.record(z.string(), z.unknown()),
    async handler({ req, params, body, principal }) {
      const payload = parseRmaPayload(params.action, body);
      if (typeof payload === 'string') {
        const [field, ...why] = payload.split(': ');
        throw new HttpProblem(422, 'validation_failed', 'The request is not valid', payload, [{ field: field!, message: why.join(': ') }]);
      }
      const key = readIdempotencyKey(req.header('Idempotency-Key'));
      const gateway = new RmaGateway(ctx.temporal);
      try {
        const view = await gateway.act(
          params.rmaId,
          { action: params.action, payload, actor: actorOf(principal), actorRoles: principal!.roles },
          key ? `${principal!.id}:${key}` : undefined,
        );
        return { body: view };
      } catch (err) {
        if (!(err instanceof HttpProblem)) throw err;
        if (err.status === 404) {
          const row = await readRmaRow(ctx.dataSource, params.rmaId);
          if (!row) throw err;
          throw new HttpProblem(
            409,
            'rma_ended',
            'Action refused',
            `RMA ${params.rmaId} has ended (${row.status}); no action can change it`,
            undefined,
            {},
            {
              allowedActions: [],
            },
          );
        }
        if (err.status === 409) {
          const allowed = await gateway.get(params.rmaId).then(
            (v) => v.availableActions as string[],
            () => [],
          );
          throw new HttpProblem(409, err.code, err.title, err.detail, undefined, {}, { allowedActions: allowed });
        }
        throw err;
      }
    },
  });

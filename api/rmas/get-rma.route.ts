import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { RmaGateway } from './rma-gateway';
import { readRmaRow, rmaIdParams } from './rma-read';

export const getRmaRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/rmas/:rmaId',
    permission: 'rmas:read',
    summary: 'An RMA: live from its workflow (with the actions open now), else as last recorded (`live: false`).',
    params: rmaIdParams,
    async handler({ params }) {
      try {
        return { body: { ...(await new RmaGateway(ctx.temporal).get(params.rmaId)), live: true } };
      } catch (err) {
        // The workflow cannot answer (gone after retention, or no worker polls right now): its record can.
        const row = await readRmaRow(ctx.dataSource, params.rmaId);
        if (row) return { body: { ...row, live: false } };
        if (err instanceof HttpProblem) throw err;
        throw HttpProblem.unavailable('the RMA cannot be read right now');
      }
    },
  });

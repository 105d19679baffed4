import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import type { VisitGateway } from './visit-gateway';
import { visitAnswer } from './visit-http';
import { visitIdParams } from './visit-queries';

export const getVisitRoute = (ctx: ApiContext, gateway: VisitGateway) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/visits/:id',
    permission: 'visits:read',
    summary:
      'One visit: engineer (with the dispatch score breakdown when the system chose), promised window, status, parts, check-in (distance, flagged), work record, receipt, rating and the actions allowed now.',
    params: visitIdParams,
    async handler({ params }) {
      return { body: await visitAnswer(ctx.dataSource, gateway, params.id) };
    },
  });

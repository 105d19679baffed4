import { z } from 'zod';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { HttpProblem } from '../http/problem';
import { DELIVERY_COLUMNS, deliveryView, subscriptionIdParams, type DeliveryRow } from './webhook-views';

const query = z
  .object({
    status: z.enum(['pending', 'delivered', 'failed']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const listWebhookDeliveriesRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/webhooks/:id/deliveries',
    permission: 'webhooks:manage',
    summary: "A subscription's delivery log, newest first: status, attempts, last HTTP status and error, the body sent.",
    params: subscriptionIdParams,
    query,
    async handler({ params, query }) {
      const [sub] = (await ctx.dataSource.query(`SELECT id FROM webhook_subscriptions WHERE id = $1`, [params.id])) as { id: string }[];
      if (!sub) throw HttpProblem.notFound(`webhook subscription ${params.id} does not exist`);
      const rows = (await ctx.dataSource.query(
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
          WHERE subscription_id = $1 AND ($2::text IS NULL OR status = $2)
          ORDER BY id DESC LIMIT $3`,
        [params.id, query.status ?? null, query.limit],
      )) as DeliveryRow[];
      return { body: { items: rows.map(deliveryView) } };
    },
  });

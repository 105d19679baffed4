import { z } from 'zod';
import { createWebhookDelivery } from '../../activities/webhook-delivery.activities';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { HttpProblem } from '../http/problem';
import { DELIVERY_COLUMNS, deliveryView, type DeliveryRow } from './webhook-views';
import { actorOf } from '../auth/api-tokens';

const params = z.object({ deliveryId: z.string().regex(/^[1-9]\d{0,17}$/, 'not a delivery id') });

export const replayWebhookDeliveryRoute = (ctx: ApiContext) => {
  const delivery = createWebhookDelivery({ dataSource: ctx.dataSource });
  return defineRoute({
    method: 'post',
    path: '/api/v1/webhooks/deliveries/:deliveryId/replay',
    permission: 'webhooks:manage',
    summary:
      "Send a failed (or already delivered) delivery again, now: it goes back to pending and the subscription's pending deliveries of that ticket are sent in order. Answers the delivery as it is afterwards.",
    params,
    async handler({ params, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        const [current] = (await tx.query(
          `SELECT d.id, d.subscription_id, d.ticket_id, d.seq, d.status, s.active FROM webhook_deliveries d
             JOIN webhook_subscriptions s ON s.id = d.subscription_id WHERE d.id = $1 FOR UPDATE OF d`,
          [params.deliveryId],
        )) as (Pick<DeliveryRow, 'id' | 'subscription_id' | 'ticket_id' | 'seq' | 'status'> & { active: boolean })[];
        if (!current) throw HttpProblem.notFound(`webhook delivery ${params.deliveryId} does not exist`);
        if (!current.active)
          throw new HttpProblem(
            409,
            'subscription_inactive',
            'Subscription inactive',
            `subscription ${current.subscription_id} is deactivated`,
          );
        if (current.status === 'pending')
          throw new HttpProblem(
            409,
            'delivery_pending',
            'Delivery pending',
            `delivery ${params.deliveryId} is pending; it is being retried`,
          );
        await tx.query(`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = NULL WHERE id = $1`, [params.deliveryId]);
        await tx.query(
          `INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, 'webhook.delivery_replayed', 'webhook_delivery', $2, $3)`,
          [
            actor,
            params.deliveryId,
            JSON.stringify({
              subscriptionId: current.subscription_id,
              ticketId: current.ticket_id,
              seq: current.seq,
              previousStatus: current.status,
            }),
          ],
        );
        return current;
      });
      await delivery.deliverTicket(row.ticket_id, { subscriptionId: row.subscription_id, giveUpOnFailure: params.deliveryId });
      const [after] = (await ctx.dataSource.query(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1`, [
        params.deliveryId,
      ])) as DeliveryRow[];
      return { body: deliveryView(after!) };
    },
  });
};

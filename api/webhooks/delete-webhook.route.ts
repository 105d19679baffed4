import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { HttpProblem } from '../http/problem';
import { SUBSCRIPTION_COLUMNS, subscriptionIdParams, subscriptionView, type SubscriptionRow } from './webhook-views';
import { actorOf } from '../auth/api-tokens';

export const deleteWebhookRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'delete',
    path: '/api/v1/webhooks/:id',
    permission: 'webhooks:manage',
    summary: 'Deactivate a subscription: nothing more is queued or sent to it; its pending deliveries become failed. The log stays.',
    params: subscriptionIdParams,
    async handler({ params, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        const [current] = (await tx.query(`SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE id = $1 FOR UPDATE`, [
          params.id,
        ])) as SubscriptionRow[];
        if (!current) throw HttpProblem.notFound(`webhook subscription ${params.id} does not exist`);
        if (!current.active) return current;
        await tx.query(`UPDATE webhook_subscriptions SET active = false WHERE id = $1`, [params.id]);
        await tx.query(
          `UPDATE webhook_deliveries SET status = 'failed', last_error = 'subscription deactivated', next_attempt_at = NULL
            WHERE subscription_id = $1 AND status = 'pending'`,
          [params.id],
        );
        await tx.query(
          `INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, 'webhook.deactivated', 'webhook_subscription', $2, $3)`,
          [actor, params.id, JSON.stringify({ url: current.url })],
        );
        return { ...current, active: false };
      });
      return { body: subscriptionView(row) };
    },
  });

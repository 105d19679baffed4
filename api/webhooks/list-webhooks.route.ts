import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { SUBSCRIPTION_COLUMNS, subscriptionView, type SubscriptionRow } from './webhook-views';

export const listWebhooksRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/webhooks',
    permission: 'webhooks:manage',
    summary: 'Webhook subscriptions, newest first (secrets are never shown).',
    async handler() {
      const rows = (await ctx.dataSource.query(
        `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions ORDER BY created_at DESC, id`,
      )) as SubscriptionRow[];
      return { body: { items: rows.map(subscriptionView) } };
    },
  });

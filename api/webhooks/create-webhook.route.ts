import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../../activities/webhook-outbox';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { SUBSCRIPTION_COLUMNS, subscriptionView, type SubscriptionRow } from './webhook-views';
import { actorOf } from '../auth/api-tokens';

const body = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(2048),
    events: z
      .array(z.enum([...WEBHOOK_EVENT_TYPES, '*']))
      .min(1)
      .max(WEBHOOK_EVENT_TYPES.length + 1)
      .transform((e) => [...new Set(e)]),
    secret: z.string().min(16).max(256).optional(),
    description: z.string().trim().min(1).max(500).optional(),
  })
  .strict();

export const createWebhookRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/webhooks',
    permission: 'webhooks:manage',
    summary: 'Subscribe a URL to ticket events. The signing secret is in this response only.',
    body,
    async handler({ body, principal }) {
      const actor = actorOf(principal);
      const secret = body.secret ?? `whsec_${randomBytes(32).toString('base64url')}`;
      const row = await ctx.dataSource.transaction(async (tx) => {
        const [created] = (await tx.query(
          `INSERT INTO webhook_subscriptions (url, events, secret, description, created_by) VALUES ($1, $2, $3, $4, $5)
           RETURNING ${SUBSCRIPTION_COLUMNS}`,
          [body.url, body.events, secret, body.description ?? null, actor],
        )) as SubscriptionRow[];
        await tx.query(
          `INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, 'webhook.created', 'webhook_subscription', $2, $3)`,
          [actor, created!.id, JSON.stringify({ url: body.url, events: body.events, secretGenerated: body.secret === undefined })],
        );
        return created!;
      });
      return { status: 201, headers: { Location: `/api/v1/webhooks/${row.id}` }, body: { ...subscriptionView(row), secret } };
    },
  });

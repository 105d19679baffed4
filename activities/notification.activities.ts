import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { NOTIFICATION_TEMPLATES, renderTemplate, type NotificationChannel } from '../domain/notify/notification-templates';
import { createCtiClient } from './integrations/cti-client';
import type { IntegrationEndpoints } from './integrations/endpoints';
import { postJson } from './integrations/http-call';

export interface SendNotificationInput {
  idempotencyKey: string;
  ticketId: string;
  channel: string;
  target: string;
  template: string;
  vars: Record<string, unknown>;
}

export interface OutboundCallInput {
  ticketId: string;
  reason: string;
  idempotencyKey: string;
  to?: string;
}

/** Each provider's own request shape for one text message. */
function providerBody(channel: NotificationChannel, to: string, subject: string, body: string): unknown {
  switch (channel) {
    case 'sms':
      return { to, content: body };
    case 'email':
      return { to, subject, text: body };
    case 'wecom':
    case 'dingtalk':
      return { msgtype: 'text', text: { content: `${subject}\n${body}` }, at: { atUserIds: [to] } };
    case 'feishu':
      return { msg_type: 'text', content: { text: `${subject}\n${body}` }, receiver: to };
    case 'wechat':
      return { touser: to, template_id: 'fixflow_ticket', data: { first: { value: subject }, remark: { value: body } } };
  }
}

/**
 * Messages and calls, behind one interface. Every send is logged in `notifications` under its
 * idempotency key first, so a retried activity never sends twice what was already sent.
 */
export function createNotificationActivities(deps: { dataSource: DataSource; endpoints: IntegrationEndpoints }) {
  const cti = createCtiClient(deps.endpoints.systems.cti);
  const claim = async (
    key: string,
    row: {
      ticketId: string;
      kind: 'message' | 'call';
      channel: string;
      target: string;
      template?: string;
      subject?: string;
      body?: string;
    },
  ) => {
    await deps.dataSource.query(
      `INSERT INTO notifications (idempotency_key, ticket_id, kind, channel, target, template, subject, body, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending') ON CONFLICT (idempotency_key) DO NOTHING`,
      [key, row.ticketId, row.kind, row.channel, row.target, row.template ?? null, row.subject ?? null, row.body ?? null],
    );
    const [current] = (await deps.dataSource.query(`SELECT status FROM notifications WHERE idempotency_key = $1`, [key])) as {
      status: string;
    }[];
    return current!.status;
  };
  const finish = (key: string, status: 'pending' | 'sent' | 'skipped' | 'failed', ref: string | null, error: string | null) =>
    deps.dataSource.query(
      `UPDATE notifications SET status = $2, provider_ref = $3, last_error = $4, attempts = attempts + 1, sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END
       WHERE idempotency_key = $1`,
      [key, status, ref, error],
    );

  return {
    async sendNotification(input: SendNotificationInput): Promise<{ status: string }> {
      const template = NOTIFICATION_TEMPLATES[input.template];
      if (!template) throw ApplicationFailure.nonRetryable(`unknown notification template '${input.template}'`, 'UnknownTemplate');
      const vars = { selfServiceUrl: `${deps.endpoints.publicUrl}/#/track/${input.ticketId}`, ...input.vars };
      const { subject, body } = renderTemplate(template, vars);
      const to =
        input.target === 'assignee'
          ? `user:${input.vars.assigneeId ?? 'unassigned'}`
          : input.target === 'customer'
            ? `customer:${input.vars.customerId}`
            : input.target;
      const status = await claim(input.idempotencyKey, {
        ticketId: input.ticketId,
        kind: 'message',
        channel: input.channel,
        target: to,
        template: input.template,
        subject,
        body,
      });
      if (status === 'sent' || status === 'skipped') return { status };
      const url = deps.endpoints.notify[input.channel as NotificationChannel];
      if (!url) {
        await finish(input.idempotencyKey, 'skipped', null, `channel '${input.channel}' is not configured`);
        return { status: 'skipped' };
      }
      try {
        const res = await postJson(url, providerBody(input.channel as NotificationChannel, to, subject, body), {
          idempotencyKey: input.idempotencyKey,
        });
        await finish(input.idempotencyKey, 'sent', JSON.stringify(res.json).slice(0, 200), null);
        return { status: 'sent' };
      } catch (err) {
        const failure = err as ApplicationFailure;
        await finish(input.idempotencyKey, failure.nonRetryable ? 'failed' : 'pending', null, failure.message);
        throw err;
      }
    },

    async placeOutboundCall(input: OutboundCallInput): Promise<{ status: string }> {
      const to = input.to ?? deps.endpoints.onDutyTarget;
      const status = await claim(input.idempotencyKey, {
        ticketId: input.ticketId,
        kind: 'call',
        channel: 'cti',
        target: to,
        body: input.reason,
      });
      if (status === 'sent' || status === 'skipped') return { status };
      if (!cti.configured) {
        await finish(input.idempotencyKey, 'skipped', null, `CTI is not configured (set ${deps.endpoints.systems.cti.missing.join(', ')})`);
        return { status: 'skipped' };
      }
      try {
        const call = await cti.placeCall({ to, ticketId: input.ticketId, reason: input.reason, script: 'p1_alert' }, input.idempotencyKey);
        await finish(input.idempotencyKey, 'sent', call.callId, null);
        return { status: 'sent' };
      } catch (err) {
        const failure = err as ApplicationFailure;
        await finish(input.idempotencyKey, failure.nonRetryable ? 'failed' : 'pending', null, failure.message);
        throw err;
      }
    },
  };
}

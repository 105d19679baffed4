import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createActivities } from '../activities';
import { integrationEndpoints } from '../activities/integrations/endpoints';
import { createTicketProjectionActivities } from '../activities/ticket-projection.activities';
import { createWebhookActivities, type WebhookDeliveryDeps } from '../activities/webhook-delivery.activities';
import { enqueueWebhookDeliveries } from '../activities/webhook-outbox';
import { verifyWebhook } from '../activities/webhook-signature';
import { issueToken } from '../api/auth/api-tokens';
import type { TicketEvent, TicketState } from '../domain/ticket/ticket.schema';
import { eventually, Harness, seedTicket } from './support/harness';

interface Received {
  status: number;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
  signatureOk: boolean;
}

/** A webhook receiver on 127.0.0.1 that checks signatures; answers `down` requests with 503 first. */
async function startReceiver(secret: () => string) {
  const received: Received[] = [];
  const state = { down: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const signatureOk = verifyWebhook(secret(), raw, String(req.headers['x-fixflow-signature'] ?? ''), Math.floor(Date.now() / 1000));
      const status = state.down > 0 ? 503 : signatureOk ? 204 : 401;
      if (state.down > 0) state.down--;
      received.push({ status, headers: req.headers, raw, body: JSON.parse(raw), signatureOk });
      res.statusCode = status;
      res.end(status === 503 ? 'maintenance' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/fixflow`;
  return {
    url,
    received,
    state,
    /** what the receiver accepted (2xx) for one ticket, in arrival order */
    accepted: (ticketId: string) => received.filter((r) => r.status < 300 && r.body.ticketId === ticketId),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function newTicketId(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return `TK-20260101-${Array.from(randomBytes(8), (b) => alphabet[b % 32]).join('')}`;
}

const at = (seq: number) => new Date(Date.UTC(2026, 0, 1, 8, 0, seq)).toISOString();

/** A minimal ticket snapshot for the projection (TicketState grows with the workflow rewrite). */
function ticketState(ticketId: string, seq: number, patch: Record<string, unknown> = {}): TicketState {
  return {
    ticketId,
    status: 'pending_assignment',
    priority: 'P2',
    channel: 'chat',
    customerId: 'c_13579',
    orderId: 'o_99887766',
    category1: '质量问题',
    category2: '功能异常',
    category3: '开机失败',
    region: '华东',
    description: '开机后黑屏伴随蜂鸣，已重启无效',
    attachments: [],
    tags: [],
    assigneeId: null,
    groupId: null,
    sla: { frtDueAt: null, ttrDueAt: null, breached: false },
    createdBy: 'token:test',
    createdAt: at(1),
    updatedAt: at(seq),
    resolvedAt: null,
    closedAt: null,
    seq,
    ...patch,
  } as unknown as TicketState;
}

function ticketEvent(seq: number, type: string, changes: TicketEvent['changes'] = {}): TicketEvent {
  return { seq, type, actor: 'token:test', at: at(seq), fromStatus: null, toStatus: null, changes, payload: {} };
}

/** seq → the event recorded for it in these tests */
const lifecycle: Record<number, [string, TicketEvent['changes'], Record<string, unknown>]> = {
  1: ['ticket.created', {}, { status: 'new' }],
  2: ['ticket.queued', { status: { from: 'new', to: 'pending_assignment' } }, {}],
  3: [
    'ticket.assign',
    { assigneeId: { from: null, to: 'agent_li' }, status: { from: 'pending_assignment', to: 'in_progress' } },
    { assigneeId: 'agent_li', status: 'in_progress' },
  ],
  4: ['sla.warning', {}, { assigneeId: 'agent_li', status: 'in_progress' }],
  5: ['ticket.resolve', { status: { from: 'in_progress', to: 'resolved' } }, { assigneeId: 'agent_li', status: 'resolved' }],
  6: ['sla.breached', {}, { assigneeId: 'agent_li', status: 'resolved' }],
};

describe('signed outgoing webhooks', () => {
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let secret = 'whsec_integration_secret_0001';
  const subscriptions: string[] = [];
  const projection = () => createTicketProjectionActivities({ dataSource: h.dataSource });
  const webhooks = (extra: Partial<WebhookDeliveryDeps> = {}) =>
    createWebhookActivities({ dataSource: h.dataSource, retry: { initialMs: 10, maxMs: 40 }, ...extra });
  const record = (ticketId: string, seq: number) => {
    const [type, changes, patch] = lifecycle[seq]!;
    return projection().recordTicketEvent({ state: ticketState(ticketId, seq, patch), event: ticketEvent(seq, type, changes) });
  };
  /** Calls the activity the way Temporal's retry policy would: again after each retryable failure. */
  async function deliverUntilDone(
    ticketId: string,
    deps: Partial<WebhookDeliveryDeps> = {},
    maxCalls = 100,
  ): Promise<{ calls: number; errors: string[] }> {
    const errors: string[] = [];
    const acts = webhooks(deps);
    for (let calls = 1; calls <= maxCalls; calls++) {
      try {
        await acts.deliverTicketWebhooks({ ticketId });
        return { calls, errors };
      } catch (err) {
        errors.push((err as Error).message);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`still pending after ${maxCalls} calls: ${errors.at(-1)}`);
  }
  const subscribe = async (events: string[], body: Record<string, unknown> = {}) => {
    const res = await h.request('POST', '/api/v1/webhooks', { url: receiver.url, events, secret, ...body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    subscriptions.push(res.body.id);
    return res.body;
  };
  const deliveries = async (subscriptionId: string, query = '') => {
    const res = await h.request('GET', `/api/v1/webhooks/${subscriptionId}/deliveries${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as any[];
  };

  before(async () => {
    h = await Harness.start({ worker: 'none' });
    receiver = await startReceiver(() => secret);
  });
  after(async () => {
    // Leave no active subscription behind for the test files that run after this one.
    for (const id of subscriptions) await h.request('DELETE', `/api/v1/webhooks/${id}`);
    await receiver.close();
    await h.stop();
  });

  it('registers deliverTicketWebhooks with the worker', () => {
    const acts = createActivities({ dataSource: h.dataSource, endpoints: integrationEndpoints(h.config) });
    assert.equal(typeof acts.deliverTicketWebhooks, 'function');
  });

  it('a receiver down for a while gets every event later, once each, in order, signed', async () => {
    const sub = await subscribe(['*'], { description: 'OMS' });
    const ticketId = newTicketId();
    receiver.state.down = Number.MAX_SAFE_INTEGER;
    // Each event is recorded and then delivered, as the workflow does, while the receiver is down.
    for (let seq = 1; seq <= 5; seq++) {
      await record(ticketId, seq);
      await assert.rejects(webhooks().deliverTicketWebhooks({ ticketId }), /still pending/);
    }
    assert.equal(receiver.accepted(ticketId).length, 0);
    const refused = receiver.received.filter((r) => r.body.ticketId === ticketId && r.status === 503).length;
    assert.ok(refused >= 1, `${refused} attempts while down`);
    receiver.state.down = 2;
    const { errors } = await deliverUntilDone(ticketId);
    assert.ok(
      errors.every((e) => /webhook deliveries of .* still pending/.test(e)),
      errors.join('\n'),
    );

    const got = receiver.accepted(ticketId);
    assert.deepEqual(
      got.map((r) => r.body.seq),
      [1, 2, 3, 4, 5],
    );
    // Failed attempts included, the receiver never saw a later seq before an earlier one.
    const all = receiver.received.filter((r) => r.body.ticketId === ticketId).map((r) => r.body.seq as number);
    assert.deepEqual(
      all,
      [...all].sort((a, b) => a - b),
    );
    assert.equal(receiver.received.filter((r) => r.body.ticketId === ticketId && r.status === 503).length, refused + 2);
    assert.ok(got.every((r) => r.signatureOk));
    assert.deepEqual(
      got.map((r) => r.body.type),
      ['ticket.created', 'ticket.updated', 'ticket.updated', 'sla.warning', 'ticket.updated'],
    );

    const assign = got[2]!;
    assert.equal(assign.headers['content-type'], 'application/json');
    assert.equal(assign.headers['user-agent'], 'Fixflow-Webhooks/1');
    assert.equal(assign.headers['x-fixflow-event'], 'ticket.updated');
    assert.match(String(assign.headers['x-fixflow-signature']), /^t=\d{10},v1=[0-9a-f]{64}$/);
    assert.deepEqual(assign.body, {
      id: `${ticketId}:3`,
      type: 'ticket.updated',
      occurredAt: at(3),
      ticketId,
      seq: 3,
      actor: 'token:test',
      action: 'ticket.assign',
      changes: { assigneeId: { from: null, to: 'agent_li' }, status: { from: 'pending_assignment', to: 'in_progress' } },
      ticket: {
        ticketId,
        status: 'in_progress',
        priority: 'P2',
        assigneeId: 'agent_li',
        groupId: null,
        customerId: 'c_13579',
        orderId: 'o_99887766',
        region: '华东',
        channel: 'chat',
        category1: '质量问题',
        category2: '功能异常',
        category3: '开机失败',
        updatedAt: at(3),
      },
    });

    // The delivery log: seq 1 took every 503 and then a 204; the rest were delivered at the first try.
    const log = (await deliveries(sub.id)).filter((d) => d.ticketId === ticketId).sort((a, b) => a.seq - b.seq);
    assert.deepEqual(
      log.map((d) => [d.seq, d.status, d.lastStatus]),
      [1, 2, 3, 4, 5].map((s) => [s, 'delivered', 204]),
    );
    assert.equal(log[0].attempts, refused + 3);
    assert.deepEqual(
      log.slice(1).map((d) => d.attempts),
      [1, 1, 1, 1],
    );
    assert.equal(log[0].lastError, null);
    assert.ok(log.every((d) => d.deliveredAt && d.nextAttemptAt === null));
    assert.equal(assign.headers['x-fixflow-delivery'], log[2].id);
    assert.equal((await deliveries(sub.id, '?status=pending')).length, 0);
    await h.request('DELETE', `/api/v1/webhooks/${sub.id}`);
  });

  it('never sends an event before an earlier one that is still being recorded', async () => {
    const sub = await subscribe(['*']);
    const ticketId = newTicketId();
    // Event writes of one ticket may complete out of order: 1, 2, 4 … then 3.
    for (const seq of [1, 2, 4]) await record(ticketId, seq);
    await assert.rejects(webhooks().deliverTicketWebhooks({ ticketId }), /1 webhook deliveries of .* still pending/);
    assert.deepEqual(
      receiver.accepted(ticketId).map((r) => r.body.seq),
      [1, 2],
    );
    await record(ticketId, 3);
    await deliverUntilDone(ticketId);
    assert.deepEqual(
      receiver.accepted(ticketId).map((r) => r.body.seq),
      [1, 2, 3, 4],
    );
    await h.request('DELETE', `/api/v1/webhooks/${sub.id}`);
  });

  it('delivers each event once when passes for the same ticket run at the same time', async () => {
    const sub = await subscribe(['*']);
    const ticketId = newTicketId();
    for (let seq = 1; seq <= 5; seq++) await record(ticketId, seq);
    const passes = await Promise.allSettled([1, 2, 3, 4].map(() => webhooks().deliverTicketWebhooks({ ticketId })));
    assert.ok(passes.some((p) => p.status === 'fulfilled'));
    await deliverUntilDone(ticketId);
    assert.deepEqual(
      receiver.accepted(ticketId).map((r) => r.body.seq),
      [1, 2, 3, 4, 5],
    );
    await h.request('DELETE', `/api/v1/webhooks/${sub.id}`);
  });

  it('sends only the event types a subscription asked for; a retried write queues nothing twice', async () => {
    const sub = await subscribe(['sla.breached', 'ticket.escalated', 'ticket.updated']);
    const ticketId = newTicketId();
    for (let seq = 1; seq <= 6; seq++) await record(ticketId, seq);
    // A retried activity (its first attempt committed) and a second outbox call change nothing.
    assert.deepEqual(await record(ticketId, 6), { inserted: false, webhooksQueued: null });
    const [type, changes, patch] = lifecycle[6]!;
    await h.dataSource.transaction((tx) =>
      enqueueWebhookDeliveries(tx, { state: ticketState(ticketId, 6, patch), event: ticketEvent(6, type, changes) }),
    );
    const [{ n }] = await h.dataSource.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE ticket_id = $1 AND seq = 6`, [
      ticketId,
    ]);
    assert.equal(n, 1);

    await deliverUntilDone(ticketId);
    assert.deepEqual(
      receiver.accepted(ticketId).map((r) => [r.body.seq, r.body.type, r.headers['x-fixflow-event']]),
      [
        [2, 'ticket.updated', 'ticket.updated'],
        [3, 'ticket.updated', 'ticket.updated'],
        [5, 'ticket.updated', 'ticket.updated'],
        [6, 'sla.breached', 'sla.breached'],
      ],
    );
    await h.request('DELETE', `/api/v1/webhooks/${sub.id}`);
  });

  it('backs off between attempts, gives up after the window, and replays failed and delivered deliveries', async () => {
    const sub = await subscribe(['ticket.created', 'ticket.updated']);
    const ticketId = newTicketId();
    await record(ticketId, 1);
    await record(ticketId, 2);
    receiver.state.down = 1000;
    let clock = Date.now();
    const now = () => new Date(clock);
    const slow = () => createWebhookActivities({ dataSource: h.dataSource, now });
    await assert.rejects(slow().deliverTicketWebhooks({ ticketId }), /answered 503: maintenance/);
    let [d1] = (await deliveries(sub.id)).filter((d) => d.ticketId === ticketId && d.seq === 1);
    assert.equal(d1.status, 'pending');
    assert.equal(d1.attempts, 1);
    assert.equal(d1.lastStatus, 503);
    assert.equal(d1.lastError, 'answered 503: maintenance');
    assert.equal(Date.parse(d1.nextAttemptAt), clock + 1000);
    // Before next_attempt_at nothing is sent, however often the activity runs.
    const before = receiver.received.length;
    await assert.rejects(slow().deliverTicketWebhooks({ ticketId }), /still pending/);
    assert.equal(receiver.received.length, before);
    clock += 1000;
    await assert.rejects(slow().deliverTicketWebhooks({ ticketId }));
    [d1] = (await deliveries(sub.id)).filter((d) => d.ticketId === ticketId && d.seq === 1);
    assert.equal(d1.attempts, 2);
    assert.equal(Date.parse(d1.nextAttemptAt), clock + 2000);

    // A day later both are given up, one attempt each, in order; the activity then succeeds.
    clock += 25 * 3600_000;
    const tries = await deliverUntilDone(ticketId, { now });
    assert.equal(tries.calls, 2);
    const log = (await deliveries(sub.id)).filter((d) => d.ticketId === ticketId).sort((a, b) => a.seq - b.seq);
    assert.deepEqual(
      log.map((d) => [d.seq, d.status, d.attempts]),
      [
        [1, 'failed', 3],
        [2, 'failed', 1],
      ],
    );
    assert.deepEqual((await deliveries(sub.id, '?status=failed&limit=1')).length, 1);

    // Replay while still down: one attempt, and it is failed again.
    const stillDown = await h.request('POST', `/api/v1/webhooks/deliveries/${log[0].id}/replay`);
    assert.equal(stillDown.status, 200, JSON.stringify(stillDown.body));
    assert.equal(stillDown.body.status, 'failed');
    assert.equal(stillDown.body.attempts, 4);

    receiver.state.down = 0;
    const replayed = await h.request('POST', `/api/v1/webhooks/deliveries/${log[1].id}/replay`);
    assert.equal(replayed.status, 200);
    assert.deepEqual([replayed.body.status, replayed.body.attempts, replayed.body.lastStatus], ['delivered', 2, 204]);
    const again = await h.request('POST', `/api/v1/webhooks/deliveries/${log[1].id}/replay`);
    assert.deepEqual([again.body.status, again.body.attempts], ['delivered', 3]);
    assert.deepEqual(
      receiver.accepted(ticketId).map((r) => r.body.seq),
      [2, 2],
    );
    assert.ok(receiver.accepted(ticketId).every((r) => r.signatureOk));

    const audit = await h.dataSource.query(
      `SELECT action, details FROM audit_log WHERE target_type = 'webhook_delivery' AND target_id = $1 ORDER BY id`,
      [log[1].id],
    );
    assert.deepEqual(
      audit.map((a: { action: string; details: { previousStatus: string } }) => [a.action, a.details.previousStatus]),
      [
        ['webhook.delivery_replayed', 'failed'],
        ['webhook.delivery_replayed', 'delivered'],
      ],
    );

    // A pending delivery is being retried already; unknown ids are 404.
    await record(ticketId, 3);
    const [pending] = await deliveries(sub.id, '?status=pending');
    assert.equal(pending.seq, 3);
    const busy = await h.request('POST', `/api/v1/webhooks/deliveries/${pending.id}/replay`);
    assert.equal(busy.status, 409);
    assert.equal((await h.request('POST', `/api/v1/webhooks/deliveries/999999999/replay`)).status, 404);
    assert.equal((await h.request('POST', `/api/v1/webhooks/deliveries/abc/replay`)).status, 400);

    // Deactivated: its pending deliveries fail, new events queue nothing, replay is refused.
    const removed = await h.request('DELETE', `/api/v1/webhooks/${sub.id}`);
    assert.equal(removed.status, 200);
    assert.equal(removed.body.active, false);
    assert.equal((await deliveries(sub.id, '?status=pending')).length, 0);
    const [p3] = (await deliveries(sub.id)).filter((d) => d.ticketId === ticketId && d.seq === 3);
    assert.deepEqual([p3.status, p3.lastError], ['failed', 'subscription deactivated']);
    await record(ticketId, 4);
    await record(ticketId, 5);
    assert.equal((await deliveries(sub.id)).filter((d) => d.ticketId === ticketId).length, 3);
    assert.equal((await h.request('POST', `/api/v1/webhooks/deliveries/${p3.id}/replay`)).status, 409);
    await webhooks().deliverTicketWebhooks({ ticketId });
  });

  it('generates a secret when none is given, shows it once, and never lists secrets', async () => {
    const before = secret;
    const res = await h.request('POST', '/api/v1/webhooks', { url: receiver.url, events: ['ticket.created', 'ticket.created'] });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    subscriptions.push(res.body.id);
    assert.equal(res.headers.get('location'), `/api/v1/webhooks/${res.body.id}`);
    assert.match(res.body.secret, /^whsec_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(res.body.events, ['ticket.created']);
    assert.equal(res.body.active, true);
    assert.match(res.body.createdBy, /^token:test-admin/);

    // The generated secret signs what the receiver gets.
    secret = res.body.secret;
    const ticketId = newTicketId();
    await record(ticketId, 1);
    await deliverUntilDone(ticketId);
    assert.deepEqual(
      receiver.accepted(ticketId).map((r) => [r.body.seq, r.signatureOk]),
      [[1, true]],
    );
    secret = before;

    const list = await h.request('GET', '/api/v1/webhooks');
    assert.equal(list.status, 200);
    const raw = JSON.stringify(list.body);
    assert.ok(!raw.includes(res.body.secret) && !raw.includes(before) && !raw.includes('"secret"'));
    const mine = list.body.items.find((s: { id: string }) => s.id === res.body.id);
    assert.deepEqual(Object.keys(mine).sort(), ['active', 'createdAt', 'createdBy', 'description', 'events', 'id', 'url']);
    const log = await h.request('GET', `/api/v1/webhooks/${res.body.id}/deliveries`);
    assert.ok(!JSON.stringify(log.body).includes(res.body.secret));

    const audit = await h.dataSource.query(`SELECT action, details FROM audit_log WHERE target_id = $1 ORDER BY id`, [res.body.id]);
    assert.equal(audit[0].action, 'webhook.created');
    assert.ok(!JSON.stringify(audit).includes(res.body.secret));
  });

  it('refuses bad input with the fields at fault, and tokens without webhooks:manage', async () => {
    const bad = await h.request('POST', '/api/v1/webhooks', { url: 'ftp://example.com/x', events: [], secret: 'short', colour: 'red' });
    assert.equal(bad.status, 422);
    assert.equal(bad.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.deepEqual(bad.body.errors.map((e: { field: string }) => e.field).sort(), ['colour', 'events', 'secret', 'url']);
    const badEvent = await h.request('POST', '/api/v1/webhooks', { url: 'https://example.com/hook', events: ['ticket.deleted'] });
    assert.equal(badEvent.status, 422);
    assert.equal(badEvent.body.errors[0].field, 'events.0');
    const badQuery = await h.request('GET', `/api/v1/webhooks/${subscriptions[0]}/deliveries?status=lost`);
    assert.equal(badQuery.status, 400);
    assert.equal(badQuery.body.errors[0].field, 'query.status');
    assert.equal((await h.request('GET', '/api/v1/webhooks/not-a-uuid/deliveries')).status, 400);
    assert.equal((await h.request('DELETE', '/api/v1/webhooks/00000000-0000-4000-8000-000000000000')).status, 404);

    const { token } = await issueToken(h.dataSource, { name: `integrator-${h.taskQueue}`, roles: ['integrator'], actor: 'test' });
    for (const [method, path] of [
      ['GET', '/api/v1/webhooks'],
      ['POST', '/api/v1/webhooks'],
      ['DELETE', `/api/v1/webhooks/${subscriptions[0]}`],
      ['GET', `/api/v1/webhooks/${subscriptions[0]}/deliveries`],
      ['POST', '/api/v1/webhooks/deliveries/1/replay'],
    ] as const) {
      const res = await fetch(h.api.url + path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: method === 'POST' ? JSON.stringify({ url: receiver.url, events: ['*'] }) : undefined,
      });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    }
  });
});

describe('webhooks from a live ticket', () => {
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secret = 'whsec_live_ticket_secret_0002';
  let subscriptionId = '';

  before(async () => {
    h = await Harness.start({ worker: 'in-process' });
    receiver = await startReceiver(() => secret);
  });
  after(async () => {
    if (subscriptionId) await h.request('DELETE', `/api/v1/webhooks/${subscriptionId}`);
    await receiver.close();
    await h.stop();
  });

  it('the ticket workflow delivers its events, signed and in order, to a receiver that was down at first', async () => {
    const sub = await h.request('POST', '/api/v1/webhooks', { url: receiver.url, events: ['*'], secret });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    subscriptionId = sub.body.id;
    receiver.state.down = 2; // the first two attempts get 503

    const created = await h.request('POST', '/api/v1/tickets', seedTicket());
    assert.equal(created.status, 201);
    const { ticketId } = created.body;
    assert.equal((await h.request('POST', `/api/v1/tickets/${ticketId}/actions/assign`, { assigneeId: 'agent_zhou' })).status, 200);
    assert.equal((await h.request('POST', `/api/v1/tickets/${ticketId}/actions/accept`, {})).status, 200);

    const got = await eventually(
      async () => receiver.accepted(ticketId),
      (r) => r.length >= 4,
      60_000,
    );
    assert.ok(got.every((r) => r.signatureOk));
    assert.deepEqual(
      got.map((r) => [r.body.seq, r.body.type]),
      [
        [1, 'ticket.created'],
        [2, 'ticket.updated'],
        [3, 'ticket.updated'],
        [4, 'ticket.updated'],
      ],
    );
    assert.deepEqual(got[2]!.body.changes.status, { from: 'pending_assignment', to: 'pending_acceptance' });
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { addBusinessTime, STANDARD_CALENDARS } from '../domain/sla/business-calendar';
import { ticketWorkflowId } from '../domain/ticket/ticket.schema';
import { workflowBundle } from '../temporal/worker';
import { Harness, seedTicket } from './support/harness';

const HOUR = 3600_000;

describe('one ticket end to end over HTTP, on real Temporal and PostgreSQL', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => {
    await h.stop();
  });

  it('creates, reads, lists, acts on and closes a ticket, recording every event', async () => {
    const payload = seedTicket();
    const created = await h.request('POST', '/api/v1/tickets', payload);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const t = created.body;
    assert.match(t.ticketId, /^TK-\d{8}-[0-9A-Z]{8}$/);
    assert.equal(created.headers.get('location'), `/api/v1/tickets/${t.ticketId}`);
    assert.equal(t.status, 'pending_assignment');
    assert.equal(t.customerId, payload.customerId);
    assert.equal(t.category3, '开机失败');
    assert.deepEqual(t.attachments, payload.attachments);
    // P2: first response within 2 business hours, resolution within 24, on the Shanghai business calendar
    const calendar = STANDARD_CALENDARS['cn-business']!;
    assert.equal(t.sla.policyId, 'p2-standard');
    assert.equal(t.sla.frtDueAt, addBusinessTime(calendar, new Date(t.createdAt), 2 * HOUR).toISOString());
    assert.equal(t.sla.ttrDueAt, addBusinessTime(calendar, new Date(t.createdAt), 24 * HOUR).toISOString());
    assert.equal(t.sla.frt.state, 'running');
    assert.deepEqual(t.availableActions.includes('assign'), true);

    const got = await h.request('GET', `/api/v1/tickets/${t.ticketId}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.status, 'pending_assignment');
    assert.equal(got.body.sla.frtDueAt, t.sla.frtDueAt);

    const listed = await h.request('GET', `/api/v1/tickets?customerId=${payload.customerId}&status=pending_assignment`);
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.items.map((i: { ticketId: string }) => i.ticketId),
      [t.ticketId],
    );

    const early = await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/close`, {});
    assert.equal(early.status, 409);
    assert.equal(early.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.match(early.body.detail, /not allowed while the ticket is pending_assignment/);

    const assigned = await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/assign`, {
      assigneeId: 'agent_li',
      groupId: 'senior_team',
    });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    assert.equal(assigned.body.status, 'pending_acceptance');
    assert.equal(assigned.body.assigneeId, 'agent_li');
    assert.equal(assigned.body.sla.respondedAt, null);

    const accepted = await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/accept`, {});
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.status, 'in_progress');
    assert.ok(accepted.body.sla.respondedAt, 'accepting is the first response');
    assert.equal(accepted.body.sla.frt.state, 'stopped');

    const noResolution = await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/resolve`, {});
    assert.equal(noResolution.status, 422);
    assert.equal(noResolution.body.errors[0].field, 'resolution');

    const resolved = await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/resolve`, { resolution: '更换主板后正常开机' });
    assert.equal(resolved.status, 200);
    assert.equal(resolved.body.status, 'resolved');

    // The projection is written before the action returns.
    const inList = await h.request('GET', `/api/v1/tickets?customerId=${payload.customerId}`);
    assert.equal(inList.body.items[0].status, 'resolved');

    const closed = await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/close`, { note: '客户确认' });
    assert.equal(closed.status, 200);
    assert.equal(closed.body.status, 'closed');

    const again = await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/assign`, { assigneeId: 'x' });
    assert.equal(again.status, 409, `acting on a closed ticket: ${again.status}`);
    assert.equal(again.body.code, 'ticket_closed');
    assert.equal(again.headers.get('content-type'), 'application/problem+json; charset=utf-8');

    const events = await h.request('GET', `/api/v1/tickets/${t.ticketId}/events`);
    assert.equal(events.status, 200);
    assert.deepEqual(
      events.body.items.map((e: { seq: number; type: string; fromStatus: string | null; toStatus: string }) => [
        e.seq,
        e.type,
        e.fromStatus,
        e.toStatus,
      ]),
      [
        [1, 'ticket.created', null, 'new'],
        [2, 'ticket.queued', 'new', 'pending_assignment'],
        [3, 'ticket.assign', 'pending_assignment', 'pending_acceptance'],
        [4, 'ticket.accept', 'pending_acceptance', 'in_progress'],
        [5, 'ticket.resolve', 'in_progress', 'resolved'],
        [6, 'ticket.close', 'resolved', 'closed'],
      ],
    );
    assert.match(events.body.items[2].actor, /^token:test-admin/);
    assert.deepEqual(events.body.items[2].changes.assigneeId, { from: null, to: 'agent_li' });

    // The workflow finished, and the closed ticket is still readable.
    const handle = h.api.ctx.temporal.client.workflow.getHandle(ticketWorkflowId(t.ticketId));
    assert.equal((await handle.describe()).status.name, 'COMPLETED');
    const afterClose = await h.request('GET', `/api/v1/tickets/${t.ticketId}`);
    assert.equal(afterClose.body.status, 'closed');

    // What this run recorded replays on the current workflow code.
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, handle.workflowId);
    if (process.env.FIXFLOW_RECORD_HISTORIES === '1') {
      fs.writeFileSync(new URL('./histories/ticket-lifecycle-v2.json', import.meta.url), historyToJSON(history));
    }
  });

  it('makes one ticket per Idempotency-Key, and refuses the key with a different body', async () => {
    const payload = seedTicket();
    const key = `order-${payload.customerId}-1`;
    const first = await h.request('POST', '/api/v1/tickets', payload, { 'Idempotency-Key': key });
    const second = await h.request('POST', '/api/v1/tickets', payload, { 'Idempotency-Key': key });
    assert.equal(first.status, 201);
    assert.equal(second.status, 200);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(second.body.ticketId, first.body.ticketId);
    // a second order of the same customer: a ticket of its own, created once however many retries race
    const secondOrder = { ...payload, orderId: `${payload.orderId}-2` };
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => h.request('POST', '/api/v1/tickets', secondOrder, { 'Idempotency-Key': `${key}-c` })),
    );
    assert.equal(new Set(concurrent.map((r) => r.body.ticketId)).size, 1);
    const different = await h.request('POST', '/api/v1/tickets', { ...payload, priority: 'P1' }, { 'Idempotency-Key': key });
    assert.equal(different.status, 422);
    assert.equal(different.body.code, 'idempotency_key_reused');
    const listed = await h.request('GET', `/api/v1/tickets?customerId=${payload.customerId}`);
    assert.equal(listed.body.items.length, 2, 'one ticket per key');
  });

  it('merges a repeat contact (same customer and order within 24 h, same problem type) into the open ticket', async () => {
    const first = seedTicket({ channel: 'phone' });
    const opened = await h.request('POST', '/api/v1/tickets', first);
    assert.equal(opened.status, 201);
    const again = await h.request('POST', '/api/v1/tickets', {
      ...first,
      channel: 'wechat',
      description: '还是黑屏，第二次联系',
      attachments: [],
    });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.mergedInto, opened.body.ticketId);
    assert.deepEqual(
      again.body.contacts.map((c: { channel: string; description: string }) => [c.channel, c.description]),
      [['wechat', '还是黑屏，第二次联系']],
    );
    // no second workflow, no second row
    const listed = await h.request('GET', `/api/v1/tickets?customerId=${first.customerId}`);
    assert.deepEqual(
      listed.body.items.map((i: { ticketId: string }) => i.ticketId),
      [opened.body.ticketId],
    );
    const events = await h.request('GET', `/api/v1/tickets/${opened.body.ticketId}/events`);
    assert.ok(events.body.items.some((e: { type: string }) => e.type === 'ticket.add-contact'));

    // three contacts at the same moment about a new order: one ticket, the others join it
    const burst = seedTicket({ customerId: first.customerId });
    const answers = await Promise.all(
      [1, 2, 3].map((i) => h.request('POST', '/api/v1/tickets', { ...burst, description: `第${i}次来电：黑屏` })),
    );
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 200, 201], JSON.stringify(answers.map((r) => r.body)));
    const burstTicket = answers.find((r) => r.status === 201)!.body.ticketId;
    assert.ok(answers.filter((r) => r.status === 200).every((r) => r.body.mergedInto === burstTicket));

    // another problem type on the same order is a new ticket
    const other = await h.request('POST', '/api/v1/tickets', {
      ...first,
      category1: '安装服务',
      category2: '上门安装',
      category3: undefined,
    });
    assert.equal(other.status, 201, JSON.stringify(other.body));
    assert.notEqual(other.body.ticketId, opened.body.ticketId);
  });

  it('refuses every action the state does not offer, saying why and what is allowed', async () => {
    const valid: Record<string, Record<string, unknown>> = {
      assign: { assigneeId: 'agent_x' },
      accept: {},
      dispute: { reason: '不是我的技能组' },
      start: {},
      'set-substatus': { substatus: 'diagnosing' },
      'request-info': { message: '请提供购买凭证' },
      'customer-replied': { message: '已上传' },
      hold: { reason: 'parts_on_order', evidence: 'PO-7788' },
      resume: {},
      escalate: { level: 'L2', reason: '疑难问题' },
      transfer: { assigneeId: 'agent_y', reason: '换班' },
      'change-priority': { priority: 'P1', reason: '客户为VIP' },
      'add-note': { text: '内部备注' },
      'add-attachment': { url: 'https://cdn.example.com/img/a.jpg' },
      resolve: { resolution: '已修复' },
      close: {},
      reopen: { reason: '问题复现' },
    };
    const t = (await h.request('POST', '/api/v1/tickets', seedTicket())).body;
    const allowed: string[] = t.availableActions;
    assert.ok(allowed.includes('assign'));
    const refused = Object.keys(valid).filter((a) => !allowed.includes(a));
    assert.ok(refused.length >= 10, `only ${refused.length} refused`);
    for (const action of refused) {
      const res = await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/${action}`, valid[action]);
      assert.equal(res.status, 409, `${action}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.detail, new RegExp(`'${action}' is not allowed while the ticket is pending_assignment; allowed now: `));
    }
    const events = await h.request('GET', `/api/v1/tickets/${t.ticketId}/events`);
    assert.deepEqual(
      events.body.items.map((e: { type: string }) => e.type),
      ['ticket.created', 'ticket.queued'],
      'a refused action leaves no trace but the answer',
    );
  });

  it('repeats an action with the same Idempotency-Key without applying it twice', async () => {
    const t = (await h.request('POST', '/api/v1/tickets', seedTicket())).body;
    const first = await h.request(
      'POST',
      `/api/v1/tickets/${t.ticketId}/actions/assign`,
      { assigneeId: 'a1' },
      { 'Idempotency-Key': 'assign-once-1' },
    );
    const retry = await h.request(
      'POST',
      `/api/v1/tickets/${t.ticketId}/actions/assign`,
      { assigneeId: 'a1' },
      { 'Idempotency-Key': 'assign-once-1' },
    );
    assert.equal(first.status, 200);
    assert.equal(retry.status, 200);
    assert.equal(retry.body.seq, first.body.seq);
    const events = await h.request('GET', `/api/v1/tickets/${t.ticketId}/events`);
    assert.equal(events.body.items.filter((e: { type: string }) => e.type === 'ticket.assign').length, 1);
  });

  it('pages through the list with a cursor and filters by several fields', async () => {
    const customerId = seedTicket().customerId;
    const ids: string[] = [];
    for (const priority of ['P1', 'P3', 'P4']) {
      ids.push((await h.request('POST', '/api/v1/tickets', seedTicket({ customerId, priority, channel: 'phone' }))).body.ticketId);
    }
    const page1 = await h.request('GET', `/api/v1/tickets?customerId=${customerId}&limit=2`);
    assert.equal(page1.body.items.length, 2);
    assert.ok(page1.body.nextCursor);
    const page2 = await h.request('GET', `/api/v1/tickets?customerId=${customerId}&limit=2&cursor=${page1.body.nextCursor}`);
    assert.equal(page2.body.items.length, 1);
    assert.equal(page2.body.nextCursor, null);
    const all = [...page1.body.items, ...page2.body.items].map((i: { ticketId: string }) => i.ticketId);
    assert.deepEqual([...all].sort(), [...ids].sort());
    const p1 = await h.request('GET', `/api/v1/tickets?customerId=${customerId}&priority=P1,P4&channel=phone`);
    assert.deepEqual(p1.body.items.map((i: { priority: string }) => i.priority).sort(), ['P1', 'P4']);
    const text = await h.request('GET', `/api/v1/tickets?customerId=${customerId}&q=${encodeURIComponent('黑屏')}`);
    assert.equal(text.body.items.length, 3);
  });
});

describe('bad input gets a clear problem+json, never a 500', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start({ worker: 'none' });
  });
  after(async () => {
    await h.stop();
  });

  const problemJson = 'application/problem+json; charset=utf-8';

  it('refuses malformed JSON, wrong types, unknown fields and oversize bodies', async () => {
    const malformed = await h.request('POST', '/api/v1/tickets', '{"customerId": "c1", ');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.headers.get('content-type'), problemJson);
    assert.equal(malformed.body.code, 'malformed_json');

    const wrongType = await h.request('POST', '/api/v1/tickets', seedTicket({ priority: 5, attachments: 'x' }));
    assert.equal(wrongType.status, 422);
    assert.deepEqual(wrongType.body.errors.map((e: { field: string }) => e.field).sort(), ['attachments', 'priority']);

    const unknown = await h.request('POST', '/api/v1/tickets', seedTicket({ customerTeir: 'VIP' }));
    assert.equal(unknown.status, 422);
    assert.deepEqual(unknown.body.errors, [{ field: 'customerTeir', message: 'unknown field' }]);

    const missing = await h.request('POST', '/api/v1/tickets', { channel: 'chat' });
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.body.errors.map((e: { field: string }) => e.field).sort(), ['customerId', 'description']);

    const big = await h.request('POST', '/api/v1/tickets', seedTicket({ description: 'x'.repeat(300_000) }));
    assert.equal(big.status, 413);
    assert.equal(big.headers.get('content-type'), problemJson);

    const notJson = await h.request('POST', '/api/v1/tickets', 'customerId=c1', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(notJson.status, 415);

    const badQuery = await h.request('GET', '/api/v1/tickets?status=open&limit=1000&colour=red');
    assert.equal(badQuery.status, 400);
    assert.deepEqual(badQuery.body.errors.map((e: { field: string }) => e.field).sort(), ['query.colour', 'query.limit', 'query.status.0']);

    const badCursor = await h.request('GET', '/api/v1/tickets?cursor=nonsense');
    assert.equal(badCursor.status, 400);
    assert.equal(badCursor.body.errors[0].field, 'query.cursor');
  });

  it('answers unknown tickets, ids and actions precisely', async () => {
    const unknownTicket = await h.request('GET', '/api/v1/tickets/TK-20260101-ABCDEFGH');
    assert.equal(unknownTicket.status, 404);
    const badId = await h.request('GET', '/api/v1/tickets/12345');
    assert.equal(badId.status, 400);
    assert.equal(badId.body.errors[0].field, 'params.ticketId');
    const badAction = await h.request('POST', '/api/v1/tickets/TK-20260101-ABCDEFGH/actions/teleport', {});
    assert.equal(badAction.status, 400);
    assert.equal(badAction.body.errors[0].field, 'params.action');
    const noRoute = await h.request('GET', '/api/v1/nothing-here');
    assert.equal(noRoute.status, 404);
    assert.equal(noRoute.headers.get('content-type'), problemJson);
  });

  it('requires a valid token with the right role on every non-public route', async () => {
    const none = await fetch(`${h.api.url}/api/v1/tickets`);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('content-type'), problemJson);
    const wrong = await h.request('GET', '/api/v1/tickets', undefined, { authorization: 'Bearer ffk_not-a-real-token' });
    assert.equal(wrong.status, 401);

    const viewer = await h.request('POST', '/api/v1/tokens', { name: 'dashboard', roles: ['viewer'] });
    assert.equal(viewer.status, 201);
    const asViewer = { authorization: `Bearer ${viewer.body.token}` };
    assert.equal((await h.request('GET', '/api/v1/tickets', undefined, asViewer)).status, 200);
    const forbidden = await h.request('POST', '/api/v1/tickets', seedTicket(), asViewer);
    assert.equal(forbidden.status, 403);
    assert.equal((await h.request('POST', '/api/v1/tokens', { name: 'x', roles: ['admin'] }, asViewer)).status, 403);

    const audit = await h.dataSource.query(`SELECT actor, action FROM audit_log WHERE target_id = $1`, [viewer.body.id]);
    assert.deepEqual(audit, [{ actor: `token:test-admin-${h.taskQueue}`, action: 'token.issued' }]);

    assert.equal((await fetch(`${h.api.url}/healthz`)).status, 200);
    const ready = await fetch(`${h.api.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(((await ready.json()) as { checks: unknown }).checks, { database: 'ok', temporal: 'ok' });
  });
});

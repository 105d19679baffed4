import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createLogger } from '../core/logger';
import { ticketWorkflowId } from '../domain/ticket/ticket.schema';
import { flowWorkId } from '../workflows/flow-work/flow-work';
import { ensureNamespace } from '../temporal/connection';
import { createTimeSkippingEnv } from '../temporal/time-skipping';
import { workflowBundle } from '../temporal/worker';
import { eventually, Harness, seedTicket, type HttpResponse } from './support/harness';

const MIN = 60_000;
const HOUR = 60 * MIN;
const WAIT = 10 * HOUR;

interface EventRow {
  seq: number;
  type: string;
  actor: string;
  at: string;
  payload: Record<string, any>;
}

/**
 * A visit linked to a ticket waits for parts on order: the ticket's SLA clocks are held (paused with
 * the visit's reason, parts_on_order) for as long as it waits, with no breach however long, and run
 * again once the parts are in — the resolution deadline moved out by exactly the time waited. On
 * Temporal's time-skipping server: ten hours of waiting pass in seconds, with the real API, worker
 * and PostgreSQL.
 */
describe("a visit waiting for parts holds its ticket's SLA (time skipping)", () => {
  let env: TestWorkflowEnvironment;
  let h: Harness;
  const run = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${run}`;
  const REGION = `华东-${run}`;
  const WH = id('WH-LWS');
  const PART = id('COMP');
  const ENGINEER = id('eng');
  const ok = (res: HttpResponse, status = 200) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };

  before(async () => {
    env = await createTimeSkippingEnv();
    await ensureNamespace(env.connection, 'default', createLogger('linked-work-sla-test', 'warn'));
    h = await Harness.start({ temporal: { address: env.address, namespace: 'default' } });
    ok(await h.request('POST', '/api/v1/stock-locations', { id: WH, kind: 'warehouse', name: '华东仓', region: REGION }), 201);
    ok(
      await h.request('POST', '/api/v1/agents', {
        id: ENGINEER,
        name: '钱工',
        groups: [],
        skills: [{ productLine: '*', region: '*', issueType: '*', level: 4 }],
        maxConcurrent: 10,
        fieldEngineer: true,
        location: { lat: 31.2, lng: 121.45 },
      }),
      201,
    );
    ok(await h.request('POST', '/api/v1/stock-locations', { id: id('VAN'), kind: 'engineer', name: '车载库存', agentId: ENGINEER }), 201);
    // none in stock: the visit has to wait for a purchase
    ok(await h.request('POST', '/api/v1/parts', { code: PART, name: '压缩机', category: '主板', unitCostFen: 90_000, reorderQty: 2 }), 201);
  });
  after(async () => {
    await h?.stop();
    await env?.teardown();
  });

  const ticketOf = async (ticketId: string) => ok(await h.request('GET', `/api/v1/tickets/${ticketId}`));
  const ticketEvents = async (ticketId: string): Promise<EventRow[]> =>
    ok(await h.request('GET', `/api/v1/tickets/${ticketId}/events`)).items;
  const visitOf = async (visitId: string) => ok(await h.request('GET', `/api/v1/visits/${visitId}`));
  /** The time-skipping server holds its clock while an activity is in flight: skip only once nothing is. */
  const settled = async (workflowId: string) =>
    eventually(
      () => h.api.ctx.temporal.client.workflow.getHandle(workflowId).describe(),
      (d) => (d.raw.pendingActivities ?? []).length === 0,
      30_000,
    );

  it(
    'held while the visit waits for parts: no breach, the deadline moves out by the wait, then the clocks run again',
    { timeout: 180_000 },
    async () => {
      const ticket = ok(await h.request('POST', '/api/v1/tickets', seedTicket({ priority: 'P1', region: REGION })), 201);
      const ticketId = ticket.ticketId as string;
      const dueBefore = Date.parse(ticket.sla.ttrDueAt);

      const window = { start: '2031-03-03T02:00:00.000Z', end: '2031-03-03T04:00:00.000Z' };
      const visit = ok(
        await h.request(
          'POST',
          '/api/v1/visits',
          {
            ticketId,
            address: '上海市黄浦区人民大道 200 号',
            location: { lat: 31.2304, lng: 121.4737 },
            region: REGION,
            parts: [{ partCode: PART, qty: 1 }],
            preferredWindow: window,
            engineerId: ENGINEER,
          },
          { 'Idempotency-Key': `lws-${run}` },
        ),
        201,
      );
      const visitId = visit.visitId as string;
      await eventually(
        () => visitOf(visitId),
        (v) => v.status === 'pending_confirmation',
        20_000,
      );
      ok(await h.request('POST', `/api/v1/visits/${visitId}/actions/confirm`, { channel: 'sms' }));
      const waiting = await eventually(
        () => visitOf(visitId),
        (v) => v.status === 'waiting_parts',
        20_000,
      );
      const held = await eventually(
        () => ticketOf(ticketId),
        (t) => t.sla.ttr.pauseReason === 'parts_on_order',
      );
      assert.equal(held.sla.ttr.state, 'paused');
      assert.equal(held.sla.frt.state, 'paused', 'every open clock is held');
      const remaining = held.sla.ttr.remainingMs as number;
      await settled(ticketWorkflowId(ticketId));
      await settled(flowWorkId('visit', visitId));

      // ten hours waiting for parts: a P1's 8 h resolution target would long be breached, but nothing fires
      await env.sleep(WAIT);
      const during = await ticketOf(ticketId);
      assert.equal(during.sla.ttr.state, 'paused');
      assert.equal(during.sla.ttr.remainingMs, remaining, 'no time counted while held');
      assert.equal(during.sla.breached, false);
      assert.deepEqual(
        (await ticketEvents(ticketId)).filter((e) => e.type.startsWith('sla.')).map((e) => e.type),
        [],
        'no warning, no breach while held',
      );

      // the parts arrive: the visit goes on and the ticket's clocks run again
      const prId = waiting.parts.supply.purchaseRequestIds[0] as number;
      ok(await h.request('PATCH', `/api/v1/purchase-requests/${prId}`, { status: 'received' }));
      await eventually(
        () => visitOf(visitId),
        (v) => v.status === 'pending_acceptance',
        20_000,
      );
      const resumed = await eventually(
        () => ticketOf(ticketId),
        (t) => t.sla.ttr.state === 'running',
      );
      const moved = Date.parse(resumed.sla.ttrDueAt) - dueBefore;
      // the 24x7 calendar of a P1: the deadline moves by the wall time held (the wait, plus the seconds
      // the visit held it while waiting for the customer's confirmation and the test's own steps)
      assert.ok(moved >= WAIT && moved < WAIT + 5 * MIN, `the deadline moved by ${moved / MIN} min`);

      const rows = await eventually(
        () => ticketEvents(ticketId),
        (e) => e.filter((x) => x.type === 'work.sla_released').length === 2,
      );
      const linked = rows.filter((e) => e.type.startsWith('work.')).map((e) => [e.type, e.payload.reason ?? null]);
      assert.deepEqual(linked, [
        ['work.linked', null],
        ['work.sla_held', 'waiting_customer'],
        ['work.sla_released', 'waiting_customer'],
        ['work.sla_held', 'parts_on_order'],
        ['work.sla_released', 'parts_on_order'],
      ]);
      const release = rows.filter((e) => e.type === 'work.sla_released')[1]!;
      assert.equal(release.actor, `visit:${visitId}`);
      assert.ok(release.payload.heldMs >= WAIT, `held ${release.payload.heldMs} ms`);
      assert.ok(
        Math.abs(release.payload.heldMs - moved) < 5 * MIN,
        'the deadline moved by the time the visit waited (and the short confirmation wait)',
      );

      // the visit's side records it too
      const visitEvents = ok(await h.request('GET', `/api/v1/visits/${visitId}/events`)).items as EventRow[];
      assert.deepEqual(
        visitEvents.filter((e) => e.type.startsWith('visit.ticket-sla-')).map((e) => [e.type, e.payload.reason, e.payload.ticketId]),
        [
          ['visit.ticket-sla-held', 'waiting_customer', ticketId],
          ['visit.ticket-sla-released', 'waiting_customer', ticketId],
          ['visit.ticket-sla-held', 'parts_on_order', ticketId],
          ['visit.ticket-sla-released', 'parts_on_order', ticketId],
        ],
      );

      // the visit ends before the ticket: the ticket hears how; then the ticket closes
      ok(await h.request('POST', `/api/v1/visits/${visitId}/actions/cancel`, { reason: '客户改约' }));
      const visitHandle = h.api.ctx.temporal.client.workflow.getHandle(flowWorkId('visit', visitId));
      await visitHandle.result();
      const closed = await eventually(
        () => ticketEvents(ticketId),
        (e) => e.some((x) => x.type === 'work.closed'),
      );
      assert.deepEqual(
        closed.filter((e) => e.type === 'work.closed').map((e) => [e.payload.visitId, e.payload.status]),
        [[visitId, 'cancelled']],
      );
      for (const [action, body] of [
        ['assign', { assigneeId: 'agent_lws', groupId: 'support' }],
        ['accept', {}],
        ['resolve', { resolution: '更换压缩机后恢复' }],
        ['resolve', { resolution: '审核通过' }], // a P1 is reviewed before it counts as resolved
        ['close', {}],
      ] as const)
        ok(await h.request('POST', `/api/v1/tickets/${ticketId}/actions/${action}`, body));
      const ticketHandle = h.api.ctx.temporal.client.workflow.getHandle(ticketWorkflowId(ticketId));
      await ticketHandle.result();

      // both sides replay on the current code; FIXFLOW_RECORD_HISTORIES=1 keeps them for test/replay.test.ts
      for (const [handle, file] of [
        [ticketHandle, 'ticket-linked-visit-v1.json'],
        [visitHandle, 'visit-linked-ticket-v1.json'],
      ] as const) {
        const history = await handle.fetchHistory();
        await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, handle.workflowId);
        if (process.env.FIXFLOW_RECORD_HISTORIES === '1')
          fs.writeFileSync(new URL(`./histories/${file}`, import.meta.url), historyToJSON(history));
      }
    },
  );
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createLogger } from '../core/logger';
import { ticketWorkflowId } from '../domain/ticket/ticket.schema';
import { ensureNamespace } from '../temporal/connection';
import { createTimeSkippingEnv } from '../temporal/time-skipping';
import { workflowBundle } from '../temporal/worker';
import { eventually, Harness, seedTicket } from './support/harness';

const MIN = 60_000;
/** Progress lines, so a hang in CI shows where it stopped. */
const step = (what: string) => console.log(`[sla-test] ${new Date().toISOString()} ${what}`);
const HOUR = 60 * MIN;

interface EventRow {
  seq: number;
  type: string;
  at: string;
  payload: { kind?: string; metric?: string; level?: number; dueAt?: string; group?: string };
}

/**
 * The ticket workflow's SLA clock on Temporal's time-skipping test server: hours of workflow time
 * pass in seconds, with the real API, a real worker process and the real PostgreSQL projection.
 */
describe('SLA clock in the ticket workflow, on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let h: Harness;

  before(async () => {
    env = await createTimeSkippingEnv();
    await ensureNamespace(env.connection, 'default', createLogger('sla-test', 'warn'));
    h = await Harness.start({
      worker: 'child',
      temporal: { address: env.address, namespace: 'default' },
      // The Java test server never times out a dead worker's sticky queue, so a killed worker's
      // workflows would wait there forever; without the cache every task goes to the shared queue.
      // (test/durability.test.ts covers kill -9 with sticky queues on the real dev server.)
      workerEnv: { TEMPORAL_WORKFLOW_CACHE_SIZE: '0' },
    });
  });
  after(async () => {
    await h?.stop();
    await env?.teardown();
  });

  const events = async (ticketId: string): Promise<EventRow[]> => (await h.request('GET', `/api/v1/tickets/${ticketId}/events`)).body.items;
  const slaEvents = (rows: EventRow[]) => rows.filter((e) => e.type.startsWith('sla.') || e.type === 'ticket.escalated');
  /** env.sleep, but a stalled server fails the test with what the ticket was waiting on. */
  const skip = async (ms: number, ticketId: string) => {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(async () => {
        const d = await h.api.ctx.temporal.client.workflow
          .getHandle(ticketWorkflowId(ticketId))
          .describe()
          .catch((e) => e);
        reject(new Error(`time skipping stalled; pending activities: ${JSON.stringify(d?.raw?.pendingActivities ?? d)}`));
      }, 60_000);
    });
    try {
      await Promise.race([env.sleep(ms), stalled]);
    } finally {
      clearTimeout(timer);
    }
  };

  /**
   * Waits until the ticket has no activity in flight. The time-skipping server holds its clock while
   * an activity is outstanding, so a worker killed in the middle of one would stall every skip; the
   * crash-during-an-activity case is test/durability.test.ts's, on the real dev server.
   */
  const settled = async (ticketId: string) => {
    const handle = h.api.ctx.temporal.client.workflow.getHandle(ticketWorkflowId(ticketId));
    const d = await eventually(
      () => handle.describe(),
      (x) => (x.raw.pendingActivities ?? []).length === 0,
      30_000,
    );
    assert.equal((d.raw.pendingActivities ?? []).length, 0, 'activities still in flight');
  };

  /**
   * Acts the way a careful integrator does: on 503 (after a worker crash the ticket answers once
   * Temporal gives up on the dead worker's sticky queue) retry with the same Idempotency-Key.
   */
  const act = async (ticketId: string, action: string, body: Record<string, unknown> = {}) => {
    const key = `${action}-${ticketId}-${Math.random()}`;
    let res = await h.request('POST', `/api/v1/tickets/${ticketId}/actions/${action}`, body, { 'Idempotency-Key': key });
    for (let i = 0; i < 5 && res.status === 503; i++)
      res = await h.request('POST', `/api/v1/tickets/${ticketId}/actions/${action}`, body, { 'Idempotency-Key': key });
    assert.equal(res.status, 200, `${action}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  it(
    'P1 without a response: warning, breach and three escalation levels fire in order, each at its time',
    { timeout: 180_000 },
    async () => {
      const created = await h.request('POST', '/api/v1/tickets', seedTicket({ priority: 'P1', channel: 'phone' }));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const t = created.body;
      const opened = Date.parse(t.createdAt);
      assert.equal(Date.parse(t.sla.frtDueAt) - opened, 10 * MIN);
      assert.equal(Date.parse(t.sla.ttrDueAt) - opened, 8 * HOUR);

      await env.sleep(5 * HOUR);
      const rows = await eventually(
        () => events(t.ticketId),
        (r) => slaEvents(r).length >= 5,
      );
      const fired = slaEvents(rows).map((e) => [e.type, e.payload.metric, e.payload.level ?? null, Date.parse(e.payload.dueAt!) - opened]);
      assert.deepEqual(fired, [
        ['sla.warning', 'frt', null, 7.5 * MIN],
        ['sla.breached', 'frt', null, 10 * MIN],
        ['ticket.escalated', 'frt', 1, 10 * MIN],
        ['ticket.escalated', 'frt', 2, 70 * MIN],
        ['ticket.escalated', 'frt', 3, 250 * MIN],
      ]);
      // each was recorded when it came due (workflow time), not at some later sweep
      for (const e of slaEvents(rows)) {
        const late = Date.parse(e.at) - Date.parse(e.payload.dueAt!);
        assert.ok(late >= 0 && late < 2_000, `${e.type} ${e.payload.level ?? ''} recorded ${late} ms after it was due`);
      }
      assert.deepEqual(
        slaEvents(rows)
          .filter((e) => e.type === 'ticket.escalated')
          .map((e) => e.payload.group),
        ['team_lead', 'qa', 'manager'],
      );

      const now = await h.request('GET', `/api/v1/tickets/${t.ticketId}`);
      assert.equal(now.body.sla.breached, true);
      assert.equal(now.body.sla.escalationLevel, 3);
      assert.equal(now.body.sla.frt.breachedAt, t.sla.frtDueAt);
      const [row] = await h.dataSource.query(`SELECT sla_breached FROM tickets WHERE ticket_id = $1`, [t.ticketId]);
      assert.equal(row.sla_breached, true, 'the list filters on the projection, so it must know too');
      const breachedList = await h.request(
        'GET',
        `/api/v1/tickets?sla=breached&customerId=${t.customerId}&category1=${encodeURIComponent('质量问题')}`,
      );
      assert.deepEqual(
        breachedList.body.items.map((i: { ticketId: string }) => i.ticketId),
        [t.ticketId],
      );
      const withinList = await h.request('GET', `/api/v1/tickets?sla=within&customerId=${t.customerId}`);
      assert.deepEqual(withinList.body.items, []);

      // Finish it, so that its resolution timers do not run into the next test's skips.
      await act(t.ticketId, 'assign', { assigneeId: 'eng_li' });
      await act(t.ticketId, 'accept');
      assert.equal((await act(t.ticketId, 'resolve', { resolution: '远程重启控制器后恢复' })).status, 'pending_review');
      assert.equal((await act(t.ticketId, 'resolve', { resolution: '复核：远程重启控制器后恢复' })).status, 'resolved');
      assert.equal((await act(t.ticketId, 'close')).status, 'closed');
    },
  );

  it(
    'a worker killed while the ticket is paused, and again just before the breach: the breach fires once, on time',
    { timeout: 180_000 },
    async () => {
      const t = (await h.request('POST', '/api/v1/tickets', seedTicket({ priority: 'P1', channel: 'phone' }))).body;
      await act(t.ticketId, 'assign', { assigneeId: 'eng_zhao' });
      const accepted = await act(t.ticketId, 'accept');
      assert.equal(accepted.sla.frt.state, 'stopped', 'accepting is the first response');
      const paused = await act(t.ticketId, 'request-info', { message: '请提供故障视频' });
      assert.equal(paused.status, 'pending_customer');
      assert.equal(paused.sla.ttr.state, 'paused');
      assert.equal(paused.sla.ttr.pauseReason, 'waiting_customer');
      const remaining = paused.sla.ttr.remainingMs;

      // Crash while paused, and let three hours pass with no worker at all.
      await settled(t.ticketId);
      await h.killChildWorker();
      step('worker killed while paused; skipping 3 h');
      await skip(3 * HOUR, t.ticketId);
      await h.startChildWorker();
      step('worker back');
      assert.deepEqual(
        slaEvents(await events(t.ticketId)).map((e) => e.type),
        [],
        'nothing is due while the clock stands still',
      );

      const resumed = await act(t.ticketId, 'customer-replied', { message: '视频已上传' });
      assert.equal(resumed.status, 'in_progress');
      assert.equal(resumed.sla.ttr.state, 'running');
      assert.equal(
        resumed.sla.ttr.remainingMs <= remaining && resumed.sla.ttr.remainingMs > remaining - 5_000,
        true,
        'resumes with the time it had left',
      );
      const due = Date.parse(resumed.sla.ttrDueAt);
      const resumedAt = Date.parse(resumed.updatedAt);
      assert.ok(Math.abs(due - resumedAt - resumed.sla.ttr.remainingMs) < 5_000);

      // Run up to a minute before the breach, crash, and come back only after it was due.
      const untilJustBefore = due - (await env.currentTimeMs()) - MIN;
      step(`skipping ${untilJustBefore} ms to a minute before the breach`);
      await skip(untilJustBefore, t.ticketId);
      const before = slaEvents(
        await eventually(
          () => events(t.ticketId),
          (r) => slaEvents(r).some((e) => e.type === 'sla.warning'),
        ),
      );
      assert.deepEqual(
        before.map((e) => e.type),
        ['sla.warning'],
      );
      await h.killChildWorker();
      // The server may hold its clock while a workflow task waits for a worker, so bring the worker
      // back while the skip is under way.
      step('worker killed again; skipping past the breach');
      const skipping = skip(2 * MIN, t.ticketId);
      await new Promise((r) => setTimeout(r, 1_000));
      await h.startChildWorker();
      await skipping;

      const rows = await eventually(
        () => events(t.ticketId),
        (r) => slaEvents(r).some((e) => e.type === 'ticket.escalated'),
        60_000,
      );
      const breaches = rows.filter((e) => e.type === 'sla.breached');
      assert.equal(breaches.length, 1, 'the breach is recorded once');
      assert.equal(breaches[0]!.payload.metric, 'ttr');
      assert.equal(Date.parse(breaches[0]!.payload.dueAt!), due);
      assert.ok(Date.parse(breaches[0]!.at) >= due);
      // no event was recorded twice across the crashes
      assert.deepEqual(
        rows.map((e) => e.seq),
        rows.map((_, i) => i + 1),
      );

      // Its history (pause, two crashes, warning, breach, escalation) replays on the current code.
      await act(t.ticketId, 'resolve', { resolution: '远程修复' });
      await act(t.ticketId, 'resolve', { resolution: '复核：远程修复' });
      await act(t.ticketId, 'close');
      const handle = h.api.ctx.temporal.client.workflow.getHandle(ticketWorkflowId(t.ticketId));
      await eventually(
        async () => (await handle.describe()).status.name,
        (st) => st === 'COMPLETED',
      );
      const history = await handle.fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, handle.workflowId);
      if (process.env.FIXFLOW_RECORD_HISTORIES === '1') {
        fs.writeFileSync(new URL('./histories/ticket-sla-pause-crash-breach-v2.json', import.meta.url), historyToJSON(history));
      }
    },
  );

  it(
    'an assignment not accepted in 30 minutes goes back for reassignment, the team lead told; P1 calls the on-duty engineer',
    { timeout: 180_000 },
    async () => {
      const sim = process.env.FIXFLOW_SIMULATOR_URL!;
      const inbox = async (system: string) =>
        ((await (await fetch(`${sim}/sim/inbox?system=${system}`)).json()) as { items: { body: any }[] }).items;
      const t = (await h.request('POST', '/api/v1/tickets', seedTicket({ priority: 'P1', channel: 'iot' }))).body;
      const assigned = await act(t.ticketId, 'assign', { assigneeId: 'eng_sun' });
      assert.equal(assigned.status, 'pending_acceptance');

      await skip(31 * MIN, t.ticketId);
      const now = await eventually(
        async () => (await h.request('GET', `/api/v1/tickets/${t.ticketId}`)).body,
        (b) => b.status === 'pending_reassignment',
      );
      assert.equal(now.status, 'pending_reassignment');
      assert.equal(now.assigneeId, null);
      const rows = await events(t.ticketId);
      const timeout = rows.find((e) => e.type === 'ticket.timeout');
      assert.ok(timeout, JSON.stringify(rows.map((e) => e.type)));
      const late = Date.parse(timeout!.at) - Date.parse(assigned.updatedAt);
      assert.ok(late >= 30 * MIN && late < 30 * MIN + 5_000, `timed out ${late} ms after the assignment`);

      const told = await eventually(
        () => inbox('wecom'),
        (items) => items.some((i) => JSON.stringify(i.body).includes(t.ticketId) && JSON.stringify(i.body).includes('team_lead')),
      );
      assert.ok(
        told.some((i) => JSON.stringify(i.body).includes(t.ticketId)),
        'the team lead heard of it',
      );
      const calls = (await inbox('cti')).filter((i) => i.body.ticketId === t.ticketId);
      assert.deepEqual(calls.map((c) => c.body.reason).slice(0, 1), ['p1_created'], 'a P1 rings the on-duty engineer at intake');
      const reassigned = await act(t.ticketId, 'assign', { assigneeId: 'eng_zhou' });
      assert.equal(reassigned.status, 'pending_acceptance');
      // finish it, so its timers stay out of other tests' skips
      await act(t.ticketId, 'accept');
      await act(t.ticketId, 'resolve', { resolution: '现场更换传感器' });
      await act(t.ticketId, 'resolve', { resolution: '复核：现场更换传感器' });
      assert.equal((await act(t.ticketId, 'close')).status, 'closed');
    },
  );
});

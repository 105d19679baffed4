import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLogger } from '../core/logger';
import { nextFirings, type MaintenanceCycle } from '../domain/maintenance/maintenance-cycle';
import { ensureNamespace } from '../temporal/connection';
import { createTimeSkippingEnv } from '../temporal/time-skipping';
import { maintenanceRunWorkflow, type MaintenanceRunResult } from '../workflows/maintenance/maintenance-run.workflow';
import { archiveFixture, ticketsOfAsset } from './maintenance-fixtures';
import { eventually, Harness } from './support/harness';

const DAY = 86_400_000;
/** Progress lines, so a hang in CI shows where it stopped. */
const step = (what: string) => console.log(`[maintenance-ts] ${new Date().toISOString()} ${what}`);

/**
 * The maintenance run workflow on Temporal's time-skipping test server. That server has no
 * Schedules (temporalio/sdk-java#1954, closed as not planned), so the runs are started here the way
 * a Schedule starts them — workflow type, arguments, an id per firing — at the firing times of
 * the plan's cycle as the server's clock is skipped forward; the Schedule itself is tested on the
 * dev server in test/maintenance-schedules.test.ts.
 */
describe('maintenance runs under time skipping', () => {
  /** While a skip takes long, print what the tickets' workflows are waiting on. */
  const watch = async <T>(p: Promise<T>, ticketIds: (string | null)[]): Promise<T> => {
    const timer = setInterval(async () => {
      for (const id of ticketIds) {
        try {
          const d = await env.client.workflow.getHandle(`ticket-${id}`).describe();
          const raw = (d.raw.pendingActivities ?? []).map((a) => ({
            type: a.activityType?.name,
            state: a.state,
            attempt: a.attempt,
            failure: a.lastFailure?.message,
          }));
          step(
            `waiting: ${id} ${d.status.name} history=${d.historyLength} pending=${JSON.stringify(raw)} wft=${JSON.stringify(d.raw.pendingWorkflowTask ?? null)}`,
          );
        } catch (err) {
          step(`waiting: ${id} describe failed: ${(err as Error).message}`);
        }
      }
      step(`server time ${new Date(await env.currentTimeMs()).toISOString()}`);
    }, 10_000);
    try {
      return await p;
    } finally {
      clearInterval(timer);
    }
  };

  let env: TestWorkflowEnvironment;
  let h: Harness;

  before(async () => {
    env = await createTimeSkippingEnv();
    await ensureNamespace(env.connection, 'default', createLogger('maintenance-test', 'warn'));
    h = await Harness.start({ temporal: { address: env.address, namespace: 'default' } });
  });
  after(async () => {
    await h?.stop();
    await env?.teardown();
  });

  it('has no Schedules: why the schedule tests run on the dev server', async () => {
    await assert.rejects(
      env.client.schedule.create({
        scheduleId: 'probe',
        spec: { intervals: [{ every: '1 day' }] },
        action: { type: 'startWorkflow', workflowType: maintenanceRunWorkflow, taskQueue: h.taskQueue, args: [{ planId: 'probe' }] },
      }),
      (err: { cause?: { code?: number } }) => err.cause?.code === 12, // UNIMPLEMENTED
    );
  });

  it('each firing opens one ticket; a repeated, concurrent or late-backfilled firing opens none', { timeout: 180_000 }, async () => {
    const f = await archiveFixture(h.dataSource);
    const cycle: MaintenanceCycle = { everyMonths: 3, startDate: '2026-01-20', timeOfDay: '09:00', timeZone: 'Asia/Shanghai' };
    const planId = `mp_${Date.now().toString(16).padStart(20, '0')}`;
    // The row the API writes for a fixed-cycle plan (its Schedule is what this server cannot hold).
    await h.dataSource.query(
      `INSERT INTO maintenance_plans (id, name, target_type, asset_id, customer_id, trigger_type, cycle, ticket, schedule_id, created_by, updated_by)
       VALUES ($1, '冷水机组季度保养', 'asset', $2, $3, 'cycle', $4, $5, $6, 'test', 'test')`,
      [
        planId,
        f.assetIds[0],
        f.customerId,
        JSON.stringify(cycle),
        JSON.stringify({
          category1: '预防性维护',
          category2: '定期保养',
          category3: '周期保养',
          priority: 'P2',
          descriptionTemplate: '{{plan.name}} {{asset.serialNo}} {{scheduledAt}}',
        }),
        `maintenance-plan-${planId}`,
      ],
    );
    const start = (scheduledAt: Date, suffix = '') =>
      env.client.workflow.start(maintenanceRunWorkflow, {
        taskQueue: h.taskQueue,
        workflowId: `maintenance-run-${planId}-${scheduledAt.toISOString()}${suffix}`,
        args: [{ planId, scheduledAt: scheduledAt.toISOString(), trigger: 'schedule' }],
      });
    const fire = async (scheduledAt: Date, suffix = '') => (await start(scheduledAt, suffix)).result();

    // Skip the server's clock to each of the next two firings and fire them as the Schedule would.
    const results: MaintenanceRunResult[] = [];
    for (const at of nextFirings(cycle, new Date(await env.currentTimeMs()), 2)) {
      step(`skipping the server clock from ${new Date(await env.currentTimeMs()).toISOString()} to the firing at ${at.toISOString()}`);
      await env.sleep(at.getTime() - (await env.currentTimeMs()));
      assert.ok((await env.currentTimeMs()) >= at.getTime());
      results.push(await fire(at));
      step(`fired: ${JSON.stringify(results.at(-1)!.outcomes)}`);
    }
    const [first, second] = results.map((r) => r.outcomes[0]!);
    assert.deepEqual([first!.status, first!.created, second!.status, second!.created], ['opened', true, 'opened', true]);
    assert.notEqual(first!.ticketId, second!.ticketId);

    // The first firing again, twice at once (an overlapping trigger and backfill), then 40 days
    // later (a backfill over a range that already fired): the same ticket every time.
    const firstAt = new Date(results[0]!.scheduledAt);
    // Both run at once; their results are awaited one after the other because each wait unlocks the
    // server's clock once, and two waits at the same time can unlock it below zero: the test server
    // then logs "Failed to unlock the timer" and keeps the clock locked for good.
    const runs = await Promise.all([start(firstAt, '-a'), start(firstAt, '-b')]);
    const concurrent: MaintenanceRunResult[] = [];
    for (const run of runs) concurrent.push(await run.result());
    step('skipping 40 days before the late backfill');
    await watch(env.sleep(40 * DAY), [first!.ticketId, second!.ticketId]);
    const late = await fire(firstAt, '-backfill');
    for (const r of [...concurrent, late]) {
      assert.deepEqual(r.outcomes, [{ assetId: f.assetIds[0], status: 'opened', ticketId: first!.ticketId, created: false }]);
    }
    const tickets = await eventually(
      () => ticketsOfAsset(h.dataSource, f.assetIds[0]!),
      (t) => t.length >= 2,
    );
    assert.deepEqual(tickets.map((t) => t.ticket_id).sort(), [first!.ticketId, second!.ticketId].sort());
    const [{ count }] = await h.dataSource.query(`SELECT count(*)::int AS count FROM maintenance_runs WHERE plan_id = $1`, [planId]);
    assert.equal(count, 2);

    // A maintenance ticket is an ordinary ticket: its SLA clock ran through the skipped weeks.
    const ticket = (await h.request('GET', `/api/v1/tickets/${first!.ticketId}`)).body;
    assert.equal(ticket.priority, 'P2');
    assert.equal(ticket.category3, '周期保养');
    assert.ok(ticket.sla.frt.breachedAt, JSON.stringify(ticket.sla));
  });

  it('a plan deleted before its firing runs opens nothing', async () => {
    const f = await archiveFixture(h.dataSource);
    const planId = `mp_${(Date.now() + 1).toString(16).padStart(20, '0')}`;
    await h.dataSource.query(
      `INSERT INTO maintenance_plans (id, name, target_type, asset_id, customer_id, trigger_type, condition, ticket, deleted_at, created_by, updated_by)
       VALUES ($1, '已删除计划', 'asset', $2, $3, 'condition', '{"rule": true, "minIntervalHours": 0}', '{"priority": "P3", "descriptionTemplate": "x"}', now(), 'test', 'test')`,
      [planId, f.assetIds[0], f.customerId],
    );
    const r = await env.client.workflow.execute(maintenanceRunWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: `maintenance-run-${planId}-deleted`,
      args: [{ planId }],
    });
    assert.deepEqual([r.skipped, r.outcomes], ['the plan was deleted', []]);
  });
});

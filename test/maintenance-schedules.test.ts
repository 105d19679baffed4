import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nextFirings, type MaintenanceCycle } from '../domain/maintenance/maintenance-cycle';
import { toLocal } from '../domain/maintenance/zoned-time';
import { describeSchedule } from '../api/maintenance/plan-schedule';
import { archiveFixture, ticketsOfAsset, type Fixture } from './maintenance-fixtures';
import { eventually, Harness } from './support/harness';

const pad = (n: number) => String(n).padStart(2, '0');
const TZ = 'Asia/Shanghai';

interface RunItem {
  scheduledAt: string;
  assetId: string;
  trigger: string;
  status: string;
  ticketId: string | null;
  ticketStatus: string | null;
}

/**
 * Maintenance plans on Temporal Schedules, on the real dev server. (The time-skipping test server
 * has no Schedules — temporalio/sdk-java#1954 — so the firing is tested here with a calendar spec a
 * few seconds ahead, and the run workflow's idempotency in test/maintenance-time-skipping.test.ts.)
 */
describe('maintenance plans on Temporal Schedules (dev server)', () => {
  let h: Harness;
  const created: string[] = [];

  before(async () => {
    h = await Harness.start();
  });
  after(async () => {
    // Leave no schedule firing into the shared dev server after this file.
    for (const id of created) await h.request('DELETE', `/api/v1/maintenance-plans/${id}`);
    await h?.stop();
  });

  const createPlan = async (body: Record<string, unknown>) => {
    const res = await h.request('POST', '/api/v1/maintenance-plans', body);
    if (res.status === 201) created.push(res.body.id);
    return res;
  };
  const runs = async (planId: string): Promise<RunItem[]> =>
    (await h.request('GET', `/api/v1/maintenance-plans/${planId}/runs`)).body.items;
  const cycle = (f: Fixture, c: Partial<MaintenanceCycle> = {}) => ({
    name: '空压机保养',
    target: { type: 'asset', assetId: f.assetIds[0] },
    trigger: { type: 'cycle', everyMonths: 3, startDate: '2026-01-15', timeOfDay: '09:30', timeZone: TZ, ...c },
  });

  it('a schedule firing opens the maintenance ticket through intake, with the plan template', { timeout: 90_000 }, async () => {
    const f = await archiveFixture(h.dataSource);
    // A monthly cycle whose first firing is 8 seconds from now, Beijing time.
    const fireAt = new Date(Math.ceil((Date.now() + 8_000) / 1000) * 1000);
    const l = toLocal(fireAt, TZ);
    const res = await createPlan({
      ...cycle(f, {
        everyMonths: 1,
        startDate: `${l.year}-${pad(l.month)}-${pad(l.day)}`,
        timeOfDay: `${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)}`,
      }),
      ticket: { priority: 'P2', descriptionTemplate: '{{plan.name}}：{{asset.model}} {{asset.serialNo}} 于 {{scheduledAt}}' },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const plan = res.body;
    assert.match(plan.id, /^mp_/);
    assert.equal(plan.schedule.scheduleId, `maintenance-plan-${plan.id}`);
    assert.equal(plan.schedule.paused, false);
    assert.equal(plan.schedule.timeZone, TZ);
    assert.equal(plan.schedule.nextRunTimes[0], fireAt.toISOString(), 'Temporal computed the first firing from our spec');

    const fired = await eventually(
      () => runs(plan.id),
      (r) => r.some((x) => x.status === 'opened'),
      30_000,
    );
    assert.equal(fired.length, 1, JSON.stringify(fired));
    assert.deepEqual([fired[0]!.scheduledAt, fired[0]!.trigger, fired[0]!.assetId], [fireAt.toISOString(), 'schedule', f.assetIds[0]]);
    const ticket = (await h.request('GET', `/api/v1/tickets/${fired[0]!.ticketId}`)).body;
    assert.equal(ticket.customerId, f.customerId);
    assert.equal(ticket.assetId, f.assetIds[0]);
    assert.deepEqual(
      [ticket.channel, ticket.priority, ticket.category1, ticket.category2, ticket.category3],
      ['api', 'P2', '预防性维护', '定期保养', '周期保养'],
    );
    assert.deepEqual(ticket.tags, ['preventive-maintenance', `plan:${plan.id}`]);
    assert.equal(ticket.createdBy, `maintenance:${plan.id}`);
    assert.equal(
      ticket.description,
      `空压机保养：${f.model} ${f.serials[0]} 于 ${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)} (${TZ})`,
    );

    // The schedule moved on to next month and shows the run it took.
    const after = (await h.request('GET', `/api/v1/maintenance-plans/${plan.id}`)).body;
    assert.equal(after.schedule.recentRuns.length, 1);
    assert.equal(after.schedule.recentRuns[0].scheduledAt, fireAt.toISOString());
    assert.ok(Date.parse(after.schedule.nextRunTimes[0]) > fireAt.getTime() + 27 * 86_400_000);
  });

  it('next run times: Temporal and our cycle arithmetic agree, also for cycles that do not divide the year', async () => {
    const f = await archiveFixture(h.dataSource);
    for (const c of [
      { everyMonths: 5, startDate: '2026-11-20', timeOfDay: '08:15' },
      { everyMonths: 18, startDate: '2025-03-03', timeOfDay: '23:59:30' },
      { everyMonths: 2, startDate: '2027-02-28', timeOfDay: '00:00', timeZone: 'Europe/Berlin' },
    ]) {
      const res = await createPlan({ ...cycle(f, c), paused: true, note: '合同未生效' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const ours = nextFirings({ timeZone: TZ, ...c }, new Date(), 5).map((d) => d.toISOString());
      assert.deepEqual(res.body.schedule.nextRunTimes, ours, JSON.stringify(c));
      assert.equal(res.body.schedule.paused, true);
      assert.equal(res.body.schedule.note, '合同未生效');
    }
  });

  it('trigger runs a plan now; backfill fires a past range once, however often it is asked', { timeout: 90_000 }, async () => {
    const f = await archiveFixture(h.dataSource);
    const plan = (await createPlan(cycle(f))).body;

    const triggered = await h.request('POST', `/api/v1/maintenance-plans/${plan.id}/trigger`, { note: '客户要求提前保养' });
    assert.equal(triggered.status, 202, JSON.stringify(triggered.body));
    const afterTrigger = await eventually(
      () => runs(plan.id),
      (r) => r.filter((x) => x.status === 'opened').length === 1,
    );
    assert.ok(Math.abs(Date.parse(afterTrigger[0]!.scheduledAt) - Date.parse(triggered.body.triggeredAt)) < 5_000);

    const range = { from: '2026-01-15T01:30:00Z', to: '2026-07-15T01:30:00Z', note: '补录上半年保养' };
    const backfilled = await h.request('POST', `/api/v1/maintenance-plans/${plan.id}/backfill`, range);
    assert.equal(backfilled.status, 202, JSON.stringify(backfilled.body));
    const quarter = ['2026-01-15T01:30:00.000Z', '2026-04-15T01:30:00.000Z', '2026-07-15T01:30:00.000Z'];
    assert.deepEqual(
      backfilled.body.firings.map((x: { scheduledAt: string }) => x.scheduledAt),
      quarter,
    );
    const afterBackfill = await eventually(
      () => runs(plan.id),
      (r) => r.filter((x) => x.status === 'opened').length === 4,
      30_000,
    );
    const backfilledRuns = afterBackfill.filter((r) => quarter.includes(r.scheduledAt));
    assert.deepEqual(backfilledRuns.map((r) => r.scheduledAt).sort(), quarter);
    assert.equal(new Set(afterBackfill.map((r) => r.ticketId)).size, 4);

    // The same range again: Temporal starts the runs again, and they find their tickets.
    const again = await h.request('POST', `/api/v1/maintenance-plans/${plan.id}/backfill`, range);
    assert.deepEqual(
      again.body.firings.map((x: { alreadyOpened: boolean }) => x.alreadyOpened),
      [true, true, true],
    );
    const handle = h.api.ctx.temporal.client.schedule.getHandle(`maintenance-plan-${plan.id}`);
    await eventually(
      async () => (await handle.describe()).info.recentActions.length,
      (n) => n >= 7,
      30_000,
    );
    // Every run started by the second backfill has finished before we count.
    await eventually(
      async () => (await handle.describe()).info.runningActions.length,
      (n) => n === 0,
      30_000,
    );
    const finalRuns = await runs(plan.id);
    assert.equal(finalRuns.length, 4, JSON.stringify(finalRuns));
    const tickets = await eventually(
      () => ticketsOfAsset(h.dataSource, f.assetIds[0]!),
      (t) => t.length >= 4,
    );
    assert.equal(tickets.length, 4, 'one ticket per firing, none from the repeated backfill');

    const future = await h.request('POST', `/api/v1/maintenance-plans/${plan.id}/backfill`, {
      from: '2026-01-01T00:00:00Z',
      to: '2099-01-01T00:00:00Z',
    });
    assert.equal(future.status, 422);
    assert.equal(future.body.errors[0].field, 'to');
  });

  it('skip leaves out exactly the next firing, in the schedule itself; pause and resume carry their note', async () => {
    const f = await archiveFixture(h.dataSource);
    const plan = (await createPlan(cycle(f, { everyMonths: 1, startDate: '2026-01-10', timeOfDay: '10:00' }))).body;
    const [first, second, third] = plan.schedule.nextRunTimes as string[];

    const skipped = await h.request('POST', `/api/v1/maintenance-plans/${plan.id}/skip`, { note: '春节停产' });
    assert.equal(skipped.status, 200, JSON.stringify(skipped.body));
    assert.equal(skipped.body.skipped, first);
    assert.deepEqual(skipped.body.plan.skippedTimes, [first]);
    assert.deepEqual(skipped.body.plan.schedule.nextRunTimes.slice(0, 2), [second, third]);
    const spec = (await describeSchedule(h.api.ctx.temporal, plan.id))!.spec;
    assert.equal(spec.skip?.length, 1, 'the skip is a calendar exclusion in the schedule');

    // A named firing, and what is not one.
    const bad = await h.request('POST', `/api/v1/maintenance-plans/${plan.id}/skip`, { at: '2030-01-10T03:00:00Z' });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].field, 'at');
    const named = await h.request('POST', `/api/v1/maintenance-plans/${plan.id}/skip`, { at: third });
    assert.equal(named.status, 200);
    assert.equal(named.body.plan.schedule.nextRunTimes[0], second);
    assert.equal(named.body.plan.schedule.nextRunTimes.includes(third), false);

    const paused = await h.request('POST', `/api/v1/maintenance-plans/${plan.id}/pause`, { note: '设备停用检修' });
    assert.equal(paused.status, 200);
    assert.deepEqual(
      [paused.body.status, paused.body.statusNote, paused.body.schedule.paused, paused.body.schedule.note],
      ['paused', '设备停用检修', true, '设备停用检修'],
    );
    const resumed = await h.request('POST', `/api/v1/maintenance-plans/${plan.id}/resume`, { note: '恢复保养' });
    assert.deepEqual([resumed.body.status, resumed.body.schedule.paused, resumed.body.schedule.note], ['active', false, '恢复保养']);

    const audit = (await h.dataSource.query(`SELECT action, details FROM audit_log WHERE target_id = $1 ORDER BY id`, [plan.id])) as {
      action: string;
      details: { note?: string };
    }[];
    assert.deepEqual(
      audit.map((a) => a.action),
      [
        'maintenance_plan.created',
        'maintenance_plan.run_skipped',
        'maintenance_plan.run_skipped',
        'maintenance_plan.paused',
        'maintenance_plan.resumed',
      ],
    );
    assert.equal(audit[1]!.details.note, '春节停产');
  });

  it('PATCH reschedules; becoming condition-based removes the schedule; DELETE removes it, audited', async () => {
    const f = await archiveFixture(h.dataSource, { assets: 2 });
    const plan = (await createPlan(cycle(f))).body;

    const patched = await h.request('PATCH', `/api/v1/maintenance-plans/${plan.id}`, {
      trigger: { type: 'cycle', everyMonths: 6, startDate: '2026-03-01', timeOfDay: '14:00', timeZone: TZ },
      target: { type: 'site', siteId: f.siteId },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.version, 2);
    assert.deepEqual(patched.body.target, { type: 'site', siteId: f.siteId });
    const ours = nextFirings({ everyMonths: 6, startDate: '2026-03-01', timeOfDay: '14:00', timeZone: TZ }, new Date(), 5).map((d) =>
      d.toISOString(),
    );
    assert.deepEqual(patched.body.schedule.nextRunTimes, ours);

    // A site plan opens one ticket per asset of the site.
    await h.request('POST', `/api/v1/maintenance-plans/${plan.id}/trigger`, {});
    const perAsset = await eventually(
      () => runs(plan.id),
      (r) => r.filter((x) => x.status === 'opened').length === 2,
    );
    assert.deepEqual(perAsset.map((r) => r.assetId).sort(), [...f.assetIds].sort());

    const toCondition = await h.request('PATCH', `/api/v1/maintenance-plans/${plan.id}`, {
      trigger: { type: 'condition', rule: { '>=': [{ var: 'readings.runHours' }, 2000] } },
    });
    assert.equal(toCondition.status, 200, JSON.stringify(toCondition.body));
    assert.equal(toCondition.body.schedule, null);
    assert.equal(await describeSchedule(h.api.ctx.temporal, plan.id), null);

    const back = await h.request('PATCH', `/api/v1/maintenance-plans/${plan.id}`, { trigger: cycle(f).trigger });
    assert.equal(back.body.schedule.exists, true);

    const deleted = await h.request('DELETE', `/api/v1/maintenance-plans/${plan.id}`);
    assert.equal(deleted.status, 204);
    assert.equal(await describeSchedule(h.api.ctx.temporal, plan.id), null);
    assert.equal((await h.request('GET', `/api/v1/maintenance-plans/${plan.id}`)).status, 404);
    assert.equal((await h.request('DELETE', `/api/v1/maintenance-plans/${plan.id}`)).status, 204, 'repeatable');
    const [audit] = await h.dataSource.query(`SELECT actor FROM audit_log WHERE target_id = $1 AND action = 'maintenance_plan.deleted'`, [
      plan.id,
    ]);
    assert.match(audit.actor, /^token:test-admin-/);
    // Its runs and tickets stay.
    assert.equal((await runs(plan.id)).length, 2);
  });

  it('lists plans by asset (directly, by site or by model) and refuses bad plans by field', async () => {
    const f = await archiveFixture(h.dataSource);
    const direct = (await createPlan(cycle(f))).body;
    const bySite = (await createPlan({ ...cycle(f), target: { type: 'site', siteId: f.siteId } })).body;
    const byModel = (await createPlan({ ...cycle(f), target: { type: 'model', customerId: f.customerId, model: f.model } })).body;
    const listed = await h.request('GET', `/api/v1/maintenance-plans?assetId=${f.assetIds[0]}&limit=2`);
    assert.deepEqual(
      listed.body.items.map((p: { id: string }) => p.id),
      [byModel.id, bySite.id],
    );
    const page2 = await h.request('GET', `/api/v1/maintenance-plans?assetId=${f.assetIds[0]}&limit=2&cursor=${listed.body.nextCursor}`);
    assert.deepEqual(
      page2.body.items.map((p: { id: string }) => p.id),
      [direct.id],
    );

    const field = async (body: Record<string, unknown>) => {
      const res = await h.request('POST', '/api/v1/maintenance-plans', body);
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      return res.body.errors.map((e: { field: string }) => e.field);
    };
    assert.deepEqual(await field(cycle(f, { startDate: '2026-01-31' })), ['trigger.startDate']);
    assert.deepEqual(await field(cycle(f, { timeZone: 'Asia/Beijing' })), ['trigger.timeZone']);
    assert.deepEqual(await field({ ...cycle(f), target: { type: 'asset', assetId: 'as_nope' } }), ['target.assetId']);
    assert.deepEqual(await field({ ...cycle(f), ticket: { descriptionTemplate: '{{asset.price}}' } }), ['ticket.descriptionTemplate']);
    assert.deepEqual(await field({ ...cycle(f), ticket: { category1: '不存在的分类' } }), ['ticket.category1']);
    assert.deepEqual(await field({ ...cycle(f), trigger: { type: 'condition', rule: { '>': [{ var: 'temperature' }, 1] } } }), [
      'trigger.rule..>[0].var',
    ]);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLogger } from '../core/logger';
import { defaultRmaFlow } from '../domain/flow/default-rma-flow';
import { ensureNamespace } from '../temporal/connection';
import { createTimeSkippingEnv } from '../temporal/time-skipping';
import { openRma, rmaBody } from './rma-fixtures';
import { eventually, Harness, type HttpResponse } from './support/harness';

const DAY = 86_400_000;
const MINUTE = 60_000;
const days = (param: 'pickupTimeoutDays' | 'parcelTimeoutDays' | 'repairTimeoutDays') => defaultRmaFlow.params![param] as number;

/**
 * The RMA's time limits on Temporal's time-skipping server, with no real waiting: a parcel never
 * picked up (pickupTimeoutDays), a parcel never arriving (parcelTimeoutDays), a repair not done
 * (repairTimeoutDays) — each escalated when its limit passes and again every period, and the RMA
 * still goes on when the awaited thing happens after all. The tests only poll the API; none awaits
 * a workflow result (two at once would break the server's clock lock).
 */
describe('RMA time limits under time skipping', () => {
  let env: TestWorkflowEnvironment;
  let h: Harness;
  const ok = (res: HttpResponse, status = 200) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };
  const rmaOf = (rmaId: string) => ({
    act: async (action: string, body: Record<string, unknown> = {}) =>
      ok(await h.request('POST', `/api/v1/rmas/${rmaId}/actions/${action}`, body)),
    view: async () => ok(await h.request('GET', `/api/v1/rmas/${rmaId}`)),
    events: async () => ok(await h.request('GET', `/api/v1/rmas/${rmaId}/events`)).items as { type: string; payload: any }[],
  });
  const notices = async (rmaId: string, template: string) =>
    (
      (await h.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE ticket_id = $1 AND template = $2`, [
        rmaId,
        template,
      ])) as { n: number }[]
    )[0]!.n;

  /**
   * Sleeps to the due time of `edgeId`'s timer and checks the escalation it causes: nothing a
   * minute before, then the timeout and an escalation to `group`, the team lead told with
   * `template`, the RMA still in `status` and the timer armed again one period after it fired.
   */
  async function expectEscalation(
    rmaId: string,
    o: { edgeId: string; periodDays: number; status: string; group: string; template: string; count: number },
  ) {
    const rma = rmaOf(rmaId);
    const timerOf = (view: { timers: { edgeId: string; dueAt: string }[] }) => {
      assert.deepEqual(
        view.timers.map((t) => t.edgeId),
        [o.edgeId],
      );
      return Date.parse(view.timers[0]!.dueAt);
    };
    const due = timerOf(await rma.view());
    const left = due - (await env.currentTimeMs());
    if (o.count === 1) assert.ok(left <= o.periodDays * DAY && left > o.periodDays * DAY - 10 * MINUTE, `${left} ms left`);
    await env.sleep(left - MINUTE);
    assert.equal((await rma.view()).escalations, o.count - 1, 'not yet escalated a minute before the limit');
    await env.sleep(2 * MINUTE);
    const events = await eventually(rma.events, (e) => e.filter((x) => x.type === 'rma.escalated').length === o.count);
    assert.deepEqual(
      events
        .filter((e) => e.type === 'rma.timeout' || e.type === 'rma.escalated')
        .slice(-2)
        .map((e) => [e.type, e.payload.edgeId ?? e.payload.group]),
      [
        ['rma.timeout', o.edgeId],
        ['rma.escalated', o.group],
      ],
    );
    const view = await eventually(rma.view, (r) => r.escalations === o.count);
    assert.equal(view.status, o.status);
    const again = timerOf(view) - due;
    assert.ok(Math.abs(again - o.periodDays * DAY) < MINUTE, `re-armed ${again} ms after it fired`);
    assert.equal(
      await eventually(
        () => notices(rmaId, o.template),
        (n) => n === o.count,
      ),
      o.count,
    );
  }

  before(async () => {
    env = await createTimeSkippingEnv();
    await ensureNamespace(env.connection, 'default', createLogger('rma-time-skipping-test', 'warn'));
    h = await Harness.start({ temporal: { address: env.address, namespace: 'default' } });
  });
  after(async () => {
    await h?.stop();
    await env?.teardown();
  });

  it(
    'parcel never arrives → escalated after parcelTimeoutDays, again the next period; it still closes when the parcel comes',
    { timeout: 180_000 },
    async () => {
      const created = ok(await openRma(h, rmaBody('refund', 15_000)), 201);
      const rma = rmaOf(created.rmaId);
      await rma.act('diagnose', { symptoms: '电源指示灯不亮' });
      await eventually(rma.view, (r) => r.status === 'awaiting_pickup');
      await rma.act('picked-up', { waybillNo: 'SF1234567890' });
      const inTransit = await eventually(rma.view, (r) => r.status === 'in_transit');
      assert.deepEqual(
        inTransit.timers.map((t: { edgeId: string }) => t.edgeId),
        ['e_parcel_timeout'],
      );

      const limit = { edgeId: 'e_parcel_timeout', periodDays: days('parcelTimeoutDays'), status: 'in_transit', group: 'logistics' };
      await expectEscalation(created.rmaId, { ...limit, template: 'rma_parcel_overdue', count: 1 });
      await expectEscalation(created.rmaId, { ...limit, template: 'rma_parcel_overdue', count: 2 });

      await rma.act('parcel-received', {});
      const closed = await eventually(rma.view, (r) => r.status === 'closed', 30_000);
      assert.equal(typeof closed.vars.refund.refundNo, 'string');
    },
  );

  it(
    'parcel never picked up → escalated to logistics after pickupTimeoutDays, again the next period; a cancel still undoes the booking',
    { timeout: 180_000 },
    async () => {
      const created = ok(await openRma(h, rmaBody('refund', 15_000)), 201);
      const rma = rmaOf(created.rmaId);
      await rma.act('diagnose', { symptoms: '遥控器无反应' });
      const waiting = await eventually(rma.view, (r) => r.status === 'awaiting_pickup');
      assert.deepEqual(
        waiting.timers.map((t: { edgeId: string }) => t.edgeId),
        ['e_pickup_timeout'],
      );

      const limit = { edgeId: 'e_pickup_timeout', periodDays: days('pickupTimeoutDays'), status: 'awaiting_pickup', group: 'logistics' };
      await expectEscalation(created.rmaId, { ...limit, template: 'rma_pickup_overdue', count: 1 });
      await expectEscalation(created.rmaId, { ...limit, template: 'rma_pickup_overdue', count: 2 });

      // the customer gives up: the pickup and the return order are undone as before the escalations
      await rma.act('cancel', { reason: '一直没人来取件' });
      await eventually(rma.view, (r) => r.status === 'cancelled');
      const undone = await eventually(rma.events, (e) => e.filter((x) => x.type === 'rma.compensated').length === 2);
      assert.deepEqual(
        undone
          .filter((e) => e.type === 'rma.compensated')
          .map((e) => e.payload.activity)
          .sort(),
        ['logistics.cancel-pickup', 'logistics.cancel-return-order'],
      );
    },
  );

  it(
    'repair not done → escalated to the team lead after repairTimeoutDays, again the next period; repair-done still ships it back and closes',
    { timeout: 180_000 },
    async () => {
      const created = ok(await openRma(h, rmaBody('repair', 15_000)), 201);
      const rma = rmaOf(created.rmaId);
      await rma.act('diagnose', { symptoms: '洗衣机脱水异响' });
      await eventually(rma.view, (r) => r.status === 'awaiting_pickup');
      await rma.act('picked-up', {});
      await eventually(rma.view, (r) => r.status === 'in_transit');
      await rma.act('parcel-received', { warehouseId: 'WH-SH' });
      const repairing = await eventually(rma.view, (r) => r.status === 'repairing', 30_000);
      assert.deepEqual(
        repairing.timers.map((t: { edgeId: string }) => t.edgeId),
        ['e_repair_timeout'],
      );

      const limit = { edgeId: 'e_repair_timeout', periodDays: days('repairTimeoutDays'), status: 'repairing', group: 'team_lead' };
      await expectEscalation(created.rmaId, { ...limit, template: 'rma_repair_overdue', count: 1 });
      await expectEscalation(created.rmaId, { ...limit, template: 'rma_repair_overdue', count: 2 });

      await rma.act('repair-done', { note: '更换轴承' });
      const closed = await eventually(rma.view, (r) => r.status === 'closed', 30_000);
      assert.equal(closed.repairNote, '更换轴承');
      assert.equal(closed.escalations, 2);
      assert.equal(typeof closed.vars.outbound.waybillNo, 'string');
    },
  );
});

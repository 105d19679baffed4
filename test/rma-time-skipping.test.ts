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
const PARCEL_TIMEOUT_DAYS = defaultRmaFlow.params!.parcelTimeoutDays as number;

/**
 * An RMA whose parcel never arrives, on Temporal's time-skipping server: after parcelTimeoutDays in
 * transit it is escalated (the logistics group and the team lead told), and again every period, with
 * no real waiting; a parcel arriving after all still closes it.
 */
describe('RMA time limits under time skipping', () => {
  let env: TestWorkflowEnvironment;
  let h: Harness;
  const ok = (res: HttpResponse, status = 200) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };

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
      const rma = ok(await openRma(h, rmaBody('refund', 15_000)), 201);
      const act = (action: string, body: Record<string, unknown> = {}) =>
        h.request('POST', `/api/v1/rmas/${rma.rmaId}/actions/${action}`, body);
      const view = async () => ok(await h.request('GET', `/api/v1/rmas/${rma.rmaId}`));
      const events = async () => ok(await h.request('GET', `/api/v1/rmas/${rma.rmaId}/events`)).items as { type: string; payload: any }[];

      ok(await act('diagnose', { symptoms: '电源指示灯不亮' }));
      await eventually(view, (r) => r.status === 'awaiting_pickup');
      ok(await act('picked-up', { waybillNo: 'SF1234567890' }));
      const inTransit = await eventually(view, (r) => r.status === 'in_transit');
      assert.deepEqual(
        inTransit.timers.map((t: { edgeId: string }) => t.edgeId),
        ['e_parcel_timeout'],
      );

      // one minute short of the limit: nothing yet
      await env.sleep(PARCEL_TIMEOUT_DAYS * DAY - 60_000);
      assert.equal((await view()).escalations, 0);
      await env.sleep(2 * 60_000);
      const first = await eventually(events, (e) => e.some((x) => x.type === 'rma.escalated'));
      assert.deepEqual(
        first
          .filter((e) => e.type === 'rma.timeout' || e.type === 'rma.escalated')
          .map((e) => [e.type, e.payload.edgeId ?? e.payload.group]),
        [
          ['rma.timeout', 'e_parcel_timeout'],
          ['rma.escalated', 'logistics'],
        ],
      );
      const escalated = await view();
      assert.equal(escalated.status, 'in_transit');
      assert.equal(escalated.escalations, 1);
      const [notice] = (await h.dataSource.query(
        `SELECT template FROM notifications WHERE ticket_id = $1 AND template = 'rma_parcel_overdue'`,
        [rma.rmaId],
      )) as { template: string }[];
      assert.equal(notice?.template, 'rma_parcel_overdue');

      // still nothing a period later: escalated again
      await env.sleep(PARCEL_TIMEOUT_DAYS * DAY + 60_000);
      await eventually(view, (r) => r.escalations === 2);

      ok(await act('parcel-received', {}));
      const closed = await eventually(view, (r) => r.status === 'closed', 30_000);
      assert.equal(typeof closed.vars.refund.refundNo, 'string');
    },
  );
});

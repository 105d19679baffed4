import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Client, Connection } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { createIntegrationActivities } from '../activities/integration.activities';
import { createCtiClient } from '../activities/integrations/cti-client';
import { integrationEndpoints } from '../activities/integrations/endpoints';
import { createErpClient } from '../activities/integrations/erp-client';
import type { SystemSetting } from '../activities/integrations/integration-client';
import { integrationKey } from '../activities/integrations/integration-key';
import { createLogisticsClient } from '../activities/integrations/logistics-client';
import { createOmsClient } from '../activities/integrations/oms-client';
import { createWmsClient } from '../activities/integrations/wms-client';
import { loadConfig } from '../core/config';
import { connectClient, connectWorker, installRuntime } from '../temporal/connection';
import { refundWithRetryWorkflow } from './integration-retry.workflow';

/**
 * The clients of the outside systems against the simulators over real HTTP (scripts/test.ts
 * serves them and passes FIXFLOW_SIMULATOR_URL): happy paths with the sandbox's behaviour, and for
 * every system the failure classes an activity's retry policy depends on.
 */
const config = loadConfig();
const sim = process.env.FIXFLOW_SIMULATOR_URL!;
const endpoints = integrationEndpoints(config);
const run = randomUUID().slice(0, 8);

const simPost = async (path: string, body: unknown) => {
  const res = await fetch(sim + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.ok(res.ok, `${path}: ${res.status}`);
};
const configure = (system: string, change: Record<string, unknown>) => simPost('/sim/config', { system, ...change });
const failNext = (system: string, count: number, status: number, after = false) => simPost('/sim/fail', { system, count, status, after });
const ledger = async (system: string) =>
  (await (await fetch(`${sim}/sim/ledger?system=${system}`)).json()) as {
    items: { path: string; idempotencyKey: string | null; body: any; result: any }[];
    calls: { path: string; status: number; idempotencyKey: string | null; duplicate: boolean; simulated?: string }[];
  };

/** The failure a call ends with, checked for its type and whether Temporal may retry it. */
async function failure(call: Promise<unknown>, type: string, nonRetryable: boolean): Promise<ApplicationFailure> {
  try {
    await call;
  } catch (err) {
    assert.ok(err instanceof ApplicationFailure, `not an ApplicationFailure: ${err}`);
    assert.equal(err.type, type, err.message);
    assert.equal(err.nonRetryable, nonRetryable, `${type} nonRetryable: ${err.message}`);
    return err;
  }
  assert.fail(`expected ${type}, the call succeeded`);
}

const tweak = (setting: SystemSetting, change: Partial<NonNullable<SystemSetting['connection']>>): SystemSetting => ({
  ...setting,
  connection: { ...setting.connection!, ...change },
});

// fixed for the run, as a workflow would fix it: a retried write sends the very same request
const window = { from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() };
const pickupInput = (rmaId: string, phone = '13800138000') => ({
  rmaId,
  toWarehouseId: 'WH-SH',
  address: { province: '上海市', city: '上海', district: '浦东新区', detail: '张江路 88 号' },
  contact: { name: '王女士', phone },
  window,
});

/**
 * Per system: a read, a write (for the dedupe test), a request the system refuses with a 4xx and
 * the reason it gives, and the variables that configure it.
 */
const SYSTEMS = [
  {
    name: 'oms' as const,
    vars: ['OMS_URL', 'OMS_API_KEY', 'OMS_SECRET'],
    signed: true,
    read: (s: SystemSetting) => createOmsClient(s).getOrder(`o_${run}`),
    write: (s: SystemSetting, key: string) =>
      createOmsClient(s).writeBackLogistics(
        { orderId: `o_${run}`, rmaId: `RMA-${run}`, direction: 'return', carrier: '顺丰速运', waybillNo: 'SF1234567890123' },
        key,
      ),
    rejected: (s: SystemSetting) => createOmsClient(s).getOrder(`missing-${run}`),
    reason: new RegExp(`404: order missing-${run} not found`),
  },
  {
    name: 'wms' as const,
    vars: ['WMS_URL', 'WMS_API_KEY'],
    signed: false,
    read: (s: SystemSetting) => createWmsClient(s).getStock(`SKU-${run}`),
    write: (s: SystemSetting, key: string) =>
      createWmsClient(s).reserve({ sku: 'ABC-123', warehouseId: 'WH-GZ', quantity: 1, reference: `TK-${run}` }, key),
    rejected: (s: SystemSetting) => createWmsClient(s).getInspection(`RMA-never-${run}`),
    reason: new RegExp(`404: no parcel received for RMA RMA-never-${run}`),
  },
  {
    name: 'erp' as const,
    vars: ['ERP_URL', 'ERP_API_KEY', 'ERP_SECRET'],
    signed: true,
    read: (s: SystemSetting) =>
      createErpClient(s).postCost({ reference: `TK-${run}`, category: 'visit', amountFen: 5000 }, `read-${randomUUID()}`),
    write: (s: SystemSetting, key: string) =>
      createErpClient(s).postCost({ reference: `TK-${run}`, category: 'parts', amountFen: 12_900, sku: 'ABC-123' }, key),
    rejected: (s: SystemSetting) =>
      createErpClient(s).refund(
        { rmaId: `RMA-bank-${run}`, orderId: `o_${run}`, amountFen: 100, method: 'bank', reason: '质量问题' },
        `k-${randomUUID()}`,
      ),
    reason: /422: 退款方式为 bank 时必须提供 bankAccount/,
  },
  {
    name: 'logistics' as const,
    vars: ['LOGISTICS_URL', 'LOGISTICS_API_KEY'],
    signed: false,
    read: (s: SystemSetting) => createLogisticsClient(s).createPickup(pickupInput(`RMA-r-${randomUUID()}`), `read-${randomUUID()}`),
    write: (s: SystemSetting, key: string) => createLogisticsClient(s).createPickup(pickupInput(`RMA-w-${run}`), key),
    rejected: (s: SystemSetting) => createLogisticsClient(s).createPickup(pickupInput(`RMA-p-${run}`, '12345'), `k-${randomUUID()}`),
    reason: /422: 联系电话格式不正确/,
  },
  {
    name: 'cti' as const,
    vars: ['CTI_URL', 'CTI_API_KEY'],
    signed: false,
    read: (s: SystemSetting) => createCtiClient(s).placeCall({ to: '13900139000', script: 'satisfaction_survey' }, `read-${randomUUID()}`),
    write: (s: SystemSetting, key: string) =>
      createCtiClient(s).placeCall({ to: '13900139000', script: 'appointment_confirmation', ticketId: `TK-${run}` }, key),
    rejected: (s: SystemSetting) => createCtiClient(s).getCall(`call-none-${run}`),
    reason: new RegExp(`404: call call-none-${run} not found`),
  },
];

describe('integration clients against the simulated systems', () => {
  afterEach(async () => {
    for (const s of ['oms', 'wms', 'erp', 'logistics', 'cti']) await configure(s, { reset: true });
  });

  it('integrationKey is workflow id, step and the parts that tell repeats apart — never an attempt', () => {
    assert.equal(integrationKey('rma-RMA-1', 'erp-refund'), 'rma-RMA-1:erp-refund');
    assert.equal(integrationKey('rma-RMA-1', 'wms-reserve', 'ABC-123', 2), 'rma-RMA-1:wms-reserve:ABC-123:2');
    assert.throws(() => integrationKey('rma-RMA-1', ''), /part 2 is empty/);
  });

  for (const sys of SYSTEMS) {
    describe(sys.name, () => {
      const setting = endpoints.systems[sys.name];

      it('answers within the time-out when healthy', async () => {
        assert.ok(setting.connection, `${sys.name} falls back to the simulator`);
        await sys.read(setting);
      });

      it('an answer slower than the time-out is a retryable IntegrationUnavailable', async () => {
        await configure(sys.name, { latencyMs: 600 });
        const started = Date.now();
        const err = await failure(sys.read(tweak(setting, { timeoutMs: 150 })), 'IntegrationUnavailable', false);
        assert.match(err.message, /timed out after 150 ms/);
        assert.ok(Date.now() - started < 550, `gave up after ${Date.now() - started} ms`);
      });

      it('a 5xx is retryable, and the next attempt goes through', async () => {
        await failNext(sys.name, 1, 503);
        const err = await failure(sys.read(setting), 'IntegrationUnavailable', false);
        assert.match(err.message, /answered 503: simulated outage/);
        await sys.read(setting);
      });

      it("a 4xx is a non-retryable IntegrationRejected carrying the system's reason", async () => {
        const err = await failure(sys.rejected(setting), 'IntegrationRejected', true);
        assert.match(err.message, sys.reason);
      });

      it('a wrong API key is refused with 401, not retried', async () => {
        const err = await failure(sys.read(tweak(setting, { apiKey: 'not-the-key' })), 'IntegrationRejected', true);
        assert.match(err.message, /401: invalid or missing API key/);
      });

      if (sys.signed) {
        it('a bad signature is refused with 401, not retried', async () => {
          const err = await failure(sys.read(tweak(setting, { secret: 'not-the-secret' })), 'IntegrationRejected', true);
          assert.match(err.message, /401: invalid or missing request signature/);
        });
      }

      it('when not configured, says which variable to set', async () => {
        const bare = integrationEndpoints({ ...config, FIXFLOW_SIMULATOR_URL: undefined, [sys.vars[0]!]: undefined }).systems[sys.name];
        const err = await failure(sys.read(bare), 'IntegrationNotConfigured', true);
        assert.match(err.message, new RegExp(`set ${sys.vars.join(', ')}`));
        // a URL without its credentials names the credentials
        const noKey = integrationEndpoints({ ...config, [sys.vars[0]!]: 'https://example.invalid/api', [sys.vars[1]!]: undefined }).systems[
          sys.name
        ];
        assert.match((await failure(sys.read(noKey), 'IntegrationNotConfigured', true)).message, new RegExp(`set ${sys.vars[1]}`));
      });

      {
        it('the same idempotency key twice is done once', async () => {
          const key = integrationKey(`wf-${run}`, `${sys.name}-write`);
          const first = (await sys.write(setting, key)) as { duplicate?: boolean };
          const second = (await sys.write(setting, key)) as { duplicate?: boolean };
          assert.equal(first.duplicate, false);
          assert.equal(second.duplicate, true);
          assert.deepEqual({ ...second, duplicate: false }, first, 'the repeat answers the first result');
          const l = await ledger(sys.name);
          assert.equal(l.items.filter((e) => e.idempotencyKey === key).length, 1, 'one ledger entry');
          assert.deepEqual(
            l.calls.filter((c) => c.idempotencyKey === key).map((c) => c.duplicate),
            [false, true],
            'both calls arrived',
          );
        });
      }
    });
  }

  it('a malformed answer is a clear IntegrationBadResponse, not undefined downstream', async () => {
    const server = http.createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"orderId":42,"items":[]}'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const err = await failure(
        createOmsClient(tweak(endpoints.systems.oms, { baseUrl: url })).getOrder('o_1'),
        'IntegrationBadResponse',
        true,
      );
      assert.match(err.message, /OMS GET \/orders\/o_1 answered 200 with an unexpected body: orderId: /);
    } finally {
      server.close();
    }
  });
});

describe('what the simulated systems do', () => {
  const acts = createIntegrationActivities({ endpoints });
  afterEach(async () => {
    for (const s of ['erp', 'logistics', 'cti']) await configure(s, { reset: true });
  });

  it('OMS: a plausible order for any id, after-sales windows from its dates, 404 for missing ids', async () => {
    const order = await acts.omsGetOrder(`o_age3_${run}`);
    assert.equal(order.orderId, `o_age3_${run}`);
    assert.deepEqual(await acts.omsGetOrder(`o_age3_${run}`), order, 'the same order every time');
    assert.ok(order.items.length >= 1 && order.items.every((i) => i.serial && Number.isInteger(i.priceFen)));
    assert.equal(
      order.amountFen,
      order.items.reduce((s, i) => s + i.priceFen * i.quantity, 0),
    );
    assert.ok(Date.parse(order.paidAt) < Date.parse(order.shippedAt!) && Date.parse(order.shippedAt!) < Date.parse(order.deliveredAt!));
    const verdicts = async (id: string) => {
      const e = await acts.omsCheckEligibility(id);
      return [e.return.eligible, e.exchange.eligible, e.repair.eligible];
    };
    assert.deepEqual(await verdicts(`o_age3_${run}`), [true, true, true]);
    assert.deepEqual(await verdicts(`o_age10_${run}`), [false, true, true]);
    assert.deepEqual(await verdicts(`o_age100_${run}`), [false, false, true]);
    assert.deepEqual(await verdicts(`o_age1200_${run}`), [false, false, false]);
    assert.deepEqual(await verdicts(`o_undelivered_${run}`), [true, false, false]);
    assert.match((await acts.omsCheckEligibility(`o_age10_${run}`)).return.reason, /已超过七天无理由退货期/);
    assert.equal((await acts.omsGetShipments(`o_age3_${run}`)).shipments[0]!.deliveredAt, order.deliveredAt);
    const tooMuch = acts.omsWriteBackRefund({
      orderId: order.orderId,
      rmaId: `RMA-${run}`,
      refundId: 'RF1',
      amountFen: order.amountFen + 1,
      status: 'started',
      idempotencyKey: `k-${randomUUID()}`,
    });
    assert.match((await failure(tooMuch, 'IntegrationRejected', true)).message, /exceeds what was paid/);
  });

  it('WMS: reservations take stock (409 when short), releases give it back; receipt then inspection; transfers move stock', async () => {
    const sku = 'ABC-123';
    const shanghai = async () => (await acts.wmsGetStock(sku)).warehouses.find((w) => w.warehouseId === 'WH-SH')!;
    const before = await shanghai();
    assert.ok(before.available > 0, 'the sandbox stocks ABC-123 in Shanghai');
    const short = acts.wmsReserve({
      sku,
      warehouseId: 'WH-SH',
      quantity: before.available + 1,
      reference: 'TK-1',
      idempotencyKey: `k-${randomUUID()}`,
    });
    assert.match((await failure(short, 'IntegrationRejected', true)).message, /409: 库存不足 \(short\): WH-SH has \d+ of ABC-123/);
    const r = await acts.wmsReserve({
      sku,
      warehouseId: 'WH-SH',
      quantity: before.available,
      reference: 'TK-1',
      idempotencyKey: `res-${run}`,
    });
    const mid = await shanghai();
    assert.deepEqual([mid.available, mid.reserved], [0, before.reserved + before.available]);
    await acts.wmsRelease({ reservationId: r.reservationId, idempotencyKey: `rel-${run}` });
    const back = await shanghai();
    assert.deepEqual([back.available, back.reserved], [before.available, before.reserved]);

    const stock = async () => Object.fromEntries((await acts.wmsGetStock(sku)).warehouses.map((w) => [w.warehouseId, w.available]));
    const s0 = await stock();
    await acts.wmsTransfer({
      sku,
      fromWarehouseId: 'WH-SH',
      toWarehouseId: 'WH-CD',
      quantity: 2,
      reference: 'replenish',
      idempotencyKey: `tr-${run}`,
    });
    const s1 = await stock();
    assert.deepEqual([s1['WH-SH'], s1['WH-CD']], [s0['WH-SH']! - 2, s0['WH-CD']! + 2]);

    await failure(acts.wmsInspection(`RMA-customer-${run}`), 'IntegrationRejected', true);
    await acts.wmsReceiveInbound({
      rmaId: `RMA-customer-${run}`,
      warehouseId: 'WH-SH',
      waybillNo: 'SF1',
      items: [{ sku: 'ABC-123', serial: 'SN1', quantity: 1 }],
      idempotencyKey: `in-${run}`,
    });
    const inspection = await acts.wmsInspection(`RMA-customer-${run}`);
    assert.equal(inspection.result, 'fail');
    assert.equal(inspection.responsibility, 'customer');
    assert.ok(inspection.photos.length > 0 && inspection.notes.length > 0);
  });

  it('ERP: one refund per RMA — a repeat key answers the first refund, another key is refused; it clears after a step', async () => {
    await configure('erp', { progressMs: 200 });
    const input = { rmaId: `RMA-E-${run}`, orderId: `o_${run}`, amountFen: 329_900, method: 'original' as const, reason: '七天无理由退货' };
    const first = await acts.erpRefund({ ...input, idempotencyKey: `rf-${run}` });
    assert.equal(first.status, 'processing');
    const again = await acts.erpRefund({ ...input, idempotencyKey: `rf-${run}` });
    assert.equal(again.refundId, first.refundId);
    assert.equal(again.duplicate, true);
    const other = await failure(acts.erpRefund({ ...input, idempotencyKey: `rf2-${run}` }), 'IntegrationRejected', true);
    assert.match(other.message, new RegExp(`409: RMA RMA-E-${run} was already refunded as ${first.refundId}`));
    const reused = await failure(acts.erpRefund({ ...input, amountFen: 1, idempotencyKey: `rf-${run}` }), 'IntegrationRejected', true);
    assert.match(reused.message, /422: Idempotency-Key .* already used for a different request/);
    await new Promise((r) => setTimeout(r, 250));
    assert.equal((await acts.erpGetRefund(first.refundId)).status, 'succeeded');
    const refunds = (await ledger('erp')).items.filter((e) => e.path === '/erp/refunds' && e.body.rmaId === input.rmaId);
    assert.equal(refunds.length, 1);
    const inv = await acts.erpInvoice({
      orderId: `o_${run}`,
      reference: input.rmaId,
      kind: 'red',
      title: '个人',
      amountFen: 11_300,
      idempotencyKey: `inv-${run}`,
    });
    assert.equal(inv.taxFen, 1_300);
    const st = await acts.erpSettle({
      reference: input.rmaId,
      orderId: `o_${run}`,
      amountFen: -20_000,
      reason: '换货差价',
      idempotencyKey: `st-${run}`,
    });
    assert.equal(st.amountFen, -20_000);
  });

  it('logistics: pickup → waybill; the parcel is picked up, in transit, delivered a step apart; no cancel once picked up', async () => {
    await configure('logistics', { progressMs: 400 });
    const p = await acts.logisticsCreatePickup({ ...pickupInput(`RMA-L-${run}`), idempotencyKey: `pk-${run}` });
    assert.match(p.pickupNo, /^PK\d{13}$/);
    assert.match(p.waybillNo, /^SF\d{13}$/);
    assert.deepEqual((await acts.logisticsTrack(p.waybillNo)).events, []);
    await new Promise((r) => setTimeout(r, 1300));
    const t = await acts.logisticsTrack(p.waybillNo);
    assert.deepEqual(
      t.events.map((e) => e.status),
      ['picked_up', 'in_transit', 'delivered'],
    );
    assert.equal(t.status, 'delivered');
    const late = await failure(
      acts.logisticsCancelPickup({ pickupNo: p.pickupNo, idempotencyKey: `cx-${run}` }),
      'IntegrationRejected',
      true,
    );
    assert.match(late.message, /409: 快件已揽收，无法取消/);
    await configure('logistics', { progressMs: 60_000 });
    const q = await acts.logisticsCreatePickup({ ...pickupInput(`RMA-L2-${run}`), idempotencyKey: `pk2-${run}` });
    assert.equal((await acts.logisticsCancelPickup({ pickupNo: q.pickupNo, idempotencyKey: `cx2-${run}` })).status, 'cancelled');
    assert.equal((await acts.logisticsTrack(q.waybillNo)).status, 'cancelled');
  });

  it('CTI: a call rings, then ends answered, busy, unanswered or failed', async () => {
    await configure('cti', { progressMs: 100 });
    const calls = await Promise.all(
      ['13900139000', 'busy-13900139001', 'noanswer-13900139002', 'fail-13900139003'].map((to, i) =>
        acts.ctiCall({ to, script: 'appointment_confirmation', ticketId: `TK-${run}`, idempotencyKey: `call-${run}-${i}` }),
      ),
    );
    assert.ok(calls.every((c) => c.status === 'dialing' && c.result === null));
    await new Promise((r) => setTimeout(r, 200));
    const ended = await Promise.all(calls.map((c) => acts.ctiCallResult(c.callId)));
    assert.deepEqual(
      ended.map((c) => [c.status, c.result]),
      [
        ['completed', 'answered'],
        ['completed', 'busy'],
        ['completed', 'no_answer'],
        ['completed', 'failed'],
      ],
    );
    assert.ok(ended[0]!.durationSec! > 0 && ended[1]!.durationSec === 0);
  });
});

describe('an ERP refund through a Temporal activity with a retry policy', () => {
  const taskQueue = `integration-retry-${randomUUID()}`;
  let nativeConnection: NativeConnection;
  let client: Client;
  let connection: Connection;
  let worker: Worker;
  let running: Promise<void>;

  before(async () => {
    installRuntime();
    nativeConnection = await connectWorker(config.TEMPORAL_ADDRESS!);
    ({ client, connection } = await connectClient(config.TEMPORAL_ADDRESS!, config.TEMPORAL_NAMESPACE));
    worker = await Worker.create({
      connection: nativeConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('./integration-retry.workflow.ts', import.meta.url)),
      activities: createIntegrationActivities({ endpoints }),
    });
    running = worker.run();
  });

  after(async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
    await nativeConnection?.close();
  });

  const refund = async (rmaId: string, extra: Record<string, unknown> = {}) => {
    const workflowId = `rma-${rmaId}`;
    const handle = await client.workflow.start(refundWithRetryWorkflow, {
      taskQueue,
      workflowId,
      args: [
        {
          rmaId,
          orderId: `o_${run}`,
          amountFen: 259_900,
          method: 'original',
          reason: '质量问题退款',
          idempotencyKey: integrationKey(workflowId, 'erp-refund'),
          ...extra,
        },
      ],
    });
    const outcome = await handle.result();
    const history = await handle.fetchHistory();
    const attempts = history
      .events!.filter((e) => e.activityTaskStartedEventAttributes)
      .map((e) => e.activityTaskStartedEventAttributes!.attempt);
    const l = await ledger('erp');
    return {
      outcome,
      attempts,
      refunds: l.items.filter((e) => e.path === '/erp/refunds' && e.body.rmaId === rmaId),
      calls: l.calls.filter((c) => c.path === '/erp/refunds' && c.idempotencyKey === `${workflowId}:erp-refund`),
    };
  };

  it('two 503s are retried and the ledger shows exactly one refund', async () => {
    await failNext('erp', 2, 503);
    const r = await refund(`RMA-T1-${run}`);
    assert.equal(r.outcome.ok, true, JSON.stringify(r.outcome));
    assert.deepEqual(r.attempts, [3], 'succeeded on the third attempt');
    assert.equal(r.refunds.length, 1);
    assert.deepEqual(
      r.calls.map((c) => c.status),
      [503, 503, 201],
    );
  });

  it('a refund done but its answer lost is not paid again: the retry gets the same refund back', async () => {
    await failNext('erp', 1, 503, true);
    const r = await refund(`RMA-T2-${run}`);
    assert.ok(r.outcome.ok, JSON.stringify(r.outcome));
    assert.equal(r.outcome.duplicate, true, 'the second attempt was answered from the first');
    assert.deepEqual(r.attempts, [2]);
    assert.equal(r.refunds.length, 1, 'one refund in the ERP ledger');
    assert.equal(r.refunds[0]!.result.refundId, r.outcome.refundId);
  });

  it('a 422 fails at once, and the workflow sees why', async () => {
    const r = await refund(`RMA-T3-${run}`, { method: 'bank' });
    assert.equal(r.outcome.ok, false);
    if (r.outcome.ok) return;
    assert.deepEqual(r.attempts, [1], 'not retried');
    assert.equal(r.outcome.retryState, 'NON_RETRYABLE_FAILURE');
    assert.equal(r.outcome.causeType, 'IntegrationRejected');
    assert.equal(r.outcome.nonRetryable, true);
    assert.match(r.outcome.causeMessage, /ERP POST \/erp\/refunds answered 422: 退款方式为 bank 时必须提供 bankAccount/);
    assert.equal(r.refunds.length, 0);
    assert.equal(r.calls.length, 1);
  });
});

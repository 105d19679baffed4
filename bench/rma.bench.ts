/**
 * RMAs completed per second, on a real Temporal dev server, PostgreSQL and the simulators.
 *
 *   npx tsx bench/rma.bench.ts [rmas=40] [inFlight=8]
 *
 * Each RMA is the refund path driven end to end over HTTP (create → diagnose → auto-approval →
 * return order + pickup → picked-up → parcel-received → inspection → ERP refund → invoice → OMS
 * write-back → closed), `inFlight` at a time. The baseline, measured in the same run on the same
 * engines: bare workflows running as many no-op activities as one RMA scheduled, the same number
 * in flight. Printed: both rates and their ratio.
 */
import { randomUUID } from 'node:crypto';
import { orderFor } from '../test/rma-fixtures';
import { benchArgs, loadNote, pool, startBenchStack } from './bench-support';

const { n: N, inFlight: IN_FLIGHT } = benchArgs();
const stack = await startBenchStack('rma');
const { call } = stack;
const until = (rmaId: string, ok: (r: Record<string, any>) => boolean) => stack.until(`/api/v1/rmas/${rmaId}`, ok);

/** One refund RMA, start to close; returns its final status (closed, or returned when the sandbox judges it the customer's fault). */
async function oneRma(): Promise<{ rmaId: string; status: string }> {
  const order = orderFor(15_000);
  const rma = await call('POST', '/api/v1/rmas', {
    orderId: order.orderId,
    customerId: `CU-bench-${randomUUID().slice(0, 6)}`,
    sku: order.sku,
    serialNo: order.serialNo,
    symptoms: '基准测试：屏幕坏点',
    requestedResolution: 'refund',
    claimAmountFen: 15_000,
    pickup: { address: { province: '上海市', city: '上海市', detail: '张江路 100 号' }, contact: { name: '测试', phone: '13900000000' } },
  });
  await call('POST', `/api/v1/rmas/${rma.rmaId}/actions/diagnose`, { symptoms: '屏幕坏点' });
  await until(rma.rmaId, (r) => r.status === 'awaiting_pickup');
  await call('POST', `/api/v1/rmas/${rma.rmaId}/actions/picked-up`, {});
  await call('POST', `/api/v1/rmas/${rma.rmaId}/actions/parcel-received`, {});
  const done = await until(rma.rmaId, (r) => r.ended === true);
  return { rmaId: rma.rmaId, status: done.status };
}

try {
  console.log(`[bench] machine: ${loadNote()}`);
  // warm-up (bundle, connections, caches), and how many activities one RMA schedules
  const warm = await oneRma();
  const activities = await stack.activitiesOf(`rma-${warm.rmaId}`);
  console.log(`[bench] one RMA schedules ${activities} activities (${warm.status})`);

  const t1 = Date.now();
  const results = await pool(N, IN_FLIGHT, () => oneRma());
  const rmaSeconds = (Date.now() - t1) / 1000;
  const closed = results.filter((r) => r.status === 'closed').length;
  const rmaRate = N / rmaSeconds;
  console.log(
    `[bench] ${N} RMAs (${closed} closed, ${N - closed} returned) end to end over HTTP, ${IN_FLIGHT} in flight: ${rmaSeconds.toFixed(1)} s → ${rmaRate.toFixed(2)} RMAs/s`,
  );

  const base = await stack.baseline(activities, N, IN_FLIGHT);
  console.log(
    `[bench] baseline: ${N} bare workflows of ${activities} no-op activities, ${IN_FLIGHT} in flight: ${base.seconds.toFixed(1)} s → ${base.rate.toFixed(2)} workflows/s`,
  );
  console.log(`[bench] ratio RMA / baseline: ${(rmaRate / base.rate).toFixed(2)}`);
  console.log(`[bench] machine after: ${loadNote()}`);
} finally {
  await stack.stop();
}

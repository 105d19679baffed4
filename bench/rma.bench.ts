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
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { integrationEndpoints } from '../activities/integrations/endpoints';
import { issueToken } from '../api/auth/api-tokens';
import { startApiServer } from '../api/server';
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { createDataSource } from '../db/data-source';
import { startSimulatorServer } from '../simulators/simulator-server';
import { connectClient, connectWorker } from '../temporal/connection';
import { createWorker } from '../temporal/worker';
import { orderFor } from '../test/rma-fixtures';
import { startTestEngines } from '../test/support/engines';
import { rmaBaselineWorkflow } from './rma-baseline.workflow';
import { pool } from './bench-support';

const [nArg, inFlightArg] = process.argv.slice(2);
const N = Number(nArg ?? 40);
const IN_FLIGHT = Number(inFlightArg ?? 8);

const engines = await startTestEngines();
const simulator = await startSimulatorServer(0);
const config = {
  ...loadConfig(),
  DATABASE_URL: engines.databaseUrl,
  TEMPORAL_ADDRESS: engines.temporalAddress,
  FIXFLOW_SIMULATOR_URL: simulator.url,
};
const dataSource = createDataSource(engines.databaseUrl, { poolSize: 10 });
await dataSource.initialize();
const taskQueue = 'bench-rma';
const baselineQueue = 'bench-rma-baseline';
const workerConnection = await connectWorker(engines.temporalAddress);
const worker = await createWorker({
  connection: workerConnection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue,
  dataSource,
  endpoints: integrationEndpoints(config),
});
const baselineWorker = await Worker.create({
  connection: workerConnection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: baselineQueue,
  workflowsPath: fileURLToPath(new URL('./rma-baseline.workflow.ts', import.meta.url)),
  activities: { noop: async (i: number) => i },
});
const running = Promise.all([worker.run(), baselineWorker.run()]);
const api = await startApiServer({
  config: { ...config, TEMPORAL_TASK_QUEUE: taskQueue },
  temporalAddress: engines.temporalAddress,
  dataSource,
  port: 0,
  log: createLogger('bench-api', 'error'),
});
const { token } = await issueToken(dataSource, { name: 'bench', roles: ['admin'], actor: 'bench' });
const { client, connection } = await connectClient(engines.temporalAddress, config.TEMPORAL_NAMESPACE);

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, any>;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};
const until = async (rmaId: string, ok: (r: Record<string, any>) => boolean) => {
  for (;;) {
    const r = await call('GET', `/api/v1/rmas/${rmaId}`);
    if (ok(r)) return r;
    await new Promise((res) => setTimeout(res, 50));
  }
};

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

// warm-up (bundle, connections, caches), and how many activities one RMA schedules
const warm = await oneRma();
const history = await client.workflow.getHandle(`rma-${warm.rmaId}`).fetchHistory();
const activities = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes).length;
console.log(`[bench] one RMA schedules ${activities} activities (${warm.status})`);

const t1 = Date.now();
const results = await pool(N, IN_FLIGHT, () => oneRma());
const rmaSeconds = (Date.now() - t1) / 1000;
const closed = results.filter((r) => r.status === 'closed').length;
const rmaRate = N / rmaSeconds;
console.log(
  `[bench] ${N} RMAs (${closed} closed, ${N - closed} returned) end to end over HTTP, ${IN_FLIGHT} in flight: ${rmaSeconds.toFixed(1)} s → ${rmaRate.toFixed(2)} RMAs/s`,
);

await client.workflow.execute(rmaBaselineWorkflow, {
  taskQueue: baselineQueue,
  workflowId: `bench-base-warm-${Date.now()}`,
  args: [activities],
});
const t0 = Date.now();
await pool(N, IN_FLIGHT, (i) =>
  client.workflow.execute(rmaBaselineWorkflow, { taskQueue: baselineQueue, workflowId: `bench-base-${t0}-${i}`, args: [activities] }),
);
const baseSeconds = (Date.now() - t0) / 1000;
const baseRate = N / baseSeconds;
console.log(
  `[bench] baseline: ${N} bare workflows of ${activities} no-op activities, ${IN_FLIGHT} in flight: ${baseSeconds.toFixed(1)} s → ${baseRate.toFixed(2)} workflows/s`,
);
console.log(`[bench] ratio RMA / baseline: ${(rmaRate / baseRate).toFixed(2)}`);

await api.close();
worker.shutdown();
baselineWorker.shutdown();
await running;
await connection.close();
await workerConnection.close();
await dataSource.destroy();
await simulator.close();
await engines.stop();

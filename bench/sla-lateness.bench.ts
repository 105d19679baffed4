/**
 * SLA fire lateness on a real Temporal dev server and PostgreSQL.
 *
 *   npm run bench:sla -- [tickets=200] [concurrency=16]
 *
 * First N P1 tickets over the HTTP API, each a TicketWorkflow with live SLA timers; then, alone,
 * the baseline: N bare timer workflows (a durable timer, then one activity) arriving at the same rate. P1's first-response warning is due 7.5 min and
 * its breach 10 min after intake; the benchmark waits for both and reports how late each was
 * recorded: in workflow time (event time − due time) and in the database (row insert − due time),
 * next to the baseline's timer-plus-one-activity lateness, as ratios. Takes about 16 minutes.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { integrationEndpoints } from '../activities/integrations/endpoints';
import { issueToken } from '../api/auth/api-tokens';
import { startApiServer } from '../api/server';
import { createLogger } from '../core/logger';
import { createDataSource } from '../db/data-source';
import { startSimulatorServer } from '../simulators/simulator-server';
import { connectClient, connectWorker } from '../temporal/connection';
import { createWorker } from '../temporal/worker';
import { startTestEngines } from '../test/support/engines';
import { createProbeActivities } from './timer-probe.activities';
import { timerProbeWorkflow } from './timer-probe.workflow';
import { pool, benchConfig } from './bench-support';

const [ticketsArg, concurrencyArg] = process.argv.slice(2);
const N = Number(ticketsArg ?? 200);
const CONCURRENCY = Number(concurrencyArg ?? 16);
const MIN = 60_000;

function stats(values: number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.floor(q * v.length))] ?? NaN;
  return { n: v.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: v.at(-1) ?? NaN };
}
const fmt = (s: ReturnType<typeof stats>) => `n=${s.n} p50=${s.p50} ms p95=${s.p95} ms p99=${s.p99} ms max=${s.max} ms`;
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : `${a} vs ${b}`);

const engines = await startTestEngines();
const simulator = await startSimulatorServer(0);
const config = {
  ...benchConfig(),
  DATABASE_URL: engines.databaseUrl,
  TEMPORAL_ADDRESS: engines.temporalAddress,
  FIXFLOW_SIMULATOR_URL: simulator.url,
};
// The API and the worker are separate processes in production, each with its own pool.
const dataSource = createDataSource(engines.databaseUrl, { poolSize: 10 });
await dataSource.initialize();
const workerDataSource = createDataSource(engines.databaseUrl, { poolSize: 10 });
await workerDataSource.initialize();
const taskQueue = 'bench-sla';
const probeQueue = 'bench-probe';
const workerConnection = await connectWorker(engines.temporalAddress);
const worker = await createWorker({
  connection: workerConnection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue,
  dataSource,
  endpoints: integrationEndpoints(config),
});
const probeWorker = await Worker.create({
  connection: workerConnection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: probeQueue,
  workflowsPath: fileURLToPath(new URL('./timer-probe.workflow.ts', import.meta.url)),
  activities: createProbeActivities(),
});
const running = Promise.all([worker.run(), probeWorker.run()]);
const api = await startApiServer({
  config: { ...config, TEMPORAL_TASK_QUEUE: taskQueue },
  temporalAddress: engines.temporalAddress,
  dataSource,
  port: 0,
  log: createLogger('bench-api', 'error'),
});
const { token } = await issueToken(dataSource, { name: 'bench', roles: ['admin'], actor: 'bench' });
const { client, connection } = await connectClient(engines.temporalAddress, config.TEMPORAL_NAMESPACE);

// Phase 1: N P1 tickets over HTTP, then wait for their FRT warnings and breaches.
console.log(`[bench] ${N} P1 tickets over HTTP, ${CONCURRENCY} at a time`);
const t1 = Date.now();
/** when each ticket was opened, relative to the first: the baseline repeats this arrival pattern */
const openedAt: number[] = new Array(N);
const tickets = await pool(N, CONCURRENCY, async (i) => {
  openedAt[i] = Date.now() - t1;
  const res = await fetch(`${api.url}/api/v1/tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      customerId: `bench_c_${i}`,
      orderId: `bench_o_${t1}_${i}`,
      channel: 'phone',
      category1: '质量问题',
      priority: 'P1',
      description: '基准测试：设备停机',
    }),
  });
  if (res.status !== 201) throw new Error(`create ${i}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { ticketId: string }).ticketId;
});
const createdIn = Date.now() - t1;
console.log(
  `[bench] ${tickets.length} tickets open in ${(createdIn / 1000).toFixed(1)} s (${((tickets.length * 1000) / createdIn).toFixed(1)} tickets/s over HTTP)`,
);

const open = await client.workflow.count(`TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`).catch(() => null);
console.log(
  `[bench] open ticket workflows with live SLA timers: ${open?.count ?? tickets.length}; waiting for warnings (7.5 min) and breaches (10 min)`,
);

const deadline = Date.now() + 12 * MIN;
type Row = { type: string; occurred: Date; recorded: Date; due: string };
let rows: Row[] = [];
while (Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 15_000));
  rows = await dataSource.query(
    `SELECT type, occurred_at AS occurred, recorded_at AS recorded, payload->>'dueAt' AS due
       FROM ticket_events WHERE ticket_id = ANY($1) AND type IN ('sla.warning', 'sla.breached') AND payload->>'metric' = 'frt'`,
    [tickets],
  );
  process.stdout.write(`\r[bench] ${rows.length}/${2 * tickets.length} SLA events recorded   `);
  if (rows.length >= 2 * tickets.length) break;
}
console.log('');

// Phase 2, the baseline, alone on the same engines once the tickets are done: N bare timer
// workflows (a durable timer, then one activity), started with the same arrival pattern as the
// tickets so the timers fall due at the same rate (a burst of N timers due at once measures a
// thundering herd, not timer lateness).
console.log(`[bench] baseline: ${N} bare timer workflows, each due 2 min after its start, arriving as the tickets did`);
const t0 = Date.now();
const probes = await pool(N, CONCURRENCY, async (i) => {
  const wait = t0 + openedAt[i]! - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  return client.workflow.start(timerProbeWorkflow, {
    taskQueue: probeQueue,
    workflowId: `bench-probe-${t0}-${i}`,
    args: [Date.now() + 2 * MIN],
  });
});
const baseline = await Promise.all(probes.map((p) => p.result()));

const wfLate = stats(rows.map((r) => new Date(r.occurred).getTime() - Date.parse(r.due)));
const dbLate = stats(rows.map((r) => new Date(r.recorded).getTime() - Date.parse(r.due)));
const baseWf = stats(baseline.map((b) => b.workflowLateMs));
const baseDb = stats(baseline.map((b) => b.recordedLateMs));
console.log(`[bench] Fixflow SLA events, workflow time − due: ${fmt(wfLate)}`);
console.log(`[bench] Fixflow SLA events, row in PostgreSQL − due: ${fmt(dbLate)}`);
console.log(`[bench] baseline bare timer, workflow time − due: ${fmt(baseWf)}`);
console.log(`[bench] baseline timer + activity, activity − due: ${fmt(baseDb)}`);
console.log(`[bench] ratio Fixflow / baseline (recorded): p50 ${ratio(dbLate.p50, baseDb.p50)}, p99 ${ratio(dbLate.p99, baseDb.p99)}`);
console.log(`[bench] missing events: ${2 * tickets.length - rows.length}`);

await api.close();
worker.shutdown();
probeWorker.shutdown();
await running;
await connection.close();
await workerConnection.close();
await dataSource.destroy();
await workerDataSource.destroy();
await simulator.close();
await engines.stop();

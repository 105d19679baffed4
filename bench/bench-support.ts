import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
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
import { startTestEngines } from '../test/support/engines';
import { baselineWorkflow } from './baseline.workflow';

/** Runs `fn(0 … count-1)` with at most `limit` in flight; results in index order. */
export async function pool<T>(count: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

/** `[n=40] [inFlight=8]` from the command line. */
export function benchArgs(): { n: number; inFlight: number } {
  const [nArg, inFlightArg] = process.argv.slice(2);
  return { n: Number(nArg ?? 40), inFlight: Number(inFlightArg ?? 8) };
}

/** What the machine was doing, printed beside the figures (the machine is shared). */
export function loadNote(): string {
  const [one, five] = os.loadavg();
  return `${os.cpus().length} cores, load average ${one!.toFixed(2)} (1 min) ${five!.toFixed(2)} (5 min)`;
}

export type BenchCall = (method: string, path: string, body?: unknown) => Promise<Record<string, any>>;

export interface BenchStack {
  /** the product's API, as an admin */
  call: BenchCall;
  /** GETs `path` every 50 ms until `ok` holds (gives up after 3 minutes, showing what it saw last) */
  until(path: string, ok: (r: Record<string, any>) => boolean): Promise<Record<string, any>>;
  apiUrl: string;
  token: string;
  client: Client;
  /** how many activities the workflow scheduled (what the baseline then runs per workflow) */
  activitiesOf(workflowId: string): Promise<number>;
  /** bare workflows of `activities` no-op activities, `n` of them with `inFlight` at a time: workflows per second */
  baseline(activities: number, n: number, inFlight: number): Promise<{ seconds: number; rate: number }>;
  stop(): Promise<void>;
}

/**
 * The product on real engines for a benchmark: a fresh Temporal dev server and PostgreSQL, the
 * simulators, the worker and the API on `<name>`'s task queue, and beside it a worker for the
 * baseline workflow on its own queue, so both are measured in the same run on the same engines.
 */
/**
 * The configuration every benchmark's API runs with: the product's, with the per-caller rate limit
 * lifted, since a bench drives everything through one token and measures throughput, not the limit.
 */
export function benchConfig() {
  return { ...loadConfig(), API_RATE_LIMIT_PER_SECOND: 100_000, API_RATE_LIMIT_BURST: 1_000_000 };
}

export async function startBenchStack(name: string): Promise<BenchStack> {
  const engines = await startTestEngines();
  const simulator = await startSimulatorServer(0);
  const config = {
    ...benchConfig(),
    DATABASE_URL: engines.databaseUrl,
    TEMPORAL_ADDRESS: engines.temporalAddress,
    FIXFLOW_SIMULATOR_URL: simulator.url,
    // attachments and the link secret go with the engines' temporary directory
    dataDir: engines.dataDir,
  };
  const dataSource = createDataSource(engines.databaseUrl, { poolSize: 10 });
  await dataSource.initialize();
  const taskQueue = `bench-${name}`;
  const baselineQueue = `bench-${name}-baseline`;
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
    workflowsPath: fileURLToPath(new URL('./baseline.workflow.ts', import.meta.url)),
    activities: { noop: async (i: number) => i },
  });
  const running = Promise.all([worker.run(), baselineWorker.run()]);
  const api = await startApiServer({
    config: { ...config, TEMPORAL_TASK_QUEUE: taskQueue },
    temporalAddress: engines.temporalAddress,
    dataSource,
    port: 0,
    log: createLogger(`bench-${name}-api`, 'error'),
  });
  const { token } = await issueToken(dataSource, { name: `bench-${name}`, roles: ['admin'], actor: 'bench' });
  const { client, connection } = await connectClient(engines.temporalAddress, config.TEMPORAL_NAMESPACE);

  const call: BenchCall = async (method, path, body) => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, any>;
    if (res.status >= 300)
      throw Object.assign(new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`), { status: res.status });
    return json;
  };

  return {
    call,
    async until(path, ok) {
      const deadline = Date.now() + 180_000;
      for (let last: Record<string, any> | null = null; ;) {
        if (Date.now() > deadline)
          throw new Error(`${path}: still not there after 180 s; last seen ${JSON.stringify(last)?.slice(0, 2000)}`);
        // a saturated pool on a loaded machine answers 503 with Retry-After: a read is simply asked again
        const r = await call('GET', path).catch((err: { status?: number }) => {
          if (err.status === 503) return null;
          throw err;
        });
        if (r && ok(r)) return r;
        last = r ?? last;
        await new Promise((res) => setTimeout(res, r ? 50 : 500));
      }
    },
    apiUrl: api.url,
    token,
    client,
    async activitiesOf(workflowId) {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      return (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes).length;
    },
    async baseline(activities, n, inFlight) {
      await client.workflow.execute(baselineWorkflow, {
        taskQueue: baselineQueue,
        workflowId: `bench-base-warm-${Date.now()}`,
        args: [activities],
      });
      const t0 = Date.now();
      await pool(n, inFlight, (i) =>
        client.workflow.execute(baselineWorkflow, { taskQueue: baselineQueue, workflowId: `bench-base-${t0}-${i}`, args: [activities] }),
      );
      const seconds = (Date.now() - t0) / 1000;
      return { seconds, rate: n / seconds };
    },
    async stop() {
      await api.close();
      worker.shutdown();
      baselineWorker.shutdown();
      await running;
      await connection.close();
      await workerConnection.close();
      await dataSource.destroy();
      await simulator.close();
      await engines.stop();
    },
  };
}

// `npm start`: the whole product on one machine — PostgreSQL, Temporal, migrations, worker, API, UI, demo data.
import fs from 'node:fs';
import path from 'node:path';
import { ensureAdminToken } from '../api/auth/api-tokens';
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { createDataSource, runMigrations } from '../db/data-source';
import { useOrStartDatabase } from '../db/local-database';
import { connectClient, ensureNamespace } from '../temporal/connection';
import { waitForPort } from '../temporal/dev-server';
import { useOrStartTemporal } from '../temporal/local-temporal';
import { startSimulatorServer } from '../simulators/simulator-server';
import { loadDemoData } from './demo-data';
import { onShutdown } from './process-support';
import { Supervised } from './supervise';
import { buildUiIfStale } from './ui-build';

const bootStarted = Date.now();
const config = loadConfig();
const log = createLogger('start', config.LOG_LEVEL);
fs.mkdirSync(config.dataDir, { recursive: true });
const stops: (() => Promise<void>)[] = [];

/** Stops everything started so far, newest first. */
async function stopAll(): Promise<void> {
  log.info('stopping…');
  for (const stop of [...stops].reverse()) await stop().catch((err: unknown) => log.warn('stop failed', { error: String(err) }));
  log.info('stopped');
}

try {
  const db = await useOrStartDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir, port: config.FIXFLOW_PG_PORT, log });
  stops.push(db.stop);
  const ds = createDataSource(db.url, { poolSize: 2 });
  await ds.initialize();
  const ran = await runMigrations(ds);
  log.info(ran.length ? `migrations applied: ${ran.join(', ')}` : 'database schema up to date');
  const admin = await ensureAdminToken(ds, config.FIXFLOW_ADMIN_TOKEN);
  await ds.destroy();
  let adminToken = config.FIXFLOW_ADMIN_TOKEN;
  if (admin.token) {
    adminToken = admin.token;
    fs.writeFileSync(path.join(config.dataDir, 'admin-token'), admin.token + '\n', { mode: 0o600 });
  }

  const temporal = await useOrStartTemporal({
    address: config.TEMPORAL_ADDRESS,
    cliPath: config.TEMPORAL_CLI_PATH,
    cacheDir: config.cacheDir,
    dataDir: config.dataDir,
    namespace: config.TEMPORAL_NAMESPACE,
    port: config.TEMPORAL_PORT,
    uiPort: config.TEMPORAL_UI_PORT,
    ui: true,
    log,
  });
  stops.push(temporal.stop);
  const { connection } = await connectClient(temporal.address, config.TEMPORAL_NAMESPACE);
  await ensureNamespace(connection, config.TEMPORAL_NAMESPACE, log);
  await connection.close();

  buildUiIfStale(log);

  // The simulated OMS/WMS/ERP/CTI and message providers, unless real ones are configured.
  let simulatorUrl = config.FIXFLOW_SIMULATOR_URL;
  if (!simulatorUrl) {
    const sim = await startSimulatorServer(config.FIXFLOW_SIMULATOR_PORT, undefined, { failureRate: config.FIXFLOW_SIM_FAILURE_RATE });
    stops.push(() => sim.close());
    simulatorUrl = sim.url;
    log.info(`simulated outside systems at ${sim.url} (what they received: ${sim.url}/sim/inbox)`);
  }

  const childEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: temporal.address,
    PORT: String(config.PORT),
    FIXFLOW_SIMULATOR_URL: simulatorUrl,
  };
  const worker = new Supervised('worker', 'scripts/run-worker.ts', childEnv, log);
  const api = new Supervised('api', 'scripts/run-api.ts', childEnv, log);
  // Stopped in reverse: API first (no new work), then the worker, then Temporal and PostgreSQL.
  stops.push(() => worker.stop());
  stops.push(() => api.stop());
  worker.start();
  api.start();
  await waitForPort(config.PORT, '127.0.0.1', 120_000);
  const apiUrl = `http://127.0.0.1:${config.PORT}`;

  if (adminToken && process.env.FIXFLOW_DEMO !== '0') {
    const n = await loadDemoData(apiUrl, adminToken);
    if (n) log.info(`demo data: ${n} tickets created`);
  }

  const lines = [
    '',
    '  Fixflow is running',
    `    console & designer   ${apiUrl}/`,
    `    API                  ${apiUrl}/api/v1/tickets`,
    `    health / readiness   ${apiUrl}/healthz  ${apiUrl}/readyz`,
    ...(temporal.uiUrl ? [`    Temporal Web UI      ${temporal.uiUrl}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows`] : []),
    `    simulated systems    ${simulatorUrl}/sim/inbox`,
    `    data directory       ${config.dataDir}`,
    ...(admin.token
      ? [`    admin token          ${admin.token}   (shown once; also saved to ${path.join(config.dataDir, 'admin-token')})`]
      : [
          `    admin token          ${config.FIXFLOW_ADMIN_TOKEN ? 'from FIXFLOW_ADMIN_TOKEN' : `issued at first start (see ${path.join(config.dataDir, 'admin-token')})`}`,
        ]),
    `    booted in            ${((Date.now() - bootStarted) / 1000).toFixed(1)} s`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
} catch (err) {
  log.error((err as Error).message);
  await stopAll();
  process.exit(1);
}

onShutdown(log, stopAll);

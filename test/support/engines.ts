import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../core/config';
import { createLogger } from '../../core/logger';
import { createDataSource, runMigrations } from '../../db/data-source';
import { useOrStartDatabase } from '../../db/local-database';
import { connectClient, ensureNamespace } from '../../temporal/connection';
import { freePort } from '../../temporal/dev-server';
import { useOrStartTemporal } from '../../temporal/local-temporal';

export interface TestEngines {
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Real PostgreSQL and a real Temporal dev server for the test run: the ones named by
 * DATABASE_URL / TEMPORAL_ADDRESS when given, otherwise fresh ones in a temporary directory.
 */
export async function startTestEngines(): Promise<TestEngines> {
  const config = loadConfig();
  const log = createLogger('test-engines', 'warn');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixflow-test-'));
  fs.chmodSync(dataDir, 0o755); // the embedded PostgreSQL may run as its own system user
  const db = await useOrStartDatabase({ url: config.DATABASE_URL, dataDir, port: await freePort(), log });
  const temporal = await useOrStartTemporal({
    address: config.TEMPORAL_ADDRESS,
    cliPath: config.TEMPORAL_CLI_PATH,
    cacheDir: config.cacheDir,
    dataDir,
    namespace: config.TEMPORAL_NAMESPACE,
    port: await freePort(),
    uiPort: await freePort(),
    ui: false,
    log,
  });
  const ds = createDataSource(db.url, { poolSize: 1 });
  await ds.initialize();
  await runMigrations(ds);
  await ds.destroy();
  const { connection } = await connectClient(temporal.address, config.TEMPORAL_NAMESPACE);
  await ensureNamespace(connection, config.TEMPORAL_NAMESPACE, log);
  await connection.close();
  return {
    databaseUrl: db.url,
    temporalAddress: temporal.address,
    namespace: config.TEMPORAL_NAMESPACE,
    dataDir,
    async stop() {
      await temporal.stop();
      await db.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded PostgreSQL
// under FIXFLOW_DATA_DIR when no URL is given (stop `npm start` first: it owns that server).
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { createDataSource, runMigrations } from '../db/data-source';
import { useOrStartDatabase } from '../db/local-database';

const config = loadConfig();
const log = createLogger('migrate', config.LOG_LEVEL);
const db = await useOrStartDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir, port: config.FIXFLOW_PG_PORT, log });
const ds = createDataSource(db.url, { poolSize: 1 });
try {
  await ds.initialize();
  const ran = await runMigrations(ds);
  log.info(ran.length ? `applied: ${ran.join(', ')}` : 'schema up to date');
} finally {
  if (ds.isInitialized) await ds.destroy();
  await db.stop();
}

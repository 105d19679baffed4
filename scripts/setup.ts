// `npm run setup`: one-shot preparation of a production deployment (docker-compose's `setup`
// service): database migrations, Temporal namespace and search attributes, the admin token.
import { ensureAdminToken } from '../api/auth/api-tokens';
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { createDataSource, runMigrations } from '../db/data-source';
import { connectClient, ensureNamespace } from '../temporal/connection';
import { requireEnv } from './process-support';

const config = loadConfig();
const log = createLogger('setup', config.LOG_LEVEL);
const ds = createDataSource(requireEnv(config.DATABASE_URL, 'DATABASE_URL'), { poolSize: 1 });
await ds.initialize();
const ran = await runMigrations(ds);
log.info(ran.length ? `migrations applied: ${ran.join(', ')}` : 'schema up to date');
const admin = await ensureAdminToken(ds, config.FIXFLOW_ADMIN_TOKEN);
if (admin.token) process.stdout.write(`admin token (shown once): ${admin.token}\n`);
await ds.destroy();
const { connection } = await connectClient(requireEnv(config.TEMPORAL_ADDRESS, 'TEMPORAL_ADDRESS'), config.TEMPORAL_NAMESPACE);
await ensureNamespace(connection, config.TEMPORAL_NAMESPACE, log);
await connection.close();
log.info('setup done');

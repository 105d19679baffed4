// The API process: `npm run api` (what docker-compose runs as the api service).
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { startApiServer } from '../api/server';
import { createDataSource } from '../db/data-source';
import { onShutdown, requireEnv } from './process-support';

const config = loadConfig();
const log = createLogger('api', config.LOG_LEVEL);
const dataSource = createDataSource(requireEnv(config.DATABASE_URL, 'DATABASE_URL'));
await dataSource.initialize();
const api = await startApiServer({
  config,
  temporalAddress: requireEnv(config.TEMPORAL_ADDRESS, 'TEMPORAL_ADDRESS'),
  dataSource,
  port: config.PORT,
  log,
});
log.info(`API listening on port ${config.PORT}`);
onShutdown(log, async () => {
  await api.close();
  await dataSource.destroy();
});

// The worker process: `npm run worker` (scale out by running more of these on the same task queue).
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { integrationEndpoints } from '../activities/integrations/endpoints';
import { createDataSource } from '../db/data-source';
import { connectWorker } from '../temporal/connection';
import { createWorker } from '../temporal/worker';
import { requireEnv } from './process-support';

const config = loadConfig();
const log = createLogger('worker', config.LOG_LEVEL);
const dataSource = createDataSource(requireEnv(config.DATABASE_URL, 'DATABASE_URL'));
await dataSource.initialize();
const connection = await connectWorker(requireEnv(config.TEMPORAL_ADDRESS, 'TEMPORAL_ADDRESS'));
const worker = await createWorker({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  dataSource,
  endpoints: integrationEndpoints(config),
  workflowCacheSize: config.TEMPORAL_WORKFLOW_CACHE_SIZE,
});
log.info(`worker polling task queue ${config.TEMPORAL_TASK_QUEUE} in namespace ${config.TEMPORAL_NAMESPACE}`);
// The Temporal runtime turns SIGINT/SIGTERM into a graceful shutdown: run() resolves once
// in-flight tasks are done, and only then is the database released.
await worker.run();
await connection.close();
await dataSource.destroy();
log.info('worker stopped');

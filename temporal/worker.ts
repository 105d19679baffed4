import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, Worker, type NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from '../activities';
import { DictionaryCache } from '../api/dictionaries/dictionary-cache';
import { TicketGateway } from '../api/tickets/ticket-gateway';
import type { IntegrationEndpoints } from '../activities/integrations/endpoints';
import { installRuntime } from './connection';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

let bundlePromise: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundles the workflow code once per process; workers and replayers share the bundle. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  installRuntime();
  bundlePromise ??= bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
  return bundlePromise;
}

const quietBundlerLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (msg: string) => console.warn(msg),
  error: (msg: string) => console.error(msg),
};

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  endpoints: IntegrationEndpoints;
  /** see TEMPORAL_WORKFLOW_CACHE_SIZE; the SDK's default when undefined */
  workflowCacheSize?: number;
}

export async function createWorker(opts: WorkerOptions): Promise<Worker> {
  // Activities that open tickets (maintenance firings) go through the same intake as the API,
  // with a client on the worker's own connection and its task queue.
  const temporal = {
    client: new Client({ connection: opts.connection, namespace: opts.namespace }),
    connection: opts.connection,
    taskQueue: opts.taskQueue,
    callTimeoutMs: 10_000,
  };
  const intake = { dataSource: opts.dataSource, tickets: new TicketGateway(temporal), dictionaries: new DictionaryCache(opts.dataSource) };
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ dataSource: opts.dataSource, endpoints: opts.endpoints, intake, temporal }),
    // Let in-flight activities finish their transaction on SIGTERM before the worker exits.
    shutdownGraceTime: '20s',
    ...(opts.workflowCacheSize !== undefined ? { maxCachedWorkflows: opts.workflowCacheSize } : {}),
  });
}

import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from '../activities';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

let bundlePromise: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundles the workflow code once per process; workers and replayers share the bundle. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
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
}

let runtimeInstalled = false;

/** The SDK logs every worker state change at INFO; keep only what needs attention. */
function installRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const level = (process.env.TEMPORAL_SDK_LOG_LEVEL ?? 'WARN') as 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  Runtime.install({ logger: new DefaultLogger(level) });
}

export async function createWorker(opts: WorkerOptions): Promise<Worker> {
  installRuntime();
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ dataSource: opts.dataSource }),
    // Let in-flight activities finish their transaction on SIGTERM before the worker exits.
    shutdownGraceTime: '20s',
  });
}

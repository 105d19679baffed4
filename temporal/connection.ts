import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { msToTs } from '@temporalio/common/lib/time';
import protos, { type temporal } from '@temporalio/proto';
import type { Logger } from '../core/logger';
import { FIXFLOW_SEARCH_ATTRIBUTES } from './search-attributes';

// @temporalio/proto is CommonJS: its namespaces come through the default export.
const IndexedValueType = protos.temporal.api.enums.v1.IndexedValueType;
const indexedType: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  TEXT: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** A client connection that fails fast instead of hanging when Temporal is away. */
export async function connectClient(address: string, namespace: string): Promise<{ connection: Connection; client: Client }> {
  const connection = await Connection.connect({ address, connectTimeout: '10s' });
  return { connection, client: new Client({ connection, namespace }) };
}

let runtimeInstalled = false;

/**
 * Installs the worker runtime once per process, before the first native connection creates a
 * default one. The SDK logs every worker state change at INFO; we keep what needs attention.
 */
export function installRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const level = (process.env.TEMPORAL_SDK_LOG_LEVEL ?? 'WARN') as 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  Runtime.install({ logger: new DefaultLogger(level) });
}

export function connectWorker(address: string): Promise<NativeConnection> {
  installRuntime();
  return NativeConnection.connect({ address });
}

/**
 * Makes sure our namespace and custom search attributes exist. Works against the dev server and
 * a real cluster alike; safe to run at every boot.
 */
export async function ensureNamespace(connection: Connection, namespace: string, log: Logger): Promise<void> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } catch (err) {
    if ((err as { code?: number }).code !== 5) throw err; // 5 = NOT_FOUND
    log.info(`registering Temporal namespace ${namespace}`);
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('30 days'),
    });
  }
  // The time-skipping test server cannot list search attributes (UNIMPLEMENTED), only add them.
  const existing = await connection.operatorService.listSearchAttributes({ namespace }).catch((err: { code?: number }) => {
    if (err.code === 12) return { customAttributes: {} as Record<string, unknown> };
    throw err;
  });
  const missing: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const key of FIXFLOW_SEARCH_ATTRIBUTES) {
    if (!existing.customAttributes?.[key.name]) missing[key.name] = indexedType[key.type]!;
  }
  if (Object.keys(missing).length > 0) {
    log.info('registering search attributes', { names: Object.keys(missing) });
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  }
}

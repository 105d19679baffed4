import type { Server } from 'node:http';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../core/config';
import type { Logger } from '../core/logger';
import { createBlobStore, type StorageConfig } from '../core/storage/create-blob-store';
import { urlSecretSource } from '../core/storage/url-secret';
import { Client, Connection } from '@temporalio/client';
import { createApp, DEFAULT_API_LIMITS } from './app';
import type { ApiContext } from './context';
import { DictionaryCache } from './dictionaries/dictionary-cache';
import { TicketGateway } from './tickets/ticket-gateway';
import { ticketChangeHub } from './stream/ticket-change-hub';

export interface ApiServer {
  url: string;
  ctx: ApiContext;
  close(): Promise<void>;
}

/** Starts the HTTP API on `port` (0 = any free port) against an initialised DataSource. */
export async function startApiServer(opts: {
  config: Pick<AppConfig, 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE' | 'FIXFLOW_PUBLIC_URL' | 'ATTACHMENT_URL_SECRET'> &
    Partial<Pick<AppConfig, 'API_JSON_BODY_LIMIT_KB' | 'API_RATE_LIMIT_PER_SECOND' | 'API_RATE_LIMIT_BURST' | 'TEMPORAL_CALL_TIMEOUT_MS'>> &
    StorageConfig;
  temporalAddress: string;
  dataSource: DataSource;
  port: number;
  log: Logger;
}): Promise<ApiServer> {
  // Lazy: the API starts and serves what needs only PostgreSQL while Temporal is away (/readyz says
  // so); every call carries a deadline of TEMPORAL_CALL_TIMEOUT_MS and answers 503 past it.
  const connection = Connection.lazy({ address: opts.temporalAddress, connectTimeout: '10s' });
  const client = new Client({ connection, namespace: opts.config.TEMPORAL_NAMESPACE });
  const temporal = {
    connection,
    client,
    taskQueue: opts.config.TEMPORAL_TASK_QUEUE,
    callTimeoutMs: opts.config.TEMPORAL_CALL_TIMEOUT_MS ?? 10_000,
  };
  const ctx: ApiContext = {
    config: { PORT: opts.port, publicUrl: opts.config.FIXFLOW_PUBLIC_URL },
    dataSource: opts.dataSource,
    temporal,
    tickets: new TicketGateway(temporal),
    dictionaries: new DictionaryCache(opts.dataSource),
    log: opts.log,
    attachments: { store: createBlobStore(opts.config), urlSecret: urlSecretSource(opts.config) },
  };
  const app = createApp(ctx, {
    jsonBodyLimitKb: opts.config.API_JSON_BODY_LIMIT_KB ?? DEFAULT_API_LIMITS.jsonBodyLimitKb,
    rateLimit: {
      ratePerSecond: opts.config.API_RATE_LIMIT_PER_SECOND ?? DEFAULT_API_LIMITS.rateLimit.ratePerSecond,
      burst: opts.config.API_RATE_LIMIT_BURST ?? DEFAULT_API_LIMITS.rateLimit.burst,
    },
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port, () => resolve(s));
    s.once('error', reject);
  });
  // Slow clients must not hold sockets for ever: headers within 15 s, no silence over 60 s. The
  // whole request may take up to 15 min, what a 200 MiB video from a phone on a slow network needs.
  server.requestTimeout = 15 * 60_000;
  server.headersTimeout = 15_000;
  server.timeout = 60_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    url: `http://127.0.0.1:${port}`,
    ctx,
    async close() {
      // Stop accepting, let in-flight requests finish, then drop idle keep-alive sockets. Live
      // streams never finish by themselves: they are ended (browsers reconnect to another replica).
      ticketChangeHub(opts.dataSource, opts.log).endAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await connection.close();
    },
  };
}

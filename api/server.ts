import type { Server } from 'node:http';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../core/config';
import type { Logger } from '../core/logger';
import { createBlobStore, type StorageConfig } from '../core/storage/create-blob-store';
import { urlSecretSource } from '../core/storage/url-secret';
import { connectClient } from '../temporal/connection';
import { createApp } from './app';
import type { ApiContext } from './context';
import { DictionaryCache } from './dictionaries/dictionary-cache';
import { TicketGateway } from './tickets/ticket-gateway';

export interface ApiServer {
  url: string;
  ctx: ApiContext;
  close(): Promise<void>;
}

/** Starts the HTTP API on `port` (0 = any free port) against an initialised DataSource. */
export async function startApiServer(opts: {
  config: Pick<AppConfig, 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE' | 'FIXFLOW_PUBLIC_URL' | 'ATTACHMENT_URL_SECRET'> & StorageConfig;
  temporalAddress: string;
  dataSource: DataSource;
  port: number;
  log: Logger;
}): Promise<ApiServer> {
  const { connection, client } = await connectClient(opts.temporalAddress, opts.config.TEMPORAL_NAMESPACE);
  const temporal = { connection, client, taskQueue: opts.config.TEMPORAL_TASK_QUEUE, callTimeoutMs: 10_000 };
  const ctx: ApiContext = {
    config: { PORT: opts.port, publicUrl: opts.config.FIXFLOW_PUBLIC_URL },
    dataSource: opts.dataSource,
    temporal,
    tickets: new TicketGateway(temporal),
    dictionaries: new DictionaryCache(opts.dataSource),
    log: opts.log,
    attachments: { store: createBlobStore(opts.config), urlSecret: urlSecretSource(opts.config) },
  };
  const app = createApp(ctx);
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
      // Stop accepting, let in-flight requests finish, then drop idle keep-alive sockets.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await connection.close();
    },
  };
}

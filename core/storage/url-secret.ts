import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config';

/**
 * The key that signs attachment links: ATTACHMENT_URL_SECRET when set, otherwise one generated on
 * first use and kept in the data directory (0600), so links survive a restart and every process
 * on that data directory agrees. Read lazily: a process that never signs a link writes nothing.
 * Never logged.
 */
export function urlSecretSource(config: Pick<AppConfig, 'dataDir' | 'ATTACHMENT_URL_SECRET'>): () => Buffer {
  let secret: Buffer | undefined = config.ATTACHMENT_URL_SECRET ? Buffer.from(config.ATTACHMENT_URL_SECRET, 'utf8') : undefined;
  return () => (secret ??= readOrCreate(path.join(config.dataDir, 'attachment-url-secret')));
}

function readOrCreate(file: string): Buffer {
  try {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    // 'wx': of two processes starting together, one writes and the other reads what it wrote.
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url');
}

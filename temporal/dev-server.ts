import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../core/logger';
import { FIXFLOW_SEARCH_ATTRIBUTES } from './search-attributes';

const cliType: Record<string, string> = {
  KEYWORD: 'Keyword',
  BOOL: 'Bool',
  TEXT: 'Text',
  INT: 'Int',
  DOUBLE: 'Double',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

export interface DevServerOptions {
  cliPath: string;
  dataDir: string;
  namespace: string;
  port: number;
  uiPort: number;
  /** false for tests: no Web UI */
  ui?: boolean;
  log: Logger;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function waitForPort(port: number, host = '127.0.0.1', timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect({ port, host });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listening on ${host}:${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Stops a child with SIGTERM, then SIGKILL after a grace period; resolves once it is gone. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts `temporal server start-dev` with a SQLite file under dataDir, so open workflows and their
 * timers survive a restart of the server.
 */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const dbFile = path.join(opts.dataDir, 'temporal.sqlite');
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    dbFile,
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--namespace',
    opts.namespace,
    '--log-level',
    'error',
  ];
  for (const key of FIXFLOW_SEARCH_ATTRIBUTES) args.push('--search-attribute', `${key.name}=${cliType[key.type]}`);
  if (opts.ui === false) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort));

  const logFile = fs.openSync(path.join(opts.dataDir, 'temporal-server.log'), 'a');
  const child = spawn(opts.cliPath, args, { stdio: ['ignore', logFile, logFile], detached: false });
  fs.closeSync(logFile);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  try {
    await Promise.race([
      waitForPort(opts.port),
      new Promise((_, reject) =>
        child.once('exit', () => reject(new Error(`Temporal dev server ${exited}; see ${path.join(opts.dataDir, 'temporal-server.log')}`))),
      ),
    ]);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    address: `127.0.0.1:${opts.port}`,
    uiUrl: opts.ui === false ? undefined : `http://127.0.0.1:${opts.uiPort}`,
    process: child,
    stop: () => stopChild(child),
  };
}

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Logger } from '../core/logger';

/** The CLI release we build from Go modules when nothing else is available. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const GO_PACKAGE = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;

export interface CliLocation {
  path: string;
  source: 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'download' | 'go-build';
  millis: number;
}

export class TemporalCliNotFoundError extends Error {
  constructor(attempts: string[]) {
    super(
      [
        'Could not find or build the Temporal CLI (needed for the local dev server).',
        ...attempts.map((a) => `  - ${a}`),
        'Fix one of:',
        '  * install the Temporal CLI and put `temporal` on PATH, or set TEMPORAL_CLI_PATH to it;',
        `  * install Go (>= 1.22) so Fixflow can run: CGO_ENABLED=0 go install ${GO_PACKAGE};`,
        '  * or point TEMPORAL_ADDRESS at a running Temporal server.',
      ].join('\n'),
    );
    this.name = 'TemporalCliNotFoundError';
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function findOnPath(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** Where the Go-built (or downloaded) binary is kept between runs: outside the repository. */
export function cachedCliPath(cacheDir: string): string {
  return path.join(cacheDir, 'temporal-cli', TEMPORAL_CLI_VERSION, 'temporal');
}

async function tryDownload(cacheDir: string, log: Logger): Promise<string | undefined> {
  if (process.env.FIXFLOW_TEMPORAL_NO_DOWNLOAD === '1') return undefined;
  const downloadDir = path.join(cacheDir, 'temporal-cli', 'download');
  fs.mkdirSync(downloadDir, { recursive: true });
  try {
    // The testing package downloads a CLI build into downloadDir and boots it once; we only want the file.
    const env = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'cached-download', downloadDir } },
    });
    await env.teardown();
  } catch (err) {
    log.info('Temporal CLI download not possible here', { reason: String((err as Error).message).slice(0, 200) });
    return undefined;
  }
  const found = fs
    .readdirSync(downloadDir)
    .map((f) => path.join(downloadDir, f))
    .find((f) => isExecutable(f) && path.basename(f).startsWith('temporal'));
  return found;
}

function goBinary(searchPath: string): string | undefined {
  return findOnPath('go', searchPath) ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

async function goBuild(cacheDir: string, go: string | undefined, log: Logger): Promise<string | undefined> {
  if (!go) return undefined;
  const target = cachedCliPath(cacheDir);
  const binDir = path.dirname(target);
  fs.mkdirSync(binDir, { recursive: true });
  log.info(`Building the Temporal CLI from Go modules (${GO_PACKAGE}); this takes a few minutes once`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(go, ['install', GO_PACKAGE], {
      env: { ...process.env, CGO_ENABLED: '0', GOBIN: binDir, GOFLAGS: '-trimpath' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (c) => resolve(c ?? 1));
    child.on('error', () => resolve(1));
  });
  return code === 0 && isExecutable(target) ? target : undefined;
}

/**
 * Finds a Temporal CLI, in this order: TEMPORAL_CLI_PATH, `temporal` on PATH, our cache, a download
 * through @temporalio/testing, a build from Go modules into the cache. Throws with what to install.
 */
export async function locateTemporalCli(opts: {
  cliPath?: string;
  cacheDir: string;
  log: Logger;
  /** where to look for executables and Go; defaults to this process's PATH and the usual Go install */
  searchPath?: string;
  goPath?: string | null;
  download?: boolean;
}): Promise<CliLocation> {
  const started = Date.now();
  const done = (p: string, source: CliLocation['source']): CliLocation => ({ path: p, source, millis: Date.now() - started });
  const attempts: string[] = [];

  if (opts.cliPath) {
    if (isExecutable(opts.cliPath)) return done(opts.cliPath, 'TEMPORAL_CLI_PATH');
    attempts.push(`TEMPORAL_CLI_PATH=${opts.cliPath} is not an executable file`);
  } else attempts.push('TEMPORAL_CLI_PATH is not set');

  const searchPath = opts.searchPath ?? process.env.PATH ?? '';
  const onPath = findOnPath('temporal', searchPath);
  if (onPath) return done(onPath, 'PATH');
  attempts.push('no `temporal` on PATH');

  const cached = cachedCliPath(opts.cacheDir);
  if (isExecutable(cached)) return done(cached, 'cache');
  attempts.push(`no cached build at ${cached}`);

  const downloaded = opts.download === false ? undefined : await tryDownload(opts.cacheDir, opts.log);
  if (downloaded) return done(downloaded, 'download');
  attempts.push('download through @temporalio/testing failed (no internet?)');

  const go = opts.goPath === undefined ? goBinary(searchPath) : (opts.goPath ?? undefined);
  const built = await goBuild(opts.cacheDir, go, opts.log);
  if (built) return done(built, 'go-build');
  attempts.push(go ? `go install ${GO_PACKAGE} failed` : 'Go is not installed, so the CLI could not be built');

  throw new TemporalCliNotFoundError(attempts);
}

/** `temporal --version`, for the boot log. */
export function cliVersion(cli: string): string {
  const out = spawnSync(cli, ['--version'], { encoding: 'utf8' });
  return (out.stdout || out.stderr || '').trim().split('\n')[0] ?? 'unknown';
}

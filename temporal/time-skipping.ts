import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../core/config';
import { createLogger, type Logger } from '../core/logger';
import { installRuntime } from './connection';
import { freePort, waitForPort } from './dev-server';

/**
 * Temporal's time-skipping test server is the Java SDK's `io.temporal.testserver.TestServer`.
 * @temporalio/testing normally downloads a native build of it from GitHub; where only package
 * registries are reachable we fetch the jar and its dependencies from Maven Central instead and run
 * them with the local JDK. Keep in step with temporal/test-server/pom.xml.
 */
export const TEMPORAL_TEST_SERVER_VERSION = '1.38.0';
export const TEST_SERVER_MAIN_CLASS = 'io.temporal.testserver.TestServer';
const ARTIFACT = `io.temporal:temporal-test-server:${TEMPORAL_TEST_SERVER_VERSION}`;
const POM = fileURLToPath(new URL('./test-server/pom.xml', import.meta.url));
const WRAPPER = 'temporal-test-server';
const CDS_ARCHIVE = 'app-cds.jsa';
const MAVEN_TIMEOUT_MS = 15 * 60_000;
const LOCK_STALE_MS = 20 * 60_000;

export class TimeSkippingServerUnavailableError extends Error {
  constructor(attempts: string[]) {
    super(
      [
        "Could not find or set up Temporal's time-skipping test server (needed by the SLA tests).",
        ...attempts.map((a) => `  - ${a}`),
        'Fix one of:',
        `  * install Java 17+ and Maven (Debian: apt-get install openjdk-17-jre-headless maven) so Fixflow can fetch ${ARTIFACT} from Maven Central;`,
        '  * or set TEMPORAL_TEST_SERVER_PATH to a temporal-test-server executable (it is started as `<path> <port>`).',
      ].join('\n'),
    );
    this.name = 'TimeSkippingServerUnavailableError';
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

/** Everything for one server version lives here, outside the repository. */
export function testServerCacheDir(cacheDir: string): string {
  return path.join(cacheDir, 'temporal-test-server', TEMPORAL_TEST_SERVER_VERSION);
}

/** The wrapper script; it is written last, so its presence means the set-up is complete. */
export function cachedTestServerPath(cacheDir: string): string {
  return path.join(testServerCacheDir(cacheDir), WRAPPER);
}

/**
 * The wrapper @temporalio/testing runs as `temporal-test-server <port> [extraArgs...]`, the same
 * arguments it gives the native build. The Java main takes `<port> [--enable-time-skipping]`; without
 * the flag time skipping starts locked and the SDK's time-skipping client unlocks it while it waits on
 * a result, exactly as with the native build. `exec` makes the JVM the process the SDK kills at
 * teardown. The class-data archive (made once at set-up) cuts the JVM's start from ~2 s to ~0.3 s;
 * the SDK gives the server only 5 s to answer, so that matters on a busy CI machine.
 */
function wrapperScript(): string {
  return `#!/bin/sh
# Temporal's time-skipping test server, ${ARTIFACT} on the local JDK.
# Written by Fixflow's temporal/time-skipping.ts; delete this directory to have it set up again.
# Usage: ${WRAPPER} <port> [--enable-time-skipping]
# Extra JVM options: FIXFLOW_TEST_SERVER_JAVA_OPTS.
dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P) || exit 1
if [ -n "\${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
if [ -f "$dir/${CDS_ARCHIVE}" ]; then
  set -- "-XX:SharedArchiveFile=$dir/${CDS_ARCHIVE}" -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$dir/lib/*" ${TEST_SERVER_MAIN_CLASS} "$@"
else
  set -- -cp "$dir/lib/*" ${TEST_SERVER_MAIN_CLASS} "$@"
fi
# shellcheck disable=SC2086
exec "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \${FIXFLOW_TEST_SERVER_JAVA_OPTS:-} "$@"
`;
}

function javaBinary(searchPath: string): string | undefined {
  const home = process.env.JAVA_HOME;
  if (home && isExecutable(path.join(home, 'bin', 'java'))) return path.join(home, 'bin', 'java');
  return findOnPath('java', searchPath);
}

/** `java -version`'s first line, or undefined when the JVM does not run. */
function javaVersion(java: string): string | undefined {
  const out = spawnSync(java, ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (out.status !== 0) return undefined;
  return (out.stderr || out.stdout || '').trim().split('\n')[0] ?? 'unknown';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A directory lock, so parallel test processes on a cold cache run Maven once. A lock whose owner
 * has died, or that is older than any set-up could take, is broken.
 */
async function withLock<T>(lockDir: string, log: Logger, fn: () => Promise<T>): Promise<T> {
  let waitingSaid = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'owner'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let stale = false;
      try {
        const pid = Number(fs.readFileSync(path.join(lockDir, 'owner'), 'utf8'));
        const age = Date.now() - fs.statSync(lockDir).mtimeMs;
        stale = (pid > 0 && !processAlive(pid)) || age > LOCK_STALE_MS;
      } catch {
        // owner not written yet, or the lock just went away: look again shortly
      }
      if (stale) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!waitingSaid) log.info('another process is setting up the time-skipping test server; waiting');
      waitingSaid = true;
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], logFile: string, timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<number> {
  const out = fs.openSync(logFile, 'a');
  return new Promise<number>((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', out, out], env: env ?? process.env });
    fs.closeSync(out);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
    child.on('error', () => {
      clearTimeout(timer);
      resolve(1);
    });
  });
}

function tail(file: string, lines = 25): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Starts the server once through the (not yet published) wrapper with -XX:ArchiveClassesAtExit,
 * answers one request, stops it cleanly; the JVM then writes a dynamic class-data archive. Best
 * effort: without the archive the server only starts slower. The archive is written under a
 * temporary name and renamed only after a clean exit, because a truncated one crashes the JVM.
 */
async function trainClassDataArchive(dir: string, wrapper: string, log: Logger): Promise<void> {
  const archive = path.join(dir, CDS_ARCHIVE);
  const partial = `${archive}.partial`;
  fs.rmSync(partial, { force: true });
  const port = await freePort();
  const logFile = path.join(dir, 'cds-training.log');
  const out = fs.openSync(logFile, 'w');
  const child = spawn(wrapper, [String(port)], {
    stdio: ['ignore', out, out],
    env: { ...process.env, FIXFLOW_TEST_SERVER_JAVA_OPTS: `-XX:ArchiveClassesAtExit=${partial}` },
  });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => {
    child.on('exit', () => resolve());
    child.on('error', () => resolve());
  });
  const exitedEarly = exited.then(() => {
    throw new Error(`the test server exited at once; see ${logFile}`);
  });
  exitedEarly.catch(() => undefined); // also settles after a normal stop below: not an unhandled rejection
  try {
    await Promise.race([waitForPort(port, '127.0.0.1', 30_000), exitedEarly]);
    const connection = await Connection.connect({ address: `127.0.0.1:${port}`, connectTimeout: '20s' });
    try {
      await connection.workflowService.getSystemInfo({});
      await connection.workflowService.describeNamespace({ namespace: 'default' }).catch(() => undefined);
    } finally {
      await connection.close();
    }
  } catch (err) {
    log.warn('could not prepare the class-data archive; the test server will start a little slower', { reason: String(err) });
    child.kill('SIGKILL');
    await exited;
    fs.rmSync(partial, { force: true });
    return;
  }
  child.kill('SIGTERM'); // a clean shutdown: the JVM writes the archive on exit
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await exited;
  clearTimeout(timer);
  if (child.signalCode !== 'SIGKILL' && fs.existsSync(partial) && fs.statSync(partial).size > 0) {
    fs.renameSync(partial, archive);
  } else {
    fs.rmSync(partial, { force: true });
    log.warn('the JVM wrote no class-data archive; the test server will start a little slower', { log: logFile });
  }
}

/** Fetches the jars with Maven into the cache and writes the wrapper; returns the wrapper's path. */
async function installWithMaven(cacheDir: string, mvn: string, log: Logger): Promise<string> {
  const dir = testServerCacheDir(cacheDir);
  const lib = path.join(dir, 'lib');
  const mavenLog = path.join(dir, 'maven.log');
  // Maven's local repository sits in the cache too: nothing is written to ~/.m2, and CI can cache one folder.
  const repo = path.join(cacheDir, 'temporal-test-server', 'm2');
  fs.rmSync(lib, { recursive: true, force: true });
  fs.rmSync(mavenLog, { force: true });
  fs.mkdirSync(dir, { recursive: true });

  log.info(`fetching ${ARTIFACT} and its dependencies with Maven; this takes a minute once`, { into: dir });
  const args = [
    '-B',
    '-q',
    '-Dstyle.color=never',
    '-f',
    POM,
    `-Dmaven.repo.local=${repo}`,
    `-Dtemporal.test-server.version=${TEMPORAL_TEST_SERVER_VERSION}`,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${lib}`,
  ];
  const code = await run(mvn, args, mavenLog, MAVEN_TIMEOUT_MS);
  const jar = path.join(lib, `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}.jar`);
  if (code !== 0 || !fs.existsSync(jar)) {
    const out = tail(mavenLog);
    throw new Error(`mvn ${args.join(' ')} failed (exit ${code}); log: ${mavenLog}${out ? `\n${out}` : ''}`);
  }

  const staged = path.join(dir, `${WRAPPER}.partial`);
  fs.writeFileSync(staged, wrapperScript(), { mode: 0o755 });
  fs.rmSync(path.join(dir, CDS_ARCHIVE), { force: true });
  await trainClassDataArchive(dir, staged, log);
  const wrapper = cachedTestServerPath(cacheDir);
  fs.renameSync(staged, wrapper);
  return wrapper;
}

/**
 * Finds an executable that starts Temporal's time-skipping test server when called as
 * `<path> <port> [extraArgs...]`, in this order: TEMPORAL_TEST_SERVER_PATH, our cached wrapper,
 * a fresh fetch of the Java test server with Maven into the cache. Throws with what to install.
 */
export async function locateTimeSkippingServer(opts: {
  cacheDir: string;
  log: Logger;
  /** defaults to TEMPORAL_TEST_SERVER_PATH; null ignores it */
  serverPath?: string | null;
  /** where to look for java and mvn; defaults to this process's PATH */
  searchPath?: string;
}): Promise<string> {
  const started = Date.now();
  const { log } = opts;
  const attempts: string[] = [];
  const found = (p: string, how: string): string => {
    log.info(`time-skipping test server: ${how}`, { path: p, millis: Date.now() - started });
    return p;
  };

  const explicit = opts.serverPath === undefined ? process.env.TEMPORAL_TEST_SERVER_PATH || undefined : (opts.serverPath ?? undefined);
  if (explicit) {
    if (isExecutable(explicit)) return found(explicit, 'TEMPORAL_TEST_SERVER_PATH');
    log.warn('TEMPORAL_TEST_SERVER_PATH is not an executable file; looking elsewhere', { path: explicit });
    attempts.push(`TEMPORAL_TEST_SERVER_PATH=${explicit} is not an executable file`);
  } else attempts.push('TEMPORAL_TEST_SERVER_PATH is not set');

  const cached = cachedTestServerPath(opts.cacheDir);
  if (isExecutable(cached)) return found(cached, 'cached Java test server');
  attempts.push(`no cached test server at ${cached}`);

  const searchPath = opts.searchPath ?? process.env.PATH ?? '';
  const java = javaBinary(searchPath);
  const version = java ? javaVersion(java) : undefined;
  const mvn = findOnPath('mvn', searchPath);
  if (!java) attempts.push('Java is not installed (no JAVA_HOME/bin/java, no `java` on PATH)');
  else if (!version) attempts.push(`${java} -version failed`);
  if (!mvn) attempts.push('Maven is not installed (no `mvn` on PATH)');
  if (!java || !version || !mvn) throw new TimeSkippingServerUnavailableError(attempts);

  fs.mkdirSync(path.dirname(testServerCacheDir(opts.cacheDir)), { recursive: true });
  const lock = `${testServerCacheDir(opts.cacheDir)}.lock`;
  try {
    return await withLock(lock, log, async () => {
      if (isExecutable(cached)) return found(cached, 'set up by another process meanwhile');
      const wrapper = await installWithMaven(opts.cacheDir, mvn, log);
      return found(wrapper, `fetched ${ARTIFACT} with Maven (${version})`);
    });
  } catch (err) {
    if (err instanceof TimeSkippingServerUnavailableError) throw err;
    attempts.push(String((err as Error).message));
    throw new TimeSkippingServerUnavailableError(attempts);
  }
}

/**
 * A TestWorkflowEnvironment on the time-skipping server: timers fire as soon as nothing else is
 * pending while a client waits on a workflow's result. Installs the project's quiet worker runtime
 * first (once per process). Call env.teardown() when done.
 */
export async function createTimeSkippingEnv(opts?: { cacheDir?: string }): Promise<TestWorkflowEnvironment> {
  const log = createLogger('time-skipping');
  const cacheDir = opts?.cacheDir ?? loadConfig().cacheDir;
  const serverPath = await locateTimeSkippingServer({ cacheDir, log });
  installRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: serverPath } } });
}

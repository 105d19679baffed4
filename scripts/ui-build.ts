// Builds designer-ui/dist when its sources are newer than the last build: `npm start` and the
// browser tests (test/browser/browser-support.ts) both serve the built UI from the API.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../core/logger';

const root = fileURLToPath(new URL('..', import.meta.url));
const ui = path.join(root, 'designer-ui');
export const uiDistIndex = path.join(ui, 'dist', 'index.html');

// The bundle also takes pure modules from domain/ (the condition tree, the flow interpreter).
const sources = [path.join(ui, 'src'), path.join(ui, 'index.html'), path.join(ui, 'vite.config.ts'), path.join(root, 'domain')];

function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  const inputs = fs.readdirSync(p).filter((name) => !name.endsWith('.test.ts'));
  return inputs.reduce((m, name) => Math.max(m, newest(path.join(p, name))), 0);
}

export function uiIsStale(): boolean {
  return !fs.existsSync(uiDistIndex) || fs.statSync(uiDistIndex).mtimeMs < Math.max(...sources.map(newest));
}

// Two processes building at once would empty dist/ under each other (vite's emptyOutDir).
const lockDir = path.join(os.tmpdir(), 'fixflow-ui-build.lock');

function acquireLock(log?: Logger): boolean {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      return true;
    } catch {
      const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 5 * 60_000) fs.rmSync(lockDir, { recursive: true, force: true }); // left by a killed build
      if (Date.now() > deadline) return false;
      log?.info('another process is building the UI; waiting…');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    }
  }
}

/** Runs `npm run build --workspace designer-ui` if the sources changed since dist/ was built. */
export function buildUiIfStale(log?: Logger): void {
  if (!uiIsStale()) return;
  if (!acquireLock(log)) throw new Error(`the UI build lock ${lockDir} is held for over 5 minutes; remove it if no build runs`);
  try {
    if (!uiIsStale()) return; // built by whoever held the lock
    const t = Date.now();
    log?.info('building the UI…');
    try {
      execSync('npm run build --workspace designer-ui', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    } catch {
      throw new Error('the UI does not build (npm run build --workspace designer-ui): its errors are printed above');
    }
    log?.info(`UI built in ${Date.now() - t} ms`);
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

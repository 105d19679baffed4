// What the browser checks share: the built UI served by `vite preview` (unless something already
// answers at the address) and a headless Debian Chromium driven by playwright-core.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const uiDir = fileURLToPath(new URL('..', import.meta.url));

async function reachable(base) {
  try {
    const res = await fetch(base);
    return res.ok;
  } catch {
    return false;
  }
}

/** Starts `vite preview` on `port` unless `base` already answers; returns the process to kill, or null. */
export async function ensurePreview(port, base) {
  if (await reachable(base)) return null;
  const require = createRequire(import.meta.url);
  const viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const preview = spawn(process.execPath, [viteBin, 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: uiDir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 60 && !(await reachable(base)); i++) await sleep(250);
  if (!(await reachable(base))) {
    preview.kill();
    throw new Error(`vite preview did not come up on ${base}; run the build first`);
  }
  return preview;
}

/** Chromium at CHROMIUM_PATH or /usr/bin/chromium (Debian: apt-get install chromium fonts-noto-cjk). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

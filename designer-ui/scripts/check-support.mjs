// What the browser checks share: the built UI served by `vite preview` (unless something already
// answers at the address) and a headless Debian Chromium driven by playwright-core.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
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
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags every check and browser test runs Chromium with (headless, nothing phoning home). */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Fails at once, saying what to install, when there is no Chromium (rather than a launch timeout). */
export function launchChromium() {
  if (!fs.existsSync(chromiumPath))
    throw new Error(
      `no Chromium at ${chromiumPath}: install Debian's (apt-get install chromium fonts-noto-cjk; .ci/run does) or set CHROMIUM_PATH`,
    );
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 30_000 });
}

// The console's older browser checks (designer-ui/scripts/*-check.mjs: every /api call answered in
// the page by page.route() with sample data) run here against the build the harness's API serves,
// so CI runs them; each is still runnable by hand as its header says.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { BrowserSuite, screenshotDir } from './browser-support';

const scripts = fileURLToPath(new URL('../../designer-ui/scripts/', import.meta.url));

/**
 * screenshot-check.mjs is not here: with today's UI it fails by hand too, at step 6 (the token
 * expires after two mocked ticket calls and the '刷新' button it then clicks never shows), so it
 * stays a by-hand check until that step follows the ticket page's calls.
 */
/*
 * knowledge-inbox-check.mjs is not here either: its message-centre step (a paused page clock) passes
 * against `vite preview` but times out waiting for the bell's count when the API serves the UI, and
 * the cause is not found yet; it stays a by-hand check (the knowledge base and the inbox have their
 * API tests, test/knowledge.test.ts and test/inbox.test.ts).
 */
const CHECKS = ['archives-check.mjs'];

let ui: BrowserSuite;
before(async () => {
  ui = await BrowserSuite.start({ harness: { worker: 'none' } });
});
after(async () => {
  await ui?.stop();
});

/** Runs a check script (asynchronously: the API serving the UI lives in this process). */
function runCheck(name: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${scripts}${name}`], {
      env: { ...process.env, UI_BASE_URL: ui.url().replace(/\/$/, ''), SCREENSHOT_DIR: screenshotDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

for (const name of CHECKS) {
  test(name, { timeout: 240_000 }, async () => {
    const { code, output } = await runCheck(name);
    fs.mkdirSync(screenshotDir, { recursive: true });
    fs.writeFileSync(path.join(screenshotDir, `${name}.log`), output);
    const failed = output.split('\n').filter((l) => l.startsWith('  FAIL'));
    assert.equal(code, 0, `${name} failed:\n${failed.join('\n') || output.slice(-1500)}`);
  });
}

// Runs before `npm start` / `npm test`: installs dependencies when node_modules is missing or
// older than the lockfile, so a fresh clone needs nothing but Node and npm.
import { execSync } from 'node:child_process';
import fs from 'node:fs';

const stamp = 'node_modules/.package-lock.json';
const needsInstall =
  !fs.existsSync(stamp) ||
  !fs.existsSync('node_modules/tsx') ||
  fs.statSync('package-lock.json').mtimeMs > fs.statSync(stamp).mtimeMs + 1000;

if (needsInstall) {
  console.log('[fixflow] installing dependencies (npm ci)…');
  const started = Date.now();
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
  console.log(`[fixflow] dependencies installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

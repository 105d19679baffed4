// `npm test`: static checks, then every test file on real engines (PostgreSQL + Temporal dev server).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulatorServer } from '../simulators/simulator-server';
import { startTestEngines } from '../test/support/engines';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));

function run(label: string, cmd: string, cmdArgs: string[], env: NodeJS.ProcessEnv = process.env): void {
  const t = Date.now();
  const r = spawnSync(cmd, cmdArgs, { cwd: root, env, stdio: 'inherit' });
  console.log(`[test] ${label}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function testFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', '.data', 'dist', '.git'].includes(e.name)) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.test.ts')) found.push(path.relative(root, p));
    }
  };
  for (const d of ['core', 'domain', 'rules', 'temporal', 'db', 'workflows', 'activities', 'api', 'scripts', 'test']) {
    if (fs.existsSync(path.join(root, d))) walk(path.join(root, d));
  }
  const selected = only.length ? found.filter((f) => only.some((o) => f.includes(o))) : found;
  return selected.sort();
}

const started = Date.now();
if (!args.includes('--no-static')) {
  run('typecheck', process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
  run('lint', process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '.']);
}

const files = testFiles();
const t = Date.now();
const engines = await startTestEngines();
const simulator = await startSimulatorServer(0);
console.log(`[test] engines ready in ${((Date.now() - t) / 1000).toFixed(1)} s (PostgreSQL + Temporal ${engines.temporalAddress})`);
let status = 1;
const tapFile = path.join(engines.dataDir, 'results.tap');
let summary = '';
try {
  // Asynchronous on purpose: the simulated OMS/CTI/notification endpoints answer from this process.
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tapFile}`,
      ...files,
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        DATABASE_URL: engines.databaseUrl,
        TEMPORAL_ADDRESS: engines.temporalAddress,
        FIXFLOW_TEST_DATA_DIR: engines.dataDir,
        FIXFLOW_SIMULATOR_URL: simulator.url,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      },
    },
  );
  status = await new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
  const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '';
  const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
  summary = `${count('pass')} passed, ${count('fail') + count('cancelled')} failed, ${count('skipped')} skipped`;
} finally {
  // The browser tests' screenshots outlive the throwaway data directory (CI keeps them as artifacts).
  const shots = path.join(engines.dataDir, 'screenshots');
  if (fs.existsSync(shots)) {
    const kept = path.join(root, '.data', 'test-artifacts', 'screenshots');
    fs.rmSync(kept, { recursive: true, force: true });
    fs.cpSync(shots, kept, { recursive: true });
    console.log(`[test] browser screenshots kept in ${kept}`);
  }
  await simulator.close();
  await engines.stop();
}
console.log(
  `[test] ${files.length} test files, ${status === 0 ? 'passed' : 'FAILED'}; total ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
console.log(`tests: ${summary}`);
process.exit(status);

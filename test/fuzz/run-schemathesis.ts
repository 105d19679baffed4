// schemathesis (PyPI) against the API's own OpenAPI document. Used by test/fuzz/api-fuzz.test.ts,
// or by hand against a running API: `tsx test/fuzz/run-schemathesis.ts <base-url> <token> [max-examples]`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pinned: the CLI flags and check names below are those of 4.x. */
export const SCHEMATHESIS_VERSION = '4.32.5';
const venv = path.join(os.homedir(), '.cache', 'fixflow', 'schemathesis-venv');
const bin = path.join(venv, 'bin', 'schemathesis');

/**
 * The checks the document supports honestly: no 5xx; every status a route answers is one it
 * documents; the content type is the documented one (problem+json for every error, JSON for
 * success); the body matches the documented schema (the Problem schema for errors; routes declare
 * no success schema, so success bodies are only checked to be JSON objects).
 */
export const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance'];

/** Operations left out (all methods of a path matching the regex), each for its reason. */
export const EXCLUDED: { path: string; why: string }[] = [
  { path: '^/api/v1/stream/', why: 'server-sent events: the response never ends' },
  { path: '^/api/v1/exports/', why: 'streams a spreadsheet (not JSON), heavy per case' },
  { path: '^/api/v1/reports/export$', why: 'streams a spreadsheet (not JSON), heavy per case' },
  { path: '/qr\\.svg$', why: 'answers image/svg+xml, not JSON' },
  { path: '^/api/v1/attachments/\\{id\\}/content$', why: 'answers the stored file bytes, not JSON' },
  {
    path: '^/api/v1/auth/(sign-in|sign-out|password)$',
    why: 'sign-in failures lock user names and count per IP; password/sign-out change the session',
  },
  {
    path: '^/api/v1/public/',
    why: 'customer look-ups and reports count wrong codes per IP and number (429) in the shared database: fuzzing them would throttle later test files',
  },
  {
    path: '^/api/v1/webhooks',
    why: 'a webhook the fuzzer registers would make the worker call the generated URL: traffic off this machine',
  },
  { path: '^/api/v1/tokens$', why: 'issues admin tokens that outlive the run' },
  { path: '^/api/v1/openapi\\.json$', why: 'the document itself' },
];

export function ensureVenv(): string {
  if (fs.existsSync(bin)) {
    const v = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (v.status === 0 && v.stdout.includes(SCHEMATHESIS_VERSION)) return bin;
  }
  const py = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  if (py.status !== 0) throw new Error('python3 is missing: the API fuzz test needs python3 with venv (apt-get install python3-venv)');
  fs.mkdirSync(path.dirname(venv), { recursive: true });
  const mk = spawnSync('python3', ['-m', 'venv', '--clear', venv], { stdio: 'inherit' });
  if (mk.status !== 0) throw new Error('`python3 -m venv` failed: install python3-venv (.ci/run does)');
  const pip = spawnSync(
    path.join(venv, 'bin', 'pip'),
    ['install', '-q', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`],
    {
      stdio: 'inherit',
    },
  );
  if (pip.status !== 0) throw new Error(`pip install schemathesis==${SCHEMATHESIS_VERSION} failed`);
  return bin;
}

export interface FuzzResult {
  exitCode: number;
  output: string;
  timedOut: boolean;
}

export async function runSchemathesis(opts: {
  baseUrl: string;
  token: string;
  maxExamples: number;
  timeoutMs: number;
  seed?: number;
  reportDir?: string;
  phases?: string;
  /** schemathesis's output is copied here as it comes, to follow a long run */
  logFile?: string;
}): Promise<FuzzResult> {
  const exe = ensureVenv();
  const args = [
    'run',
    `${opts.baseUrl}/api/v1/openapi.json`,
    '--url',
    opts.baseUrl,
    '--header',
    `Authorization: Bearer ${opts.token}`,
    '--checks',
    CHECKS.join(','),
    // coverage: boundary and negative values of every field (some 14,000 cases, ~90 s here, not
    // bounded by --max-examples); fuzzing: --max-examples random cases per operation.
    '--phases',
    opts.phases ?? 'examples,coverage,fuzzing',
    '--max-examples',
    String(opts.maxExamples),
    // one at a time: two workers on this 2-core machine starve the in-process worker and the
    // API's 4-connection pool into 503s (documented back-pressure, but not what this test looks for)
    '--workers',
    '1',
    '--request-timeout',
    '20',
    '--no-shrink',
    '--suppress-health-check',
    'all',
    '--warnings',
    'off',
    ...(opts.seed !== undefined ? ['--seed', String(opts.seed)] : []),
    // one alternation: schemathesis keeps only the last of repeated --exclude-path-regex flags
    '--exclude-path-regex',
    EXCLUDED.map((e) => `(${e.path})`).join('|'),
    ...(opts.reportDir ? ['--report', 'ndjson', '--report-dir', opts.reportDir] : []),
  ];
  return new Promise((resolve) => {
    const child = spawn(exe, args, { env: { ...process.env, NO_COLOR: '1', PYTHONUNBUFFERED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    if (opts.logFile) fs.writeFileSync(opts.logFile, '');
    const take = (c: Buffer) => {
      output += c.toString();
      if (opts.logFile) fs.appendFileSync(opts.logFile, c);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, opts.timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? 1, output, timedOut });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [baseUrl, token, n] = process.argv.slice(2);
  if (!baseUrl || !token) {
    console.error('usage: tsx test/fuzz/run-schemathesis.ts <base-url> <token> [max-examples]');
    process.exit(2);
  }
  const r = await runSchemathesis({ baseUrl, token, maxExamples: Number(n ?? 10), timeoutMs: 30 * 60_000 });
  console.log(r.output);
  process.exit(r.exitCode);
}

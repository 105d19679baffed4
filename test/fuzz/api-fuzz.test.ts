import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createDataSource, runMigrations } from '../../db/data-source';
import { Harness } from '../support/harness';
import { ensureVenv, runSchemathesis } from './run-schemathesis';

/**
 * Issue 9 item 3: schemathesis against GET /api/v1/openapi.json with an admin token, at a bounded
 * number of cases per operation: no 5xx, every error is problem+json, statuses, content types and
 * bodies as the document says (checks and exclusions: test/fuzz/run-schemathesis.ts).
 */
const MAX_EXAMPLES = Number(process.env.FIXFLOW_FUZZ_EXAMPLES ?? 5);
const TIMEOUT_MS = Number(process.env.FIXFLOW_FUZZ_TIMEOUT_MS ?? 150_000);
/**
 * The fuzzer writes global configuration (rules, PII rules, dictionaries, flows, users…) that later
 * test files would see: the run gets a database of its own in the suite's PostgreSQL.
 */
async function ownDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('run tests through `npm test`, which starts PostgreSQL and Temporal');
  const name = `fixflow_fuzz_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const ds = createDataSource(url.toString(), { poolSize: 1 });
  await ds.initialize();
  await runMigrations(ds);
  await ds.destroy();
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const hasPython = spawnSync('python3', ['--version']).status === 0;

describe(
  'API fuzzing (schemathesis)',
  { skip: hasPython ? false : 'python3 is missing: install python3 and python3-venv to run the API fuzz test' },
  () => {
    let h: Harness;
    let db: Awaited<ReturnType<typeof ownDatabase>>;
    before(async () => {
      ensureVenv(); // first use on a machine: a venv and `pip install` (a minute), outside the run's time limit
      db = await ownDatabase();
      process.env.DATABASE_URL = db.url;
      h = await Harness.start({ worker: 'in-process' });
    });
    after(async () => {
      await h?.stop();
      await db?.drop();
    });

    it('the OpenAPI document is served to a signed-in caller and not to an anonymous one', async () => {
      const res = await h.request('GET', '/api/v1/openapi.json');
      assert.equal(res.status, 200);
      assert.equal(res.body.openapi, '3.1.0');
      const anon = await fetch(`${h.api.url}/api/v1/openapi.json`);
      assert.equal(anon.status, 401);
      assert.match(anon.headers.get('content-type') ?? '', /application\/problem\+json/);
    });

    it('finds no 5xx, no undocumented status, no error outside problem+json', { timeout: TIMEOUT_MS + 60_000 }, async () => {
      const t = Date.now();
      const r = await runSchemathesis({
        baseUrl: h.api.url,
        token: h.token,
        maxExamples: MAX_EXAMPLES,
        timeoutMs: TIMEOUT_MS,
        seed: 9,
        logFile: process.env.FIXFLOW_FUZZ_LOG,
        phases: process.env.FIXFLOW_FUZZ_PHASES,
      });
      const tail = r.output.split('\n').slice(-120).join('\n');
      console.log(`[fuzz] schemathesis exit ${r.exitCode} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      assert.ok(!r.timedOut, `schemathesis ran over ${TIMEOUT_MS / 1000} s\n${tail}`);
      assert.equal(r.exitCode, 0, `schemathesis found failures:\n${r.output.slice(-20_000)}`);
    });
  },
);

import assert from 'node:assert/strict';
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import type { Request, Response } from 'express';
import { issueToken, type Principal } from '../api/auth/api-tokens';
import { HttpProblem } from '../api/http/problem';
import { createRateLimiter } from '../api/http/rate-limit';
import { startApiServer, type ApiServer } from '../api/server';
import { createLogger } from '../core/logger';
import { createDataSource } from '../db/data-source';
import { Harness, seedTicket } from './support/harness';

/**
 * Limits and back-pressure (issue 9 item 4): body limits, a rate limit per caller, deadlines on
 * every Temporal call, and 503 with Retry-After — never a hang or a 500 — when Temporal or
 * PostgreSQL is away or saturated. /readyz says so while /healthz stays up.
 */
describe('limits and back-pressure', () => {
  let h: Harness;
  const extra: ApiServer[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];

  before(async () => {
    h = await Harness.start({ worker: 'none' });
  });

  after(async () => {
    for (const api of extra) await api.close().catch(() => undefined);
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    await h?.stop();
  });

  /** Another API over the same engines, with its own limits or a broken Temporal / data source. */
  async function apiWith(opts: { config?: Record<string, unknown>; temporalAddress?: string; dataSource?: DataSource }) {
    const api = await startApiServer({
      config: { ...h.config, TEMPORAL_TASK_QUEUE: h.taskQueue, ...opts.config },
      temporalAddress: opts.temporalAddress ?? h.config.TEMPORAL_ADDRESS!,
      dataSource: opts.dataSource ?? h.dataSource,
      port: 0,
      log: createLogger('back-pressure-test', 'error', () => undefined),
    });
    extra.push(api);
    return api;
  }

  async function call(base: string, method: string, path: string, token?: string, body?: unknown) {
    const started = Date.now();
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined, ms: Date.now() - started };
  }

  const assertUnavailable = (res: Awaited<ReturnType<typeof call>>) => {
    assert.equal(res.status, 503, JSON.stringify(res.body));
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.ok(Number(res.headers.get('retry-after')) >= 1, 'Retry-After in seconds');
    assert.equal(res.body.code, 'unavailable');
    assert.ok(!JSON.stringify(res.body).includes('    at '), 'no stack trace in the answer');
  };

  it('answers a JSON body over the limit with 413 naming the limit, and malformed JSON with 400', async () => {
    const big = await h.request('POST', '/api/v1/tickets', seedTicket({ description: 'x'.repeat(300 * 1024) }));
    assert.equal(big.status, 413);
    assert.match(big.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(big.body.code, 'body_too_large');
    assert.match(big.body.detail, /256 KiB/);
    assert.equal(big.body.limitBytes, 256 * 1024);

    const small = await apiWith({ config: { API_JSON_BODY_LIMIT_KB: 1 } });
    const over = await call(small.url, 'POST', '/api/v1/tickets', h.token, seedTicket({ description: 'y'.repeat(2048) }));
    assert.equal(over.status, 413);
    assert.match(over.body.detail, /1 KiB/, 'the configured limit is the one named');

    const malformed = await h.request('POST', '/api/v1/tickets', '{"orderId": "o_1",', { 'content-type': 'application/json' });
    assert.equal(malformed.status, 400);
    assert.match(malformed.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(malformed.body.code, 'malformed_json');
  });

  it('limits each token to its burst (429 with Retry-After and RateLimit headers) while another token still passes', async () => {
    const api = await apiWith({ config: { API_RATE_LIMIT_BURST: 5, API_RATE_LIMIT_PER_SECOND: 0.2 } });
    const [a, b] = await Promise.all(
      ['a', 'b'].map(
        async (n) =>
          (await issueToken(h.dataSource, { name: `bp-${n}-${randomUUID().slice(0, 8)}`, roles: ['agent'], actor: 'test' })).token,
      ),
    );
    const path = '/api/v1/tickets?limit=1';
    for (let i = 0; i < 5; i++) {
      const ok = await call(api.url, 'GET', path, a);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.headers.get('ratelimit-limit'), '5');
      assert.equal(ok.headers.get('ratelimit-remaining'), String(4 - i));
    }
    const refused = await call(api.url, 'GET', path, a);
    assert.equal(refused.status, 429);
    assert.match(refused.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(refused.body.code, 'rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 5, `Retry-After ${retryAfter}: one token back at 0.2/s`);
    assert.equal(refused.headers.get('ratelimit-remaining'), '0');

    assert.equal((await call(api.url, 'GET', path, b)).status, 200, 'another token has its own bucket');
    // Probes are never throttled, whatever the address has spent.
    for (let i = 0; i < 8; i++) assert.equal((await call(api.url, 'GET', '/healthz')).status, 200);
  });

  it('answers 503 with Retry-After within the deadline when Temporal swallows connections; /readyz not ready, /healthz up', async (t) => {
    // Accepts TCP connections and never says a word: the worst kind of "down".
    const held: net.Socket[] = [];
    const blackHole = net.createServer((s) => {
      held.push(s);
      s.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const s of held) s.destroy();
      await new Promise((resolve) => blackHole.close(resolve));
    });
    const port = (blackHole.address() as net.AddressInfo).port;
    const api = await apiWith({ temporalAddress: `127.0.0.1:${port}`, config: { TEMPORAL_CALL_TIMEOUT_MS: 1500 } });

    const created = await call(api.url, 'POST', '/api/v1/tickets', h.token, seedTicket());
    assertUnavailable(created);
    assert.ok(created.ms < 4500, `answered in ${created.ms} ms, deadline 1500 ms`);
    t.diagnostic(`Temporal black hole: ticket creation 503 in ${created.ms} ms (deadline 1500 ms)`);

    const ready = await call(api.url, 'GET', '/readyz');
    assert.equal(ready.status, 503);
    assert.ok(Number(ready.headers.get('retry-after')) >= 1);
    assert.equal(ready.body.checks.database, 'ok');
    assert.match(ready.body.checks.temporal, /^unavailable/);
    assert.ok(ready.ms < 4000, `readyz answered in ${ready.ms} ms`);
    assert.equal((await call(api.url, 'GET', '/healthz')).status, 200);
    // What needs only PostgreSQL still works.
    assert.equal((await call(api.url, 'GET', '/api/v1/tickets?limit=1', h.token)).status, 200);
  });

  it('answers 503 with Retry-After when PostgreSQL goes away, fast; /readyz not ready, /healthz up', async (t) => {
    // A TCP relay in front of the suite's PostgreSQL that the test can pull the plug on.
    const target = new URL(h.config.DATABASE_URL!);
    const sockets = new Set<net.Socket>();
    const relay = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const relayed = new URL(target);
    relayed.hostname = '127.0.0.1';
    relayed.port = String((relay.address() as net.AddressInfo).port);
    const ds = createDataSource(relayed.toString(), { poolSize: 2 });
    await ds.initialize();
    cleanups.push(() => ds.destroy());
    const api = await apiWith({ dataSource: ds });
    assert.equal((await call(api.url, 'GET', '/api/v1/tickets?limit=1', h.token)).status, 200, 'works through the relay');

    await new Promise<void>((resolve) => {
      relay.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
    const listed = await call(api.url, 'GET', '/api/v1/tickets?limit=1', h.token);
    assertUnavailable(listed);
    assert.ok(listed.ms < 3000, `answered in ${listed.ms} ms`);
    t.diagnostic(`PostgreSQL cut: list 503 in ${listed.ms} ms`);
    const created = await call(api.url, 'POST', '/api/v1/tickets', h.token, seedTicket());
    assertUnavailable(created);

    const ready = await call(api.url, 'GET', '/readyz');
    assert.equal(ready.status, 503);
    assert.match(ready.body.checks.database, /^unavailable/);
    assert.equal((await call(api.url, 'GET', '/healthz')).status, 200);
  });

  it('answers 503 with Retry-After within the pool time-out when every connection is held (saturated)', async (t) => {
    const ds = createDataSource(h.config.DATABASE_URL!, { poolSize: 1 });
    await ds.initialize();
    cleanups.push(() => ds.destroy());
    const api = await apiWith({ dataSource: ds });
    const holder = ds.createQueryRunner();
    await holder.connect(); // the pool's only connection, taken and not given back
    cleanups.push(() => holder.release());
    const listed = await call(api.url, 'GET', '/api/v1/tickets?limit=1', h.token);
    assertUnavailable(listed);
    assert.ok(listed.ms >= 4000 && listed.ms < 8000, `answered in ${listed.ms} ms, pool acquisition time-out 5 s`);
    t.diagnostic(`pool saturated: list 503 in ${listed.ms} ms`);
    await holder.release();
    assert.equal((await call(api.url, 'GET', '/api/v1/tickets?limit=1', h.token)).status, 200, 'served again once a connection is free');
  });
});

describe('the per-caller token bucket (injected clock)', () => {
  const req = { ip: '203.0.113.7', socket: {} } as unknown as Request;
  const headers = new Map<string, string>();
  const res = { setHeader: (k: string, v: string) => headers.set(k, v) } as unknown as Response;
  const token: Principal = { id: 't1', name: 't1', roles: ['agent'] };
  const user: Principal = { id: 't1', name: 'u1', roles: ['agent'], kind: 'user' };

  it('refills at the configured rate, answers Retry-After to the next token, and keeps callers apart', () => {
    let now = 1_000_000;
    const take = createRateLimiter({ ratePerSecond: 2, burst: 3 }, () => now);
    for (let i = 0; i < 3; i++) take(req, res, token);
    assert.throws(
      () => take(req, res, token),
      (e: unknown) => e instanceof HttpProblem && e.status === 429 && e.headers['Retry-After'] === '1',
    );
    // the same id as a signed-in user and an anonymous address have buckets of their own
    take(req, res, user);
    take(req, res, null);
    now += 499;
    assert.throws(() => take(req, res, token), HttpProblem, 'half a token is not a token');
    now += 1;
    take(req, res, token);
    assert.equal(headers.get('RateLimit-Remaining'), '0');
    now += 60_000; // a minute idle: full again, and its bucket swept
    for (let i = 0; i < 3; i++) take(req, res, token);
    assert.equal(headers.get('RateLimit-Remaining'), '0');
    assert.equal(headers.get('RateLimit-Policy'), '3;w=2');
  });
});

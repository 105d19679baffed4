/**
 * Routing decision latency for a queue of 1,000 agents (issue 5 benchmark).
 *
 *   npx tsx bench/routing.bench.ts [agents=1000] [iterations=2000]
 *
 * 1. The pure decision (domain/routing/routing-decision.ts) for each strategy, against a baseline
 *    in the same run: a plain filter-and-sort of the same agents by open-ticket count.
 * 2. Through the HTTP route `POST /api/v1/routing/decide` on real PostgreSQL (agents loaded,
 *    open counts and on-duty roster queried on every call), against `GET /api/v1/groups/:id`
 *    (auth + one query) as the HTTP baseline.
 */
import { performance } from 'node:perf_hooks';
import { issueToken } from '../api/auth/api-tokens';
import { startApiServer } from '../api/server';
import { benchConfig } from './bench-support';
import { createLogger } from '../core/logger';
import { createDataSource } from '../db/data-source';
import { decideRouting } from '../domain/routing/routing-decision';
import { ROUTING_STRATEGIES, type RoutingAgent, type RoutingGroup, type RoutingTicket } from '../domain/routing/routing-model';
import { startTestEngines } from '../test/support/engines';

const [agentsArg, iterationsArg] = process.argv.slice(2);
const AGENTS = Number(agentsArg ?? 1000);
const ITERATIONS = Number(iterationsArg ?? 2000);
const HTTP_REQUESTS = Math.min(ITERATIONS, 500);

function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const LINES = ['ABC', 'XYZ', 'TV', 'AC', 'FRIDGE'];
const REGIONS = ['华东', '华南', '华北', '西南', '华中'];
const ISSUES = ['质量问题', '物流问题', '安装问题', '咨询'];

function stats(values: number[]) {
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.floor(q * v.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: v.at(-1) ?? NaN };
}
const ms = (x: number) => (x < 1 ? `${(x * 1000).toFixed(0)} µs` : `${x.toFixed(2)} ms`);
const line = (label: string, s: ReturnType<typeof stats>, base?: ReturnType<typeof stats>) =>
  `  ${label.padEnd(34)} p50 ${ms(s.p50).padStart(9)}  p99 ${ms(s.p99).padStart(9)}  max ${ms(s.max).padStart(9)}` +
  (base ? `   (${(s.p50 / base.p50).toFixed(1)}× / ${(s.p99 / base.p99).toFixed(1)}× baseline)` : '');

const agents: RoutingAgent[] = Array.from({ length: AGENTS }, (_, i) => ({
  id: `bench_a${String(i).padStart(5, '0')}`,
  name: `坐席${i}`,
  groups: ['bench_g'],
  skills: Array.from({ length: 1 + Math.floor(rand() * 4) }, () => ({
    productLine: pick(LINES),
    region: rand() < 0.3 ? '*' : pick(REGIONS),
    issueType: rand() < 0.3 ? '*' : pick(ISSUES),
    level: 1 + Math.floor(rand() * 5),
  })),
  newHire: rand() < 0.1,
  mentorId: null,
  maxConcurrent: 10,
  status: rand() < 0.85 ? 'available' : 'away',
  openTickets: Math.floor(rand() * 10),
  expectedMinutes: { 质量问题: 20 + Math.floor(rand() * 100), '*': 60 },
}));
const tickets: RoutingTicket[] = Array.from({ length: 200 }, () => ({
  issueType: pick(ISSUES),
  productLine: pick(LINES),
  region: pick(REGIONS),
  priority: pick(['P1', 'P2', 'P3', 'P4'] as const),
  customerTier: rand() < 0.2 ? 'vip' : 'standard',
}));
const onDuty = new Set(agents.filter((_, i) => i % 20 === 0).map((a) => a.id));

function time(fn: (i: number) => unknown, n: number): number[] {
  for (let i = 0; i < Math.min(200, n); i++) fn(i); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

console.log(`[bench] routing decision, ${AGENTS} agents in one queue, ${ITERATIONS} decisions each\n[bench] pure function`);
let sink = 0;
const baseline = stats(
  time((i) => {
    const t = tickets[i % tickets.length]!;
    const sorted = agents
      .filter((a) => a.status === 'available' && a.openTickets < a.maxConcurrent)
      .sort((a, b) => a.openTickets - b.openTickets);
    sink += sorted.length + t.priority.length;
  }, ITERATIONS),
);
console.log(line('baseline: filter + sort by open', baseline));
for (const strategy of ROUTING_STRATEGIES) {
  const group: RoutingGroup = { id: 'bench_g', name: 'bench', requiredSkills: { minLevel: 2 }, strategy };
  let cursor: string | null = null;
  const s = stats(
    time((i) => {
      const d = decideRouting({
        ticket: tickets[i % tickets.length]!,
        group,
        agents,
        onDutyAgentIds: onDuty,
        roundRobinCursor: cursor,
        now: new Date(),
      });
      cursor = d.nextRoundRobinCursor;
      sink += d.candidates.length;
    }, ITERATIONS),
  );
  console.log(line(`decideRouting ${strategy}`, s, baseline));
}

// HTTP: real PostgreSQL behind the route.
const engines = await startTestEngines();
const config = { ...benchConfig(), DATABASE_URL: engines.databaseUrl, TEMPORAL_ADDRESS: engines.temporalAddress };
const dataSource = createDataSource(engines.databaseUrl, { poolSize: 10 });
await dataSource.initialize();
try {
  await dataSource.query(
    `INSERT INTO routing_groups (id, name, required_skills, strategy, created_by, updated_by) VALUES ('bench_g', 'bench', '{"minLevel":2}', 'fewest_open', 'bench', 'bench')`,
  );
  await dataSource.query(
    `INSERT INTO agents (id, name, groups, skills, max_concurrent, status, calendar, expected_minutes, created_by, updated_by)
     SELECT x->>'id', x->>'name', ARRAY['bench_g'], x->'skills', 10, x->>'status', '{"weekdays":[1,2,3,4,5],"start":"09:00","end":"18:00"}',
            x->'expectedMinutes', 'bench', 'bench'
       FROM jsonb_array_elements($1::jsonb) x`,
    [JSON.stringify(agents)],
  );
  const api = await startApiServer({
    config: { ...config, TEMPORAL_TASK_QUEUE: 'bench-routing' },
    temporalAddress: engines.temporalAddress,
    dataSource,
    port: 0,
    log: createLogger('bench-api', 'error'),
  });
  const { token } = await issueToken(dataSource, { name: 'bench', roles: ['admin'], actor: 'bench' });
  const call = async (method: string, path: string, body?: unknown) => {
    const t = performance.now();
    const res = await fetch(api.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return performance.now() - t;
  };
  const httpTimes = async (fn: (i: number) => Promise<number>) => {
    for (let i = 0; i < 20; i++) await fn(i);
    const out: number[] = [];
    for (let i = 0; i < HTTP_REQUESTS; i++) out.push(await fn(i));
    return stats(out);
  };
  console.log(`[bench] over HTTP, ${HTTP_REQUESTS} sequential requests each`);
  const httpBase = await httpTimes(() => call('GET', '/api/v1/groups/bench_g'));
  console.log(line('baseline: GET /groups/:id', httpBase));
  const decide = await httpTimes((i) => {
    const t = tickets[i % tickets.length]!;
    return call('POST', '/api/v1/routing/decide', {
      groupId: 'bench_g',
      ticket: { category1: t.issueType, sku: `${t.productLine}-1`, region: t.region, priority: t.priority, customerTier: t.customerTier },
    });
  });
  console.log(line('POST /routing/decide', decide, httpBase));
  await api.close();
} finally {
  await dataSource.destroy();
  await engines.stop();
}
if (sink === -1) console.log(sink);

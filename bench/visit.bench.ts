/**
 * On-site visits completed per second, on a real Temporal dev server, PostgreSQL and the simulators.
 *
 *   npx tsx bench/visit.bench.ts [visits=40] [inFlight=8]
 *
 * Each visit is driven end to end over HTTP: created with a window (dispatch picks the engineer,
 * the window is booked) → confirmed, unless the flow confirmed it itself (a CTI confirmation
 * call) → parts checked and reserved → accept → check-in at the site → record-work with the part
 * used → sign (the part issued to the van and consumed, the receipt issued) → follow-up → closed,
 * `inFlight` at a time. The baseline, measured in the same run on the same engines: bare workflows
 * running as many no-op activities as one visit scheduled, the same number in flight. Printed:
 * both rates and their ratio.
 */
import { randomUUID } from 'node:crypto';
import { PNG_1X1 } from '../domain/attachments/sample-files';
import { benchArgs, loadNote, pool, startBenchStack } from './bench-support';

const { n: N, inFlight: IN_FLIGHT } = benchArgs();
const stack = await startBenchStack('visit');
const { call } = stack;
const run = randomUUID().slice(0, 6);
const REGION = `基准-${run}`;
const WAREHOUSE = `WH-BENCH-${run}`;
const PART = `PSU-BENCH-${run}`;
const SITE = { lat: 31.2304, lng: 121.4737 }; // 上海人民广场
const ENGINEERS = Math.max(2, IN_FLIGHT);
/** states a visit of this bench must never stop in */
const STUCK = ['waiting_parts', 'exception', 'pending_schedule', 'cancelled'];

/** The i-th two-hour window: four a working day (10, 12, 14, 16 o'clock Beijing time) from Monday 2031-01-06, none overlapping. */
function windowOf(i: number) {
  const day = Math.floor(i / 4);
  const start = new Date(Date.UTC(2031, 0, 6 + 7 * Math.floor(day / 5) + (day % 5), 2 + 2 * (i % 4)));
  return { start: start.toISOString(), end: new Date(start.getTime() + 2 * 3_600_000).toISOString() };
}

async function upload(visitId: string, kind: string): Promise<string> {
  const res = await fetch(`${stack.apiUrl}/api/v1/attachments?${new URLSearchParams({ ownerType: 'visit', ownerId: visitId, kind })}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'image/png' },
    body: PNG_1X1,
  });
  const body = (await res.json()) as { id: string };
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(body)}`);
  return body.id;
}

/** One visit, created to closed; returns its id. */
async function oneVisit(i: number): Promise<string> {
  const created = await call('POST', '/api/v1/visits', {
    address: '上海市黄浦区人民大道 200 号',
    location: SITE,
    region: REGION,
    skills: { productLine: 'TV' },
    parts: [{ partCode: PART, qty: 1 }],
    preferredWindow: windowOf(i),
  });
  const visitId = created.visitId as string;
  const path = `/api/v1/visits/${visitId}`;
  const signature = await upload(visitId, 'signature');
  const waitUntil = async (ok: (r: Record<string, any>) => boolean) => {
    const v = await stack.until(path, (r) => ok(r) || STUCK.includes(r.status));
    if (STUCK.includes(v.status)) throw new Error(`visit ${visitId} is ${v.status} (window ${JSON.stringify(windowOf(i))})`);
    return v;
  };
  const act = async (action: string, body: Record<string, unknown> = {}) => {
    await waitUntil((r) => r.availableActions.includes(action));
    await call('POST', `${path}/actions/${action}`, body);
  };

  // The customer confirms only when the flow waits for it in pending_confirmation: a CTI confirmation
  // call (calling_customer) may confirm it first. A confirm refused with 409 (the flow moved meanwhile) looks again.
  for (let refusals = 0; ;) {
    const v = await waitUntil(
      (r) => r.availableActions.includes('accept') || (r.status === 'pending_confirmation' && r.availableActions.includes('confirm')),
    );
    if (v.availableActions.includes('accept')) break;
    const refused = await call('POST', `${path}/actions/confirm`, { channel: 'agent' }).then(
      () => null,
      (err: Error & { status?: number }) => {
        if (err.status !== 409) throw err;
        return err;
      },
    );
    if (!refused) break;
    if (++refusals > 100) throw refused;
    await new Promise((res) => setTimeout(res, 50));
  }
  await act('accept');
  await act('check-in', SITE);
  await act('record-work', { summary: '基准测试：更换电源板，通电正常', partsUsed: [{ partCode: PART, qty: 1 }] });
  await act('sign', { signature });
  await act('follow-up', { rating: 5 });
  const done = await stack.until(path, (r) => r.status === 'closed' || STUCK.includes(r.status));
  if (done.status !== 'closed') throw new Error(`visit ${visitId} ended ${done.status}`);
  return visitId;
}

try {
  // A warehouse in the region holding the part for every visit, and engineers with vans near the site.
  await call('POST', '/api/v1/stock-locations', { id: WAREHOUSE, kind: 'warehouse', name: '基准仓', region: REGION });
  await call('POST', '/api/v1/parts', { code: PART, name: '电源板 (bench)', category: '电源', unitCostFen: 26_000 });
  await call('POST', '/api/v1/stock/receipts', { locationId: WAREHOUSE, lines: [{ partCode: PART, qty: N + 10 }] });
  for (let e = 0; e < ENGINEERS; e++) {
    const id = `eng-bench-${run}-${e}`;
    await call('POST', '/api/v1/agents', {
      id,
      name: `基准技师 ${e}`,
      groups: [],
      skills: [{ productLine: 'TV', region: '*', issueType: '*', level: 4 }],
      maxConcurrent: 200,
      fieldEngineer: true,
      location: { lat: 31.2 + e * 0.001, lng: 121.45 },
    });
    await call('POST', '/api/v1/stock-locations', {
      id: `VAN-bench-${run}-${e}`,
      kind: 'engineer',
      name: `技师 ${e} 车载库存`,
      agentId: id,
    });
  }

  console.log(`[bench] machine: ${loadNote()}`);
  // warm-up (bundle, connections, caches), and how many activities one visit schedules
  const warm = await oneVisit(0);
  const activities = await stack.activitiesOf(`visit-${warm}`);
  const moves = (await call('GET', `/api/v1/stock/movements?refId=${warm}`)).items.map((m: { kind: string }) => m.kind);
  console.log(`[bench] one visit schedules ${activities} activities; its part: ${moves.join(' → ')}`);

  const t1 = Date.now();
  await pool(N, IN_FLIGHT, (i) => oneVisit(i + 1));
  const visitSeconds = (Date.now() - t1) / 1000;
  const visitRate = N / visitSeconds;
  const stock = await call('GET', `/api/v1/parts/${PART}/stock`);
  const left = stock.locations.find((l: { locationId: string }) => l.locationId === WAREHOUSE);
  console.log(
    `[bench] ${N} visits closed end to end over HTTP, ${IN_FLIGHT} in flight: ${visitSeconds.toFixed(1)} s → ${visitRate.toFixed(2)} visits/s` +
      ` (warehouse: ${left?.onHand} of ${N + 10} left, ${left?.reserved} reserved)`,
  );

  const base = await stack.baseline(activities, N, IN_FLIGHT);
  console.log(
    `[bench] baseline: ${N} bare workflows of ${activities} no-op activities, ${IN_FLIGHT} in flight: ${base.seconds.toFixed(1)} s → ${base.rate.toFixed(2)} workflows/s`,
  );
  console.log(`[bench] ratio visit / baseline: ${(visitRate / base.rate).toFixed(2)}`);
  console.log(`[bench] machine after: ${loadNote()}`);
} finally {
  await stack.stop();
}

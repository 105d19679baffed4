import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PNG_1X1 } from '../domain/attachments/sample-files';
import { eventually, Harness, type HttpResponse } from './support/harness';

/**
 * On-site visits over HTTP on the real engines: VisitWorkflow (the generic flow shell running
 * `visit-default`), the roster, the spare-parts ledger and attachments. The happy path to closed,
 * the saga of a cancel, two visits racing for the last part, a check-in far from the site, and a
 * reschedule that moves the booking and keeps the parts.
 */
describe('on-site visits (上门)', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${run}`;
  const WH = id('WH-SH');
  const REGION = `华东-${run}`;
  const SITE = { lat: 31.2304, lng: 121.4737 }; // 上海人民广场
  const ok = (res: HttpResponse, status = 200) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };
  // Working days in Beijing time, far in the future so nothing else books them.
  let day = 0;
  const nextWindow = () => {
    const d = new Date(Date.UTC(2031, 0, 6 + 7 * Math.floor(day / 5) + (day % 5), 2, 0, 0)); // Mon 2031-01-06 10:00 CST onwards
    day++;
    return { start: d.toISOString(), end: new Date(d.getTime() + 2 * 3_600_000).toISOString() };
  };
  const visitOf = async (visitId: string) => ok(await h.request('GET', `/api/v1/visits/${visitId}`));
  const until = (visitId: string, status: string) =>
    eventually(
      () => visitOf(visitId),
      (v) => v.status === status,
      20_000,
    );
  const act = (visitId: string, action: string, body: Record<string, unknown> = {}) =>
    h.request('POST', `/api/v1/visits/${visitId}/actions/${action}`, body);
  const events = async (visitId: string) => ok(await h.request('GET', `/api/v1/visits/${visitId}/events`)).items as Record<string, any>[];
  const ledger = async (refId: string) =>
    ok(await h.request('GET', `/api/v1/stock/movements?refId=${refId}&limit=500`)).items as Record<string, any>[];
  const rosterOf = (visitId: string) =>
    h.dataSource.query(`SELECT id, agent_id, starts_at FROM roster_entries WHERE note = $1`, [`上门 ${visitId}`]);
  const stockOf = async (partCode: string) => {
    const s = ok(await h.request('GET', `/api/v1/parts/${partCode}/stock`));
    return s.locations.find((l: { locationId: string }) => l.locationId === WH) ?? { onHand: 0, reserved: 0, available: 0 };
  };
  const part = async (code: string, qty: number, over: Record<string, unknown> = {}) => {
    ok(await h.request('POST', '/api/v1/parts', { code, name: `备件 ${code}`, category: '主板', unitCostFen: 26_000, ...over }), 201);
    if (qty > 0) ok(await h.request('POST', '/api/v1/stock/receipts', { locationId: WH, lines: [{ partCode: code, qty }] }), 201);
  };
  const engineer = async (name: string, location = { lat: 31.2, lng: 121.45 }) => {
    ok(
      await h.request('POST', '/api/v1/agents', {
        id: id(name),
        name,
        groups: [],
        skills: [{ productLine: 'TV', region: '*', issueType: '*', level: 4 }],
        maxConcurrent: 10,
        fieldEngineer: true,
        location,
      }),
      201,
    );
    ok(
      await h.request('POST', '/api/v1/stock-locations', {
        id: id(`VAN-${name}`),
        kind: 'engineer',
        name: `${name} 车载库存`,
        agentId: id(name),
      }),
      201,
    );
  };
  const newVisit = async (over: Record<string, unknown> = {}) =>
    ok(
      await h.request(
        'POST',
        '/api/v1/visits',
        { address: '上海市黄浦区人民大道 200 号', location: SITE, region: REGION, skills: { productLine: 'TV' }, ...over },
        { 'Idempotency-Key': `visit-${randomUUID()}` },
      ),
      201,
    );
  const upload = async (visitId: string, kind: string) => {
    const res = await fetch(`${h.api.url}/api/v1/attachments?${new URLSearchParams({ ownerType: 'visit', ownerId: visitId, kind })}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'image/png' },
      body: PNG_1X1,
    });
    const body = (await res.json()) as { id: string };
    assert.equal(res.status, 201, JSON.stringify(body));
    return body.id as string;
  };

  before(async () => {
    h = await Harness.start();
    ok(await h.request('POST', '/api/v1/stock-locations', { id: WH, kind: 'warehouse', name: '华东仓', region: REGION }), 201);
  });
  after(async () => {
    await h?.stop();
  });

  it('happy path: dispatched engineer, booked window, parts reserved then consumed, check-in, photos, signature, receipt, rating → closed', async () => {
    await engineer('near', { lat: 31.235, lng: 121.48 });
    const PSU = id('PSU');
    await part(PSU, 5);
    const window = nextWindow();
    const created = await newVisit({ parts: [{ partCode: PSU, qty: 1 }], preferredWindow: window });
    const visitId = created.visitId as string;
    assert.match(visitId, /^VS-\d{8}-[0-9A-Z]{8}$/);
    // dispatch chose among all field engineers; ours is nearest to the site
    assert.ok(created.dispatch, JSON.stringify(created));
    const chosen = created.dispatch.engineerId as string;
    assert.deepEqual(Object.keys(created.dispatch.breakdown).sort(), ['distance', 'parts', 'skill', 'workload']);
    assert.ok(created.dispatch.score > 0);

    const v1 = await until(visitId, 'pending_confirmation');
    assert.equal(v1.engineerId, chosen);
    assert.equal(v1.dispatch.engineerId, chosen);
    assert.equal(v1.sla.reason, 'waiting_customer');
    const [entry] = await rosterOf(visitId);
    assert.equal(entry.agent_id, chosen);
    assert.equal(new Date(entry.starts_at).toISOString(), window.start);

    ok(await act(visitId, 'confirm', { channel: 'sms' }));
    const v2 = await until(visitId, 'pending_acceptance');
    assert.equal(v2.parts.status, 'reserved');
    const reservationKey = v2.parts.reservation.reservationId as string;
    assert.equal((await stockOf(PSU)).reserved, 1);

    // not allowed yet: 409 with the actions allowed now
    const early = await act(visitId, 'depart');
    assert.equal(early.status, 409, JSON.stringify(early.body));
    assert.ok(early.body.allowedActions.includes('accept'), JSON.stringify(early.body));

    ok(await act(visitId, 'accept'));
    ok(await act(visitId, 'depart'));
    ok(await act(visitId, 'check-in', { lat: 31.2306, lng: 121.474 }));
    const v3 = await until(visitId, 'on_site');
    assert.equal(v3.checkIn.flagged, false);
    assert.ok(v3.checkIn.distanceM < 100, String(v3.checkIn.distanceM));

    const photo = await upload(visitId, 'photo');
    // a photo of another visit, or none at all, is refused with the field
    const bad = await act(visitId, 'record-work', { summary: '更换电源板', photos: ['AT-ZZZZZZZZZZ'] });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].field, 'photos.0');
    ok(await act(visitId, 'record-work', { summary: '更换电源板，通电测试正常', photos: [photo], partsUsed: [{ partCode: PSU, qty: 1 }] }));
    await until(visitId, 'pending_signature');
    const signature = await upload(visitId, 'signature');
    ok(await act(visitId, 'sign', { signature }));
    const v4 = await until(visitId, 'pending_followup');
    assert.equal(v4.receipt.totalFen, 26_000 + 8_000 + 5_000);
    assert.deepEqual(
      v4.receipt.fees.map((f: { kind: string }) => f.kind),
      ['labour', 'travel'],
    );
    assert.deepEqual(v4.receipt.parts, [{ partCode: PSU, name: `备件 ${PSU}`, qty: 1, unitPriceFen: 26_000, amountFen: 26_000 }]);
    assert.equal(v4.receipt.signature, signature);
    const moves = (await ledger(visitId)).filter((m) => m.partCode === PSU).map((m) => m.kind);
    assert.deepEqual(moves, ['reserve', 'issue', 'issue', 'consume']);
    const [line] = await h.dataSource.query(`SELECT status FROM stock_reservations WHERE key = $1`, [reservationKey]);
    assert.equal(line.status, 'consumed');

    ok(await act(visitId, 'follow-up', { rating: 5, comment: '师傅很专业' }));
    const done = await until(visitId, 'closed');
    assert.equal(done.rating, 5);
    assert.ok(done.closedAt);
    // the visit's photos are readable by whoever may read the visit
    const listed = ok(await h.request('GET', `/api/v1/attachments?ownerType=visit&ownerId=${visitId}`));
    assert.equal(listed.items.length, 2);
    const types = (await events(visitId)).map((e) => e.type);
    assert.ok(types.includes('visit.created') && types.includes('visit.follow-up'), types.join());
    const listedVisits = ok(await h.request('GET', `/api/v1/visits?engineerId=${chosen}&status=closed`));
    assert.ok(listedVisits.items.some((v: { visitId: string }) => v.visitId === visitId));
  });

  it('saga: cancel after parts were reserved and the booking made → parts released, booking cancelled, newest first, all recorded', async () => {
    await engineer('saga');
    const MB = id('MB');
    await part(MB, 3);
    const created = await newVisit({ parts: [{ partCode: MB, qty: 2 }], preferredWindow: nextWindow(), engineerId: id('saga') });
    const visitId = created.visitId as string;
    await until(visitId, 'pending_confirmation');
    ok(await act(visitId, 'confirm'));
    await until(visitId, 'pending_acceptance');
    assert.equal((await stockOf(MB)).reserved, 2);
    assert.equal((await rosterOf(visitId)).length, 1);

    ok(await act(visitId, 'cancel', { reason: '客户已自行修好' }));
    await until(visitId, 'cancelled');
    await eventually(
      () => events(visitId),
      (es) => es.filter((e) => e.type === 'visit.compensated').length === 2,
    );
    assert.equal((await stockOf(MB)).reserved, 0);
    assert.equal((await stockOf(MB)).available, 3);
    const moves = (await ledger(visitId)).map((m) => m.kind);
    assert.deepEqual(moves, ['reserve', 'release']);
    assert.equal((await rosterOf(visitId)).length, 0, 'the roster entry is gone');
    const [booking] = await h.dataSource.query(`SELECT status FROM visit_bookings WHERE visit_id = $1`, [visitId]);
    assert.equal(booking.status, 'cancelled');
    const comp = (await events(visitId)).filter((e) => e.type === 'visit.compensated').map((e) => e.payload.activity);
    // both undo calls were issued together, newest first; their completions may land in either order
    assert.deepEqual([...comp].sort(), ['calendar.cancel-slot', 'parts.release']);
    const cancelEvent = (await events(visitId)).find((e) => e.type === 'visit.cancel')!;
    assert.equal(cancelEvent.payload.reason, '客户已自行修好');
    const [audited] = await h.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'visit.slot_cancelled' AND target_id = $1`,
      [visitId],
    );
    assert.equal(audited.n, 1);
  });

  it('two visits racing for the last part: one gets it, the other waits for the purchase (SLA paused) and goes on once it is received', async () => {
    await engineer('race1');
    await engineer('race2');
    const LAST = id('LAST');
    await part(LAST, 1, { reorderQty: 4 });
    const a = (await newVisit({ parts: [{ partCode: LAST, qty: 1 }], preferredWindow: nextWindow(), engineerId: id('race1') }))
      .visitId as string;
    const b = (await newVisit({ parts: [{ partCode: LAST, qty: 1 }], preferredWindow: nextWindow(), engineerId: id('race2') }))
      .visitId as string;
    await Promise.all([until(a, 'pending_confirmation'), until(b, 'pending_confirmation')]);
    await Promise.all([act(a, 'confirm'), act(b, 'confirm')]);
    const settled = await eventually(
      () => Promise.all([visitOf(a), visitOf(b)]),
      (vs) => vs.every((v) => ['pending_acceptance', 'waiting_parts'].includes(v.status)),
      20_000,
    );
    const statuses = settled.map((v) => v.status).sort();
    assert.deepEqual(statuses, ['pending_acceptance', 'waiting_parts']);
    const waiting = settled.find((v) => v.status === 'waiting_parts')!;
    assert.deepEqual(waiting.sla, { paused: true, reason: 'parts_on_order', since: waiting.sla.since });
    assert.equal(waiting.parts.status, 'requested');
    assert.equal(waiting.parts.supply.kind, 'purchase');
    const prId = waiting.parts.supply.purchaseRequestIds[0] as number;
    assert.equal((await stockOf(LAST)).available, 0);

    ok(await h.request('PATCH', `/api/v1/purchase-requests/${prId}`, { status: 'received' }));
    const resumed = await until(waiting.visitId, 'pending_acceptance');
    assert.equal(resumed.parts.status, 'reserved');
    assert.equal(resumed.sla.paused, false);
    const kinds = (await ledger(waiting.visitId)).map((m) => m.kind);
    assert.deepEqual(kinds, ['reserve']);
  });

  it('a check-in far from the site is flagged; lat without lng is 422', async () => {
    await engineer('far');
    const created = await newVisit({ preferredWindow: nextWindow(), engineerId: id('far') });
    const visitId = created.visitId as string;
    await until(visitId, 'pending_confirmation');
    ok(await act(visitId, 'confirm', { channel: 'cti' }));
    await until(visitId, 'pending_acceptance');
    ok(await act(visitId, 'accept'));
    const half = await act(visitId, 'check-in', { lat: 31.3 });
    assert.equal(half.status, 422);
    assert.equal(half.body.errors[0].field, 'lng');
    ok(await act(visitId, 'check-in', { lat: 31.3, lng: 121.6 })); // ~14 km away
    const v = await until(visitId, 'on_site');
    assert.equal(v.checkIn.flagged, true);
    assert.ok(v.checkIn.distanceM > 10_000, String(v.checkIn.distanceM));
  });

  it('reschedule moves the booking to the new window and keeps the reserved parts', async () => {
    await engineer('resched');
    const KEEP = id('KEEP');
    await part(KEEP, 2);
    const first = nextWindow();
    const visitId = (await newVisit({ parts: [{ partCode: KEEP, qty: 1 }], preferredWindow: first, engineerId: id('resched') }))
      .visitId as string;
    await until(visitId, 'pending_confirmation');
    ok(await act(visitId, 'confirm'));
    await until(visitId, 'pending_acceptance');
    const second = nextWindow();
    ok(await act(visitId, 'reschedule', { reason: '客户改约', windowStart: second.start, windowEnd: second.end }));
    await until(visitId, 'pending_confirmation');
    const entries = await eventually(
      () => rosterOf(visitId),
      (r) => r.length === 1 && new Date(r[0].starts_at).toISOString() === second.start,
    );
    assert.equal(entries.length, 1);
    assert.equal((await stockOf(KEEP)).reserved, 1, 'the parts stay reserved');
    ok(await act(visitId, 'confirm'));
    const v = await until(visitId, 'pending_acceptance');
    assert.equal(new Date(v.windowStart).toISOString(), second.start);
    assert.equal(v.rescheduleCount, 1);
    assert.deepEqual(
      (await ledger(visitId)).map((m) => m.kind),
      ['reserve'],
    );
  });
});

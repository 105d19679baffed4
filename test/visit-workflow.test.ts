import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PNG_1X1 } from '../domain/attachments/sample-files';
import { defaultVisitFlow } from '../domain/flow/default-visit-flow';
import { eventually, Harness, type HttpResponse } from './support/harness';

/**
 * On-site visits over HTTP on the real engines: VisitWorkflow (the generic flow shell running
 * `visit-default`), the roster, the spare-parts ledger and attachments. The happy path to closed,
 * the saga of a cancel, two visits racing for the last part, a check-in far from the site, a
 * reschedule that moves the booking and keeps the parts, the customer's confirmation call (CTI,
 * the simulator answering by the number called), a visit pinned to an older flow version, held
 * parts released when the reserve fails, and a shortage met by a transfer that is received.
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
  const sim = process.env.FIXFLOW_SIMULATOR_URL!;
  /** What the simulated call centre was asked to do for this visit (one entry per idempotent call). */
  const callsFor = async (visitId: string) => {
    const res = await fetch(`${sim}/sim/inbox?system=cti`);
    const body = (await res.json()) as { items: { idempotencyKey: string; body: { to: string; script: string; reason?: string } }[] };
    return body.items.filter((i) => i.body.reason?.includes(visitId));
  };

  it('the confirmation call: answered and confirmed by the customer → goes on as a confirm by channel cti; the call is kept on the visit and placed once', async () => {
    await engineer('cti');
    const created = await newVisit({ preferredWindow: nextWindow(), engineerId: id('cti'), contactPhone: '13800138000' });
    const visitId = created.visitId as string;
    const v = await until(visitId, 'pending_acceptance');
    assert.equal(v.confirmedBy.channel, 'cti');
    assert.equal(v.confirmedBy.actor, 'system:cti');
    assert.equal(v.confirmCall.outcome, 'confirmed');
    assert.equal(v.confirmCall.to, '138****8000', 'the number is kept masked');
    assert.ok(v.confirmCall.durationSec > 0, JSON.stringify(v.confirmCall));
    assert.equal(v.confirmedBy.callId, v.confirmCall.callId);
    const statuses = (await events(visitId)).map((e) => e.toStatus);
    assert.ok(statuses.includes('calling_customer'), statuses.join());
    assert.ok(!statuses.includes('pending_confirmation'), 'no customer action was needed');
    const calls = await callsFor(visitId);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.body.script, 'appointment_confirmation');
    assert.match(calls[0]!.idempotencyKey, new RegExp(`^visit-${visitId}:confirm_call#\\d+:0:call$`));
    // the SMS with the window went out before the call
    const [sms] = await h.dataSource.query(
      `SELECT count(*)::int AS n FROM notifications WHERE ticket_id = $1 AND template = 'visit_window_proposed'`,
      [visitId],
    );
    assert.equal(sms.n, 1);
    const [audited] = await h.dataSource.query(`SELECT details FROM audit_log WHERE action = 'visit.confirm_call' AND target_id = $1`, [
      visitId,
    ]);
    assert.equal(audited.details.outcome, 'confirmed');

    // no number on the visit: the site's contact is called
    await h.dataSource.query(
      `INSERT INTO customers (id, name, type, region, created_by, updated_by) VALUES ($1, '上海瑞丰', 'company', '华东', 'test', 'test')`,
      [id('cu')],
    );
    await h.dataSource.query(
      `INSERT INTO sites (id, name, customer_id, region, address, lat, lng, contact_name, contact_phone, created_by, updated_by)
       VALUES ($1, '人民广场店', $2, $3, '上海市黄浦区人民大道 200 号', 31.2304, 121.4737, '赵工', '13600136000', 'test', 'test')`,
      [id('site'), id('cu'), REGION],
    );
    await engineer('cti-site');
    const atSite = (await newVisit({ siteId: id('site'), preferredWindow: nextWindow(), engineerId: id('cti-site') })).visitId as string;
    const vs = await until(atSite, 'pending_acceptance');
    assert.equal(vs.confirmCall.to, '136****6000');
    assert.equal((await callsFor(atSite))[0]!.body.to, '13600136000');
  });

  it('no answer, a declined window or a failed call leave the visit pending_confirmation with the call kept; confirm still works', async () => {
    for (const [phone, outcome] of [
      ['1380013noanswer', 'no_answer'],
      ['1380013decline', 'declined'],
      ['1380013fail', 'failed'],
      ['1380013silent', 'no_response'],
    ] as const) {
      const name = `cti-${outcome}`;
      await engineer(name);
      const visitId = (await newVisit({ preferredWindow: nextWindow(), engineerId: id(name), contactPhone: phone })).visitId as string;
      const v = await until(visitId, 'pending_confirmation');
      assert.equal(v.confirmCall.outcome, outcome, phone);
      assert.equal(v.confirmedBy, undefined, phone);
      assert.equal(v.sla.reason, 'waiting_customer');
      ok(await act(visitId, 'confirm', { channel: 'sms' }));
      const after = await until(visitId, 'pending_acceptance');
      assert.equal(after.confirmedBy.channel, 'sms');
      assert.equal((await callsFor(visitId)).length, 1);
    }
  });

  it('a call centre that is down: after three attempts the call counts as failed and the visit waits for the customer', async () => {
    await engineer('cti-down');
    const down = await fetch(`${sim}/sim/fail`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ system: 'cti', count: 3, status: 503 }),
    });
    assert.ok(down.ok, String(down.status));
    const visitId = (await newVisit({ preferredWindow: nextWindow(), engineerId: id('cti-down'), contactPhone: '13700137000' }))
      .visitId as string;
    const v = await until(visitId, 'pending_confirmation');
    assert.equal(v.confirmCall.outcome, 'failed');
    assert.match(v.confirmCall.error, /503/);
    assert.equal((await callsFor(visitId)).length, 0, 'no call was placed');
    ok(await act(visitId, 'confirm', { channel: 'sms' }));
    await until(visitId, 'pending_acceptance');
  });

  /** Publishes `def` as the next version of visit-default through the flows API (taking over a draft left open). */
  const publishVisitFlow = async (def: typeof defaultVisitFlow, message: string) => {
    const draft = await h.request('GET', '/api/v1/flows/visit-default/draft');
    const etag = draft.status === 200 ? draft.headers.get('etag') : null;
    ok(await h.request('PUT', '/api/v1/flows/visit-default/draft', def, etag ? { 'If-Match': etag } : {}));
    return ok(await h.request('POST', '/api/v1/flows/visit-default/publish', { message })).version as number;
  };

  it('a visit pinned to an older flow version (no confirmation call) keeps working after the new version is published', async () => {
    // the flow as it was before the confirmation call
    const old = {
      ...defaultVisitFlow,
      nodes: defaultVisitFlow.nodes.filter((n) => !['confirm_call', 'confirm_call_result', 'confirmed_by_call'].includes(n.id)),
      edges: defaultVisitFlow.edges
        .filter((e) => !['confirm_call', 'confirm_call_result', 'confirmed_by_call'].includes(e.from))
        .map((e) => (e.id === 'e_booked' ? { ...e, to: 'pending_confirmation' } : e)),
    };
    const oldVersion = await publishVisitFlow(old, 'test: the visit flow before the confirmation call');
    await engineer('pin-old');
    await engineer('pin-new');
    const a = (await newVisit({ preferredWindow: nextWindow(), engineerId: id('pin-old'), contactPhone: '13900139000' })).visitId as string;
    await until(a, 'pending_confirmation');
    const newVersion = await publishVisitFlow(defaultVisitFlow, 'test: the visit flow with the confirmation call');
    assert.ok(newVersion > oldVersion);
    const b = (await newVisit({ preferredWindow: nextWindow(), engineerId: id('pin-new'), contactPhone: '13900139000' })).visitId as string;
    const vb = await until(b, 'pending_acceptance');
    assert.equal(vb.flow.version, newVersion);
    assert.equal(vb.confirmedBy.channel, 'cti');

    const va = await visitOf(a);
    assert.equal(va.flow.version, oldVersion, 'pinned when created');
    assert.equal(va.confirmCall, null, 'its flow has no call');
    assert.equal((await callsFor(a)).length, 0);
    ok(await act(a, 'confirm', { channel: 'app' }));
    await until(a, 'pending_acceptance');
    ok(await act(a, 'accept'));
    await until(a, 'scheduled');
  });

  it('a reserve that fails after the check held the parts (the engineer has no van) releases the held parts, with an event, then raises the exception', async () => {
    ok(
      await h.request('POST', '/api/v1/agents', {
        id: id('novan'),
        name: 'novan',
        groups: [],
        skills: [{ productLine: 'TV', region: '*', issueType: '*', level: 4 }],
        maxConcurrent: 10,
        fieldEngineer: true,
        location: { lat: 31.2, lng: 121.45 },
      }),
      201,
    );
    const HELD = id('HELD');
    await part(HELD, 2);
    const visitId = (await newVisit({ parts: [{ partCode: HELD, qty: 2 }], preferredWindow: nextWindow(), engineerId: id('novan') }))
      .visitId as string;
    await until(visitId, 'pending_confirmation');
    ok(await act(visitId, 'confirm'));
    const v = await until(visitId, 'exception');
    assert.equal(v.parts.status, 'released');
    assert.equal((await stockOf(HELD)).reserved, 0, 'nothing stays held');
    assert.equal((await stockOf(HELD)).available, 2);
    assert.deepEqual(
      (await ledger(visitId)).map((m) => m.kind),
      ['reserve', 'release'],
    );
    const es = await events(visitId);
    const failed = es.find((e) => e.type === 'visit.activity-failed' && e.payload.activity === 'parts.reserve')!;
    assert.match(failed.payload.error, /no_van/);
    const released = es.find((e) => e.type === 'visit.activity-completed' && e.payload.activity === 'parts.release')!;
    assert.ok(released, es.map((e) => e.type).join());
    assert.equal(released.payload.result.released.length, 1);
    const [notice] = await h.dataSource.query(
      `SELECT count(*)::int AS n FROM notifications WHERE ticket_id = $1 AND template = 'visit_exception'`,
      [visitId],
    );
    assert.equal(notice.n, 1);
    // a cancel now only undoes the booking: the parts were given back already
    ok(await act(visitId, 'cancel', { reason: '技师无车载库存' }));
    await until(visitId, 'cancelled');
    await eventually(
      () => events(visitId),
      (xs) => xs.some((e) => e.type === 'visit.compensated'),
    );
    const undone = (await events(visitId)).filter((e) => e.type === 'visit.compensated').map((e) => e.payload.activity);
    assert.deepEqual(undone, ['calendar.cancel-slot']);
    assert.deepEqual(
      (await ledger(visitId)).map((m) => m.kind),
      ['reserve', 'release'],
    );
  });

  it('a shortage met by another warehouse ships a real transfer; the visit waits; receiving it tells the visit, which goes on to pending_acceptance', async () => {
    const FAR = id('WH-GZ');
    ok(await h.request('POST', '/api/v1/stock-locations', { id: FAR, kind: 'warehouse', name: '华南仓', region: `华南-${run}` }), 201);
    await engineer('transfer');
    const PUMP = id('PUMP');
    await part(PUMP, 0, { reorderPoint: 1, reorderQty: 5 });
    ok(await h.request('POST', '/api/v1/stock/receipts', { locationId: FAR, lines: [{ partCode: PUMP, qty: 5 }] }), 201);
    const visitId = (await newVisit({ parts: [{ partCode: PUMP, qty: 2 }], preferredWindow: nextWindow(), engineerId: id('transfer') }))
      .visitId as string;
    await until(visitId, 'pending_confirmation');
    ok(await act(visitId, 'confirm'));
    const waiting = await until(visitId, 'waiting_parts');
    assert.deepEqual(waiting.sla, { paused: true, reason: 'parts_on_order', since: waiting.sla.since });
    const supply = waiting.parts.supply;
    assert.equal(supply.kind, 'transfer');
    assert.equal(supply.transferIds.length, 1);
    const transferId = supply.transferIds[0] as number;
    assert.deepEqual(supply.transfers, [{ transferId, partCode: PUMP, qty: 2, fromLocationId: FAR, toLocationId: WH }]);
    assert.ok(supply.requestNo.startsWith(`TR-${transferId}`), supply.requestNo);
    // shipped: out of the far warehouse, not yet on the visit's shelf
    const t = ok(await h.request('GET', `/api/v1/stock/transfers/${transferId}`));
    assert.deepEqual([t.status, t.refType, t.refId, t.fromLocationId, t.toLocationId], ['in_transit', 'visit', visitId, FAR, WH]);
    const farLevel = async () =>
      ok(await h.request('GET', `/api/v1/parts/${PUMP}/stock`)).locations.find((l: { locationId: string }) => l.locationId === FAR);
    assert.equal((await farLevel()).onHand, 3);
    assert.equal((await stockOf(PUMP)).onHand, 0);

    const received = ok(
      await h.request('POST', `/api/v1/stock/transfers/${transferId}/receive`, {}, { 'Idempotency-Key': `rcv-${visitId}` }),
    );
    assert.deepEqual(received.visitsTold, [visitId]);
    const resumed = await until(visitId, 'pending_acceptance');
    assert.equal(resumed.parts.status, 'reserved');
    assert.equal(resumed.sla.paused, false);
    assert.deepEqual([(await stockOf(PUMP)).onHand, (await stockOf(PUMP)).reserved], [2, 2]);
    // a retried receipt answers the first and moves nothing more
    const again = await h.request('POST', `/api/v1/stock/transfers/${transferId}/receive`, {}, { 'Idempotency-Key': `rcv-${visitId}` });
    assert.deepEqual([again.status, again.headers.get('idempotent-replayed')], [200, 'true']);
    assert.equal((await stockOf(PUMP)).onHand, 2);
    const moves = ok(await h.request('GET', `/api/v1/stock/movements?partCode=${PUMP}&limit=500`)).items as Record<string, any>[];
    assert.deepEqual(
      moves.map((m) => `${m.kind}@${m.locationId === FAR ? 'far' : 'here'}`),
      ['receive@far', 'transfer_out@far', 'transfer_in@here', 'reserve@here'],
    );
    assert.ok(moves.every((m) => m.onHandAfter >= 0 && m.reservedAfter <= m.onHandAfter));
    const kinds = (await events(visitId)).filter((e) => e.type === 'visit.parts-arrived').map((e) => e.payload.transferId);
    assert.deepEqual(kinds, [transferId]);
  });
});

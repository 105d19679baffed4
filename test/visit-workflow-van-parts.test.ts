import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PNG_1X1 } from '../domain/attachments/sample-files';
import { eventually, Harness, type HttpResponse } from './support/harness';

/**
 * Parts an engineer fits from their own van, reserved for nobody, over HTTP on the real engines:
 * `sign` consumes the visit's reservation first and the rest from the van (a ledger `consume` at
 * the van), gives back reserved parts not used, and the receipt lists every part used at unit
 * cost; a van without the part fails the call with the reason, and nothing moves.
 */
describe('on-site visits: parts from the van', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${run}`;
  const WH = id('WH-VAN');
  const REGION = `华东-van-${run}`;
  const SITE = { lat: 31.2304, lng: 121.4737 };
  const ok = (res: HttpResponse, status = 200) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };
  let day = 0;
  const nextWindow = () => {
    const d = new Date(Date.UTC(2033, 0, 3 + 7 * Math.floor(day / 5) + (day % 5), 2, 0, 0)); // Mon 2033-01-03 10:00 CST onwards
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
  const level = async (partCode: string, locationId: string) => {
    const s = ok(await h.request('GET', `/api/v1/parts/${partCode}/stock`));
    return s.locations.find((l: { locationId: string }) => l.locationId === locationId) ?? { onHand: 0, reserved: 0, available: 0 };
  };
  const part = async (code: string, unitCostFen: number, stock: { at: string; qty: number }[]) => {
    ok(await h.request('POST', '/api/v1/parts', { code, name: `备件 ${code}`, category: '配件', unitCostFen }), 201);
    for (const s of stock)
      ok(await h.request('POST', '/api/v1/stock/receipts', { locationId: s.at, lines: [{ partCode: code, qty: s.qty }] }), 201);
  };
  const engineer = async (name: string) => {
    ok(
      await h.request('POST', '/api/v1/agents', {
        id: id(name),
        name,
        groups: [],
        skills: [{ productLine: 'TV', region: '*', issueType: '*', level: 4 }],
        maxConcurrent: 10,
        fieldEngineer: true,
        location: { lat: 31.2, lng: 121.45 },
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
    return id(`VAN-${name}`);
  };
  const signature = async (visitId: string) => {
    const res = await fetch(
      `${h.api.url}/api/v1/attachments?${new URLSearchParams({ ownerType: 'visit', ownerId: visitId, kind: 'signature' })}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${h.token}`, 'content-type': 'image/png' },
        body: PNG_1X1,
      },
    );
    const body = (await res.json()) as { id: string };
    assert.equal(res.status, 201, JSON.stringify(body));
    return body.id;
  };
  /** A visit of the engineer with the parts reserved, worked on site up to the signature. */
  const onSiteAndRecorded = async (
    engineerId: string,
    parts: { partCode: string; qty: number }[],
    partsUsed: { partCode: string; qty: number }[],
  ) => {
    const visitId = ok(
      await h.request(
        'POST',
        '/api/v1/visits',
        {
          address: '上海市黄浦区人民大道 200 号',
          location: SITE,
          region: REGION,
          skills: { productLine: 'TV' },
          parts,
          preferredWindow: nextWindow(),
          engineerId,
        },
        { 'Idempotency-Key': `visit-${randomUUID()}` },
      ),
      201,
    ).visitId as string;
    await until(visitId, 'pending_confirmation');
    ok(await act(visitId, 'confirm'));
    await until(visitId, 'pending_acceptance');
    ok(await act(visitId, 'accept'));
    ok(await act(visitId, 'depart'));
    ok(await act(visitId, 'check-in', { lat: SITE.lat, lng: SITE.lng }));
    await until(visitId, 'on_site');
    ok(await act(visitId, 'record-work', { summary: '更换电源板与遥控器', partsUsed }));
    await until(visitId, 'pending_signature');
    return visitId;
  };

  before(async () => {
    h = await Harness.start();
    ok(await h.request('POST', '/api/v1/stock-locations', { id: WH, kind: 'warehouse', name: '华东仓', region: REGION }), 201);
  });
  after(async () => {
    await h?.stop();
  });

  it('a reserved part and a part from the van: reserve/issue/consume for the one, consume at the van for the other, both on the receipt', async () => {
    const van = await engineer('zhang');
    const PSU = id('PSU');
    const RC = id('RC');
    const CAP = id('CAP');
    await part(PSU, 26_000, [{ at: WH, qty: 3 }]);
    await part(RC, 3_500, [{ at: van, qty: 2 }]);
    await part(CAP, 1_200, [{ at: WH, qty: 2 }]);
    // CAP is reserved but turns out not to be needed
    const visitId = await onSiteAndRecorded(
      id('zhang'),
      [
        { partCode: PSU, qty: 1 },
        { partCode: CAP, qty: 1 },
      ],
      [
        { partCode: PSU, qty: 1 },
        { partCode: RC, qty: 1 },
      ],
    );
    ok(await act(visitId, 'sign', { signature: await signature(visitId) }));
    const done = await until(visitId, 'pending_followup');

    const moves = await ledger(visitId);
    const of = (code: string) => moves.filter((m) => m.partCode === code).map((m) => `${m.kind}@${m.locationId === van ? 'van' : 'wh'}`);
    assert.deepEqual(of(PSU), ['reserve@wh', 'issue@wh', 'issue@van', 'consume@van']);
    assert.deepEqual(of(RC), ['consume@van']);
    assert.deepEqual(of(CAP), ['reserve@wh', 'release@wh'], 'the unused reserved part is released where it was held');
    const rc = moves.find((m) => m.partCode === RC)!;
    assert.deepEqual(
      [rc.qty, rc.onHandDelta, rc.reservedDelta, rc.onHandAfter, rc.reservationId, rc.refType],
      [1, -1, 0, 1, null, 'visit'],
    );
    assert.deepEqual([(await level(RC, van)).onHand, (await level(CAP, WH)).available, (await level(PSU, WH)).onHand], [1, 2, 2]);

    assert.deepEqual(
      done.receipt.parts.map((p: Record<string, unknown>) => [p.partCode, p.qty, p.unitPriceFen, p.amountFen]),
      [
        [PSU, 1, 26_000, 26_000],
        [RC, 1, 3_500, 3_500],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    assert.equal(done.receipt.partsFen, 29_500);
    assert.equal(done.receipt.totalFen, 29_500 + 8_000 + 5_000);
    const consumed = (await events(visitId)).find((e) => e.type === 'visit.activity-completed' && e.payload.activity === 'parts.consume')!;
    assert.deepEqual(consumed.payload.result.fromVan, { locationId: van, lines: [{ partCode: RC, qty: 1 }] });
    const [audited] = await h.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'stock.consumed' AND target_id = $1 AND details->'ref'->>'id' = $2`,
      [van, visitId],
    );
    assert.equal(audited.n, 1);
  });

  it('a visit with nothing reserved: the part comes from the van and is on the receipt', async () => {
    const van = await engineer('zhao');
    const RC = id('RC3');
    await part(RC, 3_500, [{ at: van, qty: 1 }]);
    const visitId = await onSiteAndRecorded(id('zhao'), [], [{ partCode: RC, qty: 1 }]);
    ok(await act(visitId, 'sign', { signature: await signature(visitId) }));
    const done = await until(visitId, 'pending_followup');
    assert.deepEqual(
      (await ledger(visitId)).map((m) => [m.kind, m.locationId, m.qty]),
      [['consume', van, 1]],
    );
    assert.deepEqual(
      done.receipt.parts.map((p: Record<string, unknown>) => [p.partCode, p.qty, p.amountFen]),
      [[RC, 1, 3_500]],
    );
    assert.equal(done.receipt.totalFen, 3_500 + 8_000 + 5_000);
    assert.equal((await level(RC, van)).onHand, 0);
  });

  it('a van without the part: the sign fails with the reason on the visit, the team lead is told, and no stock moves', async () => {
    const van = await engineer('li');
    const PSU = id('PSU2');
    const FAN = id('FAN');
    await part(PSU, 26_000, [{ at: WH, qty: 2 }]);
    await part(FAN, 4_500, [{ at: WH, qty: 5 }]); // in the warehouse, not in the van
    const visitId = await onSiteAndRecorded(
      id('li'),
      [{ partCode: PSU, qty: 1 }],
      [
        { partCode: PSU, qty: 1 },
        { partCode: FAN, qty: 1 },
      ],
    );
    ok(await act(visitId, 'sign', { signature: await signature(visitId) }));
    const v = await until(visitId, 'exception');
    assert.equal(v.receipt, null);
    const failed = (await events(visitId)).find((e) => e.type === 'visit.activity-failed' && e.payload.activity === 'parts.consume')!;
    assert.ok(failed, 'the failure is an event of the visit');
    assert.match(failed.payload.error, /^not_in_van: /);
    assert.ok(failed.payload.error.includes(van) && failed.payload.error.includes(`${FAN}: 0 available`), failed.payload.error);
    assert.deepEqual(
      (await ledger(visitId)).map((m) => m.kind),
      ['reserve'],
      'the reserved part is neither issued nor consumed',
    );
    assert.equal((await level(FAN, van)).onHand, 0);
    assert.equal((await level(PSU, WH)).reserved, 1);
    const [notice] = await h.dataSource.query(
      `SELECT count(*)::int AS n FROM notifications WHERE ticket_id = $1 AND template = 'visit_exception'`,
      [visitId],
    );
    assert.equal(notice.n, 1);
    // the visit can still be cancelled: the reservation is given back
    ok(await act(visitId, 'cancel', { reason: '备件不足，改日再来' }));
    await until(visitId, 'cancelled');
    await eventually(
      () => ledger(visitId),
      (ms) => ms.length === 2,
    );
    assert.deepEqual(
      (await ledger(visitId)).map((m) => m.kind),
      ['reserve', 'release'],
    );
  });
});

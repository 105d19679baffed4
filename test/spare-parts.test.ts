import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { createPartsActivities } from '../activities/parts.activities';
import { Harness, type HttpResponse } from './support/harness';

/**
 * Spare parts over HTTP on the real engines: the catalogue and its validation, receive → reserve →
 * issue → consume → return with the ledger showing each movement, reservations racing for the last
 * unit, idempotent retries, low stock opening one purchase request, release on cancel, roles, and
 * the workflow activities called directly.
 */
describe('spare parts API', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${run}`;
  const WH = id('WH-SH');
  const WH2 = id('WH-GZ');
  const VAN = id('VAN-zhang');
  const ok = (res: HttpResponse, status = 200) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };
  const fields = (res: HttpResponse) => (res.body.errors ?? []).map((e: { field: string }) => e.field);
  const key = (name: string) => `${id(name)}-${randomUUID().slice(0, 6)}`;
  const part = (code: string, over: Record<string, unknown> = {}) =>
    h.request('POST', '/api/v1/parts', {
      code: id(code),
      name: `备件 ${code}`,
      nameEn: `Part ${code}`,
      category: '主板',
      unitCostFen: 12_050,
      ...over,
    });
  const receive = async (partCode: string, qty: number, locationId = WH) =>
    ok(
      await h.request('POST', '/api/v1/stock/receipts', { locationId, lines: [{ partCode, qty }] }, { 'Idempotency-Key': key('rcv') }),
      201,
    );
  const reserve = (partCode: string, qty: number, k: string, refId = id('V1'), locationId = WH) =>
    h.request('POST', '/api/v1/stock/reservations', { refType: 'visit', refId, locationId, partCode, qty }, { 'Idempotency-Key': k });
  const level = async (partCode: string, locationId: string) => {
    const stock = ok(await h.request('GET', `/api/v1/parts/${partCode}/stock`));
    return (
      stock.locations.find((l: { locationId: string }) => l.locationId === locationId) ?? {
        onHand: 0,
        reserved: 0,
        available: 0,
        defective: 0,
      }
    );
  };
  const ledger = async (q: string) => ok(await h.request('GET', `/api/v1/stock/movements?${q}&limit=500`)).items as Record<string, any>[];

  before(async () => {
    h = await Harness.start({ worker: 'none' });
    ok(await h.request('POST', '/api/v1/agents', { id: id('eng-zhang'), name: '张师傅', maxConcurrent: 5, fieldEngineer: true }), 201);
    ok(await h.request('POST', '/api/v1/stock-locations', { id: WH, kind: 'warehouse', name: '华东仓', region: '华东' }), 201);
    ok(await h.request('POST', '/api/v1/stock-locations', { id: WH2, kind: 'warehouse', name: '华南仓', region: '华南' }), 201);
    ok(
      await h.request('POST', '/api/v1/stock-locations', {
        id: VAN,
        kind: 'engineer',
        name: '张师傅 车载库存',
        region: '华东',
        agentId: id('eng-zhang'),
      }),
      201,
    );
  });
  after(async () => {
    await h?.stop();
  });

  it('validates parts, locations and reservations with the field at fault; If-Match on parts', async () => {
    const bad = await h.request('POST', '/api/v1/parts', { code: 'bad code', name: '', category: '主板', extra: 1 });
    assert.equal(bad.status, 422);
    assert.deepEqual(fields(bad).sort(), ['code', 'extra', 'name']);
    const created = ok(await part('MB', { substitutes: [] }), 201);
    assert.deepEqual([created.unit, created.unitCostFen, created.version], ['个', 12_050, 1]);
    assert.equal((await part('MB')).status, 409);
    const self = await h.request('PATCH', `/api/v1/parts/${id('MB')}`, { substitutes: [{ code: id('MB') }] });
    assert.deepEqual([self.status, fields(self)], [422, ['substitutes.0.code']]);
    const ghost = await h.request('PATCH', `/api/v1/parts/${id('MB')}`, { substitutes: [{ code: 'NOPE' }] });
    assert.deepEqual([ghost.status, fields(ghost)], [422, ['substitutes.0.code']]);
    const stale = await h.request('PATCH', `/api/v1/parts/${id('MB')}`, { name: '主板（新）' }, { 'If-Match': '"7"' });
    assert.equal(stale.status, 412);
    const renamed = await h.request('PATCH', `/api/v1/parts/${id('MB')}`, { name: '主板（新）' }, { 'If-Match': '"1"' });
    assert.deepEqual([renamed.status, renamed.body.name, renamed.headers.get('etag')], [200, '主板（新）', '"2"']);

    const whAgent = await h.request('POST', '/api/v1/stock-locations', { id: id('X'), kind: 'warehouse', name: 'x', agentId: 'a' });
    assert.deepEqual([whAgent.status, fields(whAgent)], [422, ['agentId']]);
    const noAgent = await h.request('POST', '/api/v1/stock-locations', { id: id('X'), kind: 'engineer', name: 'x', agentId: 'nobody' });
    assert.deepEqual([noAgent.status, fields(noAgent)], [422, ['agentId']]);

    const noKey = await h.request('POST', '/api/v1/stock/reservations', {
      refType: 'visit',
      refId: 'V',
      locationId: WH,
      partCode: id('MB'),
      qty: 1,
    });
    assert.deepEqual([noKey.status, fields(noKey)], [422, ['idempotencyKey']]);
    const zero = await reserve(id('MB'), 0, key('k'));
    assert.deepEqual([zero.status, fields(zero)], [422, ['qty']]);
    const unknownPart = await reserve('NOPE', 1, key('k'));
    assert.deepEqual([unknownPart.status, fields(unknownPart)], [422, ['partCode']]);
    const unknownPlace = await reserve(id('MB'), 1, key('k'), 'V', 'NOWHERE');
    assert.deepEqual([unknownPlace.status, fields(unknownPlace)], [422, ['locationId']]);
    const shortKey = await reserve(id('MB'), 1, 'short');
    assert.deepEqual([shortKey.status, fields(shortKey)], [400, ['header.Idempotency-Key']]);
    const badReceipt = await h.request('POST', '/api/v1/stock/receipts', { locationId: WH, lines: [{ partCode: id('MB'), qty: -1 }] });
    assert.deepEqual([badReceipt.status, fields(badReceipt)], [422, ['lines.0.qty']]);
    const badReturn = await h.request('POST', '/api/v1/stock/reservations/1/return', { condition: 'broken' });
    assert.deepEqual([badReturn.status, fields(badReturn)], [422, ['condition']]);
    const badQuery = await h.request('GET', '/api/v1/stock/movements?cursor=abc');
    assert.deepEqual([badQuery.status, fields(badQuery)], [400, ['query.cursor']]);
  });

  it('receive → reserve → issue → consume → return the old part: the ledger shows each movement, stock never negative', async () => {
    const code = id('PSU');
    ok(await part('PSU', { category: '电源板' }), 201);
    await receive(code, 5);
    const visit = id('V-flow');
    const r = ok(await reserve(code, 2, key('flow'), visit), 201);
    assert.equal(r.status, 'reserved');
    assert.deepEqual(await level(code, WH).then((l) => [l.onHand, l.reserved, l.available]), [5, 2, 3]);

    const wrong = await h.request('POST', `/api/v1/stock/reservations/${r.id}/consume`, {});
    assert.equal(wrong.status, 409);
    assert.equal(wrong.body.code, 'invalid_reservation_state');
    const toWarehouse = await h.request('POST', `/api/v1/stock/reservations/${r.id}/issue`, { toLocationId: WH2 });
    assert.deepEqual([toWarehouse.status, fields(toWarehouse)], [422, ['toLocationId']]);
    const issued = ok(await h.request('POST', `/api/v1/stock/reservations/${r.id}/issue`, { toLocationId: VAN }));
    assert.deepEqual([issued.status, issued.locationId, issued.movements.length], ['issued', VAN, 2]);
    assert.deepEqual(await level(code, VAN).then((l) => [l.onHand, l.reserved, l.available]), [2, 2, 0]);

    const tooMany = await h.request('POST', `/api/v1/stock/reservations/${r.id}/consume`, { qty: 3 });
    assert.deepEqual([tooMany.status, fields(tooMany)], [422, ['qty']]);
    const consumed = ok(await h.request('POST', `/api/v1/stock/reservations/${r.id}/consume`, { qty: 1 }));
    assert.deepEqual([consumed.status, consumed.consumedQty], ['consumed', 1]);
    // The one not fitted stays in the van, free.
    assert.deepEqual(await level(code, VAN).then((l) => [l.onHand, l.reserved, l.available]), [1, 0, 1]);
    const old = ok(await h.request('POST', `/api/v1/stock/reservations/${r.id}/return`, { condition: 'defective' }));
    assert.deepEqual([old.status, old.returnedQty, old.returnCondition], ['returned', 1, 'defective']);
    assert.deepEqual(await level(code, WH).then((l) => [l.onHand, l.reserved, l.available, l.defective]), [3, 0, 3, 1]);

    const moves = await ledger(`refId=${visit}`);
    assert.deepEqual(
      moves.map((m) => `${m.kind}@${m.locationId === WH ? 'WH' : 'VAN'}:${m.onHandDelta}/${m.reservedDelta}/${m.defectiveDelta}`),
      ['reserve@WH:0/2/0', 'issue@WH:-2/-2/0', 'issue@VAN:2/2/0', 'consume@VAN:-1/-1/0', 'release@VAN:0/-1/0', 'return_defective@WH:0/0/1'],
    );
    const all = await ledger(`partCode=${code}`);
    for (const m of all) {
      assert.ok(m.onHandAfter >= 0 && m.reservedAfter >= 0 && m.reservedAfter <= m.onHandAfter, JSON.stringify(m));
    }
    // The ledger adds up to the stock levels.
    for (const loc of [WH, VAN]) {
      const l = await level(code, loc);
      const sum = (k: string) => all.filter((m) => m.locationId === loc).reduce((n, m) => n + m[k], 0);
      assert.deepEqual([sum('onHandDelta'), sum('reservedDelta'), sum('defectiveDelta')], [l.onHand, l.reserved, l.defective]);
    }
    const got = ok(await h.request('GET', `/api/v1/stock/reservations/${r.id}`));
    assert.equal(got.movements.length, 6);
    const audited = await h.dataSource.query(
      `SELECT action FROM audit_log WHERE target_type = 'stock_reservation' AND target_id = $1 ORDER BY id`,
      [String(r.id)],
    );
    assert.deepEqual(
      audited.map((a: { action: string }) => a.action),
      ['stock.reserved', 'stock.issued', 'stock.consumed', 'stock.returned'],
    );
    await assert.rejects(h.dataSource.query(`UPDATE stock_movements SET qty = 99 WHERE part_code = $1`, [code]), /append-only/);
    await assert.rejects(h.dataSource.query(`DELETE FROM stock_movements WHERE part_code = $1`, [code]), /append-only/);
  });

  it('two visits racing for the last unit: exactly one gets it, the other 409 with a purchase request, and gets it once the purchase arrives', async () => {
    const code = id('RACE');
    ok(await part('RACE', { category: '压缩机', reorderPoint: 1, reorderQty: 3 }), 201);
    const losers: { key: string; refId: string; purchaseRequestId: number }[] = [];
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      await receive(code, 1);
      const contenders = [0, 1].map((i) => ({ key: key(`race${round}-${i}`), refId: id(`V-race${round}-${i}`) }));
      const answers = await Promise.all(contenders.map((c) => reserve(code, 1, c.key, c.refId)));
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(statuses, [201, 409], JSON.stringify(answers.map((a) => a.body)));
      const lost = answers.find((a) => a.status === 409)!;
      assert.equal(lost.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.deepEqual([lost.body.code, lost.body.partCode, lost.body.available, lost.body.wanted], ['insufficient_stock', code, 0, 1]);
      assert.ok(lost.body.purchaseRequest.id > 0);
      assert.ok(['open', 'ordered'].includes(lost.body.purchaseRequest.status));
      const loser = contenders[answers.indexOf(lost)]!;
      losers.push({ ...loser, purchaseRequestId: lost.body.purchaseRequest.id });
      const l = await level(code, WH);
      assert.deepEqual([l.onHand, l.reserved, l.available], [round + 1, round + 1, 0]);
    }
    // Every loser waits for the same purchase: one is on its way for this part and place.
    const outstanding = ok(await h.request('GET', `/api/v1/purchase-requests?partCode=${code}`)).items.filter(
      (p: { status: string }) => p.status === 'open' || p.status === 'ordered',
    );
    assert.equal(outstanding.length, 1);
    assert.deepEqual(new Set(losers.map((l) => l.purchaseRequestId)), new Set([outstanding[0].id]));
    // A heavier stampede: eight for one unit.
    await receive(code, 1);
    const stampede = await Promise.all(Array.from({ length: 8 }, (_, i) => reserve(code, 1, key(`stampede${i}`), id(`V-st${i}`))));
    assert.equal(stampede.filter((a) => a.status === 201).length, 1);
    assert.equal(stampede.filter((a) => a.status === 409).length, 7);

    // The purchase arrives; a waiting visit retries with its same key and gets its part.
    const pr = outstanding[0];
    const received = ok(
      await h.request(
        'PATCH',
        `/api/v1/purchase-requests/${pr.id}`,
        { status: 'received', receivedQty: 10 },
        { 'If-Match': `"${pr.version}"` },
      ),
    );
    assert.deepEqual(
      [received.status, received.receivedQty, received.movements[0].kind, received.movements[0].refId],
      ['received', 10, 'receive', String(pr.id)],
    );
    const again = ok(await reserve(code, 1, losers[0]!.key, losers[0]!.refId), 201);
    assert.equal(again.status, 'reserved');
    const [{ bad }] = await h.dataSource.query(
      `SELECT count(*)::int AS bad FROM stock_levels WHERE part_code = $1 AND (on_hand < 0 OR reserved > on_hand)`,
      [code],
    );
    assert.equal(bad, 0);
  });

  it('a retried reservation (same key) moves stock once; the same key with another body is refused', async () => {
    const code = id('RC');
    ok(await part('RC', { category: '遥控器', unit: '个' }), 201);
    await receive(code, 10);
    const k = key('retry');
    const first = ok(await reserve(code, 2, k), 201);
    const second = await reserve(code, 2, k);
    assert.deepEqual([second.status, second.body.id, second.headers.get('idempotent-replayed')], [200, first.id, 'true']);
    const burst = await Promise.all([0, 1, 2].map(() => reserve(code, 3, `${k}-b`)));
    assert.deepEqual(burst.map((b) => b.status).sort(), [200, 200, 201]);
    assert.equal(new Set(burst.map((b) => b.body.id)).size, 1);
    const reserves = (await ledger(`partCode=${code}`)).filter((m) => m.kind === 'reserve');
    assert.equal(reserves.length, 2);
    assert.deepEqual(await level(code, WH).then((l) => [l.onHand, l.reserved]), [10, 5]);
    const reused = await reserve(code, 4, k);
    assert.deepEqual([reused.status, reused.body.code], [422, 'idempotency_key_reused']);

    const rk = key('release');
    const rel = ok(await h.request('POST', `/api/v1/stock/reservations/${first.id}/release`, {}, { 'Idempotency-Key': rk }));
    const relAgain = await h.request('POST', `/api/v1/stock/reservations/${first.id}/release`, {}, { 'Idempotency-Key': rk });
    assert.deepEqual([relAgain.status, relAgain.body.version, relAgain.headers.get('idempotent-replayed')], [200, rel.version, 'true']);
    assert.equal((await ledger(`reservationId=${first.id}&kind=release`)).length, 1);
  });

  it('returns: unused issued parts come back good into sellable stock, defective ones are counted apart', async () => {
    const code = id('HX');
    ok(await part('HX', { category: '换热器' }), 201);
    await receive(code, 4);
    const good = ok(await reserve(code, 1, key('good'), id('V-good')), 201);
    const bad = ok(await reserve(code, 2, key('bad'), id('V-bad')), 201);
    for (const r of [good, bad]) ok(await h.request('POST', `/api/v1/stock/reservations/${r.id}/issue`, { toLocationId: VAN }));
    assert.deepEqual(await level(code, WH).then((l) => [l.onHand, l.available]), [1, 1]);
    const partial = await h.request('POST', `/api/v1/stock/reservations/${bad.id}/return`, { condition: 'defective', qty: 1 });
    assert.deepEqual([partial.status, fields(partial)], [422, ['qty']]);
    ok(await h.request('POST', `/api/v1/stock/reservations/${good.id}/return`, { condition: 'good' }));
    ok(await h.request('POST', `/api/v1/stock/reservations/${bad.id}/return`, { condition: 'defective' }));
    const wh = await level(code, WH);
    assert.deepEqual([wh.onHand, wh.reserved, wh.available, wh.defective], [2, 0, 2, 2]);
    assert.deepEqual(await level(code, VAN).then((l) => [l.onHand, l.reserved]), [0, 0]);
    const kinds = (await ledger(`partCode=${code}&kind=return_defective`)).map(
      (m) => `${m.locationId === VAN ? 'VAN' : 'WH'}:${m.onHandDelta}/${m.defectiveDelta}`,
    );
    assert.deepEqual(kinds, ['VAN:-2/0', 'WH:0/2']);
    // Defective stock cannot be promised.
    const tooMuch = await reserve(code, 3, key('defective-not-sellable'));
    assert.equal(tooMuch.status, 409);
    assert.equal(tooMuch.body.available, 2);
  });

  it('transfers between a warehouse and a van; more than is free is a 409 naming the part', async () => {
    const code = id('FAN');
    ok(await part('FAN', { category: '风机' }), 201);
    await receive(code, 5);
    ok(await reserve(code, 2, key('held')), 201);
    const tooMany = await h.request('POST', '/api/v1/stock/transfers', {
      fromLocationId: WH,
      toLocationId: VAN,
      lines: [{ partCode: code, qty: 4 }],
    });
    assert.equal(tooMany.status, 409);
    assert.deepEqual(tooMany.body.shortages, [{ partCode: code, wanted: 4, available: 3 }]);
    const same = await h.request('POST', '/api/v1/stock/transfers', {
      fromLocationId: WH,
      toLocationId: WH,
      lines: [{ partCode: code, qty: 1 }],
    });
    assert.deepEqual([same.status, fields(same)], [422, ['toLocationId']]);
    const k = key('transfer');
    const moved = ok(
      await h.request(
        'POST',
        '/api/v1/stock/transfers',
        { fromLocationId: WH, toLocationId: VAN, lines: [{ partCode: code, qty: 3 }] },
        { 'Idempotency-Key': k },
      ),
      201,
    );
    assert.deepEqual(
      moved.movements.map((m: { kind: string; onHandDelta: number }) => `${m.kind}:${m.onHandDelta}`),
      ['transfer_out:-3', 'transfer_in:3'],
    );
    const replay = await h.request(
      'POST',
      '/api/v1/stock/transfers',
      { fromLocationId: WH, toLocationId: VAN, lines: [{ partCode: code, qty: 3 }] },
      { 'Idempotency-Key': k },
    );
    assert.deepEqual([replay.status, replay.body.movements.length], [200, 2]);
    assert.deepEqual(await level(code, VAN).then((l) => [l.onHand, l.available]), [3, 3]);
    ok(
      await h.request('POST', '/api/v1/stock/transfers', { fromLocationId: VAN, toLocationId: WH2, lines: [{ partCode: code, qty: 1 }] }),
      201,
    );
    assert.deepEqual(await level(code, VAN).then((l) => l.onHand), 2);
    assert.deepEqual(await level(code, WH2).then((l) => l.onHand), 1);
    const vanStock = ok(await h.request('GET', `/api/v1/stock?locationId=${VAN}&partCode=${code}`)).items;
    assert.deepEqual([vanStock.length, vanStock[0].locationKind, vanStock[0].available], [1, 'engineer', 2]);
  });

  it('a transfer in transit: out of the source when shipped, on the destination shelf only when received, once; every step in the ledger', async () => {
    const code = id('PCB');
    ok(await part('PCB', { category: '电路板' }), 201);
    await receive(code, 4, WH2);
    ok(await reserve(code, 1, key('held-gz'), id('V-GZ'), WH2), 201);
    // reserved stock is not free to ship
    const tooMany = await h.request('POST', '/api/v1/stock/transfers', {
      fromLocationId: WH2,
      toLocationId: WH,
      lines: [{ partCode: code, qty: 4 }],
      inTransit: true,
    });
    assert.equal(tooMany.status, 409, JSON.stringify(tooMany.body));
    assert.deepEqual(tooMany.body.shortages, [{ partCode: code, wanted: 4, available: 3 }]);
    assert.equal((await ledger(`partCode=${code}&locationId=${WH2}`)).length, 2, 'the refused shipment moved nothing');

    const k = key('ship');
    const body = { fromLocationId: WH2, toLocationId: WH, lines: [{ partCode: code, qty: 3 }], inTransit: true, note: '华南支援华东' };
    const shipped = ok(await h.request('POST', '/api/v1/stock/transfers', body, { 'Idempotency-Key': k }), 201);
    const t = shipped.transfer;
    assert.equal(t.status, 'in_transit');
    assert.equal(t.transferNo, `TR-${t.id}`);
    assert.deepEqual(
      shipped.movements.map((m: { kind: string; locationId: string; onHandDelta: number }) => `${m.kind}:${m.locationId}:${m.onHandDelta}`),
      [`transfer_out:${WH2}:-3`],
    );
    const replay = await h.request('POST', '/api/v1/stock/transfers', body, { 'Idempotency-Key': k });
    assert.deepEqual([replay.status, replay.body.transfer.id, replay.body.movements.length], [200, t.id, 1]);
    // in transit: on neither shelf
    assert.deepEqual(await level(code, WH2).then((l) => [l.onHand, l.reserved, l.available]), [1, 1, 0]);
    assert.deepEqual(await level(code, WH).then((l) => l.onHand), 0);
    const inbound = ok(await h.request('GET', `/api/v1/stock/transfers?status=in_transit&toLocationId=${WH}`)).items;
    assert.deepEqual(
      inbound.filter((x: { id: number }) => x.id === t.id).map((x: { lines: unknown }) => x.lines),
      [[{ partCode: code, qty: 3 }]],
    );

    // the warehouse clerk at the destination receives it; someone who only reads stock cannot
    const token = async (roles: string[], name: string) =>
      ok(await h.request('POST', '/api/v1/tokens', { name: `${name}-${run}`, roles }), 201).token as string;
    const viewer = await token(['viewer'], 'transfer-viewer');
    const denied = await h.request('POST', `/api/v1/stock/transfers/${t.id}/receive`, {}, { authorization: `Bearer ${viewer}` });
    assert.equal(denied.status, 403);
    const clerk = await token(['warehouse'], 'transfer-clerk');
    const received = ok(
      await h.request('POST', `/api/v1/stock/transfers/${t.id}/receive`, { note: '已签收' }, { authorization: `Bearer ${clerk}` }),
    );
    assert.equal(received.receivedBy, `token:transfer-clerk-${run}`);
    assert.equal(received.status, 'received');
    assert.ok(received.receivedAt);
    assert.deepEqual(received.visitsTold, []);
    assert.deepEqual(
      received.movements.map((m: { kind: string; locationId: string; onHandDelta: number; peerLocationId: string }) => [
        m.kind,
        m.locationId,
        m.onHandDelta,
        m.peerLocationId,
      ]),
      [['transfer_in', WH, 3, WH2]],
    );
    assert.deepEqual(await level(code, WH).then((l) => [l.onHand, l.available]), [3, 3]);
    const twice = await h.request('POST', `/api/v1/stock/transfers/${t.id}/receive`, {});
    assert.deepEqual([twice.status, twice.body.code], [409, 'invalid_transfer_state']);
    assert.deepEqual(await level(code, WH).then((l) => l.onHand), 3, 'received once');
    const full = ok(await h.request('GET', `/api/v1/stock/transfers/${t.id}`));
    assert.deepEqual(
      full.movements.map((m: { kind: string }) => m.kind),
      ['transfer_out', 'transfer_in'],
    );
    const moves = await ledger(`refId=${t.id}`);
    assert.ok(moves.every((m) => m.onHandAfter >= 0 && m.reservedAfter >= 0 && m.reservedAfter <= m.onHandAfter));
    const [audited] = await h.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE target_type = 'stock_transfer' AND target_id = $1`,
      [String(t.id)],
    );
    assert.equal(audited.n, 2, 'shipped and received');
    assert.equal((await h.request('GET', '/api/v1/stock/transfers/999999999')).status, 404);
  });

  it('low stock opens one purchase request, not one per movement', async () => {
    const code = id('LOW');
    ok(await part('LOW', { category: '温控器', reorderPoint: 5, reorderQty: 10 }), 201);
    await receive(code, 6);
    const prs = async () => ok(await h.request('GET', `/api/v1/purchase-requests?partCode=${code}`)).items;
    const first = ok(await reserve(code, 1, key('low1'), id('V-low1')), 201);
    assert.equal(first.purchaseRequestsOpened.length, 0);
    assert.equal((await prs()).length, 0);
    const second = ok(await reserve(code, 1, key('low2'), id('V-low2')), 201);
    assert.equal(second.purchaseRequestsOpened.length, 1);
    for (let i = 3; i <= 5; i++) ok(await reserve(code, 1, key(`low${i}`), id(`V-low${i}`)), 201);
    const open = await prs();
    assert.equal(open.length, 1);
    assert.deepEqual([open[0].reason, open[0].status, open[0].qty, open[0].locationId], ['low_stock', 'open', 10, WH]);
    const low = ok(await h.request('GET', `/api/v1/stock?lowOnly=true&locationId=${WH}`)).items.map(
      (i: { partCode: string }) => i.partCode,
    );
    assert.ok(low.includes(code));
    const ordered = ok(await h.request('PATCH', `/api/v1/purchase-requests/${open[0].id}`, { status: 'ordered' }));
    assert.equal(ordered.status, 'ordered');
    ok(await reserve(code, 1, key('low6'), id('V-low6')), 201);
    assert.equal((await prs()).length, 1);
    const back = await h.request('PATCH', `/api/v1/purchase-requests/${open[0].id}`, { status: 'open' });
    assert.deepEqual([back.status, fields(back)], [422, ['status']]);
    ok(await h.request('PATCH', `/api/v1/purchase-requests/${open[0].id}`, { status: 'received' }));
    const again = await h.request('PATCH', `/api/v1/purchase-requests/${open[0].id}`, { status: 'received' });
    assert.deepEqual([again.status, again.body.code], [409, 'invalid_purchase_state']);
    // 16 on hand, 6 promised: above the point, nothing new is ordered.
    assert.deepEqual(await level(code, WH).then((l) => [l.onHand, l.available]), [16, 10]);
    assert.equal((await prs()).length, 1);
    const audits = await h.dataSource.query(
      `SELECT action FROM audit_log WHERE target_type = 'purchase_request' AND target_id = $1 ORDER BY id`,
      [String(open[0].id)],
    );
    assert.deepEqual(
      audits.map((a: { action: string }) => a.action),
      ['purchase_request.opened', 'purchase_request.ordered', 'purchase_request.received'],
    );
  });

  it('release after a cancelled visit puts the stock back; a second release is 409', async () => {
    const code = id('REL');
    ok(await part('REL', { category: '传感器' }), 201);
    await receive(code, 3);
    const r = ok(await reserve(code, 3, key('cancel'), id('V-cancel')), 201);
    assert.equal((await level(code, WH)).available, 0);
    const released = ok(await h.request('POST', `/api/v1/stock/reservations/${r.id}/release`, { note: '客户取消上门' }));
    assert.equal(released.status, 'released');
    assert.deepEqual(await level(code, WH).then((l) => [l.onHand, l.reserved, l.available]), [3, 0, 3]);
    const twice = await h.request('POST', `/api/v1/stock/reservations/${r.id}/release`, {});
    assert.deepEqual([twice.status, twice.body.code, twice.body.status], [409, 'invalid_reservation_state', 'released']);
    const missing = await h.request('POST', `/api/v1/stock/reservations/999999999/release`, {});
    assert.equal(missing.status, 404);
    const list = ok(await h.request('GET', `/api/v1/stock/reservations?refId=${id('V-cancel')}`)).items;
    assert.deepEqual(
      list.map((x: { status: string }) => x.status),
      ['released'],
    );
  });

  it('offers the substitutes in stock when a part is short', async () => {
    const [a, b, c] = [id('SUB-A'), id('SUB-B'), id('SUB-C')];
    ok(await part('SUB-B', { category: '主板' }), 201);
    ok(await part('SUB-C', { category: '主板' }), 201);
    ok(
      await part('SUB-A', {
        category: '主板',
        substitutes: [
          { code: c, priority: 1 },
          { code: b, priority: 2 },
        ],
      }),
      201,
    );
    await receive(b, 3);
    await receive(a, 2, WH2);
    const short = await reserve(a, 1, key('sub'));
    assert.equal(short.status, 409);
    assert.deepEqual(short.body.substitutes, [{ partCode: b, name: '备件 SUB-B', priority: 2, available: 3 }]);
    assert.deepEqual(
      short.body.availableElsewhere.map((e: { locationId: string; available: number }) => [e.locationId, e.available]),
      [[WH2, 2]],
    );
    assert.equal(short.body.purchaseRequest.reason, 'shortage');
    assert.match(short.body.detail, /purchase request/);
    const inUse = await h.request('DELETE', `/api/v1/parts/${a}`);
    assert.deepEqual([inUse.status, inUse.body.code], [409, 'part_in_use']);
    ok(await part('TYPO'), 201);
    assert.equal((await h.request('DELETE', `/api/v1/parts/${id('TYPO')}`)).status, 204);
  });

  it('roles: a viewer and an agent read parts but cannot move stock; a team lead can', async () => {
    const issue = async (roles: string[]) =>
      ok(await h.request('POST', '/api/v1/tokens', { name: `${roles[0]}-parts-${run}`, roles }), 201).token;
    const as = (token: string, method: string, path: string, body?: unknown) =>
      h.request(method, path, body, { authorization: `Bearer ${token}` });
    const code = id('ROLE');
    ok(await part('ROLE', { category: '遥控器' }), 201);
    for (const role of ['viewer', 'agent']) {
      const t = await issue([role]);
      assert.equal((await as(t, 'GET', `/api/v1/parts/${code}`)).status, 200);
      assert.equal((await as(t, 'GET', '/api/v1/stock/movements')).status, 200);
      assert.equal((await as(t, 'POST', '/api/v1/parts', { code: id('R2'), name: 'x', category: 'y' })).status, 403);
      assert.equal((await as(t, 'POST', '/api/v1/stock/receipts', { locationId: WH, lines: [{ partCode: code, qty: 1 }] })).status, 403);
      assert.equal(
        (
          await as(t, 'POST', '/api/v1/stock/reservations', {
            refType: 'visit',
            refId: 'V',
            locationId: WH,
            partCode: code,
            qty: 1,
            idempotencyKey: key('r'),
          })
        ).status,
        403,
      );
    }
    const lead = await issue(['team_lead']);
    assert.equal((await as(lead, 'POST', '/api/v1/stock/receipts', { locationId: WH, lines: [{ partCode: code, qty: 1 }] })).status, 201);
  });

  it('the workflow activities: shortage as a value, issue, and compensation that puts everything back', async () => {
    const acts = createPartsActivities({ dataSource: h.dataSource });
    const [comp, sub, filter] = [id('ACT-COMP'), id('ACT-SUB'), id('ACT-FIL')];
    ok(await part('ACT-SUB', { category: '压缩机' }), 201);
    ok(await part('ACT-COMP', { category: '压缩机', substitutes: [{ code: sub, priority: 1 }] }), 201);
    ok(await part('ACT-FIL', { category: '滤网' }), 201);
    await receive(sub, 2);
    await receive(filter, 4);
    const visit = id('V-act');
    const short = await acts.reserveParts({
      key: `${visit}-reserve`,
      refType: 'visit',
      refId: visit,
      locationId: WH,
      lines: [
        { partCode: filter, qty: 1 },
        { partCode: comp, qty: 1 },
      ],
    });
    assert.equal(short.reserved, false);
    if (short.reserved) return;
    assert.equal(short.shortages.length, 1);
    const s = short.shortages[0]!;
    assert.deepEqual([s.partCode, s.wanted, s.available, s.substitutes.map((x) => x.partCode)], [comp, 1, 0, [sub]]);
    assert.ok(s.purchaseRequest.id > 0);
    // All or nothing: the filter in stock was not reserved either.
    assert.equal((await level(filter, WH)).reserved, 0);

    const ok1 = await acts.reserveParts({
      key: `${visit}-reserve-sub`,
      refType: 'visit',
      refId: visit,
      locationId: WH,
      lines: [
        { partCode: filter, qty: 1 },
        { partCode: sub, qty: 1 },
      ],
    });
    assert.equal(ok1.reserved, true);
    const issued = await acts.issueReservedParts({ key: `${visit}-issue`, reservationKey: `${visit}-reserve-sub`, toLocationId: VAN });
    assert.deepEqual(
      issued.reservations.map((r) => r.status),
      ['issued', 'issued'],
    );
    const retried = await acts.issueReservedParts({ key: `${visit}-issue`, reservationKey: `${visit}-reserve-sub`, toLocationId: VAN });
    assert.deepEqual(
      retried.reservations.map((r) => r.version),
      issued.reservations.map((r) => r.version),
    );
    const comp1 = await acts.releasePartsReservation({ key: `${visit}-cancel`, reservationKey: `${visit}-reserve-sub` });
    assert.deepEqual([comp1.released.length, comp1.returned.length, comp1.untouched.length], [0, 2, 0]);
    const comp2 = await acts.releasePartsReservation({ key: `${visit}-cancel`, reservationKey: `${visit}-reserve-sub` });
    assert.deepEqual([comp2.released.length, comp2.returned.length], [0, 2]);
    assert.equal((await ledger(`refId=${visit}&kind=return_good`)).length, 4);
    assert.deepEqual(await level(filter, WH).then((l) => [l.onHand, l.reserved]), [4, 0]);
    assert.deepEqual(await level(sub, WH).then((l) => [l.onHand, l.reserved]), [2, 0]);
    assert.deepEqual(await level(sub, VAN).then((l) => [l.onHand, l.reserved]), [0, 0]);

    // A step the service refuses fails without retries.
    const held = await acts.reserveParts({
      key: `${visit}-r2`,
      refType: 'visit',
      refId: visit,
      locationId: WH,
      lines: [{ partCode: filter, qty: 1 }],
    });
    assert.equal(held.reserved, true);
    await assert.rejects(
      acts.issueReservedParts({ key: `${visit}-issue2`, reservationKey: `${visit}-r2`, toLocationId: WH2 }),
      (err: unknown) => err instanceof ApplicationFailure && err.nonRetryable && err.type === 'validation_failed',
    );
    const cancelled = await acts.releasePartsReservation({ key: `${visit}-cancel2`, reservationKey: `${visit}-r2` });
    assert.deepEqual([cancelled.released.length, cancelled.released[0]!.status], [1, 'released']);
    const used = await acts.reserveParts({
      key: `${visit}-r3`,
      refType: 'visit',
      refId: visit,
      locationId: WH,
      lines: [{ partCode: filter, qty: 2 }],
    });
    assert.equal(used.reserved, true);
    await acts.issueReservedParts({ key: `${visit}-issue3`, reservationKey: `${visit}-r3`, toLocationId: VAN });
    const fitted = await acts.consumeParts({
      key: `${visit}-consume3`,
      reservationKey: `${visit}-r3`,
      used: [{ partCode: filter, qty: 1 }],
    });
    assert.deepEqual([fitted.reservations[0]!.status, fitted.reservations[0]!.consumedQty], ['consumed', 1]);
    const oldPart = await acts.returnParts({ key: `${visit}-old3`, reservationKey: `${visit}-r3`, condition: 'defective' });
    assert.deepEqual([oldPart.reservations[0]!.status, oldPart.reservations[0]!.returnCondition], ['returned', 'defective']);
    // Fitted parts cannot be un-fitted by a cancellation.
    const late = await acts.releasePartsReservation({ key: `${visit}-cancel3`, reservationKey: `${visit}-r3` });
    assert.deepEqual([late.released.length, late.returned.length, late.untouched.length], [0, 0, 1]);
    assert.deepEqual(await level(filter, WH).then((l) => [l.onHand, l.reserved, l.defective]), [2, 0, 1]);
    assert.deepEqual(await level(filter, VAN).then((l) => [l.onHand, l.reserved]), [1, 0]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPartSchema, reserveSchema, returnSchema, transferSchema } from './part.schema';
import { availableOf, lockOrder, rankSubstitutes, reorderQuantity, reservationStep, shortageQuantity } from './stock';

describe('spare-parts stock decisions', () => {
  it('available is on hand less reserved, never negative', () => {
    assert.equal(availableOf({ onHand: 5, reserved: 2 }), 3);
    assert.equal(availableOf({ onHand: 2, reserved: 2 }), 0);
    assert.equal(availableOf({ onHand: 0, reserved: 0 }), 0);
  });

  it('offers substitutes that cover the need first, then by priority, then by stock; none without stock', () => {
    const ranked = rankSubstitutes(
      [
        { code: 'B', priority: 1, available: 1 },
        { code: 'C', priority: 2, available: 5 },
        { code: 'D', priority: 1, available: 0 },
        { code: 'E', priority: 3, available: 9 },
        { code: 'A', priority: 2, available: 5 },
      ],
      2,
    );
    assert.deepEqual(
      ranked.map((r) => r.code),
      ['A', 'C', 'E', 'B'],
    );
    assert.deepEqual(rankSubstitutes([], 1), []);
  });

  it('reorders below the reorder point only, at least a lot and back to the point', () => {
    assert.equal(reorderQuantity(5, { reorderPoint: 5, reorderQty: 10 }), null);
    assert.equal(reorderQuantity(4, { reorderPoint: 5, reorderQty: 10 }), 10);
    assert.equal(reorderQuantity(0, { reorderPoint: 30, reorderQty: 10 }), 30);
    assert.equal(reorderQuantity(0, { reorderPoint: 0, reorderQty: 10 }), null);
    assert.equal(shortageQuantity(3, 1, { reorderPoint: 0, reorderQty: 1 }), 2);
    assert.equal(shortageQuantity(3, 1, { reorderPoint: 0, reorderQty: 5 }), 5);
  });

  it('lets a reservation take only the steps of its life', () => {
    assert.equal(reservationStep('reserved', 'warehouse', 'release').ok, true);
    assert.equal(reservationStep('reserved', 'warehouse', 'issue').ok, true);
    assert.equal(reservationStep('reserved', 'engineer', 'issue').ok, false);
    assert.equal(reservationStep('reserved', 'warehouse', 'consume').ok, false);
    assert.equal(reservationStep('reserved', 'engineer', 'consume').ok, true);
    assert.equal(reservationStep('issued', 'engineer', 'consume').ok, true);
    assert.equal(reservationStep('issued', 'engineer', 'return').ok, true);
    assert.equal(reservationStep('consumed', 'engineer', 'return').ok, true);
    assert.equal(reservationStep('reserved', 'warehouse', 'return').ok, false);
    const twice = reservationStep('released', 'warehouse', 'release');
    assert.deepEqual(twice, { ok: false, reason: 'a released reservation cannot be released' });
    const issued = reservationStep('issued', 'engineer', 'release');
    assert.equal(issued.ok, false);
    assert.match((issued as { reason: string }).reason, /return/);
  });

  it('locks (location, part) pairs in one order, each once', () => {
    const order = lockOrder([
      { locationId: 'WH-B', partCode: 'P2' },
      { locationId: 'VAN-1', partCode: 'P1' },
      { locationId: 'WH-A', partCode: 'P1' },
      { locationId: 'VAN-1', partCode: 'P1' },
    ]);
    assert.deepEqual(
      order.map((p) => `${p.partCode}@${p.locationId}`),
      ['P1@VAN-1', 'P1@WH-A', 'P2@WH-B'],
    );
  });

  it('validates requests with the field at fault', () => {
    const part = createPartSchema.safeParse({ code: 'bad code', name: '', category: '主板', substitutes: [{ code: 'X' }, { code: 'X' }] });
    assert.equal(part.success, false);
    assert.deepEqual(part.error!.issues.map((i) => i.path.join('.')).sort(), ['code', 'name', 'substitutes']);
    const ok = createPartSchema.parse({ code: 'TV-MB-01', name: '主板', category: '主板' });
    assert.deepEqual([ok.unit, ok.reorderQty, ok.substitutes], ['个', 1, []]);
    assert.equal(reserveSchema.safeParse({ refType: 'visit', refId: 'V1', locationId: 'WH', partCode: 'P', qty: 0 }).success, false);
    const same = transferSchema.safeParse({ fromLocationId: 'A', toLocationId: 'A', lines: [{ partCode: 'P', qty: 1 }] });
    assert.deepEqual(
      same.error?.issues.map((i) => i.path.join('.')),
      ['toLocationId'],
    );
    assert.equal(returnSchema.safeParse({ condition: 'broken' }).success, false);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planPartsUse, type HeldLine } from './visit-parts-use';
import { buildReceipt, mergePartLines } from './visit-receipt';

const held = (id: string, partCode: string, qty: number, status: HeldLine['status'] = 'reserved', consumedQty = 0): HeldLine => ({
  id,
  partCode,
  qty,
  status,
  consumedQty,
});

describe('the parts an engineer used, against what the visit reserved', () => {
  it('takes each part from the reservation first and the rest from the van; reserved lines not used go back', () => {
    const plan = planPartsUse(
      [held('2', 'PSU', 1), held('3', 'FAN', 2, 'issued'), held('4', 'CAP', 1)],
      [
        { partCode: 'PSU', qty: 1 },
        { partCode: 'FAN', qty: 1 },
        { partCode: 'RC', qty: 2 },
        { partCode: 'PSU', qty: 1 },
      ],
    );
    assert.deepEqual(plan, {
      consume: [
        { id: '3', qty: 1 },
        { id: '2', qty: 1 },
      ],
      unused: ['4'],
      fromVan: [
        { partCode: 'PSU', qty: 1 },
        { partCode: 'RC', qty: 2 },
      ],
    });
  });

  it('with nothing reserved everything comes from the van; with nothing recorded the reservation is used whole', () => {
    assert.deepEqual(planPartsUse([], [{ partCode: 'RC', qty: 1 }]), { consume: [], unused: [], fromVan: [{ partCode: 'RC', qty: 1 }] });
    assert.deepEqual(planPartsUse([held('2', 'PSU', 2)], null), { consume: [{ id: '2', qty: 2 }], unused: [], fromVan: [] });
    assert.deepEqual(planPartsUse([held('2', 'PSU', 2)], []), { consume: [], unused: ['2'], fromVan: [] });
  });

  it('plans the same van lines again after a partial run (a retried call): lines consumed already count, lines given back are skipped', () => {
    const used = [
      { partCode: 'PSU', qty: 2 },
      { partCode: 'RC', qty: 1 },
    ];
    const first = planPartsUse([held('2', 'PSU', 1), held('4', 'CAP', 1)], used);
    const again = planPartsUse([held('2', 'PSU', 1, 'consumed', 1), held('4', 'CAP', 1, 'released')], used);
    assert.deepEqual(again.fromVan, first.fromVan);
    assert.deepEqual(again.consume, []);
    assert.deepEqual(again.unused, []);
  });
});

describe('receipt part lines', () => {
  it('one line per part at unit cost, the reservation and the van summed', () => {
    const lines = mergePartLines([
      { partCode: 'PSU', name: '电源板', qty: 1, unitPriceFen: 26_000 },
      { partCode: 'FAN', name: '风扇', qty: 1, unitPriceFen: 4_500 },
      { partCode: 'PSU', name: '电源板', qty: 1, unitPriceFen: 26_000 },
      { partCode: 'CAP', name: '电容', qty: 0, unitPriceFen: 100 },
    ]);
    const r = buildReceipt({
      visitId: 'VS-1',
      summary: '',
      parts: lines,
      feeItems: null,
      signature: null,
      issuedAt: '2031-01-01T00:00:00Z',
    });
    assert.deepEqual(
      r.parts.map((p) => [p.partCode, p.qty, p.amountFen]),
      [
        ['FAN', 1, 4_500],
        ['PSU', 2, 52_000],
      ],
    );
    assert.equal(r.totalFen, 4_500 + 52_000 + 8_000 + 5_000);
  });
});

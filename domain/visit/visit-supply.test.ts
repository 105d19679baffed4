import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confirmCallOutcome, planSupply, type ShortLine } from './visit-supply';

const line = (partCode: string, qty: number, elsewhere: ShortLine['availableElsewhere'] = [], pr = 1): ShortLine => ({
  partCode,
  qty,
  locationId: 'WH-SH',
  purchaseRequestId: pr,
  availableElsewhere: elsewhere,
});

describe('supplying a visit short of parts', () => {
  it('ships each line whole from the first other warehouse with that much free, one shipment per source; vans are never emptied', () => {
    const plan = planSupply(
      [
        line('B', 2, [{ locationId: 'WH-GZ', kind: 'warehouse', available: 5 }]),
        line('A', 1, [
          { locationId: 'VAN-wang', kind: 'engineer', available: 9 },
          { locationId: 'WH-GZ', kind: 'warehouse', available: 1 },
        ]),
        line('C', 3, [
          { locationId: 'WH-BJ', kind: 'warehouse', available: 2 },
          { locationId: 'VAN-li', kind: 'engineer', available: 3 },
        ]),
      ],
      [],
    );
    assert.deepEqual(plan.ship, [
      {
        fromLocationId: 'WH-GZ',
        toLocationId: 'WH-SH',
        lines: [
          { partCode: 'A', qty: 1 },
          { partCode: 'B', qty: 2 },
        ],
      },
    ]);
    assert.deepEqual(
      plan.purchase.map((p) => [p.partCode, p.qty]),
      [['C', 3]],
    );
    assert.deepEqual(plan.awaiting, []);
  });

  it('counts units already on their way to the visit first: a second check while a transfer travels asks for nothing more', () => {
    const short = [line('A', 2, [{ locationId: 'WH-GZ', kind: 'warehouse', available: 5 }])];
    const covered = planSupply(short, [{ transferId: 7, partCode: 'A', qty: 2 }]);
    assert.deepEqual([covered.ship, covered.awaiting, covered.purchase], [[], [7], []]);
    const partly = planSupply(short, [{ transferId: 7, partCode: 'A', qty: 1 }]);
    assert.deepEqual(partly.ship, [{ fromLocationId: 'WH-GZ', toLocationId: 'WH-SH', lines: [{ partCode: 'A', qty: 1 }] }]);
    assert.deepEqual(partly.awaiting, [7]);
  });
});

describe('the confirmation call', () => {
  const call = (result: 'answered' | 'no_answer' | 'busy' | 'failed', keys: string | null = null) => ({
    callId: 'call-1',
    result,
    keys,
    durationSec: result === 'answered' ? 31 : 0,
    startedAt: '2026-11-25T02:00:00.000Z',
    endedAt: '2026-11-25T02:00:31.000Z',
  });
  it('key 1 confirms (as a confirm by channel cti), key 2 declines, no key is no response; unanswered calls say how', () => {
    const yes = confirmCallOutcome(call('answered', '1'), '138****8000');
    assert.equal(yes.outcome, 'confirmed');
    assert.deepEqual(yes.confirmedBy, { channel: 'cti', actor: 'system:cti', at: '2026-11-25T02:00:31.000Z', callId: 'call-1' });
    assert.equal(yes.to, '138****8000');
    assert.equal(confirmCallOutcome(call('answered', '2'), null).outcome, 'declined');
    assert.equal(confirmCallOutcome(call('answered'), null).outcome, 'no_response');
    for (const r of ['no_answer', 'busy', 'failed'] as const) {
      const out = confirmCallOutcome(call(r), null);
      assert.deepEqual([out.outcome, out.confirmedBy], [r, null]);
    }
    assert.deepEqual(confirmCallOutcome(null, null).outcome, 'no_phone');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workProgress, type StatusEntry } from './work-progress';

const at = (h: number) => `2026-11-25T${String(h).padStart(2, '0')}:00:00.000Z`;
const path = (...statuses: string[]): StatusEntry[] => statuses.map((status, i) => ({ status, at: at(i + 1) }));

describe('RMA and visit progress for the customer', () => {
  it('an RMA in transit: received and pickup done, in transit current, the rest upcoming; each stage with its time', () => {
    const p = workProgress(
      'rma',
      { number: 'RMA-20261125-ABCDEFGH', status: 'in_transit', createdAt: at(1), updatedAt: at(6) },
      path('diagnosing', 'checking_eligibility', 'pending_approval', 'booking_pickup', 'awaiting_pickup', 'in_transit'),
    );
    assert.deepEqual(
      p.milestones.map((m) => [m.key, m.state, m.at]),
      [
        ['received', 'done', at(3)],
        ['pickup', 'done', at(5)],
        ['in_transit', 'current', at(6)],
        ['inspecting', 'upcoming', null],
        ['handling', 'upcoming', null],
        ['closed', 'upcoming', null],
      ],
    );
    assert.equal(p.statusLabel.zh, '商品寄回途中');
    assert.equal(p.steps.length, 6);
    assert.equal(p.kind, 'rma');
  });

  it('a rejected RMA ends where it stood, nothing next; a closed one is done throughout', () => {
    const rejected = workProgress(
      'rma',
      { number: 'RMA-20261125-ABCDEFGH', status: 'rejected', createdAt: at(1), updatedAt: at(3) },
      path('diagnosing', 'pending_approval', 'rejected'),
    );
    assert.deepEqual(
      rejected.milestones.map((m) => m.state),
      ['done', 'upcoming', 'upcoming', 'upcoming', 'upcoming', 'upcoming'],
    );
    assert.equal(rejected.statusLabel.zh, '申请未通过');
    assert.equal(rejected.next, null);
    const closed = workProgress(
      'rma',
      { number: 'RMA-20261125-ABCDEFGH', status: 'closed', createdAt: at(1), updatedAt: at(9) },
      path('diagnosing', 'booking_pickup', 'in_transit', 'inspecting', 'refunding', 'closed'),
    );
    assert.ok(closed.milestones.every((m) => m.state === 'done'));
  });

  it('a visit waiting for the customer to confirm asks them to act and names the engineer’s expected time', () => {
    const p = workProgress(
      'visit',
      {
        number: 'VS-20261125-ABCDEFGH',
        status: 'pending_confirmation',
        createdAt: at(1),
        updatedAt: at(2),
        windowStart: '2026-11-26T01:00:00.000Z',
        windowEnd: '2026-11-26T03:00:00.000Z',
      },
      path('pending_schedule', 'booking', 'pending_confirmation'),
    );
    assert.equal(p.actionNeeded, true);
    assert.equal(p.statusLabel.zh, '请确认上门时间');
    assert.deepEqual(p.next, { label: { zh: '工程师预计上门时间', en: 'The engineer is expected' }, by: '2026-11-26T01:00:00.000Z' });
    assert.deepEqual(
      p.milestones.map((m) => m.state),
      ['done', 'current', 'upcoming', 'upcoming', 'upcoming'],
    );
  });

  it('a status the flow added later shows as "being handled" at the last stage reached, never a raw code', () => {
    const p = workProgress('visit', { number: 'VS-20261125-ABCDEFGH', status: 'awaiting_permit', createdAt: at(1), updatedAt: at(4) }, [
      ...path('pending_schedule', 'booking', 'scheduled', 'on_the_way'),
      { status: 'awaiting_permit', at: at(5) },
    ]);
    assert.equal(p.statusLabel.zh, '处理中');
    assert.equal(p.milestones.find((m) => m.state === 'current')?.key, 'on_the_way');
    assert.ok(!JSON.stringify(p.steps).includes('awaiting_permit'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultVisitFlow } from './default-visit-flow';
import { availableActions } from './flow-interpreter';
import { geoDistanceM } from './flow-operations';
import { FlowDriver } from './flow-test-driver';
import { validateFlow } from './flow-validation';
import { flowVocabulary } from './flow-vocabulary';

// 上海人民广场
const SITE = { siteLat: 31.2304, siteLng: 121.4737 };
const visit = (over: Record<string, unknown> = {}) => ({
  visitId: 'V-1',
  customerId: 'CU-1',
  region: '上海',
  partsNeeded: [{ partCode: 'P-COMP', qty: 1 }],
  ...SITE,
  ...over,
});
const window = { engineerId: 'eng_wang', windowStart: '2026-11-23T01:00:00.000Z', windowEnd: '2026-11-23T03:00:00.000Z' };

/** schedule → booked → confirmed → parts in stock and reserved → the engineer is asked. */
function toPendingAcceptance(d: FlowDriver) {
  d.start();
  d.act('schedule', window, 'user:dispatcher');
  d.result('calendar.book-slot', { bookingId: 'BK-1' });
  d.result('cti.confirm-call', { outcome: 'no_answer' });
  d.act('confirm', {}, 'customer');
  d.result('parts.check', { shortage: [], substitutes: [] });
  d.result('parts.reserve', { reservationId: 'RS-1' });
}

describe('default visit flow', () => {
  it('passes validation with the visit vocabulary', () => {
    const r = validateFlow(defaultVisitFlow, flowVocabulary('visit'));
    assert.deepEqual(r.ok ? [] : r.problems, []);
  });

  it('happy path: booked window confirmed, parts reserved, accepted, check-in on site, work, signature, receipt, rating', () => {
    const d = new FlowDriver(defaultVisitFlow, visit());
    d.start();
    assert.equal(d.status, 'pending_schedule');
    d.act('schedule', window, 'user:dispatcher');
    assert.deepEqual(d.activities(), [['calendar.book-slot', { visitId: 'V-1', ...window }, false]]);
    d.result('calendar.book-slot', { bookingId: 'BK-1', windowStart: window.windowStart, windowEnd: window.windowEnd });
    assert.deepEqual(d.notified(), ['visit_window_proposed']);
    // the SMS is out; the call centre rings the customer to confirm the window
    assert.equal(d.status, 'calling_customer');
    assert.deepEqual(d.activities(), [
      ['cti.confirm-call', { visitId: 'V-1', phone: null, windowStart: window.windowStart, windowEnd: window.windowEnd }, false],
    ]);
    d.result('cti.confirm-call', { outcome: 'no_answer', callId: 'call-1', durationSec: 0 });
    assert.deepEqual(
      d.last.find((c) => c.type === 'enter'),
      {
        type: 'enter',
        nodeId: 'pending_confirmation',
        status: 'pending_confirmation',
        pauseSla: 'waiting_customer',
      },
    );
    assert.deepEqual(d.state!.vars!.confirmCall, { outcome: 'no_answer', callId: 'call-1', durationSec: 0 });
    assert.deepEqual(
      d.last.find((c) => c.type === 'arm-timeouts'),
      {
        type: 'arm-timeouts',
        timeouts: [{ edgeId: 'e_confirm_timeout', minutes: 24 * 60 }],
      },
    );

    d.act('confirm', {}, 'customer');
    assert.deepEqual(d.activities(), [
      ['parts.check', { visitId: 'V-1', parts: [{ partCode: 'P-COMP', qty: 1 }], region: '上海', allowSubstitutes: true }, false],
    ]);
    d.result('parts.check', { shortage: [], substitutes: [{ partCode: 'P-COMP-B', for: 'P-COMP' }] });
    assert.deepEqual(d.activities(), [
      [
        'parts.reserve',
        { visitId: 'V-1', parts: [{ partCode: 'P-COMP', qty: 1 }], substitutes: [{ partCode: 'P-COMP-B', for: 'P-COMP' }] },
        false,
      ],
    ]);
    d.result('parts.reserve', { reservationId: 'RS-1' });
    assert.equal(d.work.partsStatus, 'reserved');
    assert.equal(d.status, 'pending_acceptance');
    assert.deepEqual(d.notified(), ['visit_assigned']);

    d.act('accept', {}, 'eng_wang');
    d.act('depart', {}, 'eng_wang');
    assert.equal(d.status, 'on_the_way');
    d.act('check-in', { lat: 31.2306, lng: 121.474 }, 'eng_wang');
    assert.equal(d.status, 'on_site');
    assert.ok((d.work.checkInDistanceM as number) < 100, String(d.work.checkInDistanceM));
    assert.equal(d.work.checkInFlagged, undefined);

    d.act('record-work', { summary: '更换压缩机', photos: ['https://x/p.jpg'], partsUsed: [{ partCode: 'P-COMP', qty: 1 }] }, 'eng_wang');
    assert.equal(d.status, 'pending_signature');
    d.work = {
      ...d.work,
      workRecord: '更换压缩机',
      partsUsed: [{ partCode: 'P-COMP', qty: 1 }],
      feeItems: [{ item: '上门费', amount: 50 }],
    };
    d.act('sign', { signature: 'https://x/sig.png' }, 'customer');
    assert.deepEqual(d.activities(), [['parts.consume', { reservationId: 'RS-1', partsUsed: [{ partCode: 'P-COMP', qty: 1 }] }, false]]);
    d.result('parts.consume');
    assert.deepEqual(d.activities()[0]![0], 'receipt.issue');
    assert.deepEqual(d.activities()[0]![1].feeItems, [{ item: '上门费', amount: 50 }]);
    d.result('receipt.issue', { receiptNo: 'RC-1', total: 50 });
    assert.equal(d.status, 'pending_followup');
    assert.deepEqual(d.notified(), ['visit_receipt']);
    d.act('follow-up', { rating: 5 }, 'customer');
    assert.equal(d.status, 'closed');
    assert.equal(d.state!.ended, true);
    assert.deepEqual(
      d.activities(d.all).filter(([, , comp]) => comp),
      [],
      'nothing was undone',
    );
  });

  it('parts shortage: purchase/transfer requested, the visit waits with the SLA paused (parts_on_order), then goes on', () => {
    const d = new FlowDriver(defaultVisitFlow, visit());
    d.start();
    d.act('schedule', window);
    d.result('calendar.book-slot', { bookingId: 'BK-1' });
    d.result('cti.confirm-call', { outcome: 'declined' });
    d.act('confirm', {}, 'customer');
    d.result('parts.check', { shortage: [{ partCode: 'P-COMP', qty: 1 }], substitutes: [] });
    assert.deepEqual(d.activities(), [
      ['parts.request-supply', { visitId: 'V-1', shortage: [{ partCode: 'P-COMP', qty: 1 }], region: '上海' }, false],
    ]);
    d.result('parts.request-supply', { requestNo: 'PR-1', kind: 'transfer' });
    assert.equal(d.status, 'waiting_parts');
    assert.equal(d.work.partsStatus, 'requested');
    assert.deepEqual(
      d.last.find((c) => c.type === 'enter'),
      {
        type: 'enter',
        nodeId: 'waiting_parts',
        status: 'waiting_parts',
        pauseSla: 'parts_on_order',
      },
    );
    assert.ok(availableActions(d.def, d.state!, { work: d.work, now: d.now }).includes('parts-arrived'));

    d.act('parts-arrived', {}, 'wms');
    assert.equal(d.activities()[0]![0], 'parts.check');
    d.result('parts.check', { shortage: [] });
    d.result('parts.reserve', { reservationId: 'RS-2' });
    assert.equal(d.status, 'pending_acceptance');
    assert.equal(d.work.partsStatus, 'reserved');
  });

  it('cancel after parts were reserved and the slot booked: release parts, then cancel the booking — reverse order, each once', () => {
    const d = new FlowDriver(defaultVisitFlow, visit());
    toPendingAcceptance(d);
    d.act('accept', {}, 'eng_wang');
    assert.deepEqual(
      d.state!.owed!.map((o) => o.nodeId),
      ['book_slot', 'reserve_parts'],
    );
    d.act('cancel', { reason: '客户已自行修好' }, 'customer');
    assert.deepEqual(d.activities(), [
      ['parts.release', { reservationId: 'RS-1' }, true],
      ['calendar.cancel-slot', { bookingId: 'BK-1' }, true],
    ]);
    assert.deepEqual(
      d.last.filter((c) => c.type === 'step' && c.compensation).map((c) => (c as { step: unknown }).step),
      [{ do: 'set', field: 'partsStatus', value: 'released' }],
    );
    assert.equal(d.work.partsStatus, 'released');
    assert.equal(d.status, 'cancelled');
    assert.equal(d.state!.ended, true);
    assert.deepEqual(d.state!.owed, []);
    assert.deepEqual(d.notified(), ['visit_cancelled']);
    const undone = d.activities(d.all).filter(([, , comp]) => comp);
    assert.equal(undone.length, 2, 'each compensation once over the whole life');
  });

  it('reschedule cancels only the booking, keeps the parts, re-books; a later cancel undoes the new booking, not the old', () => {
    const d = new FlowDriver(defaultVisitFlow, visit());
    toPendingAcceptance(d);
    d.act('accept', {}, 'eng_wang');
    d.act('reschedule', { reason: '客户临时有事' }, 'customer');
    assert.deepEqual(d.activities(), [['calendar.cancel-slot', { bookingId: 'BK-1' }, true]]);
    assert.equal(d.status, 'pending_schedule');
    assert.equal(d.work.rescheduleCount, 1);
    assert.deepEqual(d.notified(), ['visit_rescheduled']);
    assert.deepEqual(
      d.state!.owed!.map((o) => o.nodeId),
      ['reserve_parts'],
    );

    d.act('schedule', { ...window, windowStart: '2026-11-24T01:00:00.000Z' });
    d.result('calendar.book-slot', { bookingId: 'BK-2' });
    d.result('cti.confirm-call', { outcome: 'no_phone' });
    d.act('confirm', {}, 'customer');
    // parts are still reserved: no second check or reservation
    assert.equal(d.status, 'pending_acceptance');
    assert.deepEqual(d.activities(), []);

    d.act('cancel', {}, 'customer');
    assert.deepEqual(d.activities(), [
      ['calendar.cancel-slot', { bookingId: 'BK-2' }, true],
      ['parts.release', { reservationId: 'RS-1' }, true],
    ]);
  });

  it('an engineer who disputes sends the visit back to scheduling with the booking undone', () => {
    const d = new FlowDriver(defaultVisitFlow, visit());
    toPendingAcceptance(d);
    d.act('dispute', { reason: '技能不符' }, 'eng_wang');
    assert.equal(d.status, 'pending_schedule');
    assert.deepEqual(d.activities(), [['calendar.cancel-slot', { bookingId: 'BK-1' }, true]]);
  });

  it('check-in too far from the site (or without a location) is flagged and the team lead told', () => {
    const d = new FlowDriver(defaultVisitFlow, visit());
    toPendingAcceptance(d);
    d.act('accept', {}, 'eng_wang');
    d.act('depart', {}, 'eng_wang');
    // 徐家汇, about 6 km away
    d.act('check-in', { lat: 31.1955, lng: 121.4368 }, 'eng_wang');
    assert.equal(d.status, 'on_site');
    assert.ok((d.work.checkInDistanceM as number) > 4000, String(d.work.checkInDistanceM));
    assert.equal(d.work.checkInFlagged, true);
    assert.deepEqual(d.notified(), ['visit_checkin_far']);

    const blind = new FlowDriver(defaultVisitFlow, visit());
    toPendingAcceptance(blind);
    blind.act('accept', {}, 'eng_wang');
    blind.act('check-in', {}, 'eng_wang');
    assert.equal(blind.work.checkInDistanceM, null);
    assert.equal(blind.work.checkInFlagged, true);

    // the limit is a param
    const lenient = new FlowDriver({ ...defaultVisitFlow, params: { ...defaultVisitFlow.params, checkInMaxDistanceM: 10_000 } }, visit());
    toPendingAcceptance(lenient);
    lenient.act('accept', {}, 'eng_wang');
    lenient.act('check-in', { lat: 31.1955, lng: 121.4368 }, 'eng_wang');
    assert.equal(lenient.work.checkInFlagged, undefined);
  });

  it('the confirmation call: confirmed goes on as a confirm by channel cti; no answer, declined or a failed call leave it pending_confirmation', () => {
    const confirmedBy = { channel: 'cti', actor: 'system:cti', at: '2026-11-22T08:00:05.000Z', callId: 'call-7' };
    const yes = new FlowDriver(defaultVisitFlow, visit());
    yes.start();
    yes.act('schedule', window, 'user:dispatcher');
    yes.result('calendar.book-slot', { bookingId: 'BK-1' });
    yes.result('cti.confirm-call', { outcome: 'confirmed', callId: 'call-7', durationSec: 42, confirmedBy });
    assert.deepEqual(yes.work.confirmedBy, confirmedBy);
    assert.deepEqual(yes.activities()[0]!.slice(0, 1), ['parts.check']);
    yes.result('parts.check', { shortage: [], held: 'H-1' });
    yes.result('parts.reserve', { reservationId: 'H-1' });
    assert.equal(yes.status, 'pending_acceptance');
    assert.equal((yes.state!.vars!.confirmCall as { durationSec: number }).durationSec, 42);

    for (const end of ['no_answer', 'declined', 'busy', 'no_response', 'no_phone']) {
      const d = new FlowDriver(defaultVisitFlow, visit());
      d.start();
      d.act('schedule', window, 'user:dispatcher');
      d.result('calendar.book-slot', { bookingId: 'BK-1' });
      d.result('cti.confirm-call', { outcome: end, confirmedBy: null });
      assert.equal(d.status, 'pending_confirmation', end);
      assert.equal(d.work.confirmedBy, undefined, end);
      assert.deepEqual(
        d.last.find((c) => c.type === 'arm-timeouts'),
        { type: 'arm-timeouts', timeouts: [{ edgeId: 'e_confirm_timeout', minutes: 24 * 60 }] },
        'the reminder still applies',
      );
      assert.ok(availableActions(d.def, d.state!, { work: d.work, now: d.now }).includes('confirm'), end);
    }
    const broken = new FlowDriver(defaultVisitFlow, visit());
    broken.start();
    broken.act('schedule', window, 'user:dispatcher');
    broken.result('calendar.book-slot', { bookingId: 'BK-1' });
    broken.fail('cti.confirm-call', 'IntegrationUnavailable: CTI answered 503');
    assert.equal(broken.status, 'pending_confirmation');
    assert.deepEqual(broken.state!.vars!.confirmCall, { failed: true, error: 'IntegrationUnavailable: CTI answered 503' });
    broken.act('confirm', { channel: 'sms' }, 'customer');
    assert.equal(broken.activities()[0]![0], 'parts.check');
  });

  it('a reserve that fails after the check held the parts releases the held parts, then raises the exception', () => {
    const d = new FlowDriver(defaultVisitFlow, visit());
    d.start();
    d.act('schedule', window, 'user:dispatcher');
    d.result('calendar.book-slot', { bookingId: 'BK-1' });
    d.result('cti.confirm-call', { outcome: 'no_answer' });
    d.act('confirm', {}, 'customer');
    d.result('parts.check', { shortage: [], substitutes: [], held: 'visit-V-1-parts_check#9:0' });
    d.fail('parts.reserve', 'no_van: eng_wang has no van');
    assert.deepEqual(d.activities(), [['parts.release', { reservationId: 'visit-V-1-parts_check#9:0' }, false]]);
    d.result('parts.release', { released: [{ id: 1 }], returned: [], untouched: [] });
    assert.equal(d.work.partsStatus, 'released');
    assert.equal(d.status, 'exception');
    assert.deepEqual(d.notified(), ['visit_exception']);
    // nothing is owed for the parts any more: a cancel now only undoes the booking
    d.act('cancel', { reason: '无车载库存' }, 'dispatcher');
    assert.deepEqual(d.activities(), [['calendar.cancel-slot', { bookingId: 'BK-1' }, true]]);
  });

  it('measures great-circle distances (上海 → 北京 ≈ 1068 km) and gives null for bad coordinates', () => {
    const km = geoDistanceM(31.2304, 121.4737, 39.9042, 116.4074)! / 1000;
    assert.ok(km > 1060 && km < 1075, String(km));
    assert.equal(geoDistanceM(31.2304, 121.4737, 31.2304, 121.4737), 0);
    assert.equal(geoDistanceM(null, 121, 31, 121), null);
    assert.equal(geoDistanceM(91, 121, 31, 121), null);
  });
});

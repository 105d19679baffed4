import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applySlaHolds } from './sla-holds';
import { nextSlaWake, openTicketSla, pauseTicketSla, resumeTicketSla, ticketSlaView } from './ticket-sla';

const MIN = 60_000;
const HOUR = 60 * MIN;
const opened = new Date('2026-11-22T03:00:00+08:00');
const at = (ms: number) => new Date(opened.getTime() + ms);
const hold = (reason: string, ms: number) => ({ reason, since: at(ms).toISOString() });
/** P1 runs on the 24x7 calendar: TTR 8 h of wall time. */
const p1 = () => openTicketSla({ priority: 'P1', entitlement: null }, opened);

describe('SLA holds of linked work', () => {
  it('a hold pauses the clocks; released, the resolution deadline has moved out by exactly the time held', () => {
    const due = ticketSlaView(p1(), opened).ttrDueAt!;
    let s = applySlaHolds(p1(), [hold('parts_on_order', HOUR)], at(HOUR));
    const held = ticketSlaView(s, at(30 * HOUR));
    assert.equal(held.ttr.state, 'paused');
    assert.equal(held.ttr.pauseReason, 'parts_on_order');
    assert.equal(held.breached, false, 'no breach while held, however long');
    assert.equal(nextSlaWake(s), null, 'nothing is due while held');
    s = applySlaHolds(s, [], at(30 * HOUR));
    assert.equal(Date.parse(ticketSlaView(s, at(30 * HOUR)).ttrDueAt!) - Date.parse(due), 29 * HOUR);
    assert.deepEqual(
      s.pauses.map((p) => [p.reason, p.source]),
      [['parts_on_order', 'hold']],
    );
  });

  it('overlapping holds: the clock runs only when none is held', () => {
    let s = applySlaHolds(p1(), [hold('parts_on_order', HOUR)], at(HOUR));
    s = applySlaHolds(s, [hold('parts_on_order', HOUR), hold('waiting_customer', 2 * HOUR)], at(2 * HOUR));
    s = applySlaHolds(s, [hold('waiting_customer', 2 * HOUR)], at(3 * HOUR));
    assert.equal(ticketSlaView(s, at(3 * HOUR)).ttr.pauseReason, 'waiting_customer', 'the hold left names the pause');
    assert.equal(ticketSlaView(s, at(3 * HOUR)).ttr.pausedSince, at(HOUR).toISOString(), 'still one pause, from the first hold');
    s = applySlaHolds(s, [], at(5 * HOUR));
    assert.equal(ticketSlaView(s, at(5 * HOUR)).ttr.remainingMs, 7 * HOUR);
  });

  it("the ticket's own pause and a hold combine: ending either one alone does not start the clock", () => {
    // held first, then the ticket waits for the customer and comes back while the hold is still on
    let s = applySlaHolds(p1(), [hold('parts_on_order', HOUR)], at(HOUR));
    s = pauseTicketSla(s, at(2 * HOUR), 'waiting_customer', null, 'state');
    s = applySlaHolds(s, [hold('parts_on_order', HOUR)], at(2 * HOUR));
    assert.equal(s.pause?.reason, 'waiting_customer', "the ticket's own pause shows while it lasts");
    s = applySlaHolds(resumeTicketSla(s, at(3 * HOUR), 'state'), [hold('parts_on_order', HOUR)], at(3 * HOUR));
    assert.equal(ticketSlaView(s, at(4 * HOUR)).ttr.state, 'paused');
    assert.equal(ticketSlaView(s, at(4 * HOUR)).ttr.remainingMs, 7 * HOUR);
    // the ticket's own pause outlives the hold: releasing the hold leaves it paused
    s = pauseTicketSla(s, at(4 * HOUR), 'waiting_customer', null, 'state');
    s = applySlaHolds(s, [], at(5 * HOUR));
    assert.equal(s.pause?.source, 'state');
    assert.equal(ticketSlaView(s, at(6 * HOUR)).ttr.remainingMs, 7 * HOUR);
    s = applySlaHolds(resumeTicketSla(s, at(6 * HOUR), 'state'), [], at(6 * HOUR));
    assert.equal(ticketSlaView(s, at(7 * HOUR)).ttr.remainingMs, 6 * HOUR);
  });

  it('no holds and no pause of its own: the clocks are left alone', () => {
    const s = p1();
    assert.equal(applySlaHolds(s, [], at(HOUR)), s);
  });
});

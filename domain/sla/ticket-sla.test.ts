import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  fireSlaWake,
  nextSlaWake,
  openTicketSla,
  pauseTicketSla,
  restartTtr,
  resumeTicketSla,
  retargetTicketSla,
  stopSlaMetrics,
  ticketSlaView,
  type TicketSlaState,
} from './ticket-sla';

const MIN = 60_000;
const HOUR = 60 * MIN;
const sh = (local: string) => new Date(`${local}+08:00`);
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

/** Fires everything due up to `until`, the way the workflow's timer loop does; returns what fired, in order. */
function drive(s: TicketSlaState, until: Date): { state: TicketSlaState; fired: string[] } {
  const fired: string[] = [];
  for (let wake = nextSlaWake(s); wake && wake.at <= until; wake = nextSlaWake(s)) {
    const r = fireSlaWake(s, wake, wake.at);
    s = r.state;
    for (const o of r.occurrences) fired.push(`${o.kind}:${o.metric}${o.level ? `:${o.level}` : ''}@${wake.at.toISOString()}`);
  }
  return { state: s, fired };
}

describe('ticket SLA clock', () => {
  it('P1 at 03:00 on a Sunday: FRT in 10 min, TTR in 8 h, then warning, breach and three escalation levels in order', () => {
    const opened = sh('2026-11-22T03:00:00');
    const s = openTicketSla({ priority: 'P1', entitlement: null }, opened);
    const view = ticketSlaView(s, opened);
    assert.equal(view.frtDueAt, at(opened, 10 * MIN).toISOString());
    assert.equal(view.ttrDueAt, at(opened, 8 * HOUR).toISOString());
    const { fired } = drive(s, at(opened, 370 * MIN));
    const t = (m: number) => at(opened, m * MIN).toISOString();
    assert.deepEqual(fired, [
      `warning:frt@${t(7.5)}`,
      `breach:frt@${t(10)}`,
      `escalation:frt:1@${t(10)}`,
      `escalation:frt:2@${t(70)}`,
      `escalation:frt:3@${t(250)}`,
      `warning:ttr@${t(360)}`,
    ]);
  });

  it('a response before the deadline stops FRT: no FRT warning, breach or escalation', () => {
    const opened = sh('2026-11-22T03:00:00');
    let s = openTicketSla({ priority: 'P1', entitlement: null }, opened);
    s = stopSlaMetrics(s, ['frt'], at(opened, 4 * MIN));
    const { fired, state } = drive(s, at(opened, 8 * HOUR + 30 * MIN));
    assert.deepEqual(
      fired.map((f) => f.split('@')[0]),
      ['warning:ttr', 'breach:ttr', 'escalation:ttr:1'],
    );
    assert.equal(ticketSlaView(state, opened).respondedAt, at(opened, 4 * MIN).toISOString());
  });

  it('P3 on Friday 17:00 is due Monday 16:00 on the business calendar', () => {
    const s = openTicketSla({ priority: 'P3', entitlement: null }, sh('2026-11-20T17:00:00'));
    assert.equal(ticketSlaView(s, sh('2026-11-20T17:00:00')).frtDueAt, sh('2026-11-23T16:00:00').toISOString());
    // 3 business days of 9 h = 27 h: Fri 1 h + Mon 9 + Tue 9 + Wed 8 → Wednesday 17:00
    assert.equal(ticketSlaView(s, sh('2026-11-20T17:00:00')).ttrDueAt, sh('2026-11-25T17:00:00').toISOString());
  });

  it('premium entitlement counts a P3 round the clock', () => {
    const s = openTicketSla({ priority: 'P3', entitlement: 'premium' }, sh('2026-11-20T17:00:00'));
    assert.equal(ticketSlaView(s, sh('2026-11-20T17:00:00')).frtDueAt, sh('2026-11-21T01:00:00').toISOString());
  });

  it('a 2 h pause in the middle of TTR moves the deadline by exactly 2 business hours; pause again: still exact', () => {
    const opened = sh('2026-11-23T09:00:00'); // Monday
    let s = openTicketSla({ priority: 'P2', entitlement: null }, opened);
    s = stopSlaMetrics(s, ['frt'], sh('2026-11-23T09:30:00'));
    const before = ticketSlaView(s, opened).ttrDueAt!;
    // P2 TTR 24 business hours from Mon 09:00 = Mon 9 + Tue 9 + Wed 6 → Wed 15:00
    assert.equal(before, sh('2026-11-25T15:00:00').toISOString());

    s = pauseTicketSla(s, sh('2026-11-23T11:00:00'), 'waiting_customer', 'chat transcript #88', 'state');
    const paused = ticketSlaView(s, sh('2026-11-23T12:00:00'));
    assert.equal(paused.ttr.state, 'paused');
    assert.equal(paused.ttr.dueAt, null);
    assert.equal(paused.ttr.pauseReason, 'waiting_customer');
    assert.equal(paused.ttr.remainingMs, 22 * HOUR);
    assert.deepEqual(nextSlaWake(s), null);

    s = resumeTicketSla(s, sh('2026-11-23T13:00:00'));
    assert.equal(ticketSlaView(s, sh('2026-11-23T13:00:00')).ttrDueAt, sh('2026-11-25T17:00:00').toISOString());

    // a pause across the night costs only its business part: Mon 17:00 → Tue 10:00 is 2 business hours
    s = pauseTicketSla(s, sh('2026-11-23T17:00:00'), 'parts_on_order', null, 'step');
    s = resumeTicketSla(s, sh('2026-11-24T10:00:00'));
    assert.equal(ticketSlaView(s, sh('2026-11-24T10:00:00')).ttrDueAt, sh('2026-11-26T10:00:00').toISOString());
    assert.deepEqual(
      s.pauses.map((p) => [p.reason, p.evidence]),
      [
        ['waiting_customer', 'chat transcript #88'],
        ['parts_on_order', null],
      ],
    );
  });

  it('leaving a state resumes only a pause a state started', () => {
    const opened = sh('2026-11-23T09:00:00');
    let s = pauseTicketSla(
      openTicketSla({ priority: 'P2', entitlement: null }, opened),
      at(opened, HOUR),
      'waiting_supplier',
      null,
      'step',
    );
    assert.equal(resumeTicketSla(s, at(opened, 2 * HOUR), 'state').pause?.reason, 'waiting_supplier');
    s = resumeTicketSla(s, at(opened, 2 * HOUR));
    assert.equal(s.pause, null);
  });

  it('a reopen restarts TTR for P1–P3 and continues it for P4', () => {
    const opened = sh('2026-11-23T09:00:00');
    let p2 = openTicketSla({ priority: 'P2', entitlement: null }, opened);
    p2 = stopSlaMetrics(p2, ['frt', 'ttr'], sh('2026-11-23T15:00:00'));
    p2 = restartTtr(p2, sh('2026-11-24T09:00:00'));
    assert.equal(ticketSlaView(p2, sh('2026-11-24T09:00:00')).ttr.remainingMs, 24 * HOUR);

    let p4 = openTicketSla({ priority: 'P4', entitlement: null }, opened);
    p4 = stopSlaMetrics(p4, ['frt', 'ttr'], sh('2026-11-23T15:00:00'));
    p4 = restartTtr(p4, sh('2026-11-24T09:00:00'));
    assert.equal(ticketSlaView(p4, sh('2026-11-24T09:00:00')).ttr.remainingMs, 63 * HOUR - 6 * HOUR);
  });

  it('raising P3 to P1 carries the elapsed time over to the new targets', () => {
    const opened = sh('2026-11-23T09:00:00');
    let s = openTicketSla({ priority: 'P3', entitlement: null }, opened);
    s = retargetTicketSla(s, { priority: 'P1', entitlement: null }, sh('2026-11-23T09:06:00'));
    const v = ticketSlaView(s, sh('2026-11-23T09:06:00'));
    assert.equal(v.policyId, 'p1-standard');
    assert.equal(v.frtDueAt, sh('2026-11-23T09:10:00').toISOString());
    // 6 minutes used of 10: the 75% warning is 1.5 minutes away
    assert.equal(nextSlaWake(s)?.at.toISOString(), sh('2026-11-23T09:07:30').toISOString());
  });

  it('a breach recorded stays recorded after lowering priority', () => {
    const opened = sh('2026-11-22T03:00:00');
    const { state } = drive(openTicketSla({ priority: 'P1', entitlement: null }, opened), at(opened, 11 * MIN));
    const lowered = retargetTicketSla(state, { priority: 'P3', entitlement: null }, at(opened, 12 * MIN));
    assert.equal(ticketSlaView(lowered, at(opened, 12 * MIN)).breached, true);
  });

  it('a resolved ticket keeps the deadline it was resolved against (pauses excluded), or the one it missed', () => {
    const opened = sh('2026-11-22T03:00:00');
    // P1, 24x7: due at 11:00; paused 2 h while waiting for the customer, resolved at 12:00 → judged by 13:00
    let s = openTicketSla({ priority: 'P1', entitlement: null }, opened);
    s = pauseTicketSla(s, at(opened, 2 * HOUR), 'waiting_customer', null, 'state');
    s = resumeTicketSla(s, at(opened, 4 * HOUR));
    s = stopSlaMetrics(s, ['frt', 'ttr'], at(opened, 9 * HOUR));
    const met = ticketSlaView(s, at(opened, 20 * HOUR));
    assert.equal(met.ttrDueAt, null, 'no running deadline once stopped');
    assert.equal(met.resolutionDeadline, at(opened, 10 * HOUR).toISOString());
    // resolved late, after the breach was recorded: judged by the deadline it missed
    const late = drive(openTicketSla({ priority: 'P1', entitlement: null }, opened), at(opened, 9 * HOUR)).state;
    const lateView = ticketSlaView(stopSlaMetrics(late, ['frt', 'ttr'], at(opened, 9 * HOUR)), at(opened, 9 * HOUR));
    assert.equal(lateView.resolutionDeadline, at(opened, 8 * HOUR).toISOString());
    // while paused there is no deadline to judge by
    const paused = pauseTicketSla(
      openTicketSla({ priority: 'P1', entitlement: null }, opened),
      at(opened, HOUR),
      'waiting_customer',
      null,
      'state',
    );
    assert.equal(ticketSlaView(paused, at(opened, 2 * HOUR)).resolutionDeadline, null);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { customerProgress, verifiesOwner, type ProgressEvent, type ProgressTicket } from './customer-progress';

const ticket = (over: Partial<ProgressTicket> = {}): ProgressTicket => ({
  ticketId: 'TK-20261125-ABCDEFGH',
  status: 'pending_assignment',
  substatus: null,
  createdAt: '2026-11-25T01:00:00.000Z',
  updatedAt: '2026-11-25T01:00:00.000Z',
  frtDueAt: '2026-11-25T05:00:00.000Z',
  ttrDueAt: '2026-11-26T01:00:00.000Z',
  ...over,
});
const ev = (type: string, at: string, toStatus: string | null = null): ProgressEvent => ({ type, at, toStatus, payload: {} });

describe('customer progress', () => {
  it('a new ticket: received is current, the rest upcoming, and first contact is promised by the response deadline', () => {
    const p = customerProgress(ticket(), [ev('ticket.created', '2026-11-25T01:00:00.000Z', 'new')]);
    assert.deepEqual(
      p.milestones.map((m) => [m.key, m.state, m.at]),
      [
        ['received', 'current', '2026-11-25T01:00:00.000Z'],
        ['assigned', 'upcoming', null],
        ['handling', 'upcoming', null],
        ['resolved', 'upcoming', null],
        ['closed', 'upcoming', null],
      ],
    );
    assert.deepEqual(p.next, { label: { zh: '专人将尽快与您联系', en: 'Someone will contact you soon' }, by: '2026-11-25T05:00:00.000Z' });
    assert.equal(p.actionNeeded, false);
    assert.deepEqual(
      p.steps.map((s) => s.label.zh),
      ['您的服务请求已受理'],
    );
  });

  it('in progress and waiting for parts: says so, and promises the resolution deadline; internal events stay internal', () => {
    const events = [
      ev('ticket.created', '2026-11-25T01:00:00.000Z', 'new'),
      ev('ticket.queued', '2026-11-25T01:00:00.000Z', 'pending_assignment'),
      ev('ticket.assign', '2026-11-25T01:10:00.000Z', 'pending_acceptance'),
      ev('ticket.accept', '2026-11-25T01:20:00.000Z', 'in_progress'),
      ev('sla.warning', '2026-11-25T02:00:00.000Z', 'in_progress'),
      ev('ticket.note', '2026-11-25T02:10:00.000Z', 'in_progress'),
      ev('ticket.set-substatus', '2026-11-25T02:20:00.000Z', 'in_progress'),
    ];
    const p = customerProgress(ticket({ status: 'in_progress', substatus: 'awaiting_parts' }), events);
    assert.equal(p.statusLabel.zh, '等待备件到货');
    assert.deepEqual(
      p.milestones.map((m) => m.state),
      ['done', 'done', 'current', 'upcoming', 'upcoming'],
    );
    assert.equal(p.milestones[1]!.at, '2026-11-25T01:10:00.000Z');
    assert.deepEqual(
      p.steps.map((s) => s.label.en),
      ['Your request was received', 'Someone was assigned to help you', 'Your request is being handled'],
    );
    assert.equal(p.next?.by, '2026-11-26T01:00:00.000Z');
  });

  it('asks the customer to act when a question waits for them or the fix waits for their confirmation', () => {
    assert.equal(customerProgress(ticket({ status: 'pending_customer' }), []).actionNeeded, true);
    const resolved = customerProgress(ticket({ status: 'resolved' }), [ev('ticket.resolve', '2026-11-25T03:00:00.000Z', 'resolved')]);
    assert.equal(resolved.actionNeeded, true);
    assert.equal(resolved.milestones[3]!.state, 'current');
    assert.equal(resolved.milestones[3]!.at, '2026-11-25T03:00:00.000Z');
  });

  it('a resolve that went to review is not yet "solved" for the customer', () => {
    const p = customerProgress(ticket({ status: 'pending_review' }), [ev('ticket.resolve', '2026-11-25T03:00:00.000Z', 'pending_review')]);
    assert.deepEqual(p.steps, []);
    assert.equal(p.milestones[3]!.state, 'upcoming');
  });

  it('closed: every milestone done, nothing next; a reopen clears the resolved and closed times it had', () => {
    const closed = customerProgress(ticket({ status: 'closed' }), [ev('ticket.close', '2026-11-25T04:00:00.000Z', 'closed')]);
    assert.ok(closed.milestones.every((m) => m.state === 'done'));
    assert.equal(closed.next, null);
    const reopened = customerProgress(ticket({ status: 'reopened' }), [
      ev('ticket.resolve', '2026-11-25T03:00:00.000Z', 'resolved'),
      ev('ticket.close', '2026-11-25T04:00:00.000Z', 'closed'),
      ev('ticket.reopen', '2026-11-25T05:00:00.000Z', 'reopened'),
    ]);
    assert.deepEqual(
      reopened.milestones.slice(3).map((m) => [m.state, m.at]),
      [
        ['upcoming', null],
        ['upcoming', null],
      ],
    );
  });
});

describe('verifying that the work is the customer’s', () => {
  const known = { phones: ['138-1234-5678', '021 6888 0001'], orderId: 'JD-2026-0001' };
  it('accepts the last four digits of a phone on record, or the whole order number (any case)', () => {
    assert.equal(verifiesOwner('5678', known), true);
    assert.equal(verifiesOwner(' 0001 ', known), true);
    assert.equal(verifiesOwner('jd-2026-0001', known), true);
  });
  it('refuses anything else: wrong digits, fewer or more than four, a part of the order number, nothing', () => {
    for (const code of ['1234', '678', '45678', 'JD-2026', '', '    ']) assert.equal(verifiesOwner(code, known), false, code);
    assert.equal(verifiesOwner('5678', { phones: [], orderId: null }), false);
    assert.equal(verifiesOwner('5678', { phones: ['5678'], orderId: null }), false, 'a stub of a number on record proves nothing');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyAction, refusalReason, type TicketState } from './ticket-actions-v1';

function ticket(overrides: Partial<TicketState> = {}): TicketState {
  return {
    ticketId: 'TK-20261122-AAAAAAAA',
    customerId: 'c1',
    channel: 'phone',
    priority: 'P2',
    description: 'no power',
    attachments: [],
    tags: [],
    status: 'pending_assignment',
    assigneeId: null,
    groupId: null,
    resolution: null,
    createdBy: 'token:t',
    createdAt: '2026-11-22T08:00:00.000Z',
    updatedAt: '2026-11-22T08:00:00.000Z',
    resolvedAt: null,
    closedAt: null,
    sla: { frtDueAt: '2026-11-22T10:00:00.000Z', ttrDueAt: '2026-11-23T08:00:00.000Z', respondedAt: null, breached: false },
    seq: 2,
    ...overrides,
  };
}

const now = new Date('2026-11-22T09:00:00.000Z');

describe('ticket actions of the first release (frozen)', () => {
  it('assign records the assignee, the first response and an event with from → to', () => {
    const { state, event } = applyAction(
      ticket(),
      { action: 'assign', payload: { assigneeId: 'li', groupId: 'g1' }, actor: 'u:lead' },
      now,
    );
    assert.equal(state.status, 'in_progress');
    assert.equal(state.sla.respondedAt, now.toISOString());
    assert.equal(state.seq, 3);
    assert.deepEqual(event.changes, {
      status: { from: 'pending_assignment', to: 'in_progress' },
      assigneeId: { from: null, to: 'li' },
      groupId: { from: null, to: 'g1' },
    });
    assert.equal(event.actor, 'u:lead');
  });

  it('reassigning keeps the first response time', () => {
    const first = applyAction(ticket(), { action: 'assign', payload: { assigneeId: 'li' }, actor: 'a' }, now).state;
    const later = new Date(now.getTime() + 60_000);
    const second = applyAction(first, { action: 'assign', payload: { assigneeId: 'wang' }, actor: 'a' }, later).state;
    assert.equal(second.sla.respondedAt, now.toISOString());
    assert.equal(second.assigneeId, 'wang');
  });

  it('refuses actions out of order, with the reason and what is allowed', () => {
    const r = refusalReason(ticket(), { action: 'close', payload: {}, actor: 'a' });
    assert.equal(r?.code, 'invalid_state');
    assert.match(r!.message, /'close' is not allowed while the ticket is pending_assignment; allowed from: resolved/);
    assert.equal(
      refusalReason(ticket({ status: 'closed' }), { action: 'assign', payload: { assigneeId: 'x' }, actor: 'a' })?.code,
      'invalid_state',
    );
  });

  it('refuses bad payloads and unknown actions', () => {
    assert.equal(refusalReason(ticket({ status: 'in_progress' }), { action: 'resolve', payload: {}, actor: 'a' })?.code, 'invalid_payload');
    assert.equal(
      refusalReason(ticket(), { action: 'assign', payload: { assigneeId: 'x', extra: 1 }, actor: 'a' })?.code,
      'invalid_payload',
    );
    assert.equal(refusalReason(ticket(), { action: 'teleport' as never, payload: {}, actor: 'a' })?.code, 'unknown_action');
    assert.throws(() => applyAction(ticket(), { action: 'close', payload: {}, actor: 'a' }, now), /not allowed/);
  });

  it('does not mutate the state it was given', () => {
    const before = ticket();
    const copy = structuredClone(before);
    applyAction(before, { action: 'assign', payload: { assigneeId: 'li' }, actor: 'a' }, now);
    assert.deepEqual(before, copy);
  });
});

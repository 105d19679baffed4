import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultRmaFlow } from './default-rma-flow';
import { defaultTicketFlow } from './default-ticket-flow';
import { compareWithActual, replayFlow, ticketActionEffect, type RecordedFlowEvent } from './flow-backtest';
import { flowDefinitionSchema, type FlowDefinition } from './flow-definition';

const T0 = Date.parse('2026-11-02T01:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const ticketFlow = (): FlowDefinition => flowDefinitionSchema.parse(structuredClone(defaultTicketFlow));
const ticket = { priority: 'P1', entitlement: 'in_warranty', finance: { refundAmount: 0 } };
const act = (minutes: number, action: string, payload: Record<string, unknown> = {}): RecordedFlowEvent => ({
  type: 'action',
  at: at(minutes),
  action,
  payload,
  actor: 'token:agent',
  data: ticket,
});

/** A P1 ticket: assigned, accepted, waits ten hours for the customer, resolved, reviewed (P1) and closed. */
const record: RecordedFlowEvent[] = [
  { type: 'start', at: at(0), data: ticket },
  act(1, 'assign', { assigneeId: 'agent_wu', groupId: 'g_east' }),
  act(5, 'accept'),
  act(10, 'request-info', { message: '请提供购买凭证' }),
  act(600, 'customer-replied', { message: '已上传' }),
  act(630, 'resolve', { resolution: '更换主板' }),
  act(635, 'resolve', { resolution: '审核通过' }),
  act(640, 'close'),
];
const opts = { until: at(640), actionEffect: ticketActionEffect, ticketSla: true };
const happyPath = [
  'start',
  'intake',
  'pending_assignment',
  'pending_acceptance',
  'in_progress',
  'pending_customer',
  'in_progress',
  'needs_review',
  'pending_review',
  'resolved',
  'closed',
];

describe('flow back-test', () => {
  it('replays a ticket through the version it ran and ends where it ended', () => {
    const r = replayFlow(ticketFlow(), record, opts);
    assert.deepEqual(r.skipped, []);
    assert.deepEqual(r.outcome.path, happyPath);
    assert.equal(r.outcome.status, 'closed');
    assert.equal(r.outcome.ended, true);
    assert.equal(r.outcome.assigneeId, 'agent_wu');
    assert.equal(r.outcome.groupId, 'g_east');
    assert.equal(r.outcome.slaBreaches, 0, 'the wait for the customer pauses the clocks');
    assert.equal(r.outcome.escalations, 0);
  });

  it('fires the tested flow’s own timers between recorded events and skips the actions it no longer takes', () => {
    const draft = ticketFlow();
    draft.edges.find((e) => e.id === 'e_accept_timeout')!.on = { timeoutMinutes: 3 };
    const r = replayFlow(draft, record, opts);
    assert.deepEqual(r.timeouts, ['e_accept_timeout']);
    assert.deepEqual(r.outcome.path, [
      'start',
      'intake',
      'pending_assignment',
      'pending_acceptance',
      'accept_timed_out',
      'pending_reassignment',
    ]);
    assert.equal(r.outcome.status, 'pending_reassignment');
    assert.equal(r.outcome.assigneeId, null, 'the time-out step clears the assignee');
    assert.deepEqual(
      r.skipped.map((s) => s.event),
      ['action:accept', 'action:request-info', 'action:customer-replied', 'action:resolve', 'action:resolve', 'action:close'],
    );
    assert.match(r.skipped[0]!.reason, /not allowed while the ticket is pending_reassignment/);
  });

  it('counts SLA breaches and escalations when the tested flow stops pausing the clock', () => {
    const pinned = replayFlow(ticketFlow(), record, opts);
    const draft = ticketFlow();
    const waiting = draft.nodes.find((n) => n.id === 'pending_customer') as { pauseSla?: string };
    delete waiting.pauseSla;
    const tested = replayFlow(draft, record, opts);
    assert.deepEqual(tested.outcome.path, happyPath);
    assert.equal(tested.outcome.slaBreaches, 1, 'P1 TTR is 8 h round the clock');
    // the escalation ladder: team lead at the breach, QA an hour later; the manager's level (4 h) is after the close
    assert.equal(tested.outcome.escalations, 2);

    const actual = { ...pinned.outcome };
    const diff = compareWithActual(actual, pinned.outcome, tested.outcome);
    assert.deepEqual(diff, [
      { field: 'escalations', from: 0, to: 2 },
      { field: 'slaBreaches', from: 0, to: 1 },
    ]);
  });

  it('reports path, status and assignee against what happened', () => {
    const draft = ticketFlow();
    // the draft sends every resolved ticket straight to resolved: no review, so the reviewer's resolve is not taken
    draft.edges = draft.edges.filter((e) => e.id !== 'e_review_needed');
    const tested = replayFlow(draft, record, opts);
    assert.equal(tested.outcome.status, 'closed');
    assert.deepEqual(
      tested.skipped.map((s) => s.event),
      ['action:resolve'],
    );
    const actual = { ...replayFlow(ticketFlow(), record, opts).outcome };
    assert.deepEqual(compareWithActual(actual, actual, tested.outcome), [
      { field: 'path', from: happyPath, to: happyPath.filter((n) => n !== 'pending_review') },
    ]);
    const elsewhere = { ...actual, status: 'resolved', assigneeId: 'agent_li' };
    assert.deepEqual(
      compareWithActual(elsewhere, actual, tested.outcome).map((d) => [d.field, d.from, d.to]),
      [
        ['path', happyPath, happyPath.filter((n) => n !== 'pending_review')],
        ['status', 'resolved', 'closed'],
        ['assigneeId', 'agent_li', 'agent_wu'],
      ],
    );
  });

  it('feeds recorded activity results to the calls of the tested flow by activity name', () => {
    const rma = flowDefinitionSchema.parse(structuredClone(defaultRmaFlow));
    const work = { orderId: 'o1', claimAmount: 100, resolutionRequested: 'replace', customerId: 'c1' };
    const events: RecordedFlowEvent[] = [
      { type: 'start', at: at(0), data: work },
      { type: 'action', at: at(1), action: 'diagnose', payload: { diagnosis: '屏幕坏点' }, actor: 'token:agent', data: work },
      { type: 'activity-result', at: at(2), activity: 'oms.check-eligibility', result: { eligible: true, orderAmount: 100 } },
    ];
    const r = replayFlow(rma, events, { until: at(2) });
    // eligible, auto-approved below 200, then the return order: a call the record never made, so it waits there
    assert.deepEqual(r.outcome.path, ['start', 'intake', 'diagnosing', 'check_eligibility', 'eligible', 'approval', 'reverse_logistics']);
    assert.equal(r.waiting, 'activity logistics.create-return-order');
    assert.equal(r.outcome.slaBreaches, null);
  });
});

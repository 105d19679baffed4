import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TICKET_ACTIONS } from '../ticket/ticket-actions';
import { defaultTicketFlow, REOPEN_WINDOW_MINUTES } from './default-ticket-flow';
import { flowDefinitionSchema, type FlowDefinition } from './flow-definition';
import { actionRefusal, availableActions, FlowRefusal, interpret, type FlowEvent, type FlowState } from './flow-interpreter';

const flow: FlowDefinition = flowDefinitionSchema.parse(defaultTicketFlow);
const now = '2026-11-22T08:00:00.000Z';
const ticket = { priority: 'P3', finance: { refundAmount: 0 } };
const act = (action: string, payload: Record<string, unknown> = {}): FlowEvent => ({ type: 'action', action, payload, actor: 'user:li' });

function run(events: FlowEvent[], data: Record<string, unknown> = ticket): { state: FlowState; statuses: string[] } {
  let state: FlowState | null = null;
  const statuses: string[] = [];
  for (const e of [{ type: 'start' } as FlowEvent, ...events]) {
    state = interpret(flow, state, e, { ticket: data, now }).state;
    statuses.push(state.status);
  }
  return { state: state!, statuses };
}

describe('flow interpreter on the default ticket flow', () => {
  it('starts at pending assignment, notifying the customer on the way', () => {
    const r = interpret(flow, null, { type: 'start' }, { ticket, now });
    assert.equal(r.state.status, 'pending_assignment');
    assert.deepEqual(r.state.path, ['start', 'intake', 'pending_assignment']);
    assert.deepEqual(
      r.commands.map((c) => c.type),
      ['step', 'enter', 'arm-timeouts'],
    );
    assert.deepEqual(r.commands[0], {
      type: 'step',
      step: { do: 'notify', channel: 'sms', target: 'customer', template: 'ticket_created' },
      at: now,
    });
  });

  it('walks the happy path: assign → accept → resolve → close', () => {
    const r = run([act('assign'), act('accept'), act('resolve'), act('close')]);
    assert.deepEqual(r.statuses, ['pending_assignment', 'pending_acceptance', 'in_progress', 'resolved', 'closed']);
    assert.equal(r.state.ended, true);
  });

  it('sends P1 and refund tickets through review before resolved (decision node)', () => {
    assert.equal(
      run([act('assign'), act('accept'), act('resolve')], { priority: 'P1', finance: { refundAmount: 0 } }).state.status,
      'pending_review',
    );
    assert.equal(
      run([act('assign'), act('accept'), act('resolve')], { priority: 'P3', finance: { refundAmount: 120 } }).state.status,
      'pending_review',
    );
    assert.equal(
      run([act('assign'), act('accept'), act('resolve'), act('start')], { priority: 'P1', finance: { refundAmount: 0 } }).state.status,
      'in_progress',
    );
  });

  it('arms the acceptance timeout when assigned, and follows it when it fires', () => {
    let state = run([]).state;
    const assigned = interpret(flow, state, act('assign'), { ticket, now });
    assert.deepEqual(
      assigned.commands.find((c) => c.type === 'arm-timeouts'),
      { type: 'arm-timeouts', timeouts: [{ edgeId: 'e_accept_timeout', minutes: 30 }] },
    );
    state = assigned.state;
    const fired = interpret(flow, state, { type: 'timeout', edgeId: 'e_accept_timeout' }, { ticket, now });
    assert.equal(fired.state.status, 'pending_reassignment');
    assert.deepEqual(
      fired.commands.filter((c) => c.type === 'step').map((c) => (c as { step: { do: string } }).step.do),
      ['notify', 'assign'],
    );
  });

  it('ignores a timer armed in a state the work has left', () => {
    const accepted = run([act('assign'), act('accept')]).state;
    assert.throws(
      () => interpret(flow, accepted, { type: 'timeout', edgeId: 'e_accept_timeout' }, { ticket, now }),
      (e: FlowRefusal) => e.code === 'stale_timer',
    );
  });

  it('pauses in pending customer and on hold, resuming on the way back', () => {
    const asked = interpret(flow, run([act('assign'), act('accept')]).state, act('request-info', { message: '请提供发票' }), {
      ticket,
      now,
    });
    assert.deepEqual(
      asked.commands.find((c) => c.type === 'enter'),
      { type: 'enter', nodeId: 'pending_customer', status: 'pending_customer', pauseSla: 'waiting_customer', stopSla: ['frt'] },
    );
    const held = interpret(flow, run([act('assign'), act('accept')]).state, act('hold', { reason: 'parts_on_order' }), { ticket, now });
    assert.deepEqual(held.commands[0], { type: 'enter', nodeId: 'on_hold', status: 'on_hold', pauseSla: 'from_action' });
  });

  it('keeps the work in place for self-loops and global actions', () => {
    const inProgress = run([act('assign'), act('accept')]).state;
    const sub = interpret(flow, inProgress, act('set-substatus', { substatus: 'awaiting_parts' }), { ticket, now });
    assert.equal(sub.state, inProgress);
    assert.deepEqual(sub.commands, []);
    const noteAtStart = interpret(flow, run([]).state, act('add-note', { text: 'x' }), { ticket, now });
    assert.equal(noteAtStart.state.status, 'pending_assignment');
  });

  it('refuses actions the current state does not offer, saying what is allowed', () => {
    const state = run([]).state;
    const refusal = actionRefusal(flow, state, 'close', { ticket, now, payload: {}, actor: 'u' });
    assert.equal(refusal?.code, 'not_allowed');
    assert.match(refusal!.message, /'close' is not allowed while the ticket is pending_assignment; allowed now: assign, add-note/);
    assert.throws(() => interpret(flow, state, act('resolve'), { ticket, now }), FlowRefusal);
    const closed = run([act('assign'), act('accept'), act('resolve'), act('close')]).state;
    assert.equal(actionRefusal(flow, closed, 'reopen', { ticket, now, payload: {}, actor: 'u' })?.code, 'ended');
    assert.deepEqual(availableActions(flow, closed, { ticket, now }), []);
  });

  it('reopens within the window (restarting TTR) and closes itself after it', () => {
    const resolved = run([act('assign'), act('accept'), act('resolve')]).state;
    const armed = interpret(flow, run([act('assign'), act('accept')]).state, act('resolve'), { ticket, now }).commands.find(
      (c) => c.type === 'arm-timeouts',
    );
    assert.deepEqual(armed, { type: 'arm-timeouts', timeouts: [{ edgeId: 'e_auto_close', minutes: REOPEN_WINDOW_MINUTES }] });
    const reopened = interpret(flow, resolved, act('reopen', { reason: '又坏了' }), { ticket, now });
    assert.equal(reopened.state.status, 'reopened');
    assert.deepEqual(reopened.commands[0], { type: 'step', step: { do: 'sla', op: 'restart', metric: 'ttr' }, at: now });
    const autoClosed = interpret(flow, resolved, { type: 'timeout', edgeId: 'e_auto_close' }, { ticket, now });
    assert.equal(autoClosed.state.status, 'closed');
    assert.equal(autoClosed.state.ended, true);
  });

  it('evaluates set steps and lets later decisions see the new value', () => {
    const custom = flowDefinitionSchema.parse({
      key: 'set-then-decide',
      kind: 'ticket',
      name: 'set then decide',
      nodes: [
        { id: 'start', type: 'start' },
        { id: 'mark', type: 'action', steps: [{ do: 'set', field: 'vip', value: { '==': [{ var: 'ticket.customerTier' }, 'VIP'] } }] },
        { id: 'route', type: 'decision' },
        { id: 'vip_queue', type: 'state', status: 'pending_assignment' },
        { id: 'normal_queue', type: 'state', status: 'pending_assignment' },
        { id: 'done', type: 'end', status: 'closed' },
      ],
      edges: [
        { id: 'e1', from: 'start', to: 'mark' },
        { id: 'e2', from: 'mark', to: 'route' },
        { id: 'e3', from: 'route', to: 'vip_queue', condition: { var: 'ticket.vip' } },
        { id: 'e4', from: 'route', to: 'normal_queue', default: true },
        { id: 'e5', from: 'vip_queue', to: 'done', on: { action: 'close' } },
        { id: 'e6', from: 'normal_queue', to: 'done', on: { action: 'close' } },
      ],
    });
    const vip = interpret(custom, null, { type: 'start' }, { ticket: { customerTier: 'VIP' }, now });
    assert.equal(vip.state.nodeId, 'vip_queue');
    assert.deepEqual(vip.sets, { vip: true });
    assert.equal(interpret(custom, null, { type: 'start' }, { ticket: { customerTier: 'gold' }, now }).state.nodeId, 'normal_queue');
  });

  it('every action of the default flow is a known ticket action', () => {
    const used = new Set(flow.edges.flatMap((e) => (e.on && 'action' in e.on ? [e.on.action] : [])));
    for (const a of [...used, ...flow.globalActions]) assert.ok((TICKET_ACTIONS as string[]).includes(a), a);
  });
});

describe('flow interpreter: subflows', () => {
  // an RMA whose unit is collected by an on-site visit
  const withVisit = flowDefinitionSchema.parse({
    key: 'rma-onsite-pickup',
    kind: 'rma',
    name: '上门取件',
    nodes: [
      { id: 'start', type: 'start' },
      {
        id: 'collect',
        type: 'subflow',
        status: 'collecting',
        kind: 'visit',
        input: { siteId: { var: 'rma.siteId' } },
        resultVar: 'collection',
      },
      { id: 'inspect', type: 'state', status: 'inspecting' },
      { id: 'failed_notice', type: 'action', steps: [{ do: 'notify', channel: 'sms', target: 'customer', template: 'pickup_failed' }] },
      { id: 'done', type: 'end', status: 'closed' },
      { id: 'cancelled', type: 'end', status: 'cancelled' },
    ],
    edges: [
      { id: 'e1', from: 'start', to: 'collect' },
      { id: 'e_ok', from: 'collect', to: 'inspect', on: { outcome: 'closed' } },
      { id: 'e_other', from: 'collect', to: 'failed_notice', on: { outcome: '*' } },
      { id: 'e_cancel', from: 'collect', to: 'cancelled', on: { action: 'cancel' }, compensate: true },
      { id: 'e_failed', from: 'failed_notice', to: 'cancelled' },
      { id: 'e_close', from: 'inspect', to: 'done', on: { action: 'close' } },
    ],
  });
  const data = { work: { siteId: 'S-1' }, now };

  it('starts the child with its input, waits, keeps its result and branches on its outcome', () => {
    const started = interpret(withVisit, null, { type: 'start' }, data);
    assert.equal(started.state.status, 'collecting');
    assert.deepEqual(started.commands, [
      { type: 'enter', nodeId: 'collect', status: 'collecting' },
      { type: 'arm-timeouts', timeouts: [] },
      { type: 'start-child', childId: 'collect#2', kind: 'visit', input: { siteId: 'S-1' } },
    ]);
    assert.deepEqual(availableActions(withVisit, started.state, data), ['cancel']);
    const ok = interpret(
      withVisit,
      started.state,
      { type: 'child-outcome', childId: 'collect#2', outcome: 'closed', result: { rating: 5 } },
      data,
    );
    assert.equal(ok.state.status, 'inspecting');
    assert.deepEqual(ok.state.vars, { collection: { rating: 5, outcome: 'closed' } });
    assert.deepEqual(ok.state.owed, [], 'a finished child is no longer cancelled by compensation');
    const other = interpret(withVisit, started.state, { type: 'child-outcome', childId: 'collect#2', outcome: 'cancelled' }, data);
    assert.equal(other.state.status, 'cancelled');
    assert.equal(other.commands[0]?.type, 'step');
  });

  it('cancelling the parent cancels the running child; a late outcome is refused as stale', () => {
    const started = interpret(withVisit, null, { type: 'start' }, data).state;
    const cancelled = interpret(withVisit, started, { type: 'action', action: 'cancel', payload: {}, actor: 'user:li' }, data);
    assert.deepEqual(cancelled.commands[0], { type: 'cancel-child', childId: 'collect#2' });
    assert.equal(cancelled.state.status, 'cancelled');
    assert.throws(
      () => interpret(withVisit, started, { type: 'child-outcome', childId: 'collect#9', outcome: 'closed' }, data),
      (e: FlowRefusal) => e.code === 'stale_event',
    );
  });

  it('keeps ticket flow states free of the fields only RMA and visit flows use', () => {
    const r = run([act('assign'), act('accept'), act('resolve'), act('close')]);
    assert.deepEqual(Object.keys(r.state).sort(), ['ended', 'enteredAt', 'nodeId', 'path', 'status']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TICKET_ACTIONS } from '../ticket/ticket-actions';
import { defaultRmaFlow } from './default-rma-flow';
import { defaultTicketFlow } from './default-ticket-flow';
import { validateFlow } from './flow-validation';
import { flowVocabulary } from './flow-vocabulary';

const opts = { knownActions: TICKET_ACTIONS, knownFields: ['priority', 'finance', 'customerTier', 'region', 'channel'] };
const clone = () => structuredClone(defaultTicketFlow) as any;
const problemsOf = (flow: unknown) => {
  const r = validateFlow(flow, opts);
  return r.ok ? [] : r.problems;
};

describe('flow validation', () => {
  it('accepts the default ticket flow', () => {
    assert.deepEqual(problemsOf(defaultTicketFlow), []);
  });

  it('reports schema errors with their path', () => {
    const f = clone();
    f.nodes[2].status = '';
    f.edges.push({ id: 'Bad Id', from: 'start', to: 'closed' });
    const paths = problemsOf(f).map((p) => p.path);
    assert.ok(paths.includes('nodes[2].status'), paths.join());
    assert.ok(paths.includes(`edges[${f.edges.length - 1}].id`), paths.join());
  });

  it('finds unreachable nodes, dead ends and edges to nowhere', () => {
    const f = clone();
    f.nodes.push({ id: 'orphan', type: 'state', status: 'on_hold' });
    f.edges.push({ id: 'e_orphan', from: 'orphan', to: 'closed', on: { action: 'close' } });
    assert.match(
      problemsOf(f)
        .map((p) => p.message)
        .join('\n'),
      /node 'orphan' cannot be reached/,
    );

    const g = clone();
    g.nodes.push({ id: 'trap', type: 'state', status: 'on_hold' }, { id: 'trap2', type: 'state', status: 'on_hold' });
    g.edges.push({ id: 'e_to_trap', from: 'in_progress', to: 'trap', on: { action: 'hold' }, condition: { '==': [1, 1] } });
    g.edges.push(
      { id: 'e_trap', from: 'trap', to: 'trap2', on: { action: 'resume' } },
      { id: 'e_trap2', from: 'trap2', to: 'trap', on: { action: 'resume' } },
    );
    assert.match(
      problemsOf(g)
        .map((p) => p.message)
        .join('\n'),
      /dead end: no path from 'trap' leads to an end/,
    );

    const h = clone();
    h.edges.push({ id: 'e_ghost', from: 'in_progress', to: 'ghost', on: { action: 'close' } });
    assert.deepEqual(
      problemsOf(h).find((p) => p.edgeId === 'e_ghost'),
      { path: `edges[${h.edges.length - 1}].to`, message: "no node 'ghost'", edgeId: 'e_ghost' },
    );
  });

  it('requires exactly one default on a decision, and conditions on the others', () => {
    const f = clone();
    f.edges.find((e: any) => e.id === 'e_no_review').default = false;
    const msgs = problemsOf(f).map((p) => p.message);
    assert.ok(
      msgs.some((m) => /exactly one default edge \(found 0\)/.test(m)),
      msgs.join('\n'),
    );
    assert.ok(msgs.some((m) => /needs a condition/.test(m)));
  });

  it('checks conditions: unknown operations and variables, with the path at fault', () => {
    const f = clone();
    const e = f.edges.find((x: any) => x.id === 'e_review_needed');
    e.condition = { and: [{ '==': [{ var: 'ticket.priorty' }, 'P1'] }, { regex: ['a', 'b'] }] };
    const idx = f.edges.indexOf(e);
    const ps = problemsOf(f);
    assert.deepEqual(
      ps.map((p) => [p.path, p.message]),
      [
        [`edges[${idx}].condition.and[0].==[0].var`, "unknown variable 'ticket.priorty'"],
        [`edges[${idx}].condition.and[1].regex`, "unknown operation 'regex'"],
      ],
    );
  });

  it('refuses unknown actions, ambiguous edges, state edges without a trigger and self-loops off states', () => {
    const f = clone();
    f.edges.push({ id: 'e_fly', from: 'in_progress', to: 'resolved', on: { action: 'fly' } });
    f.edges.push({ id: 'e_close2', from: 'resolved', to: 'closed', on: { action: 'close' } });
    f.edges.push({ id: 'e_silent', from: 'on_hold', to: 'in_progress' });
    f.edges.push({ id: 'e_loop', from: 'needs_review', to: 'needs_review', condition: true });
    const msgs = problemsOf(f).map((p) => p.message);
    assert.ok(msgs.includes("unknown action 'fly'"), msgs.join('\n'));
    assert.ok(msgs.some((m) => /action 'close' has 2 unconditional edges/.test(m)));
    assert.ok(msgs.includes('an edge leaving a state needs an action or a timeout'));
    assert.ok(msgs.includes('only a state may loop back to itself'));
  });

  it('refuses loops made only of decisions and actions', () => {
    const f = clone();
    f.nodes.push({ id: 'a1', type: 'action', steps: [{ do: 'escalate' }] }, { id: 'd1', type: 'decision' });
    f.edges.push(
      { id: 'e_a1', from: 'in_progress', to: 'a1', on: { action: 'escalate' }, condition: { '==': [1, 2] } },
      { id: 'e_a1_d1', from: 'a1', to: 'd1' },
      { id: 'e_d1_a1', from: 'd1', to: 'a1', default: true },
      { id: 'e_d1_out', from: 'd1', to: 'resolved', condition: { '==': [1, 1] } },
    );
    assert.match(
      problemsOf(f)
        .map((p) => p.message)
        .join('\n'),
      /loop without a waiting state: .*a1 → d1 → a1/,
    );
  });
});

describe('flow validation of approvals, calls, subflows, compensation and params', () => {
  const rmaOpts = flowVocabulary('rma');
  const rmaClone = () => structuredClone(defaultRmaFlow) as any;
  const rmaProblems = (flow: unknown, o = rmaOpts) => {
    const r = validateFlow(flow, o);
    return r.ok ? [] : r.problems;
  };
  const node = (f: any, id: string) => f.nodes.find((n: any) => n.id === id);
  const indexOf = (f: any, id: string) => f.nodes.findIndex((n: any) => n.id === id);

  it('refuses thresholds that do not rise, a first level above 0, and params that are missing or not numbers', () => {
    const f = rmaClone();
    const approval = node(f, 'approval');
    approval.levels[0].minAmount = 10;
    approval.levels[2].minAmount = 500; // below QA's 1000
    approval.autoApproveBelow = { param: 'nope' };
    f.params.qaApprovalFrom = 'a lot';
    const at = `nodes[${indexOf(f, 'approval')}]`;
    assert.deepEqual(
      rmaProblems(f).map((p) => [p.path, p.message]),
      [
        [`${at}.levels[0].minAmount`, 'the first level approves every amount: its minAmount is 0'],
        [`${at}.levels[1].minAmount.param`, "param 'qaApprovalFrom' is not a number ≥ 0"],
        [`${at}.autoApproveBelow.param`, "no flow param 'nope'"],
      ],
    );
    const g = rmaClone();
    node(g, 'approval').levels[2].minAmount = 1000; // equal to QA's
    assert.deepEqual(
      rmaProblems(g).map((p) => p.message),
      ["thresholds rise level by level: 1000 is not above the previous level's 1000"],
    );
    const h = rmaClone();
    node(h, 'approval').levels[1].minAmount = -5;
    assert.ok(rmaProblems(h).some((p) => p.path === `${at}.levels[1].minAmount`));
  });

  it('refuses an approval without a rejected edge, with approve/reject as action edges, or in a flow without those actions', () => {
    const f = rmaClone();
    f.edges = f.edges.filter((e: any) => e.id !== 'e_rejected');
    f.edges.push({ id: 'e_approve_action', from: 'approval', to: 'reverse_logistics', on: { action: 'approve' } });
    const msgs = rmaProblems(f).map((p) => p.message);
    assert.ok(msgs.includes("an approval needs exactly one edge on outcome 'rejected' (found 0)"), msgs.join('\n'));
    assert.ok(msgs.includes("an approval answers 'approve' itself: use outcome edges"), msgs.join('\n'));

    const t = clone();
    t.nodes.push({
      id: 'ok',
      type: 'approval',
      status: 'pending_review',
      amountVar: 'ticket.finance.refundAmount',
      levels: [{ id: 'l1', minAmount: 0, role: 'finance' }],
    });
    t.edges.push(
      { id: 'e_to_ok', from: 'pending_review', to: 'ok', on: { action: 'escalate' } },
      { id: 'e_ok_yes', from: 'ok', to: 'resolved', on: { outcome: 'approved' } },
      { id: 'e_ok_no', from: 'ok', to: 'in_progress', on: { outcome: 'rejected' } },
    );
    // ticket flows have approve / reject since tickets take approvals; a vocabulary without them refuses the node
    assert.deepEqual(problemsOf(t), []);
    // outside an approval node nobody would check the approver's role
    const loose = clone();
    loose.edges.push({ id: 'e_loose', from: 'pending_review', to: 'resolved', on: { action: 'approve' } });
    assert.ok(
      problemsOf(loose).some((p) => p.edgeId === 'e_loose' && /answers approval nodes only/.test(p.message)),
      JSON.stringify(problemsOf(loose)),
    );
    const without = validateFlow(t, { ...opts, knownActions: TICKET_ACTIONS.filter((a) => a !== 'approve' && a !== 'reject') });
    assert.ok(
      !without.ok && without.problems.some((p) => p.message === "approvals need the action 'approve', which ticket flows do not have"),
      JSON.stringify(without),
    );
  });

  it('refuses a notify step or an approval naming an unknown template, when the templates are known', () => {
    const t = clone();
    const i = t.nodes.findIndex((n: any) => n.type === 'action');
    t.nodes[i].steps = [{ do: 'notify', channel: 'sms', target: 'customer', template: 'no_such_template' }];
    assert.deepEqual(problemsOf(t), [], 'not checked without a template list');
    const r = validateFlow(t, { ...opts, knownTemplates: flowVocabulary('ticket').knownTemplates });
    assert.ok(!r.ok);
    assert.deepEqual(
      r.problems.map((p) => [p.path, p.nodeId, p.message]),
      [[`nodes[${i}].steps[0].template`, t.nodes[i].id, "unknown notification template 'no_such_template'"]],
    );
  });

  it('refuses unknown activities, calls on edges, calls without a failed edge, and undeclared vars', () => {
    const f = rmaClone();
    node(f, 'check_eligibility').steps[0].activity = 'oms.check-eligibilty';
    f.edges.find((e: any) => e.id === 'e_picked_up').steps = [{ do: 'call', activity: 'oms.write-back' }];
    f.edges = f.edges.filter((e: any) => e.id !== 'e_refund_failed');
    f.edges.find((e: any) => e.id === 'e_eligible').condition = { '==': [{ var: 'vars.eligibilty.eligible' }, true] };
    const ps = rmaProblems(f);
    const i = indexOf(f, 'check_eligibility');
    assert.ok(
      ps.some((p) => p.path === `nodes[${i}].steps[0].activity` && p.message === "unknown activity 'oms.check-eligibilty'"),
      JSON.stringify(ps),
    );
    assert.ok(ps.some((p) => p.edgeId === 'e_picked_up' && p.message === 'a call waits for its result: put it in an action node'));
    assert.ok(ps.some((p) => p.nodeId === 'refund' && /exactly one edge on outcome 'failed'/.test(p.message)));
    assert.ok(ps.some((p) => p.message === "unknown variable 'vars.eligibilty.eligible'"));
    // a flow of a kind whose shell runs no activities may not call any
    const t = clone();
    t.nodes.find((n: any) => n.id === 'intake').steps.push({ do: 'call', activity: 'oms.check-eligibility' });
    assert.ok(problemsOf(t).some((p) => p.message === "unknown activity 'oms.check-eligibility'"));
  });

  it('refuses compensation that refers to nothing', () => {
    const f = rmaClone();
    f.edges.find((e: any) => e.id === 'e_in_transit_cancel').compensate = ['intake', 'ghost'];
    const idx = f.edges.findIndex((e: any) => e.id === 'e_in_transit_cancel');
    assert.deepEqual(
      rmaProblems(f).map((p) => [p.path, p.message]),
      [
        [`edges[${idx}].compensate[0]`, "node 'intake' declares no compensation: there is nothing to undo"],
        [`edges[${idx}].compensate[1]`, "no node 'ghost' to compensate"],
      ],
    );
    const t = clone();
    t.edges.find((e: any) => e.id === 'e_close').compensate = true;
    assert.ok(problemsOf(t).some((p) => p.message === 'nothing in this flow declares a compensation'));
  });

  it('refuses a timeout on a param that is missing or not positive', () => {
    const f = rmaClone();
    delete f.params.parcelTimeoutDays;
    f.params.pickupTimeoutDays = 0;
    const msgs = rmaProblems(f).map((p) => [p.edgeId, p.message]);
    assert.deepEqual(msgs, [
      ['e_pickup_timeout', "param 'pickupTimeoutDays' is not a positive number"],
      ['e_parcel_timeout', "no flow param 'parcelTimeoutDays'"],
    ]);
  });

  it('checks subflows: a kind the flow may start and an edge for any outcome', () => {
    const f = rmaClone();
    f.nodes.push({
      id: 'onsite_pickup',
      type: 'subflow',
      status: 'awaiting_pickup',
      kind: 'ticket',
      input: { siteId: { var: 'rma.nope' } },
    });
    f.edges.push(
      { id: 'e_to_sub', from: 'awaiting_pickup', to: 'onsite_pickup', on: { action: 'picked-up' }, condition: { '==': [1, 2] } },
      { id: 'e_sub_done', from: 'onsite_pickup', to: 'in_transit', on: { outcome: 'closed' } },
    );
    const msgs = rmaProblems(f).map((p) => p.message);
    assert.ok(msgs.includes('rma flows cannot start a ticket flow'), msgs.join('\n'));
    assert.ok(msgs.includes("a subflow needs exactly one edge on outcome '*' (any outcome the other edges do not name)"));
    assert.ok(msgs.includes("unknown variable 'rma.nope'"));
  });
});

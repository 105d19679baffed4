// Ticket flows with approvals, the flow a new ticket runs (POST /tickets flowKey), and a flow whose
// message has no template: refused at publish, and harmless to a ticket whose flow was published
// before that check.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { issueToken } from '../api/auth/api-tokens';
import { eventually, Harness, seedTicket } from './support/harness';

const suffix = randomUUID().slice(0, 8);
const APPROVAL_FLOW = `ticket-approval-${suffix}`;

/** start → approval by amount (team lead; a manager from 5000; auto below 100) → in progress → resolved → closed; rejected → closed. */
type Json = Record<string, unknown>;
function approvalFlow(key: string): { key: string; nodes: Json[]; edges: Json[] } & Json {
  return {
    key,
    kind: 'ticket',
    name: '工单审批测试流程',
    globalActions: ['add-note'],
    nodes: [
      { id: 'start', type: 'start' },
      {
        id: 'approval',
        type: 'approval',
        label: '费用审批',
        status: 'pending_review',
        amountVar: 'ticket.amount',
        autoApproveBelow: 100,
        levels: [
          { id: 'team_lead', label: '班组长', minAmount: 0, role: 'team_lead' },
          { id: 'manager', label: '经理', minAmount: 5000, role: 'admin' },
        ],
      },
      { id: 'work', type: 'state', status: 'in_progress' },
      { id: 'resolved', type: 'state', status: 'resolved' },
      { id: 'end', type: 'end', status: 'closed' },
      { id: 'refused', type: 'end', status: 'closed' },
    ],
    edges: [
      { id: 'e_start', from: 'start', to: 'approval' },
      { id: 'e_approved', from: 'approval', to: 'work', on: { outcome: 'approved' } },
      {
        id: 'e_rejected',
        from: 'approval',
        to: 'refused',
        on: { outcome: 'rejected' },
        steps: [{ do: 'notify', channel: 'sms', target: 'customer', template: 'ticket_resolved' }],
      },
      { id: 'e_resolve', from: 'work', to: 'resolved', on: { action: 'resolve' } },
      { id: 'e_close', from: 'resolved', to: 'end', on: { action: 'close' } },
    ],
  };
}

describe('approvals in ticket flows, the flow of a new ticket, unknown templates', () => {
  let h: Harness;
  let lead: Record<string, string>;
  let agent: Record<string, string>;

  const publish = async (definition: unknown) => {
    const key = (definition as { key: string }).key;
    const saved = await h.request('PUT', `/api/v1/flows/${key}/draft`, definition);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    return h.request('POST', `/api/v1/flows/${key}/publish`, { message: '测试发布' });
  };
  const create = async (body: Record<string, unknown>) => {
    const r = await h.request('POST', '/api/v1/tickets', body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as { ticketId: string; status: string; flow: { key: string }; approval?: unknown; availableActions: string[] };
  };
  const act = (ticketId: string, action: string, body: unknown, headers: Record<string, string> = {}) =>
    h.request('POST', `/api/v1/tickets/${ticketId}/actions/${action}`, body, headers);
  const events = async (ticketId: string, until: (types: string[]) => boolean) =>
    (
      await eventually(
        () => h.request('GET', `/api/v1/tickets/${ticketId}/events`),
        (r) => r.status === 200 && until(r.body.items.map((e: { type: string }) => e.type)),
      )
    ).body.items as { type: string; actor: string; payload: Record<string, unknown> }[];

  before(async () => {
    h = await Harness.start({ worker: 'in-process' });
    const token = async (role: string) =>
      (await issueToken(h.dataSource, { name: `approvals-${role}-${h.taskQueue}`, roles: [role as never], actor: 'test' })).token;
    lead = { authorization: `Bearer ${await token('team_lead')}` };
    agent = { authorization: `Bearer ${await token('agent')}` };
    const published = await publish(approvalFlow(APPROVAL_FLOW));
    assert.equal(published.status, 200, JSON.stringify(published.body));
  });
  after(async () => {
    await h.stop();
  });

  it('asks the team lead, refuses the wrong role, and goes on once the team lead approves', async () => {
    const t = await create({ ...seedTicket(), amount: 800, flowKey: APPROVAL_FLOW });
    assert.equal(t.flow.key, APPROVAL_FLOW);
    assert.equal(t.status, 'pending_review');
    assert.deepEqual(t.approval, {
      nodeId: 'approval',
      amount: 800,
      required: [{ levelId: 'team_lead', role: 'team_lead' }],
      approvedBy: [],
    });
    assert.ok(t.availableActions.includes('approve') && t.availableActions.includes('reject'), JSON.stringify(t.availableActions));

    // an agent holds tickets:act but not the level's role
    const wrong = await act(t.ticketId, 'approve', {}, agent);
    assert.equal(wrong.status, 409, JSON.stringify(wrong.body));
    assert.match(wrong.body.detail, /needs the role 'team_lead'/);
    assert.ok(wrong.body.allowedActions.includes('approve'), JSON.stringify(wrong.body));
    const badPayload = await act(t.ticketId, 'approve', { comment: 'ok', extra: 1 }, lead);
    assert.equal(badPayload.status, 422);

    const approved = await act(t.ticketId, 'approve', { comment: '同意' }, lead);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.status, 'in_progress');
    assert.equal(approved.body.flow.nodeId, 'work');
    assert.equal(approved.body.approval, null);
    assert.deepEqual(approved.body.flow.path, ['start', 'approval', 'work']);

    // not awaiting an approval any more: 409 naming what the ticket accepts now
    const again = await act(t.ticketId, 'approve', {}, lead);
    assert.equal(again.status, 409);
    assert.deepEqual([...again.body.allowedActions].sort(), ['add-note', 'resolve']);

    const trail = await events(t.ticketId, (types) => types.includes('ticket.approval-decided'));
    const requested = trail.find((e) => e.type === 'ticket.approval-requested');
    assert.deepEqual(
      { levelId: requested?.payload.levelId, role: requested?.payload.role, amount: requested?.payload.amount, of: requested?.payload.of },
      { levelId: 'team_lead', role: 'team_lead', amount: 800, of: 1 },
    );
    const decided = trail.find((e) => e.type === 'ticket.approval-decided');
    assert.equal(decided?.payload.decision, 'approved');
    assert.equal(decided?.payload.comment, '同意');
    assert.match(decided!.actor, /^token:approvals-team_lead/);
    assert.ok(trail.some((e) => e.type === 'ticket.approve'));
    const row = await eventually(
      () => h.dataSource.query(`SELECT flow_key, status FROM tickets WHERE ticket_id = $1`, [t.ticketId]),
      (rows: { status: string; flow_key: string }[]) => rows[0]?.status === 'in_progress',
    );
    assert.equal(row[0]?.flow_key, APPROVAL_FLOW);
  });

  it('asks a second level from its amount, and a rejection takes the rejected edge', async () => {
    const t = await create({ ...seedTicket(), amount: 8000, flowKey: APPROVAL_FLOW });
    assert.deepEqual(
      (t.approval as { required: { levelId: string }[] }).required.map((l) => l.levelId),
      ['team_lead', 'manager'],
    );
    const first = await act(t.ticketId, 'approve', {}, lead);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.status, 'pending_review');
    assert.deepEqual(first.body.approval.approvedBy.length, 1);
    // the team lead cannot decide the manager's level
    assert.equal((await act(t.ticketId, 'reject', { comment: '超出权限' }, lead)).status, 409);
    const rejected = await act(t.ticketId, 'reject', { comment: '金额过高' }); // the admin token
    assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
    assert.equal(rejected.body.status, 'closed');
    assert.equal(rejected.body.flow.nodeId, 'refused');
    const trail = await events(t.ticketId, (types) => types.filter((x) => x === 'ticket.approval-decided').length === 2);
    assert.deepEqual(
      trail.filter((e) => e.type === 'ticket.approval-decided').map((e) => [e.payload.levelId, e.payload.decision]),
      [
        ['team_lead', 'approved'],
        ['manager', 'rejected'],
      ],
    );
  });

  it('auto-approves below the threshold; approve is refused where no approval is asked', async () => {
    const t = await create({ ...seedTicket(), amount: 50, flowKey: APPROVAL_FLOW });
    assert.equal(t.status, 'in_progress');
    const trail = await events(t.ticketId, (types) => types.includes('ticket.approval-decided'));
    assert.equal(trail.find((e) => e.type === 'ticket.approval-decided')?.payload.decision, 'auto-approved');
  });

  it('runs ticket-default without a flowKey, and refuses a flowKey that names no published ticket flow', async () => {
    const t = await create(seedTicket());
    assert.equal(t.flow.key, 'ticket-default');
    assert.equal(t.approval, undefined, 'tickets never at an approval keep their shape');
    const refused = await act(t.ticketId, 'approve', {}, lead);
    assert.equal(refused.status, 409);
    assert.ok(Array.isArray(refused.body.allowedActions) && refused.body.allowedActions.includes('assign'), JSON.stringify(refused.body));

    for (const flowKey of ['no-such-flow', 'rma-default']) {
      const r = await h.request('POST', '/api/v1/tickets', { ...seedTicket(), flowKey });
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.equal(r.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.deepEqual(
        r.body.errors.map((e: { field: string }) => e.field),
        ['flowKey'],
      );
    }
    const bad = await h.request('POST', '/api/v1/tickets', { ...seedTicket(), amount: -1 });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].field, 'amount');
  });

  it('refuses to publish a flow naming an unknown template, naming the node', async () => {
    const def = approvalFlow(`ticket-badtpl-${suffix}`);
    def.nodes.splice(2, 0, {
      id: 'tell',
      type: 'action',
      steps: [{ do: 'notify', channel: 'sms', target: 'customer', template: 'no_such_template' }],
    });
    def.edges = def.edges.map((e) => (e.id === 'e_approved' ? { ...e, to: 'tell' } : e));
    def.edges.push({ id: 'e_told', from: 'tell', to: 'work' });
    const refused = await publish(def);
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.equal(refused.body.code, 'invalid_flow');
    const checked = await h.request('POST', '/api/v1/flows/validate', def);
    const problem = checked.body.problems.find((p: { message: string }) => /no_such_template/.test(p.message));
    assert.ok(problem, JSON.stringify(checked.body));
    assert.equal(problem.nodeId, 'tell');
    assert.equal(problem.path, 'nodes[2].steps[0].template');
    assert.ok(
      refused.body.errors.some((e: { field: string; message: string }) => /nodes\[2\]/.test(e.field) && /no_such_template/.test(e.message)),
      JSON.stringify(refused.body.errors),
    );
  });

  it('creates a ticket whose flow, published before the template check, sends a message that has no template', async () => {
    const key = `ticket-oldtpl-${suffix}`;
    const def = approvalFlow(key);
    // the flow starts by telling the customer with a template that does not exist
    def.edges = def.edges.map((e) =>
      e.id === 'e_start' ? { ...e, steps: [{ do: 'notify', channel: 'sms', target: 'customer', template: 'no_such_template' }] } : e,
    );
    const saved = await h.request('PUT', `/api/v1/flows/${key}/draft`, def);
    assert.equal(saved.status, 200);
    assert.ok(saved.body.problems.length > 0, 'today the check finds it');
    // as if published before the check existed
    await h.dataSource.query(
      `UPDATE flow_versions SET status = 'published', published_at = now() WHERE flow_key = $1 AND status = 'draft'`,
      [key],
    );
    const t = await create({ ...seedTicket(), amount: 50, flowKey: key });
    assert.equal(t.status, 'in_progress');
    // the workflow goes on taking actions
    const note = await act(t.ticketId, 'add-note', { text: '已联系客户' });
    assert.equal(note.status, 200, JSON.stringify(note.body));
    const resolved = await act(t.ticketId, 'resolve', { resolution: '已处理' });
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    // the message was refused before anything was logged or sent
    const sent = await h.dataSource.query(`SELECT 1 FROM notifications WHERE ticket_id = $1 AND template = 'no_such_template'`, [
      t.ticketId,
    ]);
    assert.equal(sent.length, 0);
  });
});

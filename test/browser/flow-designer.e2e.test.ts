// The flow designer end to end (issue 7): an admin signs in, builds a new ticket flow from the
// palette on the canvas (a decision on priority and region, a notification, an approval by a team
// lead), sees the live check fail and fixes it, simulates a P1 ticket from 华北 through the approval
// with the interpreter in the browser, and publishes. A ticket created over the API afterwards runs
// the new version along the simulated path, a team lead's token approving it; a ticket started
// before stays on the old version.
// The test rolls ticket-default back to its earlier content in the UI (and, if anything failed,
// through the API) so later test files start tickets on the flow they expect.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { issueToken } from '../../api/auth/api-tokens';
import { eventually, seedTicket } from '../support/harness';
import { BrowserSuite } from './browser-support';

const KEY = 'ticket-default';
const README_SHOT = fileURLToPath(new URL('../../designer-ui/screenshots/flow-designer.png', import.meta.url));

let ui: BrowserSuite;
let originalVersion: number;
let originalDefinition: unknown;

const api = async (method: string, url: string, body?: unknown, headers?: Record<string, string>) => {
  const r = await ui.harness.request(method, url, body, headers);
  assert.ok(r.status < 300, `${method} ${url} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

/** Where a ticket's flow has it (version, node, path), once its workflow has started. */
const ticketFlow = (ticketId: string) =>
  eventually(
    () => ui.harness.request('GET', `/api/v1/tickets/${ticketId}/flow`),
    (r) => r.status === 200,
  ).then((r) => {
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as { flowKey: string; version: number; nodeId: string; path: string[]; status: string };
  });

before(async () => {
  ui = await BrowserSuite.start();
  const versions = (await api('GET', `/api/v1/flows/${KEY}/versions`)).items as { version: number; status: string }[];
  originalVersion = Math.max(...versions.filter((v) => v.status === 'published').map((v) => v.version));
  originalDefinition = (await api('GET', `/api/v1/flows/${KEY}/versions/${originalVersion}`)).definition;
  // a draft another test left open would be shown instead of the published version
  if (versions.some((v) => v.status === 'draft')) await api('DELETE', `/api/v1/flows/${KEY}/draft`, undefined, { 'If-Match': '*' });
});

after(async () => {
  if (!ui) return;
  // whatever happened, new tickets of later test files run the flow they ran before this test
  const versions = (await ui.harness.request('GET', `/api/v1/flows/${KEY}/versions`)).body.items as { version: number; status: string }[];
  const latest = Math.max(...versions.filter((v) => v.status === 'published').map((v) => v.version));
  const current = (await ui.harness.request('GET', `/api/v1/flows/${KEY}/versions/${latest}`)).body.definition;
  if (JSON.stringify(current) !== JSON.stringify(originalDefinition))
    await ui.harness.request('POST', `/api/v1/flows/${KEY}/versions/${originalVersion}/republish`, {
      message: 'test clean-up: restore the ticket flow',
    });
  if (versions.some((v) => v.status === 'draft'))
    await ui.harness.request('DELETE', `/api/v1/flows/${KEY}/draft`, undefined, { 'If-Match': '*' });
  assert.deepEqual(ui.pageErrors, [], 'no uncaught errors in the page');
  await ui.stop();
});

const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const handle = (page: Page, id: string, handleId: string) => node(page, id).locator(`.react-flow__handle[data-handleid="${handleId}"]`);

async function centre(l: Locator) {
  const b = await l.boundingBox();
  assert.ok(b, 'element on screen');
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Draws an edge on the canvas: press on the source port, move to the target's input, release. */
async function connect(page: Page, from: string, to: string, port = 'out') {
  const a = await centre(handle(page, from, port));
  const b = await centre(handle(page, to, 'in'));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
}

/** Drags a node type from the palette onto the canvas at (x, y) relative to the canvas. */
async function drop(page: Page, type: string, x: number, y: number) {
  await page.locator(`[data-palette="${type}"]`).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
}

async function fillAndCommit(l: Locator, value: string) {
  await l.fill(value);
  await l.press('Enter');
}

const inspector = (page: Page) => page.locator('.fd-side-body');

let current: Page | null = null;

test('an admin builds, checks, simulates and publishes a ticket flow; new tickets run it, earlier ones keep theirs', async () => {
  try {
    await designerScenario();
  } catch (err) {
    if (current) await ui.screenshot(current, 'flow-designer-failure').catch(() => {});
    throw err;
  }
});

async function designerScenario() {
  // a ticket started on the flow as it is now
  const earlier = (
    await api('POST', '/api/v1/tickets', seedTicket({ priority: 'P1', region: '华北' }), {
      'Idempotency-Key': `fd-e2e-early-${Date.now()}`,
    })
  ).ticketId as string;
  const earlierFlow = await ticketFlow(earlier);
  assert.equal(earlierFlow.version, originalVersion);

  const page = await ui.signIn('#/flows');
  current = page;
  page.on('dialog', (d) => void d.accept(d.type() === 'prompt' ? '回滚：恢复原流程' : undefined));

  // the list: ticket flows with their published version and running tickets
  const row = page.locator(`tr[data-flow="${KEY}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(`v${originalVersion}`));
  await row.getByRole('link', { name: '打开' }).click();

  // the published version is read-only; a draft is started from it
  await page.getByRole('button', { name: '以此版本新建草稿' }).click();
  await page.locator('.fd-editor[data-mode="draft"]').waitFor();

  // a new flow from scratch: clear the canvas, reset the zoom, and build from the palette
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await assert.doesNotReject(page.locator('.react-flow__node').first().waitFor({ state: 'detached' }));
  // undo brings it all back, redo clears it again: a real history
  await page.keyboard.press('Control+z');
  await node(page, 'intake').waitFor();
  await page.keyboard.press('Control+Shift+z');
  await node(page, 'intake').waitFor({ state: 'detached' });
  await page.keyboard.press('Shift+0');

  const grid = { col: [100, 310, 520], row: [70, 230, 390] }; // clear of the mini-map in the corner
  await drop(page, 'start', grid.col[0]!, grid.row[0]!);
  await drop(page, 'decision', grid.col[1]!, grid.row[0]!);
  await drop(page, 'action', grid.col[2]!, grid.row[0]!);
  await drop(page, 'state', grid.col[1]!, grid.row[1]!);
  await drop(page, 'state', grid.col[2]!, grid.row[1]!);
  await drop(page, 'state', grid.col[2]!, grid.row[2]!);
  await drop(page, 'end', grid.col[1]!, grid.row[2]!);
  await drop(page, 'approval', grid.col[0]!, grid.row[1]!);
  assert.equal(await page.locator('.react-flow__node').count(), 8);

  // name the nodes in the side panel
  const setNode = async (id: string, fields: Record<string, string>) => {
    await page.locator('[data-tab="inspector"]').click();
    await node(page, id).click({ position: { x: 20, y: 12 } });
    for (const [name, value] of Object.entries(fields)) await fillAndCommit(inspector(page).locator(`input[name="${name}"]`), value);
  };
  await setNode('start', { label: '受理' });
  await setNode('decision', { label: '重大客户？' });
  await setNode('state', { label: '待分配', status: 'pending_assignment' });
  await setNode('state_2', { label: '处理中', status: 'in_progress' });
  await setNode('state_3', { label: '已解决', status: 'resolved' });
  await setNode('end', { label: '已关闭' });
  // the approval: a ticket's claim amount, approved by a team lead (the palette's ticket defaults)
  await setNode('approval', { label: '费用审批' });
  await inspector(page).locator('.fd-form[data-form="node-approval"]').waitFor();
  assert.equal(await inspector(page).locator('select[name="amountVar"]').inputValue(), 'ticket.amount');
  assert.equal(await page.locator('.fd-levels tr[data-level]').count(), 1);
  // the action node notifies the key-account team
  await node(page, 'action').click({ position: { x: 20, y: 12 } });
  await fillAndCommit(inspector(page).locator('input[name="label"]'), '通知大客户组');
  await inspector(page).locator('select[name="template"]').selectOption('ticket_escalated');

  // copy and paste a node (a new id), then undo the paste
  await node(page, 'state_3').click({ position: { x: 20, y: 12 } });
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await node(page, 'state_3_2').waitFor();
  assert.equal(await page.locator('.react-flow__node').count(), 9);
  await page.keyboard.press('Control+z');
  await node(page, 'state_3_2').waitFor({ state: 'detached' });

  // connect; the first branch of a decision becomes its default
  await connect(page, 'start', 'decision');
  await connect(page, 'decision', 'state');
  await page.locator('.fd-form[data-form="edge"]').waitFor();
  assert.equal(await inspector(page).getByLabel('默认分支').isChecked(), true);
  await connect(page, 'decision', 'action');
  await connect(page, 'action', 'state');

  // an end node has no port to leave by; refused on drop: a self-loop on a decision, a second edge out of the start
  assert.equal(await node(page, 'end').locator('.react-flow__handle.source').count(), 0);
  await connect(page, 'decision', 'decision');
  await page.getByRole('status').filter({ hasText: '只有状态节点可以连回自身' }).waitFor();
  assert.equal(await page.locator('.react-flow__edge').count(), 4);
  await connect(page, 'start', 'state_2');
  await page.getByRole('status').filter({ hasText: '开始节点只能有一条出线' }).waitFor();
  assert.equal(await page.locator('.react-flow__edge').count(), 4);

  // states leave by actions
  const actionEdge = async (from: string, to: string, action: string) => {
    await connect(page, from, to);
    const form = page.locator('.fd-form[data-form="edge"]');
    await form.locator('select[name="trigger"]').selectOption('action');
    await form.locator('select[name="action"]').selectOption(action);
  };
  // assigned, the work waits for the team lead's approval; approved it is worked on, rejected it goes back to the queue
  await actionEdge('state', 'approval', 'assign');
  await connect(page, 'approval', 'state_2', 'approved');
  await connect(page, 'approval', 'state', 'rejected');
  await actionEdge('state_2', 'state_3', 'resolve');
  await actionEdge('state_3', 'end', 'close');

  // the live check: the decision's second branch has no condition, so publishing is blocked
  const editor = page.locator('.fd-editor');
  await page.locator('[data-tab="problems"]').click();
  await page.locator('.fd-problem-list').getByText('a decision edge needs a condition').waitFor();
  assert.equal(await editor.getAttribute('data-problems'), '1');
  assert.equal(await page.locator('[data-action="publish"]').isDisabled(), true);
  await page
    .locator('.react-flow__node.has-problem[data-id="decision"], .react-flow__node[data-id="decision"] .fd-node.has-problem')
    .first()
    .waitFor();
  await ui.screenshot(page, 'flow-designer-problem');

  // fix it: P1 tickets from 华北 take the branch, written in the condition builder's JSON-Logic view
  await page.locator('.fd-problem-list button', { hasText: 'e_decision_action' }).click();
  const edgeForm = page.locator('.fd-form[data-form="edge"]');
  await edgeForm.getByRole('tab', { name: 'JSON-Logic' }).click();
  await edgeForm
    .getByRole('textbox', { name: 'JSON-Logic' })
    .fill(JSON.stringify({ and: [{ '==': [{ var: 'ticket.priority' }, 'P1'] }, { '==': [{ var: 'ticket.region' }, '华北'] }] }));
  await page.locator('.fd-editor[data-problems="0"]').waitFor();
  await page.locator('[data-tab="problems"]').click();
  await page.getByText('检查通过：可以发布。').waitFor();
  await page.getByRole('button', { name: '服务器校验' }).click();
  await page.locator('[data-server-check="ok"]').waitFor();

  // tidy the drawing and let the autosave catch up (a debounced PUT with If-Match)
  await page.getByRole('button', { name: '自动布局' }).click();
  const draft = await eventually(
    () => api('GET', `/api/v1/flows/${KEY}/draft`),
    (d) => d.definition.edges.length === 9 && d.definition.edges.some((e: { condition?: unknown }) => e.condition !== undefined),
  );
  assert.equal(draft.definition.nodes.length, 8);
  const outcomes = draft.definition.edges
    .filter((e: { from: string }) => e.from === 'approval')
    .map((e: { to: string; on: { outcome: string } }) => `${e.on.outcome}→${e.to}`)
    .sort();
  assert.deepEqual(outcomes, ['approved→state_2', 'rejected→state']);
  assert.deepEqual(draft.problems, []);
  await page.locator('.fd-editor[data-save="saved"]').waitFor();

  // a second admin saves the draft meanwhile: the next autosave gets a conflict, not a silent overwrite
  const theirs = await ui.harness.request('GET', `/api/v1/flows/${KEY}/draft`);
  const saved = await api(
    'PUT',
    `/api/v1/flows/${KEY}/draft`,
    { ...theirs.body.definition, name: '工单流程（大客户优先）' },
    { 'If-Match': theirs.headers.get('etag')! },
  );
  await setNode('end', { label: '关闭' });
  await page.locator('.fd-editor[data-save="conflict"]').waitFor();
  const banner = page.getByRole('alert').filter({ hasText: '您的修改没有保存' });
  assert.match(await banner.innerText(), new RegExp(saved.updatedBy));
  await banner.getByRole('button', { name: '重新载入' }).click();
  await page.locator('.fd-title').getByText('工单流程（大客户优先）').waitFor();
  assert.equal(
    (await api('GET', `/api/v1/flows/${KEY}/draft`)).definition.nodes.find((n: { id: string }) => n.id === 'end').label,
    '已关闭',
  );

  // simulate the very ticket that will be created below, with the interpreter in the browser
  const sample = seedTicket({ priority: 'P1', region: '华北', amount: 800 });
  await page.locator('[data-tab="simulate"]').click();
  await page.locator('textarea[name="sample"]').fill(JSON.stringify(sample));
  await page.locator('[data-action="sim-start"]').click();
  await page.locator('.fd-sim-now[data-sim-node="state"]').waitFor();
  const trace = page.locator('.fd-trace');
  await trace.locator('[data-trace-node="decision"] .is-taken').filter({ hasText: 'action' }).waitFor();
  assert.match(await trace.locator('[data-trace-node="action"]').innerText(), /notify sms → customer: ticket_escalated/);
  for (const id of ['start', 'decision', 'action', 'state']) await node(page, id).locator('.fd-node.is-visited').waitFor();
  const send = async (action: string, payload: string, actor: string, roles: string) => {
    await page.locator('input[name="simAction"]').fill(action);
    await page.locator('textarea[name="payload"]').fill(payload);
    await page.locator('input[name="actor"]').fill(actor);
    await page.locator('input[name="roles"]').fill(roles);
    await page.locator('[data-action="sim-send"]').click();
  };
  await send('assign', '{"assigneeId":"agent-7"}', 'agent-1', 'agent');
  await page.locator('.fd-sim-now[data-sim-node="approval"]').waitFor();
  await trace
    .locator('[data-trace-node="approval"]')
    .getByText(/approval requested: team_lead \(team_lead\) 1\/1, amount 800/)
    .waitFor();
  // an agent cannot approve; the team lead can
  await send('approve', '{"comment":"同意"}', 'agent-1', 'agent');
  await trace
    .locator('.fd-trace-error')
    .getByText(/needs the role 'team_lead'/)
    .waitFor();
  await send('approve', '{"comment":"同意"}', 'lead-1', 'team_lead');
  await page.locator('.fd-sim-now[data-sim-node="state_2"]').waitFor();
  await node(page, 'approval').locator('.fd-node.is-visited').waitFor();
  await node(page, 'state_2').locator('.fd-node.is-current').waitFor();
  await page.locator('.fd-toast').waitFor({ state: 'detached', timeout: 6000 });
  await trace.locator('[data-trace-node="state_2"]').scrollIntoViewIfNeeded();
  await ui.screenshot(page, 'flow-designer-simulated');
  fs.mkdirSync(path.dirname(README_SHOT), { recursive: true });
  await page.screenshot({ path: README_SHOT });

  // find a node by its label: it is selected and brought into view
  await page.getByRole('searchbox').fill('已解决');
  await page.getByRole('searchbox').press('Enter');
  await node(page, 'state_3').locator('.fd-node.is-hit.is-selected').waitFor();

  // publish with a message
  await page.locator('[data-action="publish"]').click();
  await page.locator('textarea[name="publishMessage"]').fill('P1 华北工单先通知大客户组，派单后由组长审批');
  await page.locator('[data-action="publish-confirm"]').click();
  await page.locator('.fd-editor[data-mode="version"]').waitFor();
  const versions = (await api('GET', `/api/v1/flows/${KEY}/versions`)).items as {
    version: number;
    status: string;
    message: string | null;
  }[];
  const published = versions.find((v) => v.status === 'published' && v.message === 'P1 华北工单先通知大客户组，派单后由组长审批');
  assert.ok(published, JSON.stringify(versions));
  assert.ok(published.version > originalVersion);

  // a ticket created now runs the new version along the simulated path; the earlier one stays
  const later = (await api('POST', '/api/v1/tickets', sample, { 'Idempotency-Key': `fd-e2e-later-${Date.now()}` })).ticketId as string;
  const laterFlow = await eventually(
    () => ticketFlow(later),
    (f) => f.path.length >= 4,
  );
  assert.equal(laterFlow.version, published.version);
  assert.deepEqual(laterFlow.path.slice(0, 4), ['start', 'decision', 'action', 'state'], 'the path the simulation took');
  // assigned (unless routing did it already), it waits for approval; a team lead's token approves it
  const assigned = await ui.harness.request('POST', `/api/v1/tickets/${later}/actions/assign`, { assigneeId: 'agent-7' });
  assert.ok([200, 409].includes(assigned.status), JSON.stringify(assigned.body));
  const waiting = await api('GET', `/api/v1/tickets/${later}`);
  assert.equal(waiting.flow.nodeId, 'approval');
  assert.deepEqual(waiting.approval, {
    nodeId: 'approval',
    amount: 800,
    required: [{ levelId: 'team_lead', role: 'team_lead' }],
    approvedBy: [],
  });
  const lead = (await issueToken(ui.harness.dataSource, { name: `fd-e2e-lead-${Date.now()}`, roles: ['team_lead'], actor: 'test' })).token;
  const approved = await ui.harness.request(
    'POST',
    `/api/v1/tickets/${later}/actions/approve`,
    { comment: '同意' },
    {
      authorization: `Bearer ${lead}`,
    },
  );
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  const laterDone = await eventually(
    () => ticketFlow(later),
    (f) => f.nodeId === 'state_2',
  );
  assert.deepEqual(laterDone.path, ['start', 'decision', 'action', 'state', 'approval', 'state_2'], 'the whole simulated path');
  const earlierNow = await ticketFlow(earlier);
  assert.equal(earlierNow.version, originalVersion, 'a running ticket keeps the version it started with');
  assert.deepEqual(earlierNow.path.slice(0, earlierFlow.path.length), earlierFlow.path);
  assert.ok(earlierNow.path.includes('intake'), `still on the old graph: ${earlierNow.path.join(' → ')}`);

  // the version list shows where each version runs; the ticket opens on the canvas with its path lit
  await page.locator('[data-tab="versions"]').click();
  await page.locator(`.fd-versions tr[data-version="${published.version}"]`).waitFor();
  await page.goto(ui.url(`#/flows/${KEY}?ticket=${encodeURIComponent(later)}`));
  await page.locator('.fd-editor[data-mode="version"]').waitFor();
  await node(page, 'state_2').locator('.fd-node.is-current').waitFor();
  await node(page, 'action').locator('.fd-node.is-visited').waitFor();
  await node(page, 'approval').locator('.fd-node.is-visited').waitFor();
  await ui.screenshot(page, 'flow-designer-ticket-path');

  // diff the two versions on the canvas, then roll back by republishing the old one
  await page.locator('[data-tab="versions"]').click();
  const selects = page.locator('.fd-versions .fd-inline select');
  await selects.nth(0).selectOption(String(originalVersion));
  await selects.nth(1).selectOption(String(published.version));
  await page.getByRole('button', { name: '在画布上对比' }).click();
  await node(page, 'decision').locator('.fd-node.diff-added').waitFor();
  await node(page, 'intake').locator('.fd-node.diff-removed').waitFor();
  await ui.screenshot(page, 'flow-designer-diff');
  await page.getByRole('button', { name: '关闭对比' }).click();
  await page.locator(`.fd-versions tr[data-version="${originalVersion}"]`).getByRole('button', { name: '回滚到此版本' }).click();
  await page
    .locator('.flash')
    .filter({ hasText: `已将 v${originalVersion} 重新发布为` })
    .waitFor();
  // the designer in English
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('tab', { name: 'Simulate' }).waitFor();
  await page.getByRole('button', { name: 'New draft from this version' }).waitFor();
  await ui.screenshot(page, 'flow-designer-en');

  const restored = (await api('GET', `/api/v1/flows/${KEY}/versions`)).items as { version: number; status: string }[];
  const newest = Math.max(...restored.filter((v) => v.status === 'published').map((v) => v.version));
  assert.deepEqual((await api('GET', `/api/v1/flows/${KEY}/versions/${newest}`)).definition, originalDefinition);
}

test('the simulator takes an RMA through an activity result and a two-level approval by amount, in the browser', async () => {
  const versions = (await api('GET', '/api/v1/flows/rma-default/versions')).items as { version: number; status: string }[];
  const latest = Math.max(...versions.filter((v) => v.status === 'published').map((v) => v.version));
  const page = await ui.signIn(`#/flows/rma-default?version=${latest}`);
  current = page;
  await page.locator('.fd-editor[data-mode="version"]').waitFor();

  // the approval node's form: levels by amount (read-only in a published version)
  await page.getByRole('searchbox').fill('approval');
  await page.getByRole('searchbox').press('Enter');
  await page.locator('.fd-form[data-form="node-approval"]').waitFor();
  assert.equal(await page.locator('.fd-levels tr[data-level]').count(), 3);

  // a refund of 1500: eligible, then team lead and QA, two different people
  await page.locator('[data-tab="simulate"]').click();
  await page.locator('[data-action="sim-start"]').click(); // the first sample: refund 1500
  await page.locator('.fd-sim-now[data-sim-node="diagnosing"]').waitFor();
  const send = async (action: string, actor: string, roles: string) => {
    await page.locator('input[name="simAction"]').fill(action);
    await page.locator('textarea[name="payload"]').fill('{}');
    await page.locator('input[name="actor"]').fill(actor);
    await page.locator('input[name="roles"]').fill(roles);
    await page.locator('[data-action="sim-send"]').click();
  };
  await send('diagnose', 'agent-1', 'agent');
  await page.locator('.fd-sim-now[data-sim-node="check_eligibility"]').waitFor();
  assert.equal(await page.locator('select[name="eventKind"]').inputValue(), 'activity-result');
  await page.locator('textarea[name="result"]').fill('{"eligible":true,"inWarranty":true,"orderAmount":1500}');
  await page.locator('[data-action="sim-send"]').click();
  await page.locator('.fd-sim-now[data-sim-node="approval"]').waitFor();
  const trace = page.locator('.fd-trace');
  await trace
    .locator('[data-trace-node="approval"]')
    .getByText(/approval requested: team_lead \(team_lead\) 1\/2, amount 1500/)
    .waitFor();

  await send('approve', 'lead-1', 'team_lead');
  await trace.getByText(/approval requested: qa \(qa\) 2\/2/).waitFor();
  // the same person cannot give the second approval of a refund
  await send('approve', 'lead-1', 'team_lead, qa');
  await trace
    .locator('.fd-trace-error')
    .getByText(/second, different approver/)
    .waitFor();
  await send('approve', 'qa-1', 'qa');
  await page.locator('.fd-sim-now[data-sim-node="reverse_logistics"]').waitFor();
  for (const id of ['diagnosing', 'check_eligibility', 'eligible', 'approval'])
    await node(page, id).locator('.fd-node.is-visited').waitFor();
  await ui.screenshot(page, 'flow-designer-rma-approval');
});

// The agent workbench in Chromium against the real API and ticket workflow (issue 8 item 2): an agent
// signs in with a password, opens the "unassigned" queue, takes a ticket, accepts it, puts it on
// hold waiting for the customer and sees the SLA clock paused with that reason, sees a note added
// over the API appear without reloading, resumes and resolves it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { hashPassword } from '../../api/auth/passwords';
import { eventually, seedTicket } from '../support/harness';
import { BrowserSuite } from './browser-support';

let ui: BrowserSuite;
const run = randomUUID().slice(0, 8);
const agentId = `e2e-agent-${run}`;
const group = `e2e-group-${run}`;
const username = `e2e-agent-${run}`;
const password = 'Workbench-Pass-2026';
const marker = `wb-e2e-${run}`;

before(async () => {
  ui = await BrowserSuite.start();
  const ds = ui.harness.dataSource;
  await ds.query(
    `INSERT INTO agents (id, name, groups, max_concurrent, calendar, created_by, updated_by) VALUES ($1, '王坐席', $2, 10, $3, 'test', 'test')`,
    [agentId, [group], JSON.stringify({ weekdays: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' })],
  );
  await ds.query(
    `INSERT INTO users (username, display_name, roles, agent_id, password_hash, must_change_password, created_by, updated_by)
     VALUES ($1, '王坐席', '{agent}', $2, $3, false, 'test', 'test')`,
    [username, agentId, await hashPassword(password, 4)],
  );
});
after(async () => {
  await ui?.stop();
});

test('an agent takes a ticket from the unassigned queue, pauses its SLA, sees a change live, resumes and resolves', async () => {
  const h = ui.harness;
  const made: string[] = [];
  for (const [i, description] of [`${marker} 开机黑屏，蜂鸣三声`, `${marker} 洗衣机脱水异响`, `${marker} 空调不制冷`].entries()) {
    const res = await h.request('POST', '/api/v1/tickets', seedTicket({ description, priority: i === 1 ? 'P1' : 'P2' }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    made.push(res.body.ticketId);
  }
  const ticketId = made[0]!;
  await eventually(
    () => h.request('GET', `/api/v1/tickets?q=${marker}&queue=unassigned`),
    (r) => r.body.items?.length === 3,
  );

  const page = await ui.newPage();
  await page.goto(ui.url(`#/tickets?queue=unassigned&q=${marker}`));
  await page.locator('#signin-username').fill(username);
  await page.locator('#signin-password').fill(password);
  await page.locator('#signin-password').press('Enter');
  await page.locator(`tr[data-ticket-id="${ticketId}"]`).waitFor();
  assert.equal(await page.locator('tr[data-ticket-id]').count(), 3);
  await page.locator('a[data-queue="unassigned"][aria-current="page"]').waitFor();
  await page.locator('.live-dot.is-live').waitFor();
  await ui.screenshot(page, 'agent-workbench');

  // Take it: assigned to oneself, the ticket page opens.
  await page.locator(`tr[data-ticket-id="${ticketId}"]`).getByRole('button', { name: '领取', exact: true }).click();
  await page.getByRole('heading', { name: ticketId }).waitFor();
  await page.locator('.detail-title').getByText('待接单').waitFor();

  await page.locator('.action-buttons').getByRole('button', { name: '接单', exact: true }).click();
  await page.locator('#action-form').getByRole('button', { name: '接单', exact: true }).click();
  await page.locator('.detail-title').getByText('处理中').waitFor();

  // On hold, waiting for the customer: the resolution clock shows paused with the reason.
  await page.locator('.action-buttons').getByRole('button', { name: '挂起', exact: true }).click();
  await page.locator('#act-reason').selectOption('waiting_customer');
  await page.locator('#action-form').getByRole('button', { name: '挂起', exact: true }).click();
  const paused = page.locator('.sla-row.sla-paused').first();
  await paused.waitFor();
  await paused.getByText('已暂停（等待客户）').waitFor();
  // paused means frozen: the figure does not move from one second to the next
  const before = await paused.locator('.countdown').textContent();
  await page.waitForTimeout(1500);
  assert.equal(await paused.locator('.countdown').textContent(), before);
  const ticket = await h.request('GET', `/api/v1/tickets/${ticketId}`);
  assert.equal(ticket.body.sla.ttr.state, 'paused');
  assert.equal(ticket.body.sla.ttr.pauseReason, 'waiting_customer');

  // A photo from the customer, uploaded on the ticket: stored by the attachments API, recorded on the ticket.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
  const panel = page.locator('section[aria-labelledby="notes-title"]');
  await panel.locator('input[type=file]').setInputFiles({ name: 'invoice-photo.png', mimeType: 'image/png', buffer: png });
  await panel
    .getByRole('link', { name: 'invoice-photo.png' })
    .waitFor()
    .catch(async (err: unknown) => {
      throw new Error(
        `upload not shown; the panel says: ${(await panel.locator('[role=alert]').allTextContents()).join(' | ')}: ${String(err)}`,
      );
    });
  const files = await h.request('GET', `/api/v1/attachments?ownerType=ticket&ownerId=${ticketId}`);
  assert.deepEqual(
    files.body.items.map((f: { name: string; kind: string }) => [f.name, f.kind]),
    [['invoice-photo.png', 'photo']],
  );
  const recorded = await h.request('GET', `/api/v1/tickets/${ticketId}`);
  assert.ok(recorded.body.attachments.includes(files.body.items[0].url), 'the upload is recorded on the ticket');

  // Someone else adds a note over the API: it shows without a reload.
  const noted = await h.request('POST', `/api/v1/tickets/${ticketId}/actions/add-note`, { text: `客户来电补充：${marker} 已寄出发票照片` });
  assert.equal(noted.status, 200, JSON.stringify(noted.body));
  await page.locator('.notes').getByText(`客户来电补充：${marker} 已寄出发票照片`).waitFor();
  // taller than the default so the README's picture holds the head, the clocks and the actions
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.evaluate('window.scrollTo(0, 0)');
  await ui.screenshot(page, 'agent-ticket-page');

  await page.locator('.action-buttons').getByRole('button', { name: '恢复处理', exact: true }).click();
  await page.locator('#action-form').getByRole('button', { name: '恢复处理', exact: true }).click();
  await page.locator('.sla-row.sla-paused').waitFor({ state: 'detached' });
  await page.locator('.sla-row.sla-running').first().waitFor();

  await page.locator('.action-buttons').getByRole('button', { name: '解决', exact: true }).click();
  await page.locator('#act-resolution').fill('更换主板后正常开机，客户确认');
  await page.locator('#action-form').getByRole('button', { name: '解决', exact: true }).click();
  await page
    .locator('.detail-title')
    .getByText('已解决')
    .waitFor()
    .catch(async (err: unknown) => {
      // what the page said instead, for whoever reads the failure
      const alerts = [...(await page.locator('[role=alert]').allTextContents()), await page.locator('.detail-title').textContent()];
      throw new Error(`not resolved; the page shows: ${alerts.join(' | ') || '(no alert)'}: ${String(err)}`);
    });

  const done = await eventually(
    () => h.request('GET', `/api/v1/tickets?q=${marker}&status=resolved`),
    (r) => r.body.items?.length === 1,
  );
  assert.equal(done.body.items[0].ticketId, ticketId);
  assert.equal(done.body.items[0].assigneeId, agentId);
  const actors = (await h.request('GET', `/api/v1/tickets/${ticketId}/events`)).body.items.map((e: { actor: string }) => e.actor);
  assert.ok(actors.includes(`user:${username}`), `the agent's own actions are on the timeline: ${actors.join(', ')}`);

  assert.deepEqual(ui.pageErrors, []);
});

// A customer on a phone, with no account: scans the product's QR code, reports a problem with a photo,
// follows it with its number and the last four digits of their phone, adds material, and — once the
// test has resolved the ticket over the API — rates the service. Real API, real workflows.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { PNG_1X1 } from '../../domain/attachments/sample-files';
import { eventually } from '../support/harness';
import { BrowserSuite } from './browser-support';

let ui: BrowserSuite;
before(async () => {
  ui = await BrowserSuite.start();
});
after(async () => {
  await ui?.stop();
});

test('a phone-sized customer reports a problem from the QR page, tracks it, adds material and rates it', async () => {
  const h = ui.harness;
  const run = randomUUID().slice(0, 8).toUpperCase();
  const customerId = `CU-H5E-${run}`;
  const customer = await h.request('POST', '/api/v1/customers', { id: customerId, name: '周先生', type: 'person', phone: '13705718642' });
  assert.equal(customer.status, 201, JSON.stringify(customer.body));
  const asset = await h.request('POST', '/api/v1/assets', {
    serialNo: `SNE${run}`,
    model: 'KFR-50LW',
    name: '柜式空调',
    customerId,
    warrantyEndsOn: '2029-12-31',
  });
  assert.equal(asset.status, 201, JSON.stringify(asset.body));
  const qrToken = String(asset.body.qr.h5Path).split('/').pop()!;

  const page = await ui.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${h.api.url}/h5/assets/${qrToken}`);
  await page.getByRole('heading', { name: '柜式空调' }).waitFor();
  await ui.screenshot(page, 'customer-h5-asset');
  await page.getByRole('link', { name: '产品有问题？立即报修' }).click();

  // The product comes from the QR code; the customer gives their phone, the problem and a photo.
  await page.getByText('柜式空调 ·').waitFor();
  await page.getByLabel('手机号').fill('137 0571 8642');
  await page.getByLabel('问题描述').fill('开机十分钟后自动停机，显示 E4');
  await page.getByLabel('联系人').fill('周先生');
  await page.getByLabel('地址').fill('杭州市滨江区江南大道 100 号');
  await page.getByLabel('照片（可选）').setInputFiles({ name: '故障代码.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1X1) });
  await ui.screenshot(page, 'customer-h5-report-form', { fullPage: true });
  await page.getByRole('button', { name: '提交报修' }).click();
  const numberCell = page.getByTestId('reported-number');
  await numberCell.waitFor();
  const number = (await numberCell.textContent())!.trim();
  assert.match(number, /^TK-\d{8}-[0-9A-Z]{8}$/);
  await page.getByText('已上传 1 张照片').waitFor();
  await page.getByText('手机尾号 8642').waitFor();
  await ui.screenshot(page, 'customer-h5-reported');

  const ticket = await h.request('GET', `/api/v1/tickets/${number}`);
  assert.equal(ticket.body.channel, 'h5');
  const photos = await h.dataSource.query(`SELECT kind, uploaded_by FROM attachments WHERE owner_type = 'ticket' AND owner_id = $1`, [
    number,
  ]);
  assert.deepEqual(photos, [{ kind: 'photo', uploaded_by: 'customer' }]);
  await eventually(
    () => h.dataSource.query(`SELECT 1 FROM tickets WHERE ticket_id = $1`, [number]),
    (r) => r.length === 1,
  );

  // Follow it: the number is prefilled, the code is the last four digits of the phone.
  await page.getByRole('link', { name: '查询进度' }).click();
  await page.getByLabel('验证码').fill('8642');
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await page.getByRole('heading', { name: new RegExp(number) }).waitFor();
  await page.getByRole('button', { name: '补充资料' }).click();
  await page.getByLabel('补充说明').fill('停机前室外机有咔哒声');
  await page.getByLabel('添加照片').setInputFiles({ name: '室外机.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1X1) });
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByText('已收到您补充的资料。').waitFor();
  await ui.screenshot(page, 'customer-h5-material', { fullPage: true });
  const withNote = await eventually(
    () => h.request('GET', `/api/v1/tickets/${number}`),
    (r) => (r.body.notes ?? []).some((n: { actor: string; text: string }) => n.actor === 'customer' && n.text.includes('咔哒声')),
  );
  assert.ok(withNote.body.attachments.length >= 2, JSON.stringify(withNote.body.attachments));
  assert.equal(await page.getByRole('button', { name: '评价服务' }).count(), 0);

  // The service is done: the agent resolves it over the API.
  for (const [action, payload] of [
    ['assign', { assigneeId: `agent-${run}` }],
    ['accept', {}],
    ['resolve', { resolution: '更换室外风机电容' }],
  ] as const) {
    const r = await h.request('POST', `/api/v1/tickets/${number}/actions/${action}`, payload);
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  await eventually(
    () => h.dataSource.query(`SELECT status FROM tickets WHERE ticket_id = $1`, [number]),
    (r) => r[0]?.status === 'resolved',
  );

  // Looking it up again offers the rating instead of more material.
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await page.getByRole('button', { name: '评价服务' }).click();
  assert.equal(await page.getByRole('button', { name: '补充资料' }).count(), 0);
  await page.getByRole('button', { name: '满意度 5' }).click();
  await page.getByRole('button', { name: /推荐我们.* 9$/ }).click();
  await page.getByLabel('意见或建议（可选）').fill('上门很快');
  await ui.screenshot(page, 'customer-h5-rate', { fullPage: true });
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByText('感谢您的评价！').waitFor();
  await ui.screenshot(page, 'customer-h5-rated', { fullPage: true });
  const ratings = await h.dataSource.query(
    `SELECT csat, nps, comment, channel FROM service_ratings WHERE work_kind = 'ticket' AND work_id = $1`,
    [number],
  );
  assert.deepEqual(ratings, [{ csat: 5, nps: 9, comment: '上门很快', channel: 'h5' }]);
  assert.equal(await page.getByRole('button', { name: '评价服务' }).count(), 0);
  assert.deepEqual(ui.pageErrors, []);
});

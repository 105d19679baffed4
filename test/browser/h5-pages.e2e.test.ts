// The customer's phone pages (/h5/assets/<token>, /h5/track) in a phone-sized Chromium. The public
// API is answered by page.route() with data shaped as api/progress answers it, so the test covers the
// pages' behaviour (prefill, wrong code, too many attempts, language) independent of seeded data.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Route } from 'playwright-core';
import { BrowserSuite } from './browser-support';

let ui: BrowserSuite;
before(async () => {
  ui = await BrowserSuite.start({ harness: { worker: 'none' } });
});
after(async () => {
  await ui?.stop();
});

const NUMBER = 'TK-20261125-4H6F654H';
const TOKEN = 'q7Hk2mPz9XwR4tLb6NcV8sDf';
const text = (zh: string, en: string) => ({ zh, en });
const PROGRESS = {
  number: NUMBER,
  kind: 'ticket',
  status: 'in_progress',
  statusLabel: text('等待备件到货', 'Waiting for spare parts'),
  milestones: [
    { key: 'received', label: text('已受理', 'Received'), state: 'done', at: '2026-11-25T01:00:00Z' },
    { key: 'assigned', label: text('已派单', 'Assigned'), state: 'done', at: '2026-11-25T01:10:00Z' },
    { key: 'handling', label: text('处理中', 'Being handled'), state: 'current', at: '2026-11-25T01:20:00Z' },
    { key: 'resolved', label: text('已解决', 'Resolved'), state: 'upcoming', at: null },
    { key: 'closed', label: text('已完成', 'Completed'), state: 'upcoming', at: null },
  ],
  steps: [
    { at: '2026-11-25T01:00:00Z', label: text('您的服务请求已受理', 'Your request was received') },
    { at: '2026-11-25T01:10:00Z', label: text('已安排专人为您服务', 'Someone was assigned to help you') },
    { at: '2026-11-25T01:20:00Z', label: text('专人已接单，开始处理', 'Your request is being handled') },
  ],
  next: { label: text('预计解决时间', 'Expected to be solved by'), by: '2026-11-26T01:00:00Z' },
  actionNeeded: false,
  updatedAt: '2026-11-25T02:20:00Z',
};

const json = (route: Route, status: number, body: unknown) =>
  route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });

test('a customer follows a service request from the product QR page to its progress, in Chinese and English', async () => {
  const page = await ui.newPage({ viewport: { width: 390, height: 844 } });
  const calls: string[] = [];
  await page.route('**/api/v1/public/**', async (route) => {
    const req = route.request();
    const url = new URL(req.url());
    calls.push(`${req.method()} ${url.pathname}`);
    if (url.pathname === `/api/v1/public/assets/${TOKEN}`)
      return json(route, 200, {
        name: '挂式空调',
        model: 'KFR-35GW',
        serialNo: 'SN****4H6F',
        warranty: { status: 'in_warranty', endsOn: '2028-06-30' },
        site: { city: '杭州' },
      });
    if (url.pathname === `/api/v1/public/assets/${TOKEN}/work`)
      return json(route, 200, {
        items: [
          {
            number: NUMBER,
            kind: 'ticket',
            status: 'in_progress',
            statusLabel: PROGRESS.statusLabel,
            createdAt: '2026-11-25T01:00:00Z',
            updatedAt: PROGRESS.updatedAt,
          },
        ],
      });
    if (url.pathname === '/api/v1/public/progress') {
      const { code } = JSON.parse(req.postData() ?? '{}') as { code?: string };
      if (code === '2468') return json(route, 200, PROGRESS);
      if (code === '9999') return json(route, 429, { status: 429, code: 'too_many_attempts' });
      return json(route, 404, { status: 404, code: 'not_found' });
    }
    return json(route, 404, { status: 404 });
  });

  // 1. the QR code's page: the product and its requests
  await page.goto(ui.url(`h5/assets/${TOKEN}`));
  await page.getByRole('heading', { name: '挂式空调' }).waitFor();
  assert.ok(await page.getByText('KFR-35GW').isVisible(), 'asset page shows the model');
  assert.ok(await page.getByText('保修中').isVisible(), 'asset page shows the warranty state in Chinese');
  assert.ok(await page.getByText(NUMBER).isVisible(), 'asset page lists the service request');
  await page.waitForTimeout(300);
  assert.ok(calls.length <= 2, `the asset page loads once (${calls.join(', ')})`);
  await ui.screenshot(page, 'h5-asset');

  // 2. following a request: the number is carried over, a wrong code is refused, the right one shows the progress
  await page.getByText(NUMBER).click();
  await page.waitForURL(`**/h5/track?number=${NUMBER}`);
  assert.equal(await page.getByLabel('服务单号').inputValue(), NUMBER, 'track page is prefilled with the number');
  await page.getByLabel('验证码').fill('1111');
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByRole('alert').waitFor();
  assert.match((await page.getByRole('alert').textContent()) ?? '', /单号或验证码不正确/, 'a wrong code does not tell which part is wrong');
  await page.getByLabel('验证码').fill('9999');
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByText('尝试次数过多').waitFor();
  await page.getByLabel('验证码').fill('2468');
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByText('等待备件到货').first().waitFor();
  assert.ok(await page.getByText('专人已接单，开始处理').isVisible(), 'progress shows the steps');
  assert.match((await page.locator('.h5-ms-current').textContent()) ?? '', /处理中/, 'the current milestone is marked');
  await ui.screenshot(page, 'h5-track');

  // 3. English
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByText('Waiting for spare parts').first().waitFor();
  assert.ok(await page.getByText('Your request is being handled').isVisible(), 'the progress switches to English');
  assert.equal(calls.filter((c) => c.startsWith('POST')).length, 3, `three look-ups were sent (${calls.join(', ')})`);
  assert.deepEqual(ui.pageErrors, []);
});

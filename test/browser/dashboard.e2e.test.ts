import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { seedDashboardFixture } from '../dashboard-fixtures';
import { BrowserSuite } from './browser-support';

/**
 * The service dashboard page (#/dashboard) on the hand-checked dataset of test/dashboard-fixtures.ts:
 * its figures render with units, the filters drive the URL and the numbers, the charts are reached
 * by keyboard, both languages show, at 1280×800. Screenshots: dashboard, dashboard-en.
 */
let ui: BrowserSuite;
let fixture: Awaited<ReturnType<typeof seedDashboardFixture>> | undefined;
const run = randomUUID().slice(0, 8).toUpperCase();

before(async () => {
  ui = await BrowserSuite.start({ harness: { worker: 'none' } });
  fixture = await seedDashboardFixture(ui.harness.dataSource, run);
});

after(async () => {
  await fixture?.remove();
  await ui?.stop();
});

test('the dashboard shows the figures, filters by channel, is keyboard reachable, in zh-CN and English', async () => {
  const region = encodeURIComponent(fixture!.region);
  const page = await ui.signIn(`#/dashboard?from=2026-03-02&to=2026-03-04&region=${region}`);
  await page.getByRole('heading', { name: '客户服务看板' }).waitFor();
  const kpi = (name: string) => page.getByRole('group', { name, exact: true });
  // a tile's figure with its unit, e.g. "5张"
  const figure = (name: string) => kpi(name).locator('.dash-kpi-value');
  // the same figures as test/dashboards.test.ts computes by hand
  await kpi('SLA 达成率').getByText('75%').waitFor();
  assert.equal(await figure('新建工单').innerText(), '5张');
  assert.match(await kpi('首次响应 P50').innerText(), /20分/);
  assert.match(await kpi('净推荐值 NPS').innerText(), /25/);
  assert.match(await page.getByRole('region', { name: '服务成本（按区域）' }).innerText(), /575/);

  // Tab from the form's last control lands on the first day of the trend, which names its values.
  await page.getByRole('button', { name: '查询' }).focus();
  await page.keyboard.press('Tab');
  const focused = String(await page.evaluate("document.activeElement?.getAttribute('aria-label') ?? ''"));
  assert.match(focused, /^2026-03-02: 新建 3, 已解决 3, 已关闭 2$/);
  await ui.screenshot(page, 'dashboard');

  await page.getByLabel('渠道').selectOption('chat');
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForURL(/channel=chat/);
  await kpi('新建工单').locator('.dash-kpi-value', { hasText: /^1张$/ }).waitFor();

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Customer service dashboard' }).waitFor();
  await page.getByLabel('Channel').selectOption('');
  await page.getByRole('button', { name: 'Apply' }).click();
  await kpi('SLA attainment').getByText('75%').waitFor();
  await ui.screenshot(page, 'dashboard-en', { fullPage: true });
  assert.deepEqual(ui.pageErrors, []);
});

// The field engineer's phone pages (/h5/engineer) in Chromium on a 360×740 viewport against the real
// API and workflows: the engineer signs in with username and password, opens the day's task (list and
// map), accepts, departs, checks in with the phone's location (granted to the page), takes a photo,
// takes another while offline (queued in IndexedDB, sent once back online), fits a part, the customer
// signs on the canvas, and the receipt shows; the follow-up rating closes the visit.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { PNG_1X1 } from '../../domain/attachments/sample-files';
import { eventually, type HttpResponse } from '../support/harness';
import { BrowserSuite } from './browser-support';

let ui: BrowserSuite;
let context: BrowserContext | undefined;
const run = randomUUID().slice(0, 8);
const id = (name: string) => `${name}-${run}`;
const SITE = { lat: 31.2304, lng: 121.4737 }; // 上海人民广场
const DAY = '2032-04-06'; // China time; far ahead so nothing else books it
const username = id('eng-wang');
const password = 'Engineer-Pass-2032';

const ok = (res: HttpResponse, status = 200) => {
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
};

before(async () => {
  ui = await BrowserSuite.start();
});
after(async () => {
  await context?.close().catch(() => {});
  await ui?.stop();
});

test('an engineer on a phone: today’s task, accept, check in, photos (one queued offline), a part, signature, receipt', async () => {
  const h = ui.harness;
  const WH = id('WH');
  const PSU = id('PSU');
  const REGION = `华东-${run}`;
  ok(await h.request('POST', '/api/v1/stock-locations', { id: WH, kind: 'warehouse', name: '华东仓', region: REGION }), 201);
  ok(await h.request('POST', '/api/v1/parts', { code: PSU, name: '电源板', category: '主板', unitCostFen: 26_000 }), 201);
  ok(await h.request('POST', '/api/v1/stock/receipts', { locationId: WH, lines: [{ partCode: PSU, qty: 5 }] }), 201);
  ok(
    await h.request('POST', '/api/v1/agents', {
      id: id('wang'),
      name: '王师傅',
      groups: [],
      skills: [{ productLine: 'TV', region: '*', issueType: '*', level: 4 }],
      maxConcurrent: 10,
      fieldEngineer: true,
      location: { lat: 31.2, lng: 121.45 },
    }),
    201,
  );
  ok(
    await h.request('POST', '/api/v1/stock-locations', { id: id('VAN'), kind: 'engineer', name: '王师傅车载库存', agentId: id('wang') }),
    201,
  );
  ok(
    await h.request('POST', '/api/v1/users', {
      username,
      displayName: '王师傅',
      roles: ['engineer'],
      password,
      agentId: id('wang'),
      mustChangePassword: false,
    }),
    201,
  );
  const start = new Date(`${DAY}T10:00:00+08:00`).toISOString();
  const visitId = ok(
    await h.request(
      'POST',
      '/api/v1/visits',
      {
        address: '上海市黄浦区人民大道 200 号',
        location: SITE,
        region: REGION,
        skills: { productLine: 'TV' },
        parts: [{ partCode: PSU, qty: 1 }],
        engineerId: id('wang'),
        preferredWindow: { start, end: new Date(Date.parse(start) + 2 * 3_600_000).toISOString() },
        description: '电视无法开机',
      },
      { 'Idempotency-Key': `e2e-${run}` },
    ),
    201,
  ).visitId as string;
  const visit = () => h.request('GET', `/api/v1/visits/${visitId}`).then((r) => ok(r));
  await eventually(visit, (v) => v.status === 'pending_confirmation', 20_000);
  ok(await h.request('POST', `/api/v1/visits/${visitId}/actions/confirm`, { channel: 'sms' }));
  await eventually(visit, (v) => v.status === 'pending_acceptance', 20_000);

  // A phone: 360×740, touch, the location a few metres from the site (granted, no prompt).
  context = await ui.browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    geolocation: { latitude: 31.2306, longitude: 121.474, accuracy: 10 },
    permissions: ['geolocation'],
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  // the phone's bundle: the engineer chunk, never the console's
  const scripts: string[] = [];
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));

  await page.goto(`${h.api.url}/h5/engineer?date=${DAY}`);
  await page.locator('#eng-username').fill(username);
  await page.locator('#eng-password').fill(password);
  await page.locator('#eng-password').press('Enter');
  const card = page.locator(`li[data-visit="${visitId}"]`);
  await card.waitFor();
  await card.getByText('电视无法开机').waitFor();
  assert.match((await card.getByRole('link', { name: '其他地图' }).getAttribute('href')) ?? '', /^geo:31\.2304,121\.4737/);
  assert.match((await card.getByRole('link', { name: '百度地图' }).getAttribute('href')) ?? '', /^baidumap:\/\/map\/direction\?/);
  assert.match((await card.getByRole('link', { name: '高德地图' }).getAttribute('href')) ?? '', /^https:\/\/uri\.amap\.com\/navigation\?/);
  await ui.screenshot(page, 'engineer-h5-tasks-360');
  await page.getByRole('button', { name: '地图' }).click();
  await page.locator('svg.eng-map .eng-map-pin').first().waitFor();
  await ui.screenshot(page, 'engineer-h5-map-360');
  assert.ok(!scripts.some((s) => /\/(app|flow-editor-page|sites-map-page)-/.test(s)), scripts.join());
  await page.locator('svg.eng-map .eng-map-pin').first().click();

  // The task: accept, depart, check in where the phone is.
  await page.getByRole('button', { name: '接单' }).click();
  await page.getByRole('button', { name: '出发' }).click();
  await page.getByRole('button', { name: '到达签到（定位）' }).click();
  const checkedIn = page.getByTestId('check-in-result');
  await checkedIn.waitFor();
  assert.match(await checkedIn.innerText(), /已签到，距离安装点 \d+ 米/);
  assert.ok(!(await checkedIn.innerText()).includes('偏离'));
  await ui.screenshot(page, 'engineer-h5-checked-in-360');

  // A photo while online…
  await page.locator('#eng-summary').fill('更换电源板，通电测试正常');
  await page.locator('#eng-capture').setInputFiles({ name: 'before.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1X1) });
  await page.getByTestId('uploaded-count').getByText('已上传 1 个').waitFor();
  // …and one with no network: kept in IndexedDB, shown as waiting, sent when the network is back.
  await context.setOffline(true);
  await page.locator('#eng-capture').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1X1) });
  await page.getByTestId('queued-count').getByText('待上传 1 个文件').waitFor();
  await page.getByText('当前离线').waitFor();
  // (a string: the test's own TypeScript has no DOM types)
  const stored = await page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('fixflow-engineer');
    open.onsuccess = () => {
      const count = open.result.transaction('uploads').objectStore('uploads').count();
      count.onsuccess = () => resolve(count.result);
      count.onerror = () => reject(count.error);
    };
    open.onerror = () => reject(open.error);
  })`);
  assert.equal(stored, 1);
  assert.ok(await page.getByRole('button', { name: '提交记录' }).isDisabled(), 'the record waits for the uploads');
  await ui.screenshot(page, 'engineer-h5-offline-queued-360');
  await context.setOffline(false);
  await page.getByTestId('uploaded-count').getByText('已上传 2 个').waitFor();
  await page.getByTestId('queued-count').waitFor({ state: 'detached' });
  const photos = ok(await h.request('GET', `/api/v1/attachments?ownerType=visit&ownerId=${visitId}`)).items as { kind: string }[];
  assert.deepEqual(
    photos.map((p) => p.kind),
    ['photo', 'photo'],
  );

  // The part fitted, from the van list (the one reserved for this visit).
  const partInput = page.locator(`input[data-part="${PSU}"]`);
  await partInput.fill('1');
  await ui.screenshot(page, 'engineer-h5-work-record-360', { fullPage: true });
  await page.getByRole('button', { name: '提交记录' }).click();

  // The customer signs on the screen.
  const canvas = page.getByTestId('signature-canvas');
  await canvas.waitFor();
  await canvas.scrollIntoViewIfNeeded();
  // the record is in: its form gives way to the signature
  await page.locator('#eng-summary').waitFor({ state: 'detached' });
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 100);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 30 + i * 20, box.y + 100 + (i % 2 ? -30 : 30));
  await page.mouse.up();
  await ui.screenshot(page, 'engineer-h5-signature-360');
  await page.getByRole('button', { name: '确认签字' }).click();

  // The receipt: the part, labour and travel, the total.
  const receipt = page.getByTestId('receipt');
  await receipt.waitFor({ timeout: 30_000 });
  await receipt.getByText('电源板 × 1').waitFor();
  assert.equal(await page.getByTestId('receipt-total').innerText(), '¥390.00');
  await ui.screenshot(page, 'engineer-h5-receipt-360', { fullPage: true });

  await page.getByRole('button', { name: '提交评价' }).click();
  await page.getByText('任务已完成').waitFor({ timeout: 30_000 });

  const done = await eventually(visit, (v) => v.status === 'closed', 20_000);
  assert.equal(done.rating, 5);
  assert.equal(done.checkIn.flagged, false);
  assert.deepEqual(done.partsUsed, [{ partCode: PSU, qty: 1 }]);
  assert.equal(done.photos.length, 2);
  const files = ok(await h.request('GET', `/api/v1/attachments?ownerType=visit&ownerId=${visitId}`)).items as {
    id: string;
    kind: string;
    mime: string;
  }[];
  const signature = files.find((f) => f.kind === 'signature');
  assert.equal(signature?.mime, 'image/png');
  assert.equal(done.receipt.signature, signature?.id);
  // the actions are the engineer's own, on record under their user
  const events = ok(await h.request('GET', `/api/v1/visits/${visitId}/events`)).items as { type: string; actor: string }[];
  const accept = events.find((e) => e.type === 'visit.accept');
  assert.ok(accept, events.map((e) => e.type).join());
  assert.deepEqual(errors, []);
});

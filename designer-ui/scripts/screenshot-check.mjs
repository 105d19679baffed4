// Visual and behavioural smoke check of the built UI without the backend.
//
//   npm run build --workspace designer-ui
//   node designer-ui/scripts/screenshot-check.mjs          (starts `vite preview` on :4173 itself)
//
// Every /api call is answered in the browser by page.route() with sample data. Screenshots go to
// /tmp/ui-*.png (zh-CN and en, desktop and a 390px phone). Exits non-zero when a check fails.
// Needs a Chromium: CHROMIUM_PATH or /usr/bin/chromium (Debian: apt-get install chromium fonts-noto-cjk).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const uiDir = fileURLToPath(new URL('..', import.meta.url));
const PORT = Number(process.env.PREVIEW_PORT ?? 4173);
const BASE = process.env.UI_BASE_URL ?? `http://127.0.0.1:${PORT}`;
const OUT = process.env.SCREENSHOT_DIR ?? '/tmp';
const GOOD_TOKEN = 'ffk_test_token_0123456789';

const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? '  ok  ' : '  FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

// ---------- sample data ----------
const now = Date.now();
const iso = (offsetMin) => new Date(now + offsetMin * 60_000).toISOString();

function ticket(over) {
  return {
    ticketId: 'TK-20261122-7F3K9Q2M',
    status: 'pending_assignment',
    priority: 'P2',
    channel: 'chat',
    customerId: 'c_13579',
    orderId: 'o_99887766',
    sku: 'ABC-123',
    category1: '质量问题',
    category2: '功能异常',
    category3: '开机失败',
    region: '华东',
    entitlement: 'in_warranty',
    description: '开机后黑屏伴随蜂鸣，已重启无效',
    attachments: ['https://cdn.example.com/img/xxx.jpg'],
    tags: ['VIP'],
    assigneeId: null,
    groupId: null,
    resolution: null,
    createdBy: 'token:admin',
    createdAt: iso(-35),
    updatedAt: iso(-35),
    resolvedAt: null,
    closedAt: null,
    sla: { frtDueAt: iso(25), ttrDueAt: iso(60 * 23 + 25), respondedAt: null, breached: false },
    seq: 2,
    ...over,
  };
}

const tickets = [
  ticket({}),
  ticket({
    ticketId: 'TK-20261122-A1B2C3D4',
    status: 'in_progress',
    priority: 'P1',
    channel: 'phone',
    customerId: 'c_24680',
    orderId: undefined,
    category1: '安全隐患',
    category2: '漏电',
    category3: undefined,
    region: '华南',
    assigneeId: 'agent_li',
    groupId: 'senior_team',
    createdAt: iso(-300),
    sla: { frtDueAt: iso(-285), ttrDueAt: iso(-20), respondedAt: iso(-290), breached: true },
    seq: 3,
  }),
  ticket({
    ticketId: 'TK-20261121-9ZX8WV7T',
    status: 'resolved',
    priority: 'P3',
    channel: 'wechat',
    customerId: 'c_11223',
    category1: '咨询',
    category2: '使用方法',
    category3: undefined,
    region: '华北',
    assigneeId: 'agent_wang',
    resolution: '已远程指导客户完成设置',
    createdAt: iso(-60 * 26),
    resolvedAt: iso(-60 * 20),
    sla: { frtDueAt: iso(-60 * 25), ttrDueAt: iso(-60 * 2), respondedAt: iso(-60 * 25.5), breached: false },
    seq: 4,
  }),
  ticket({
    ticketId: 'TK-20261121-K4M5N6P7',
    status: 'closed',
    priority: 'P4',
    channel: 'ecommerce',
    customerId: 'c_99001',
    region: '西南',
    assigneeId: 'agent_zhao',
    createdAt: iso(-60 * 50),
    resolvedAt: iso(-60 * 30),
    closedAt: iso(-60 * 29),
    sla: { frtDueAt: iso(-60 * 49), ttrDueAt: iso(-60 * 40), respondedAt: iso(-60 * 49.5), breached: true },
    seq: 5,
  }),
  ticket({
    ticketId: 'TK-20261120-Q8R9S0T1',
    status: 'pending_customer',
    priority: 'P2',
    channel: 'miniprogram',
    customerId: 'c_55667',
    region: '华中',
    assigneeId: 'agent_li',
    createdAt: iso(-60 * 70),
    sla: {
      frtDueAt: iso(-60 * 69),
      ttrDueAt: iso(60 * 2),
      respondedAt: iso(-60 * 69.5),
      breached: false,
      // newer servers send per-clock detail; waiting for the customer pauses TTR
      ttr: { state: 'paused', dueAt: iso(60 * 2), remainingMs: 3 * 3600_000 + 15 * 60_000 },
    },
    seq: 4,
  }),
  ticket({
    ticketId: 'TK-20261120-V2W3X4Y5',
    status: 'pending_review',
    priority: 'P3',
    channel: 'iot',
    customerId: 'c_77889',
    category1: '设备告警',
    category2: undefined,
    category3: undefined,
    region: undefined,
    assigneeId: 'agent_sun',
    createdAt: iso(-60 * 90),
    sla: { frtDueAt: iso(-60 * 89), ttrDueAt: iso(60 * 30 + 5), respondedAt: iso(-60 * 89.5), breached: false },
    seq: 6,
  }),
];

const events = (t) => [
  {
    seq: 1,
    type: 'ticket.created',
    actor: 'token:admin',
    at: t.createdAt,
    fromStatus: null,
    toStatus: 'new',
    changes: {},
    payload: {
      orderId: t.orderId,
      customerId: t.customerId,
      channel: t.channel,
      category1: t.category1,
      priority: t.priority,
      description: t.description,
      attachments: t.attachments,
      region: t.region,
    },
  },
  {
    seq: 2,
    type: 'ticket.queued',
    actor: 'system',
    at: t.createdAt,
    fromStatus: 'new',
    toStatus: 'pending_assignment',
    changes: { status: { from: 'new', to: 'pending_assignment' } },
    payload: {},
  },
  ...(t.assigneeId
    ? [
        {
          seq: 3,
          type: 'ticket.assign',
          actor: 'token:lead_chen',
          at: t.sla.respondedAt ?? t.updatedAt,
          fromStatus: 'pending_assignment',
          toStatus: 'in_progress',
          changes: {
            status: { from: 'pending_assignment', to: 'in_progress' },
            assigneeId: { from: null, to: t.assigneeId },
            groupId: { from: null, to: t.groupId },
          },
          payload: { assigneeId: t.assigneeId, groupId: t.groupId, note: '客户为 VIP，优先处理' },
        },
      ]
    : []),
];

// ---------- mock API ----------
/** Installs the fake backend on a page; returns the log of requests it saw. */
async function mockApi(page, opts = {}) {
  const seen = [];
  const state = new Map(tickets.map((t) => [t.ticketId, structuredClone(t)]));
  const json = (route, status, body, type = 'application/json') => route.fulfill({ status, contentType: type, body: JSON.stringify(body) });
  const problem = (route, status, code, detail, errors) =>
    json(
      route,
      status,
      { type: `/problems/${code}`, title: code, status, detail, code, ...(errors ? { errors } : {}) },
      'application/problem+json',
    );

  await page.route(
    (u) => u.pathname.startsWith('/api/'),
    async (route) => {
      const req = route.request();
      const url = new URL(req.url());
      const auth = req.headers()['authorization'];
      seen.push({ method: req.method(), path: url.pathname + url.search, headers: req.headers(), body: req.postData() });
      if (opts.expireAfter !== undefined && seen.length > opts.expireAfter)
        return problem(route, 401, 'unauthenticated', 'the token is unknown or revoked');
      if (auth !== `Bearer ${GOOD_TOKEN}`) return problem(route, 401, 'unauthenticated', 'the token is unknown or revoked');

      const parts = url.pathname.split('/').filter(Boolean); // api v1 tickets [id] [events|actions] [action]
      if (req.method() === 'GET' && parts.length === 3) {
        let items = [...state.values()];
        const status = url.searchParams.get('status');
        if (status) items = items.filter((t) => status.split(',').includes(t.status));
        const prio = url.searchParams.get('priority');
        if (prio) items = items.filter((t) => prio.split(',').includes(t.priority));
        const limit = Number(url.searchParams.get('limit') ?? 50);
        const cursor = url.searchParams.get('cursor');
        const start = cursor ? Number(cursor) : 0;
        const page = items.slice(start, start + Math.min(limit, opts.pageSize ?? limit));
        const next = start + page.length < items.length ? String(start + page.length) : null;
        return json(route, 200, { items: page, nextCursor: next });
      }
      if (req.method() === 'POST' && parts.length === 3) {
        const body = JSON.parse(req.postData() ?? '{}');
        if (body.customerId === 'c_bad') {
          return problem(route, 422, 'validation_failed', 'customerId: too long; attachments.0: Invalid URL', [
            { field: 'customerId', message: '客户编号不存在' },
            { field: 'attachments.0', message: 'Invalid URL' },
          ]);
        }
        const t = ticket({ ...body, ticketId: 'TK-20261122-NEW00001', status: 'pending_assignment', createdAt: iso(0), updatedAt: iso(0) });
        state.set(t.ticketId, t);
        return json(route, 201, t);
      }
      const t = state.get(decodeURIComponent(parts[3] ?? ''));
      if (!t) return problem(route, 404, 'not_found', `ticket ${parts[3]} does not exist`);
      if (req.method() === 'GET' && parts.length === 4) return json(route, 200, t);
      if (req.method() === 'GET' && parts[4] === 'events') return json(route, 200, { items: events(t) });
      if (req.method() === 'POST' && parts[4] === 'actions') {
        const action = parts[5];
        const body = JSON.parse(req.postData() ?? '{}');
        if (action === 'assign' && body.assigneeId === 'nobody') {
          return problem(
            route,
            409,
            'invalid_state',
            "'assign' is not allowed while the ticket is resolved; allowed from: new, pending_assignment, in_progress",
          );
        }
        if (action === 'assign')
          Object.assign(t, { status: 'in_progress', assigneeId: body.assigneeId, groupId: body.groupId ?? t.groupId });
        if (action === 'resolve') Object.assign(t, { status: 'resolved', resolution: body.resolution, resolvedAt: iso(0) });
        if (action === 'close') Object.assign(t, { status: 'closed', closedAt: iso(0) });
        t.seq += 1;
        return json(route, 200, t);
      }
      return problem(route, 404, 'not_found', 'no route');
    },
  );
  return seen;
}

// ---------- preview server ----------
async function reachable() {
  try {
    const res = await fetch(BASE);
    return res.ok;
  } catch {
    return false;
  }
}

let preview = null;
if (!(await reachable())) {
  const require = createRequire(import.meta.url);
  const viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  preview = spawn(process.execPath, [viteBin, 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], {
    cwd: uiDir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 60 && !(await reachable()); i++) await sleep(250);
  if (!(await reachable())) {
    preview.kill();
    throw new Error(`vite preview did not come up on ${BASE}; run the build first`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

const DESKTOP = { width: 1360, height: 860 };
const PHONE = { width: 390, height: 844 };

async function newPage({ lang = 'zh-CN', viewport = DESKTOP, signedIn = true, mock = {} } = {}) {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: viewport === PHONE ? 2 : 1,
    isMobile: viewport === PHONE,
    hasTouch: viewport === PHONE,
    locale: lang,
    timezoneId: 'Asia/Shanghai',
  });
  await context.addInitScript(
    ([l, token]) => {
      localStorage.setItem('fixflow.lang', l);
      if (token) sessionStorage.setItem('fixflow.token', token);
    },
    [lang, signedIn ? GOOD_TOKEN : null],
  );
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/401|404|409|422/.test(m.text())) errors.push(m.text());
  });
  const seen = await mockApi(page, mock);
  return { page, context, errors, seen };
}

async function shot(page, name, fullPage = true) {
  // a full-page capture of a scrolled page draws the sticky top bar mid-page
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${OUT}/ui-${name}.png`, fullPage });
}

try {
  // 1. sign-in: invalid token, then a good one lands on the list
  {
    const { page, context, errors, seen } = await newPage({ signedIn: false });
    await page.goto(`${BASE}/#/tickets`);
    await page.getByRole('heading', { name: '登录坐席工作台' }).waitFor();
    await shot(page, 'signin-zh-desktop');
    await page.fill('#signin-token', 'wrong-token');
    await page.click('button[type=submit]');
    await page.getByText('令牌无效或已被吊销。').waitFor();
    check(true, 'sign-in: a 401 shows "token invalid"');
    check(
      seen.some((r) => r.path === '/api/v1/tickets?limit=1'),
      'sign-in: verifies with GET /api/v1/tickets?limit=1',
    );
    await shot(page, 'signin-invalid-zh-desktop');
    await page.fill('#signin-token', GOOD_TOKEN);
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: '工单列表' }).waitFor();
    check((await page.evaluate(() => sessionStorage.getItem('fixflow.token'))) === GOOD_TOKEN, 'sign-in: token kept in sessionStorage');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { name: '登录坐席工作台' }).waitFor();
    check((await page.evaluate(() => sessionStorage.getItem('fixflow.token'))) === null, 'sign-out clears the token');
    check(errors.length === 0, `sign-in: no page errors ${errors.join(' | ')}`);
    await context.close();
  }

  // 2. list, zh + en, desktop + phone
  for (const lang of ['zh-CN', 'en']) {
    for (const [vpName, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ]) {
      const { page, context, errors } = await newPage({ lang, viewport });
      await page.goto(`${BASE}/#/tickets`);
      await page.locator('.table-card:not(.is-loading) table.tickets tbody tr').first().waitFor();
      const rows = await page.locator('table.tickets tbody tr').count();
      check(rows === tickets.length, `list ${lang} ${vpName}: ${rows} rows`);
      const tag = lang === 'en' ? 'en' : 'zh';
      const paused = await page.locator('.countdown-paused').allTextContents();
      check(paused.length === 1 && /3/.test(paused[0]), `list ${lang} ${vpName}: a paused TTR shows its frozen time (${paused.join()})`);
      await shot(page, `list-${tag}-${vpName}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      check(overflow <= 0, `list ${lang} ${vpName}: no horizontal page overflow (${overflow}px)`);
      check(errors.length === 0, `list ${lang} ${vpName}: no page errors ${errors.join(' | ')}`);
      await context.close();
    }
  }

  // 3. filters: dropdown, query string, reset, load more
  {
    const { page, context, seen } = await newPage({ mock: { pageSize: 4 } });
    await page.goto(`${BASE}/#/tickets`);
    await page.locator('table.tickets tbody tr').first().waitFor();
    check((await page.locator('table.tickets tbody tr').count()) === 4, 'list: first page of 4');
    await page.getByRole('button', { name: '加载更多' }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.tickets tbody tr').length === 6);
    check(
      seen.some((r) => r.path.includes('cursor=4')),
      'list: load more sends nextCursor',
    );
    await page.locator('.multiselect-button', { hasText: '状态' }).click();
    await page.getByLabel('处理中').check();
    await page.getByLabel('待分配').check();
    await shot(page, 'list-filter-open-zh-desktop', false);
    await page.waitForFunction(() => location.hash.includes('status='));
    check(
      seen.some((r) => /status=in_progress%2Cpending_assignment|status=in_progress,pending_assignment/.test(r.path)),
      'list: status filter sent as a comma list',
    );
    await page.keyboard.press('Escape');
    await page.fill('input[type=search]', '黑屏');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash.includes('q='));
    check(
      seen.some((r) => r.path.includes('q=%E9%BB%91%E5%B1%8F')),
      'list: free text sent as q',
    );
    await page.getByRole('button', { name: '重置筛选' }).click();
    await page.waitForFunction(() => location.hash === '#/tickets');
    await context.close();
  }

  // 4. detail: zh + en desktop, zh phone; actions (success and 409)
  for (const [tag, lang, viewport] of [
    ['zh-desktop', 'zh-CN', DESKTOP],
    ['en-desktop', 'en', DESKTOP],
    ['zh-phone', 'zh-CN', PHONE],
  ]) {
    const { page, context, errors } = await newPage({ lang, viewport });
    await page.goto(`${BASE}/#/tickets/TK-20261122-A1B2C3D4`);
    await page.locator('.timeline-item').first().waitFor();
    await shot(page, `detail-${tag}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `detail ${tag}: no horizontal page overflow (${overflow}px)`);
    check(errors.length === 0, `detail ${tag}: no page errors ${errors.join(' | ')}`);
    await context.close();
  }
  {
    const { page, context, seen, errors } = await newPage();
    await page.goto(`${BASE}/#/tickets/TK-20261122-7F3K9Q2M`);
    await page.locator('.timeline-item').first().waitFor();
    const buttons = await page.locator('.action-buttons button').allTextContents();
    check(buttons.join(',') === '分配', `detail: pending_assignment offers only assign (${buttons.join(',')})`);
    await page.getByRole('button', { name: '分配', exact: true }).click();
    await page.fill('#act-assignee', 'nobody');
    await page.locator('.action-form button[type=submit]').click();
    await page.locator('.action-form').locator('..').getByText("'assign' is not allowed").waitFor();
    check(true, 'detail: a 409 detail is shown near the action buttons');
    await shot(page, 'detail-action-409-zh-desktop', false);
    await page.fill('#act-assignee', 'agent_li');
    await page.fill('#act-group', 'senior_team');
    await page.locator('.action-form button[type=submit]').click();
    await page.locator('.detail-title .badge', { hasText: '处理中' }).waitFor();
    const post = seen.find((r) => r.method === 'POST' && r.path.endsWith('/actions/assign') && r.body?.includes('agent_li'));
    check(Boolean(post) && JSON.parse(post.body).groupId === 'senior_team', 'detail: assign posts { assigneeId, groupId }');
    const after = await page.locator('.action-buttons button').allTextContents();
    check(after.join(',') === '分配,解决', `detail: in_progress offers assign + resolve (${after.join(',')})`);
    await page.getByRole('button', { name: '解决', exact: true }).click();
    await page.fill('#act-resolution', '更换主板后正常开机');
    await page.locator('.action-form button[type=submit]').click();
    await page.locator('.detail-title .badge', { hasText: '已解决' }).waitFor();
    await page.getByRole('button', { name: '关闭工单', exact: true }).click();
    await page.locator('.action-form button[type=submit]').click();
    await page.locator('.detail-title .badge', { hasText: '已关闭' }).waitFor();
    check(true, 'detail: assign → resolve → close');
    await shot(page, 'detail-closed-zh-desktop');
    await page.getByRole('link', { name: /返回列表/ }).click();
    await page.locator('table.tickets tbody tr').first().waitFor();
    await page.locator('table.tickets tbody tr').nth(1).click();
    await page.locator('.detail-title h1', { hasText: 'TK-20261122-A1B2C3D4' }).waitFor();
    check(true, 'detail → list → another ticket by clicking its row');
    check(errors.length === 0, `detail actions: no page errors ${errors.join(' | ')}`);
    await context.close();
  }

  // 5. create: placeholders, 422 field errors, idempotency key, success → detail
  for (const [tag, lang, viewport] of [
    ['zh-desktop', 'zh-CN', DESKTOP],
    ['en-phone', 'en', PHONE],
    ['zh-phone', 'zh-CN', PHONE],
  ]) {
    const { page, context } = await newPage({ lang, viewport });
    await page.goto(`${BASE}/#/new`);
    await page.locator('#new-customerId').waitFor();
    check(
      (await page.getAttribute('#new-description', 'placeholder')) === '开机后黑屏伴随蜂鸣，已重启无效',
      `create ${tag}: seed example as placeholder`,
    );
    await shot(page, `new-${tag}`);
    await context.close();
  }
  {
    const { page, context, seen, errors } = await newPage();
    await page.goto(`${BASE}/#/new`);
    await page.locator('#new-customerId').waitFor();
    await page.locator('form.form button[type=submit]').click();
    check((await page.locator('.field-error').count()) === 3, 'create: client-side required fields');
    check(!seen.some((r) => r.method === 'POST'), 'create: nothing posted while required fields are empty');
    await page.fill('#new-customerId', 'c_bad');
    await page.selectOption('#new-channel', 'phone');
    await page.fill('#new-description', '开机后黑屏');
    await page.fill('#new-attachments', 'not a url');
    await page.locator('form.form button[type=submit]').click();
    await page.getByText('客户编号不存在').waitFor();
    check((await page.locator('.field.has-error #new-attachments').count()) === 1, 'create: 422 attachments.0 shown next to attachments');
    await shot(page, 'new-422-zh-desktop');
    await page.getByRole('button', { name: '填入示例' }).click();
    const submit = page.locator('form.form button[type=submit]');
    await submit.dblclick();
    await page.locator('.detail-title h1', { hasText: 'TK-20261122-NEW00001' }).waitFor();
    const posts = seen.filter((r) => r.method === 'POST' && r.path === '/api/v1/tickets' && r.body?.includes('c_13579'));
    const keys = new Set(posts.map((r) => r.headers['idempotency-key']));
    check(posts.length >= 1 && keys.size === 1, `create: double click → ${posts.length} POST(s), one Idempotency-Key`);
    check(/^[0-9a-f-]{36}$/.test([...keys][0] ?? ''), 'create: Idempotency-Key is a UUID');
    const body = JSON.parse(posts[0].body);
    check(
      body.channel === 'chat' &&
        body.priority === 'P2' &&
        body.attachments?.[0] === 'https://cdn.example.com/img/xxx.jpg' &&
        body.tags?.length === 2,
      'create: body carries the form values',
    );
    await page.getByText('工单 TK-20261122-NEW00001 已创建。').waitFor();
    await shot(page, 'new-created-zh-desktop', false);
    check(errors.length === 0, `create: no page errors ${errors.join(' | ')}`);
    await context.close();
  }

  // 6. a 401 anywhere returns to sign-in, and signing in again lands where the user was
  {
    const { page, context } = await newPage({ mock: { expireAfter: 2 } });
    await page.goto(`${BASE}/#/tickets/TK-20261122-7F3K9Q2M`);
    await page.locator('.timeline-item').first().waitFor();
    await page.getByRole('button', { name: '刷新' }).click();
    await page.getByText('登录已失效，请重新输入 API 令牌。').waitFor();
    check((await page.evaluate(() => sessionStorage.getItem('fixflow.token'))) === null, '401: token cleared, back to sign-in');
    check(page.url().endsWith('#/tickets/TK-20261122-7F3K9Q2M'), '401: the URL is kept for after sign-in');
    await shot(page, 'signin-expired-zh-desktop', false);
    await context.close();
  }

  // 7. unknown ticket
  {
    const { page, context } = await newPage({ lang: 'en' });
    await page.goto(`${BASE}/#/tickets/TK-20990101-ZZZZZZZZ`);
    await page.getByText('Ticket TK-20990101-ZZZZZZZZ does not exist.').waitFor();
    check(true, 'detail: 404 shows "does not exist"');
    await context.close();
  }
} catch (err) {
  failures.push(String(err?.stack ?? err));
  console.error(err);
} finally {
  await browser.close();
  preview?.kill();
}

console.log(failures.length ? `\n${failures.length} check(s) failed` : '\nall checks passed');
process.exit(failures.length ? 1 : 0);

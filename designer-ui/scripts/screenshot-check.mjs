// Visual and behavioural smoke check of the built UI without the backend.
//
//   npm run build --workspace designer-ui
//   node designer-ui/scripts/screenshot-check.mjs          (starts `vite preview` on :4173 itself)
//
// Every /api call is answered in the browser by page.route() with sample data. Screenshots go to
// /tmp/ui-*.png (zh-CN and en, desktop and a 390px phone). Exits non-zero when a check fails.
// Needs a Chromium: CHROMIUM_PATH or /usr/bin/chromium (Debian: apt-get install chromium fonts-noto-cjk).
import { ensurePreview, launchChromium } from './check-support.mjs';

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

// The default flow (domain/flow/default-ticket-flow.ts), reduced to: status → action → next status.
// `add-contact` is a system action the UI must not offer; it is in the list to prove that.
const GLOBAL_ACTIONS = ['add-note', 'add-attachment', 'change-priority', 'add-contact'];
const FLOW = {
  pending_assignment: { assign: 'pending_acceptance' },
  pending_acceptance: { accept: 'in_progress', dispute: 'pending_reassignment', assign: 'pending_acceptance' },
  pending_reassignment: { assign: 'pending_acceptance' },
  in_progress: {
    'set-substatus': 'in_progress',
    'request-info': 'pending_customer',
    hold: 'on_hold',
    escalate: 'escalated',
    transfer: 'pending_acceptance',
    resolve: 'resolved',
  },
  pending_customer: { 'customer-replied': 'in_progress' },
  on_hold: { resume: 'in_progress' },
  escalated: { accept: 'in_progress', resolve: 'resolved' },
  pending_review: { resolve: 'resolved', start: 'in_progress' },
  resolved: { close: 'closed', reopen: 'reopened' },
  reopened: { start: 'in_progress', assign: 'pending_acceptance' },
  closed: {},
};
const availableActions = (status) => (status === 'closed' ? [] : [...Object.keys(FLOW[status] ?? {}), ...GLOBAL_ACTIONS]);

// The payload schemas of domain/ticket/ticket-actions.ts: [required, optional] fields (zod .strict()).
const SCHEMAS = {
  assign: [['assigneeId'], ['groupId', 'note']],
  accept: [[], ['note']],
  dispute: [['reason'], ['note']],
  start: [[], ['note']],
  'set-substatus': [['substatus'], ['note']],
  'request-info': [['message'], ['fields']],
  'customer-replied': [['message'], ['attachments']],
  hold: [['reason'], ['evidence', 'note']],
  resume: [[], ['note']],
  escalate: [['level', 'reason'], ['groupId']],
  transfer: [['assigneeId', 'reason'], ['groupId']],
  'change-priority': [['priority', 'reason'], []],
  'add-note': [['text'], ['visibility']],
  'add-attachment': [['url'], ['name', 'kind']],
  resolve: [['resolution'], ['rootCause', 'diagnosis']],
  close: [[], ['note', 'reason']],
  reopen: [['reason'], []],
};
function payloadErrors(action, body) {
  const [required, optional] = SCHEMAS[action];
  const errors = [];
  for (const f of required) if (typeof body[f] !== 'string' || !body[f].trim()) errors.push({ field: f, message: 'Required' });
  for (const f of Object.keys(body))
    if (!required.includes(f) && !optional.includes(f)) errors.push({ field: f, message: 'unknown field' });
  if (action === 'add-attachment' && body.url && !/^https?:\/\/\S+$/.test(body.url)) errors.push({ field: 'url', message: 'Invalid URL' });
  return errors;
}

/** One SLA clock as the API shows it (domain/sla/ticket-sla.ts metricView). */
const clock = (over) => ({
  state: 'running',
  targetMinutes: 60,
  dueAt: null,
  remainingMs: 0,
  pausedSince: null,
  pauseReason: null,
  warnedAt: null,
  breachedAt: null,
  metAt: null,
  ...over,
});
const running = (targetMinutes, dueMin, over = {}) => clock({ targetMinutes, dueAt: iso(dueMin), remainingMs: dueMin * 60_000, ...over });
const met = (targetMinutes, metMin, remainingMin, over = {}) =>
  clock({ state: 'stopped', targetMinutes, metAt: iso(metMin), remainingMs: remainingMin * 60_000, ...over });
function sla(frt, ttr, escalationLevel = 0) {
  return {
    policyId: 'default',
    calendarId: 'cn-workdays',
    frt,
    ttr,
    frtDueAt: frt.dueAt,
    ttrDueAt: ttr.dueAt,
    respondedAt: frt.metAt,
    breached: Boolean(frt.breachedAt || ttr.breachedAt),
    escalationLevel,
  };
}

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
    sla: sla(running(60, 25), running(24 * 60, 60 * 23 + 25)),
    seq: 2,
    ...over,
    availableActions: availableActions(over.status ?? 'pending_assignment'),
  };
}

const tickets = [
  ticket({}),
  ticket({
    ticketId: 'TK-20261122-A1B2C3D4',
    status: 'in_progress',
    substatus: 'awaiting_parts',
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
    sla: sla(met(15, -290, 5), running(4 * 60, -20, { warnedAt: iso(-80), breachedAt: iso(-20) }), 1),
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
    sla: sla(met(60, -60 * 25.5, 30), met(24 * 60, -60 * 20, 60 * 18)),
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
    sla: sla(met(60, -60 * 49.5, 30), met(8 * 60, -60 * 30, -60 * 10, { breachedAt: iso(-60 * 40) })),
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
    // waiting for the customer pauses TTR: no due time, the business time left is frozen
    sla: sla(
      met(60, -60 * 69.5, 30),
      clock({
        state: 'paused',
        targetMinutes: 3 * 24 * 60,
        remainingMs: 3 * 3600_000 + 15 * 60_000,
        pausedSince: iso(-60 * 3),
        pauseReason: 'waiting_customer',
      }),
    ),
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
    sla: sla(met(60, -60 * 89.5, 30), running(3 * 24 * 60, 60 * 30 + 5)),
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
      // The token expires after that many ticket calls; the console's background calls (the bell's
      // unread count, a ticket's suggested articles) do not count, but are refused once it expired.
      const ticketCalls = seen.filter((r) => r.path.startsWith('/api/v1/tickets') && !r.path.includes('/suggested-articles')).length;
      if (opts.expireAfter !== undefined && ticketCalls > opts.expireAfter)
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
        if (!SCHEMAS[action]) return problem(route, 404, 'not_found', `unknown action ${action}`);
        if (action === 'assign' && body.assigneeId === 'nobody') {
          return problem(
            route,
            409,
            'invalid_state',
            "'assign' is not allowed while the ticket is resolved; allowed from: new, pending_assignment, in_progress",
          );
        }
        const errors = payloadErrors(action, body);
        if (errors.length > 0) {
          return problem(route, 422, 'validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
        }
        if (!t.availableActions.includes(action))
          return problem(route, 409, 'action_not_allowed', `'${action}' is not allowed while the ticket is ${t.status}`);
        const next = FLOW[t.status]?.[action] ?? t.status;
        if (action === 'assign' || action === 'transfer')
          Object.assign(t, { assigneeId: body.assigneeId, groupId: body.groupId ?? t.groupId });
        if (action === 'set-substatus') t.substatus = body.substatus;
        if (action === 'change-priority') t.priority = body.priority;
        if (action === 'add-attachment') t.attachments = [...t.attachments, body.url];
        if (action === 'hold')
          t.sla.ttr = clock({ ...t.sla.ttr, state: 'paused', dueAt: null, pausedSince: iso(0), pauseReason: body.reason });
        if (action === 'resume')
          t.sla.ttr = clock({ ...t.sla.ttr, state: 'running', dueAt: iso(60 * 20), pausedSince: null, pauseReason: null });
        if (action === 'resolve') {
          Object.assign(t, { resolution: body.resolution, resolvedAt: iso(0) });
          t.sla.ttr = clock({ ...t.sla.ttr, state: 'stopped', dueAt: null, metAt: iso(0) });
        }
        if (action === 'close') t.closedAt = iso(0);
        t.status = next;
        t.availableActions = availableActions(next);
        t.updatedAt = iso(0);
        t.seq += 1;
        return json(route, 200, t);
      }
      return problem(route, 404, 'not_found', 'no route');
    },
  );
  return seen;
}

// ---------- preview server ----------
const preview = await ensurePreview(PORT, BASE);
const browser = await launchChromium();

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

  // 4. detail: zh + en desktop, zh phone; SLA clocks; an action form open
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
    const buttons = await page.locator('.action-buttons button').allTextContents();
    check(buttons.length === 9, `detail ${tag}: in_progress offers 6 flow + 3 global actions (${buttons.join(',')})`);
    const sla = await page.locator('.sla-row').allTextContents();
    check(/(已违约|Breached)/.test(sla[1] ?? ''), `detail ${tag}: TTR shows breached (${sla[1]})`);
    check(/(达成于|Met at)/.test(sla[0] ?? ''), `detail ${tag}: FRT shows met at (${sla[0]})`);
    await page.locator('.action-buttons button', { hasText: /^(升级|Escalate)$/ }).click();
    await page.locator('#act-level').waitFor();
    await shot(page, `detail-form-${tag}`);
    const formOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(formOverflow <= 0, `detail ${tag}: no overflow with a form open (${formOverflow}px)`);
    check(errors.length === 0, `detail ${tag}: no page errors ${errors.join(' | ')}`);
    await context.close();
  }
  {
    // a paused clock says why and since when
    const { page, context } = await newPage({ viewport: PHONE });
    await page.goto(`${BASE}/#/tickets/TK-20261120-Q8R9S0T1`);
    await page.locator('.timeline-item').first().waitFor();
    const ttr = (await page.locator('.sla-row').nth(1).textContent()) ?? '';
    check(/已暂停（等待客户）/.test(ttr) && /剩余 3小时15分/.test(ttr), `detail: paused TTR shows reason and frozen time (${ttr})`);
    check(
      (await page.locator('.action-buttons button').allTextContents()).join(',') === '登记客户回复,调整优先级,添加备注,添加附件',
      'detail: pending_customer offers the customer reply first',
    );
    await shot(page, 'detail-paused-zh-phone');
    await context.close();
  }
  {
    const { page, context, seen, errors } = await newPage();
    const act = (name) => page.locator('.action-buttons button', { hasText: new RegExp(`^${name}$`) }).click();
    const submit = () => page.locator('.action-form button[type=submit]').click();
    const badge = (text) => page.locator('.detail-title .badge', { hasText: text }).waitFor();
    const lastPost = (action) => seen.filter((r) => r.method === 'POST' && r.path.endsWith(`/actions/${action}`)).at(-1);
    const bodyOf = (action) => JSON.parse(lastPost(action)?.body ?? 'null');
    const buttons = () => page.locator('.action-buttons button').allTextContents();

    await page.goto(`${BASE}/#/tickets/TK-20261122-7F3K9Q2M`);
    await page.locator('.timeline-item').first().waitFor();
    let shown = await buttons();
    check(
      shown.join(',') === '分配,调整优先级,添加备注,添加附件',
      `detail: pending_assignment offers assign + global, not add-contact (${shown})`,
    );
    await act('分配');
    await submit();
    check((await page.locator('.action-form .field-error').count()) === 1, 'detail: assign without assignee → required error');
    check(!seen.some((r) => r.method === 'POST'), 'detail: nothing posted while a required field is empty');
    await page.fill('#act-assigneeId', 'nobody');
    await submit();
    await page.locator('.action-form').locator('..').getByText("'assign' is not allowed").waitFor();
    check(true, 'detail: a 409 detail is shown near the action buttons');
    await shot(page, 'detail-action-409-zh-desktop', false);
    await page.fill('#act-assigneeId', 'agent_li');
    await page.fill('#act-groupId', 'senior_team');
    await submit();
    await badge('待接单');
    check(
      JSON.stringify(bodyOf('assign')) === JSON.stringify({ assigneeId: 'agent_li', groupId: 'senior_team' }),
      `detail: assign posts { assigneeId, groupId } (${JSON.stringify(bodyOf('assign'))})`,
    );
    shown = await buttons();
    check(shown.join(',') === '接单,分配,拒绝接单,调整优先级,添加备注,添加附件', `detail: pending_acceptance, accept first (${shown})`);
    check((await page.locator('.action-buttons .btn-primary').textContent()) === '接单', 'detail: accept is the primary button');

    await act('接单');
    await submit();
    await badge('处理中');
    check(JSON.stringify(bodyOf('accept')) === '{}', 'detail: accept with no note posts {}');

    await act('挂起');
    await submit();
    check((await page.locator('.field.has-error #act-reason').count()) === 1, 'detail: hold without a reason → required error');
    await page.selectOption('#act-reason', 'parts_on_order');
    await page.fill('#act-evidence', 'PO-20261122-018');
    await submit();
    await badge('挂起');
    check(
      JSON.stringify(bodyOf('hold')) === JSON.stringify({ reason: 'parts_on_order', evidence: 'PO-20261122-018' }),
      `detail: hold posts { reason, evidence } (${JSON.stringify(bodyOf('hold'))})`,
    );
    const ttr = (await page.locator('.sla-row').nth(1).textContent()) ?? '';
    check(/已暂停（备件订购中）/.test(ttr), `detail: after hold the TTR clock shows paused (parts on order) (${ttr})`);
    await shot(page, 'detail-on-hold-zh-desktop');

    await act('恢复处理');
    await submit();
    await badge('处理中');

    await act('添加附件');
    await page.fill('#act-url', 'not a url');
    await submit();
    await page.locator('.field.has-error #act-url').waitFor();
    check(true, 'detail: a 422 field error is shown next to its field');
    await shot(page, 'detail-action-422-zh-desktop', false);
    await page.fill('#act-url', 'https://cdn.example.com/img/invoice.jpg');
    await submit();
    await page.locator('.action-form').waitFor({ state: 'detached' });
    check(
      JSON.stringify(bodyOf('add-attachment')) === JSON.stringify({ url: 'https://cdn.example.com/img/invoice.jpg', kind: 'other' }),
      `detail: add-attachment posts { url, kind } (${JSON.stringify(bodyOf('add-attachment'))})`,
    );

    await act('添加备注');
    await page.fill('#act-text', '已电话联系客户');
    await page.selectOption('#act-visibility', 'public');
    await submit();
    await page.locator('.action-form').waitFor({ state: 'detached' });
    check(bodyOf('add-note')?.visibility === 'public', 'detail: add-note posts the chosen visibility');

    await act('解决');
    await page.fill('#act-resolution', '更换主板后正常开机');
    await page.fill('#act-rootCause', '主板电源模块损坏');
    await submit();
    await badge('已解决');
    shown = await buttons();
    check(shown.join(',') === '关闭工单,重新打开,调整优先级,添加备注,添加附件', `detail: resolved offers close + reopen (${shown})`);
    await act('关闭工单');
    await page.selectOption('#act-reason', 'confirmed');
    await submit();
    await badge('已关闭');
    check(JSON.stringify(bodyOf('close')) === JSON.stringify({ reason: 'confirmed' }), 'detail: close posts { reason }');
    check((await page.getByText('当前状态下没有可执行的操作。').count()) === 1, 'detail: a closed ticket offers nothing');
    check(true, 'detail: assign → accept → hold → resume → attach → note → resolve → close');

    const posts = seen.filter((r) => r.method === 'POST' && r.path.includes('/actions/'));
    const keys = posts.map((r) => r.headers['idempotency-key']);
    check(
      keys.every((k) => /^[0-9a-f-]{36}$/.test(k ?? '')) && new Set(keys).size === keys.length,
      `detail: each of ${posts.length} action POSTs has its own Idempotency-Key`,
    );
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

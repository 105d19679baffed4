// Browser check of the knowledge base, the message centre (bell + messages) and maintenance plans
// without the backend, in the style of screenshot-check.mjs.
//
//   npm run build --workspace designer-ui
//   node designer-ui/scripts/knowledge-inbox-check.mjs     (starts `vite preview` on :4175 itself)
//
// Every /api call is answered in the browser by page.route() with sample data shaped as the API
// answers (api/knowledge, api/inbox, api/maintenance). Three tokens: an admin (edits the knowledge
// base), an agent (reads it) and an integrator (neither knowledge nor inbox: 403). Screenshots go
// to /tmp/ui-kb-*.png. Exits non-zero when a check fails.
import { ensurePreview, launchChromium } from './check-support.mjs';

const PORT = Number(process.env.PREVIEW_PORT ?? 4175);
const BASE = process.env.UI_BASE_URL ?? `http://127.0.0.1:${PORT}`;
const OUT = process.env.SCREENSHOT_DIR ?? '/tmp';
const TOKENS = {
  admin: { token: 'ffk_admin_token_0123456789', roles: ['admin'] },
  agent: { token: 'ffk_agent_token_0123456789', roles: ['agent'] },
  integrator: { token: 'ffk_integrator_token_0123', roles: ['integrator'] },
};

const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? '  ok  ' : '  FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

// ---------- sample data ----------
const now = Date.now();
const iso = (offsetMin) => new Date(now + offsetMin * 60_000).toISOString();
const XSS = '<script>window.__xss = 1</script>';

const CATEGORIES = [
  ['质量问题', null, 1, 'Quality problem'],
  ['质量问题/功能异常', '质量问题', 2, 'Malfunction'],
  ['质量问题/功能异常/开机失败', '质量问题/功能异常', 3, "Won't power on"],
  ['质量问题/功能异常/黑屏', '质量问题/功能异常', 3, 'Black screen'],
  ['质量问题/功能异常/漏水', '质量问题/功能异常', 3, 'Leaking'],
  ['质量问题/外观损坏', '质量问题', 2, 'Cosmetic damage'],
  ['物流问题', null, 1, 'Logistics'],
  ['物流问题/配送异常', '物流问题', 2, 'Delivery problem'],
].map(([code, parentCode, level, labelEn], i) => ({
  type: 'category',
  code,
  parentCode,
  level,
  labelZh: code.split('/').pop(),
  labelEn,
  sort: i,
  active: true,
}));

function article(over) {
  return {
    id: 'KB-STD-0001',
    kind: 'faq',
    title: '设备无法开机怎么办？',
    body: '## 现象\n按下电源键后设备无反应。',
    models: [],
    category1: '质量问题',
    category2: '功能异常',
    category3: '开机失败',
    tags: ['开机', '电源'],
    status: 'published',
    author: '知识库管理员',
    version: 1,
    publishedAt: iso(-60 * 24 * 30),
    archivedAt: null,
    createdBy: 'token:admin',
    createdAt: iso(-60 * 24 * 30),
    updatedBy: 'token:admin',
    updatedAt: iso(-60 * 24 * 3),
    ...over,
  };
}

const ARTICLES = [
  article({
    body: `## 现象
按下电源键后设备无反应，指示灯不亮。

## 请客户先自查
1. 确认插座有电：换一个插座试一下。
2. 检查电源线两端是否插紧。
   - 电源线有无破损
   - 有无烧焦痕迹
3. 拔掉电源静置 5 分钟后重新上电。

## 仍无法开机
- 在保修期内：创建维修工单，类目选择 **质量问题 / 功能异常 / 开机失败**。
- 不要自行拆机，详见 [保修政策](https://example.com/warranty)。`,
  }),
  article({
    id: 'KB-STD-0002',
    kind: 'sop',
    title: 'ABC-123 开机黑屏伴随蜂鸣的排查与主板更换',
    category3: '黑屏',
    models: ['ABC-123'],
    tags: ['黑屏', '蜂鸣', '主板'],
    body: '适用型号：ABC-123。\n\n## 一、远程判断\n1. 询问蜂鸣规律。\n\n```\nselftest --all\n```',
  }),
  // an article whose text carries markup: it must be shown, never run
  article({
    id: 'KB-XSS-0001',
    kind: 'work_instruction',
    title: `固件升级说明 ${XSS}`,
    category1: '质量问题',
    category2: null,
    category3: null,
    models: ['AC-9000'],
    tags: ['固件'],
    body: `升级前请备份配置。${XSS}\n\n<img src="x" onerror="window.__xss = 2">\n\n## 步骤\n1. 下载固件 \`fw-2.1.bin\`\n2. 点击[这里](javascript:window.__xss=3)无效\n\n\`\`\`\n<script>window.__xss = 4</script>\n\`\`\``,
  }),
  article({
    id: 'KB-DRAFT-001',
    status: 'draft',
    title: '冷水机组季度保养作业指导',
    kind: 'work_instruction',
    version: 2,
    publishedAt: null,
  }),
  article({ id: 'KB-OLD-0001', status: 'archived', title: '旧版遥控器配对方法', kind: 'faq', version: 4, archivedAt: iso(-600) }),
];

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
/** The API's highlight: HTML-escaped text with the query's words in <mark>. */
function highlight(text, q) {
  let out = escapeHtml(text.replace(/[#*`\n]+/g, ' ').trim()).slice(0, 200);
  for (const w of (q ?? '').split(/\s+/).filter(Boolean)) out = out.split(escapeHtml(w)).join(`<mark>${escapeHtml(w)}</mark>`);
  return out;
}
const hit = (a, q) => ({
  id: a.id,
  kind: a.kind,
  title: a.title,
  titleHighlighted: highlight(a.title, q),
  snippet: highlight(a.body, q),
  models: a.models,
  category1: a.category1,
  category2: a.category2,
  category3: a.category3,
  tags: a.tags,
  updatedAt: a.updatedAt,
});

const TICKET = {
  ticketId: 'TK-20261122-7F3K9Q2M',
  status: 'in_progress',
  priority: 'P2',
  channel: 'chat',
  customerId: 'c_13579',
  orderId: 'o_99880001',
  sku: 'ABC-123',
  category1: '质量问题',
  category2: '功能异常',
  category3: '开机失败',
  region: '华东',
  entitlement: 'in_warranty',
  description: '开机后黑屏伴随蜂鸣，已重启无效',
  attachments: [],
  tags: [],
  assigneeId: 'agent_li',
  groupId: null,
  resolution: null,
  createdBy: 'token:admin',
  createdAt: iso(-35),
  updatedAt: iso(-30),
  resolvedAt: null,
  closedAt: null,
  sla: null,
  seq: 3,
  availableActions: ['resolve', 'add-note'],
};

function messages() {
  const m = (id, kind, title, body, ticketId, readAt = null, recipient = 'admin') => ({
    id: String(id),
    kind,
    title,
    body,
    link: ticketId ? `/#/tickets/${ticketId}` : null,
    ticketId,
    recipient,
    createdAt: iso(-(6 - id) * 7), // newest first, as the API lists them
    readAt,
  });
  return [
    m(
      5,
      'sla_warning',
      '即将超时：TK-20261122-7F3K9Q2M',
      '工单 TK-20261122-7F3K9Q2M（P2）的解决时限将于 2026-11-23 14:00 到期，请尽快处理。',
      TICKET.ticketId,
    ),
    m(
      4,
      'assigned',
      '新工单待接单：TK-20261122-A1B2C3D4',
      `工单 TK-20261122-A1B2C3D4（P1，安全隐患）已分配给您，请及时接单。${XSS}`,
      'TK-20261122-A1B2C3D4',
    ),
    m(
      3,
      'approval_waiting',
      '工单待审核：TK-20261120-V2W3X4Y5',
      '工单 TK-20261120-V2W3X4Y5（P3，设备告警）已提交处理结果，等待审核/结算。',
      'TK-20261120-V2W3X4Y5',
      null,
      'group:team_lead',
    ),
    m(
      2,
      'task_done',
      '工单已解决：TK-20261121-9ZX8WV7T',
      '您创建的工单 TK-20261121-9ZX8WV7T（咨询）已处理完成：已远程指导客户完成设置',
      'TK-20261121-9ZX8WV7T',
      iso(-60),
    ),
    m(
      1,
      'escalated',
      '工单已升级：TK-20261121-K4M5N6P7',
      '工单 TK-20261121-K4M5N6P7（P4）已升级（TTR 超时，第 1 级升级），请跟进。',
      'TK-20261121-K4M5N6P7',
      iso(-120),
    ),
  ];
}

function plan(over) {
  return {
    id: 'mp_0a1b2c3d4e5f60718293',
    name: '冷水机组季度保养',
    target: { type: 'asset', assetId: 'AS-001' },
    customerId: 'CU-HZ-001',
    trigger: { type: 'cycle', everyMonths: 3, startDate: '2026-01-15', timeOfDay: '09:00', timeZone: 'Asia/Shanghai' },
    ticket: { priority: 'P3', category1: '预防性维护', category2: '定期保养', category3: '周期保养', descriptionTemplate: '预防性维护' },
    status: 'active',
    statusNote: null,
    skippedTimes: [],
    scheduleId: 'maintenance-plan-mp_0a1b2c3d4e5f60718293',
    version: 1,
    createdBy: 'token:admin',
    createdAt: iso(-60 * 24 * 40),
    updatedBy: 'token:admin',
    updatedAt: iso(-60 * 24 * 40),
    ...over,
  };
}
const NEXT_RUNS = ['2027-01-15T01:00:00.000Z', '2027-04-15T01:00:00.000Z', '2027-07-15T01:00:00.000Z', '2027-10-15T01:00:00.000Z'];
const PLANS = [
  plan({}),
  plan({
    id: 'mp_1111aaaa2222bbbb3333',
    name: '商场中央空调年度巡检（所有安装点设备）',
    target: { type: 'site', siteId: 'ST-GZ-01' },
    trigger: {
      type: 'cycle',
      everyMonths: 12,
      startDate: '2026-03-01',
      timeOfDay: '08:30',
      timeZone: 'Asia/Shanghai',
      endDate: '2029-02-28',
    },
    status: 'paused',
    statusNote: '等待合同续签',
  }),
  plan({
    id: 'mp_4444cccc5555dddd6666',
    name: 'KX-5 运行时长超 2000 小时保养',
    target: { type: 'model', customerId: 'CU-HZ-001', model: 'KX-5' },
    trigger: { type: 'condition', rule: { '>': [{ var: 'readings.runHours' }, 2000] }, minIntervalHours: 24 },
    scheduleId: null,
  }),
];

// ---------- mock API ----------
async function mockApi(page) {
  const seen = [];
  const state = {
    articles: new Map(ARTICLES.map((a) => [a.id, structuredClone(a)])),
    messages: messages(),
    plans: new Map(PLANS.map((p) => [p.id, structuredClone(p)])),
    created: 0,
  };
  const json = (route, status, body, type = 'application/json') => route.fulfill({ status, contentType: type, body: JSON.stringify(body) });
  const problem = (route, status, code, detail, errors) =>
    json(
      route,
      status,
      { type: `/problems/${code}`, title: code, status, detail, code, ...(errors ? { errors } : {}) },
      'application/problem+json',
    );
  const forbidden = (route) => problem(route, 403, 'forbidden', 'this token may not do that');
  const schedule = (p) =>
    p.trigger.type !== 'cycle'
      ? null
      : {
          scheduleId: p.scheduleId,
          exists: true,
          paused: p.status === 'paused',
          note: p.statusNote,
          timeZone: 'Asia/Shanghai',
          nextRunTimes: NEXT_RUNS.filter((x) => !p.skippedTimes.includes(x)),
        };
  const withSchedule = (p) => ({ ...p, schedule: schedule(p) });

  await page.route(
    (u) => u.pathname.startsWith('/api/'),
    async (route) => {
      const req = route.request();
      const url = new URL(req.url());
      const method = req.method();
      const body = req.postData() ? JSON.parse(req.postData()) : undefined;
      seen.push({ method, path: url.pathname + url.search, headers: req.headers(), body });
      const who = Object.values(TOKENS).find((t) => req.headers()['authorization'] === `Bearer ${t.token}`);
      if (!who) return problem(route, 401, 'unauthenticated', 'the token is unknown or revoked');
      const roles = who.roles;
      const canRead = roles.some((r) => ['admin', 'agent'].includes(r));
      const canManage = roles.includes('admin');
      const parts = url.pathname.split('/').filter(Boolean).slice(2); // after api/v1
      const q = url.searchParams;

      // tickets
      if (parts[0] === 'tickets') {
        if (parts.length === 1) return json(route, 200, { items: [TICKET], nextCursor: null });
        if (parts[1] !== TICKET.ticketId) return problem(route, 404, 'not_found', `ticket ${parts[1]} does not exist`);
        if (parts.length === 2) return json(route, 200, TICKET);
        if (parts[2] === 'events') return json(route, 200, { items: [] });
        if (parts[2] === 'suggested-articles') {
          if (!canRead) return forbidden(route);
          const [a, b] = [state.articles.get('KB-STD-0002'), state.articles.get('KB-STD-0001')];
          return json(route, 200, {
            ticketId: TICKET.ticketId,
            models: ['ABC-123'],
            items: [
              { ...hit(a, '黑屏 蜂鸣 开机'), reasons: ['category2', 'model', 'text'] },
              { ...hit(b, '黑屏 蜂鸣 开机'), reasons: ['category3', 'text'] },
            ],
          });
        }
      }
      if (parts[0] === 'dictionaries' && parts[1] === 'category') return json(route, 200, { items: CATEGORIES });

      // knowledge
      if (parts[0] === 'knowledge') {
        if (!canRead) return forbidden(route);
        if (parts[1] === 'search') {
          const text = q.get('q');
          if (text !== null && !/[\p{L}\p{N}]/u.test(text)) {
            return problem(route, 400, 'validation_failed', 'query.q: nothing searchable in it', [
              { field: 'query.q', message: 'nothing searchable in it (only punctuation or symbols)' },
            ]);
          }
          let items = [...state.articles.values()].filter((a) => a.status === 'published');
          if (text) items = items.filter((a) => text.split(/\s+/).some((w) => `${a.title} ${a.body} ${a.tags.join(' ')}`.includes(w)));
          if (q.get('model')) items = items.filter((a) => a.models.length === 0 || a.models.includes(q.get('model')));
          if (q.get('category1')) items = items.filter((a) => a.category1 === q.get('category1'));
          if (q.get('category2')) items = items.filter((a) => a.category2 === q.get('category2'));
          if (q.get('kind')) items = items.filter((a) => a.kind === q.get('kind'));
          // a raw tag as a buggy server might send it: still only <mark> may become an element
          const raw = (h) => (h.id === 'KB-XSS-0001' ? { ...h, snippet: `${h.snippet} <img src=x onerror="window.__xss = 9">` } : h);
          return json(route, 200, { items: items.map((a) => raw(hit(a, text))) });
        }
        if (parts[1] !== 'articles') return problem(route, 404, 'not_found', 'no route');
        if (parts.length === 2 && method === 'GET') {
          const status = q.get('status') ?? 'published';
          if (status !== 'published' && !canManage) return forbidden(route);
          const items = [...state.articles.values()].filter((a) => status === 'all' || a.status === status);
          return json(route, 200, { items: items.slice(0, Number(q.get('limit') ?? 50)), nextCursor: null });
        }
        if (parts.length === 2 && method === 'POST') {
          if (!canManage) return forbidden(route);
          const errors = articleErrors(body);
          if (errors.length)
            return problem(route, 422, 'validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
          const a = article({
            ...body,
            id: `KB-NEW-000${++state.created}`,
            status: 'draft',
            version: 1,
            author: body.author ?? 'admin',
            updatedAt: iso(0),
          });
          state.articles.set(a.id, a);
          return json(route, 201, a);
        }
        const a = state.articles.get(decodeURIComponent(parts[2]));
        if (!a || (a.status !== 'published' && !canManage))
          return problem(route, 404, 'not_found', `knowledge article ${parts[2]} does not exist`);
        if (parts.length === 3 && method === 'GET') return json(route, 200, a);
        if (!canManage) return forbidden(route);
        const ifMatch = req.headers()['if-match'];
        if (ifMatch !== undefined && ifMatch !== `"${a.version}"`)
          return problem(route, 412, 'version_mismatch', `the article is at version ${a.version}; If-Match named ${ifMatch}`);
        if (parts.length === 3 && method === 'PATCH') {
          const errors = articleErrors({ ...a, ...body });
          if (errors.length)
            return problem(route, 422, 'validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
          Object.assign(a, body, { version: a.version + 1, updatedAt: iso(0) });
          return json(route, 200, a);
        }
        if (parts[3] === 'publish' || parts[3] === 'archive') {
          const to = parts[3] === 'publish' ? 'published' : 'archived';
          if (a.status === to) return problem(route, 409, 'invalid_state', `cannot ${parts[3]} an article that is ${a.status}`);
          Object.assign(a, { status: to, version: a.version + 1, updatedAt: iso(0) });
          return json(route, 200, a);
        }
      }

      // inbox
      if (parts[0] === 'inbox') {
        if (!canRead) return forbidden(route);
        const unread = state.messages.filter((m) => !m.readAt);
        if (parts[1] === 'unread-count') {
          const byKind = {};
          for (const m of unread) byKind[m.kind] = (byKind[m.kind] ?? 0) + 1;
          return json(route, 200, { unread: unread.length, byKind });
        }
        if (parts.length === 1) {
          let items = q.get('unread') === 'true' ? unread : state.messages;
          if (q.get('kind')) items = items.filter((m) => m.kind === q.get('kind'));
          return json(route, 200, { items, nextCursor: null });
        }
        if (parts[1] === 'read-all' && method === 'POST') {
          const marked = unread.filter((m) => !body?.kind || m.kind === body.kind);
          marked.forEach((m) => (m.readAt = iso(0)));
          return json(route, 200, { marked: marked.length });
        }
        const m = state.messages.find((x) => x.id === parts[1]);
        if (m && parts[2] === 'read' && method === 'POST') {
          m.readAt ??= iso(0);
          return json(route, 200, m);
        }
        return problem(route, 404, 'not_found', `message ${parts[1]} is not in your inbox`);
      }

      // maintenance plans and the asset lookup of the form
      if (parts[0] === 'assets' && parts.length === 2) {
        if (parts[1] === 'AS-001' || parts[1] === 'AS-RETIRED')
          return json(route, 200, {
            id: parts[1],
            serialNo: 'SN2026ABCD0001',
            model: 'KX-5',
            customerId: 'CU-HZ-001',
            customerName: '杭州恒温冷链有限公司',
            status: parts[1] === 'AS-001' ? 'in_service' : 'retired',
          });
        return problem(route, 404, 'not_found', `asset ${parts[1]} does not exist`);
      }
      if (parts[0] === 'maintenance-plans') {
        if (parts.length === 1 && method === 'GET') {
          let items = [...state.plans.values()];
          if (q.get('status')) items = items.filter((p) => p.status === q.get('status'));
          if (q.get('triggerType')) items = items.filter((p) => p.trigger.type === q.get('triggerType'));
          return json(route, 200, { items, nextCursor: null });
        }
        if (parts.length === 1 && method === 'POST') {
          if (body.target?.assetId === 'AS-RETIRED')
            return problem(route, 422, 'validation_failed', 'target.assetId: the asset is retired', [
              { field: 'target.assetId', message: 'the asset is retired' },
            ]);
          const p = plan({
            ...body,
            id: 'mp_9999eeee8888ffff7777',
            trigger: body.trigger,
            status: body.paused ? 'paused' : 'active',
            statusNote: body.note ?? null,
          });
          delete p.paused;
          delete p.note;
          state.plans.set(p.id, p);
          return json(route, 201, withSchedule(p));
        }
        const p = state.plans.get(parts[1]);
        if (!p) return problem(route, 404, 'not_found', `maintenance plan ${parts[1]} does not exist`);
        if (parts.length === 2) return json(route, 200, withSchedule(p));
        if (parts[2] === 'pause' || parts[2] === 'resume') {
          p.status = parts[2] === 'pause' ? 'paused' : 'active';
          p.statusNote = `${parts[2] === 'pause' ? 'paused' : 'resumed'} by token:admin`;
          return json(route, 200, withSchedule(p));
        }
        if (parts[2] === 'skip') {
          const next = schedule(p).nextRunTimes[0];
          p.skippedTimes.push(next);
          return json(route, 200, { skipped: next, plan: withSchedule(p) });
        }
        if (parts[2] === 'trigger') return json(route, 202, { planId: p.id, triggeredAt: iso(0) });
      }
      return problem(route, 404, 'not_found', `no mock for ${method} ${url.pathname}`);
    },
  );
  return { seen, state };
}

/** The article schema of domain/knowledge/knowledge-article.ts, in short, plus the category path check. */
function articleErrors(b) {
  const errors = [];
  if (!['faq', 'sop', 'work_instruction'].includes(b.kind)) errors.push({ field: 'kind', message: 'Invalid option' });
  if (typeof b.title !== 'string' || b.title.trim().length < 2) errors.push({ field: 'title', message: 'Too small' });
  if (typeof b.body !== 'string' || !b.body.trim()) errors.push({ field: 'body', message: 'Too small' });
  (b.models ?? []).forEach((m, i) => {
    if (m.length > 64) errors.push({ field: `models.${i}`, message: 'Too big: expected string to have <=64 characters' });
  });
  if (b.category2 && !CATEGORIES.some((c) => c.code === `${b.category1}/${b.category2}`))
    errors.push({ field: 'category2', message: `not in the category dictionary under '${b.category1}'` });
  return errors;
}

// ---------- preview server and browser ----------
const preview = await ensurePreview(PORT, BASE);
const browser = await launchChromium();

const DESKTOP = { width: 1360, height: 860 };
const PHONE = { width: 390, height: 844 };

async function newPage({ lang = 'zh-CN', viewport = DESKTOP, as = 'admin', clock = false } = {}) {
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
      sessionStorage.setItem('fixflow.token', token);
    },
    [lang, TOKENS[as].token],
  );
  const page = await context.newPage();
  if (clock) {
    // a paused clock: page timers (the bell's poll) run only when the check moves time on
    await page.clock.install({ time: now });
    await page.clock.pauseAt(now + 1000);
  }
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/400|403|404|409|412|422/.test(m.text())) errors.push(m.text());
  });
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.accept();
  });
  const { seen, state } = await mockApi(page);
  return { page, context, errors, seen, state, dialogs };
}

async function shot(page, name, fullPage = true) {
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${OUT}/ui-kb-${name}.png`, fullPage });
}

const overflowOf = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const xssRan = (page) => page.evaluate(() => window.__xss !== undefined);
const last = (seen, method, prefix) => seen.filter((r) => r.method === method && r.path.startsWith(prefix)).at(-1);
const lastAt = (seen, method, path) => seen.filter((r) => r.method === method && r.path === path).at(-1);

try {
  // 1. every page in zh-CN on a desktop and a phone, and in English on a desktop: renders, no overflow, no errors
  const PAGES = [
    ['search', '#/knowledge?q=开机', '.kb-hit'],
    ['article', '#/knowledge/KB-STD-0001', '.kb-body h4'],
    ['xss-article', '#/knowledge/KB-XSS-0001', '.kb-body h4'],
    ['manage', '#/knowledge?view=manage', '.kb-articles tbody tr'],
    ['editor', '#/knowledge/KB-DRAFT-001/edit', '#kb-title'],
    ['new-article', '#/new-article', '#kb-title'],
    ['ticket', `#/tickets/${TICKET.ticketId}`, '.kb-suggestion'],
    ['inbox', '#/inbox', '.inbox-item'],
    ['maintenance', '#/maintenance', '.mnt-next li'],
    ['maintenance-new', '#/maintenance/new', '#mnt-name'],
  ];
  for (const [tag, lang, viewport] of [
    ['zh-desktop', 'zh-CN', DESKTOP],
    ['zh-phone', 'zh-CN', PHONE],
    ['en-desktop', 'en', DESKTOP],
  ]) {
    const { page, context, errors } = await newPage({ lang, viewport });
    for (const [name, hash, ready] of PAGES) {
      await page.goto(`${BASE}/${hash}`);
      await page.locator(ready).first().waitFor();
      await page.locator('.bell-count').waitFor();
      await page.waitForTimeout(250); // lists fade in from their loading state
      const overflow = await overflowOf(page);
      check(overflow <= 0, `${name} ${tag}: no horizontal overflow (${overflow}px)`);
      await shot(page, `${name}-${tag}`);
    }
    if (lang === 'en') {
      const nav = await page.locator('.topnav a, .topnav-more a').allTextContents();
      check(nav.includes('Knowledge') && nav.includes('Maintenance'), `en: top bar names Knowledge and Maintenance (${nav.join(',')})`);
    } else {
      const nav = await page.locator('.topnav a, .topnav-more a').allTextContents();
      check(nav.includes('知识库') && nav.includes('保养计划'), `zh: top bar names 知识库 and 保养计划 (${nav.join(',')})`);
    }
    check(!(await xssRan(page)), `${tag}: no script from the data ran`);
    check(errors.length === 0, `${tag}: no page errors ${errors.join(' | ')}`);
    await context.close();
  }

  // 2. search: the query and filters are sent, hits are marked, markup in a snippet stays text
  {
    const { page, context, errors, seen } = await newPage();
    await page.goto(`${BASE}/#/knowledge`);
    await page.locator('.kb-hit').first().waitFor();
    check(
      (await page.locator('.kb-result-count').textContent()).includes('最近更新'),
      'search: without a query the latest articles are listed',
    );
    await page.fill('#kb-q', '开机 黑屏');
    await page.fill('#kb-model', 'ABC-123');
    await page.locator('.kb-search button[type=submit]').click();
    await page.locator('.kb-result-count', { hasText: '开机 黑屏' }).waitFor();
    const req = new URL(`http://x${last(seen, 'GET', '/api/v1/knowledge/search').path}`).searchParams;
    check(req.get('q') === '开机 黑屏' && req.get('model') === 'ABC-123', `search: GET carries q and model (${req})`);
    check(page.url().includes('q=') && page.url().includes('model=ABC-123'), 'search: the query is in the URL (back/refresh keep it)');
    const marks = await page.locator('.kb-hit mark').allTextContents();
    check(marks.includes('开机') && marks.includes('黑屏'), `search: hits are marked (${marks.join(',')})`);
    await page.selectOption('#kb-category1', '质量问题');
    await page.locator('#kb-category2').waitFor();
    await page.selectOption('#kb-category2', '功能异常');
    const filtered = page.waitForResponse((r) => r.url().includes('/knowledge/search') && r.url().includes('kind=sop'));
    await page.selectOption('#kb-kind', 'sop');
    await filtered;
    await page.waitForFunction(() => document.querySelectorAll('.kb-hit').length === 1, null, { timeout: 5000 }).catch(() => {});
    const f = new URL(`http://x${last(seen, 'GET', '/api/v1/knowledge/search').path}`).searchParams;
    check(
      f.get('category1') === '质量问题' && f.get('category2') === '功能异常' && f.get('kind') === 'sop' && f.get('q') === '开机 黑屏',
      `search: category and kind filters are sent with the query (${f})`,
    );
    check((await page.locator('.kb-hit').count()) === 1, 'search: filters narrow the hits to the SOP');
    await shot(page, 'search-filtered-zh-desktop');

    await page.goto(`${BASE}/#/knowledge?q=固件`);
    const xssHit = page.locator('.kb-hit[data-article="KB-XSS-0001"]');
    await xssHit.waitFor();
    const title = await xssHit.locator('.kb-hit-title').textContent();
    const snippet = await xssHit.locator('.kb-snippet').textContent();
    check(
      title.includes('<script>') && snippet.includes('<script>') && snippet.includes('<img src=x'),
      'search: a <script> (escaped) or <img> (raw) in a title or snippet is shown as text',
    );
    check((await page.locator('.kb-results script, .kb-results img').count()) === 0, 'search: no element made from snippet markup');
    check((await page.locator('.kb-hit mark', { hasText: '固件' }).count()) >= 1, 'search: <mark> is the only markup rendered');
    check(!(await xssRan(page)), 'search: the snippet script did not run');

    await page.fill('#kb-q', '？！');
    await page.locator('.kb-search button[type=submit]').click();
    await page.locator('.kb-query-error').waitFor();
    check(
      (await page.locator('.kb-query-error').textContent()).includes('标点'),
      'search: a query of punctuation is answered under the box',
    );
    check(errors.length === 0, `search: no page errors ${errors.join(' | ')}`);
    await context.close();
  }

  // 3. an article: markdown rendered as elements, raw HTML shown as text, unsafe links not links
  {
    const { page, context, errors } = await newPage({ as: 'agent' });
    await page.goto(`${BASE}/#/knowledge/KB-STD-0001`);
    await page.locator('.kb-body h4').first().waitFor();
    check((await page.locator('.kb-body h4').count()) === 3, 'article: ## headings become headings');
    check(
      (await page.locator('.kb-body ol > li').count()) === 3 && (await page.locator('.kb-body ol li ul li').count()) === 2,
      'article: numbered list with a nested list',
    );
    check((await page.locator('.kb-body strong').textContent()) === '质量问题 / 功能异常 / 开机失败', 'article: **bold**');
    check(
      (await page.locator('.kb-body a[href="https://example.com/warranty"][rel~=noopener]').count()) === 1,
      'article: an http link opens safely',
    );
    check((await page.locator('.kb-article-actions').count()) === 0, 'article: an agent gets no edit / publish / archive');
    await page.goto(`${BASE}/#/knowledge/KB-XSS-0001`);
    await page.locator('.kb-body pre').waitFor();
    const text = await page.locator('.kb-body').textContent();
    check(
      text.includes('<script>window.__xss = 1</script>') && text.includes('<img src="x"'),
      'article: raw HTML in the body is shown as text',
    );
    check(
      (await page.locator('.kb-article script, .kb-article img, .kb-body [onerror]').count()) === 0,
      'article: no script or img element from the body',
    );
    check((await page.locator('.kb-body a[href^="javascript"]').count()) === 0, 'article: a javascript: link is not a link');
    check((await page.locator('.kb-body code', { hasText: 'fw-2.1.bin' }).count()) === 1, 'article: `inline code`');
    check(/<script>/.test(await page.locator('.kb-body pre').textContent()), 'article: a code block keeps its text');
    check((await page.locator('h1.kb-article-title').textContent()).includes('<script>'), 'article: a <script> in the title is text');
    await page.waitForTimeout(200);
    check(!(await xssRan(page)), 'article: nothing in the article ran');
    await shot(page, 'xss-article-agent-zh-desktop');
    // an agent does not see the editor's entries
    await page.goto(`${BASE}/#/knowledge`);
    await page.locator('.kb-hit').first().waitFor();
    check(
      (await page.locator('a[href="#/new-article"]').count()) === 0 && (await page.locator('.tabs').count()) === 0,
      'search: an agent gets neither "new article" nor the manage tab',
    );
    await page.goto(`${BASE}/#/knowledge/KB-DRAFT-001`);
    await page.getByText('不存在或尚未发布').waitFor();
    check(true, 'article: a draft is "not found" for an agent');
    check(errors.length === 0, `article: no page errors ${errors.join(' | ')}`);
    await context.close();
  }

  // 4. the editor: required fields, 422 at its field, save & publish, edit with If-Match, 412, archive
  {
    const { page, context, errors, seen, state } = await newPage();
    await page.goto(`${BASE}/#/knowledge`);
    await page.locator('a[href="#/new-article"]').click();
    await page.locator('#kb-title').waitFor();
    await page.locator('.kb-editor button[type=submit]').click();
    check((await page.locator('.kb-editor .field-error').count()) === 2, 'editor: title and body required before anything is sent');
    check(!seen.some((r) => r.method === 'POST'), 'editor: nothing posted while required fields are empty');
    await page.selectOption('#kb-kind', 'sop');
    await page.fill('#kb-title', '空调室内机漏水排查 SOP');
    await page.fill('#kb-body', '## 步骤\n1. 检查排水管\n2. 确认安装水平\n\n<script>window.__xss = 5</script>');
    await page.selectOption('#kb-category1', '质量问题');
    await page.selectOption('#kb-category2', '功能异常');
    await page.selectOption('#kb-category3', '漏水');
    await page.fill('#kb-models', `AC-9000, ${'X'.repeat(70)}`);
    await page.fill('#kb-tags', '漏水，排水管, 漏水');
    await page.getByRole('button', { name: '预览' }).click();
    await page.locator('.kb-preview h4').waitFor();
    check((await page.locator('.kb-preview').textContent()).includes('<script>'), 'editor: the preview shows markup as text');
    await page.getByRole('button', { name: '编辑', exact: true }).click();
    await page.getByRole('button', { name: '保存并发布' }).click();
    await page.locator('.field.has-error #kb-models').waitFor();
    check(
      (await page.locator('.field.has-error .field-error').first().textContent()).includes('64'),
      'editor: a 422 on models.1 is shown next to the models field',
    );
    await shot(page, 'editor-422-zh-desktop');
    const first = lastAt(seen, 'POST', '/api/v1/knowledge/articles');
    await page.fill('#kb-models', 'AC-9000, AC-9100');
    await page.getByRole('button', { name: '保存并发布' }).click();
    await page.locator('h1.kb-article-title', { hasText: '空调室内机漏水排查 SOP' }).waitFor();
    const created = lastAt(seen, 'POST', '/api/v1/knowledge/articles');
    check(
      JSON.stringify(created.body) ===
        JSON.stringify({
          kind: 'sop',
          title: '空调室内机漏水排查 SOP',
          body: '## 步骤\n1. 检查排水管\n2. 确认安装水平\n\n<script>window.__xss = 5</script>',
          models: ['AC-9000', 'AC-9100'],
          tags: ['漏水', '排水管'],
          category1: '质量问题',
          category2: '功能异常',
          category3: '漏水',
        }),
      `editor: the draft posts what the form says (${JSON.stringify(created.body)})`,
    );
    check(
      /^[0-9a-f-]{36}$/.test(created.headers['idempotency-key'] ?? '') &&
        created.headers['idempotency-key'] !== first.headers['idempotency-key'],
      'editor: each distinct draft has its own Idempotency-Key',
    );
    const published = last(seen, 'POST', '/api/v1/knowledge/articles/KB-NEW-0001/publish');
    check(published?.headers['if-match'] === '"1"', 'editor: then publishes it with If-Match: "1"');
    check((await page.locator('.flash').textContent()).includes('已发布'), 'editor: "published" is flashed');
    check(!(await xssRan(page)), 'editor: the script in the new article did not run');

    // edit a draft: only the changed field is sent, guarded by its version
    await page.goto(`${BASE}/#/knowledge/KB-DRAFT-001/edit`);
    await page.locator('#kb-title').waitFor();
    await page.fill('#kb-title', '冷水机组季度保养作业指导（2027 版）');
    await page.selectOption('#kb-category3', '');
    await page.locator('.kb-editor button[type=submit]').click();
    await page.locator('h1.kb-article-title', { hasText: '2027 版' }).waitFor();
    const patch = last(seen, 'PATCH', '/api/v1/knowledge/articles/KB-DRAFT-001');
    check(
      JSON.stringify(patch.body) === JSON.stringify({ title: '冷水机组季度保养作业指导（2027 版）', category3: null }) &&
        patch.headers['if-match'] === '"2"',
      `editor: PATCH sends the changed title and the cleared category only, If-Match "2" (${JSON.stringify(patch.body)})`,
    );
    // someone else saves meanwhile: 412 is explained, nothing is lost silently
    await page.locator('a', { hasText: '编辑' }).click();
    await page.locator('#kb-title').waitFor();
    state.articles.get('KB-DRAFT-001').version += 1;
    await page.fill('#kb-tags', '冷水机组, 季度保养');
    await page.locator('.kb-editor button[type=submit]').click();
    await page.locator('.kb-editor .alert-error', { hasText: '已被他人修改' }).waitFor();
    check(true, 'editor: a 412 says someone else changed the article');
    await shot(page, 'editor-412-zh-desktop', false);
    // publish and archive from the article page
    await page.goto(`${BASE}/#/knowledge/KB-DRAFT-001`);
    await page.locator('.kb-article-actions').waitFor();
    await page.getByRole('button', { name: '发布' }).click();
    await page.locator('.flash', { hasText: '已发布' }).waitFor();
    await page.getByRole('button', { name: '归档' }).click();
    await page.locator('.kb-article-badges .badge', { hasText: '已归档' }).waitFor();
    const archived = last(seen, 'POST', '/api/v1/knowledge/articles/KB-DRAFT-001/archive');
    check(
      archived?.headers['if-match'] === `"${state.articles.get('KB-DRAFT-001').version - 1}"`,
      'article: archive is sent with the version shown',
    );
    await page.goto(`${BASE}/#/knowledge?view=manage&status=archived`);
    await page.locator('.kb-articles tbody tr').first().waitFor();
    check(
      last(seen, 'GET', '/api/v1/knowledge/articles?status=archived') !== undefined &&
        (await page.locator('.kb-articles tbody tr').count()) === 2,
      'manage: archived articles are listed for an editor',
    );
    check(errors.length === 0, `editor: no page errors ${errors.join(' | ')}`);
    await context.close();
  }

  // 5. suggested articles on a ticket, with why; hidden for a token without the knowledge base
  {
    const { page, context, errors } = await newPage({ viewport: PHONE });
    await page.goto(`${BASE}/#/tickets/${TICKET.ticketId}`);
    await page.locator('.kb-suggestion').first().waitFor();
    check((await page.locator('#kb-suggested-title').textContent()) === '相关知识', 'ticket: the panel is "相关知识"');
    const reasons = await page.locator('.kb-suggestion').first().locator('.kb-reason').allTextContents();
    check(reasons.join(',') === '同二级分类,同产品型号,描述内容相近', `ticket: each suggestion says why (${reasons.join(',')})`);
    check(
      (await page.locator('.kb-suggestion a[href="#/knowledge/KB-STD-0002"]').count()) === 1,
      'ticket: a suggestion links to its article',
    );
    check((await page.locator('.kb-suggestion mark').count()) > 0, 'ticket: the words of the description are marked');
    await shot(page, 'ticket-suggested-zh-phone');
    check(errors.length === 0, `ticket: no page errors ${errors.join(' | ')}`);
    await context.close();
  }
  {
    const { page, context, errors } = await newPage({ as: 'integrator' });
    await page.goto(`${BASE}/#/tickets/${TICKET.ticketId}`);
    await page.locator('.detail-title h1').waitFor();
    await page.waitForTimeout(300);
    check((await page.locator('.kb-suggested').count()) === 0, 'ticket: no panel for a token that may not read the knowledge base');
    check((await page.locator('.bell').count()) === 0, 'bell: hidden for a token without a mailbox');
    check(errors.length === 0, `integrator: no page errors ${errors.join(' | ')}`);
    await context.close();
  }

  // 6. message centre: bell count, mark one, mark a kind, mark all; the bell follows; polling and focus
  {
    const { page, context, errors, seen, state } = await newPage({ clock: true });
    await page.goto(`${BASE}/#/tickets`);
    await page.locator('.bell-count').waitFor();
    check((await page.locator('.bell-count').textContent()) === '3', 'bell: 3 unread');
    check((await page.locator('.bell').getAttribute('aria-label')) === '消息中心，3 条未读', 'bell: its label says how many');
    await page.locator('.bell').click();
    await page.locator('.inbox-item').first().waitFor();
    check(last(seen, 'GET', '/api/v1/inbox?').path.includes('unread=true'), 'inbox: opens on the unread messages');
    check((await page.locator('.inbox-item').count()) === 3, 'inbox: 3 unread messages listed');
    check((await page.locator('.inbox-item .inbox-body').nth(1).textContent()).includes('<script>'), 'inbox: markup in a message is text');
    check(
      (await page.locator('.inbox-item').first().locator(`a[href="#/tickets/${TICKET.ticketId}"]`).count()) === 1,
      'inbox: a message links to its ticket',
    );
    check((await page.locator('.inbox-to').textContent()).includes('team_lead'), 'inbox: a group message says which group');
    await shot(page, 'inbox-unread-zh-desktop');
    await page.locator('.inbox-item').first().locator('.inbox-mark-read').click();
    await page.locator('.bell-count', { hasText: '2' }).waitFor();
    check(last(seen, 'POST', '/api/v1/inbox/5/read') !== undefined, 'inbox: "mark read" posts /inbox/5/read');
    check(
      await page
        .locator('.inbox-item')
        .first()
        .evaluate((el) => el.classList.contains('is-read')),
      'inbox: the message is shown read',
    );
    const byKind = page.waitForResponse((r) => r.url().includes('/api/v1/inbox?') && r.url().includes('kind=assigned'));
    await page.selectOption('#inbox-kind', 'assigned');
    await byKind;
    await page.locator('.inbox-read-all', { hasText: '待接单' }).waitFor();
    check(last(seen, 'GET', '/api/v1/inbox?').path.includes('kind=assigned'), 'inbox: the kind filter is sent');
    await page.locator('.inbox-read-all').click();
    await page.locator('.bell-count', { hasText: '1' }).waitFor();
    check(
      JSON.stringify(last(seen, 'POST', '/api/v1/inbox/read-all').body) === '{"kind":"assigned"}',
      'inbox: with a kind chosen, read-all posts {kind}',
    );
    await page.selectOption('#inbox-kind', '');
    await page.locator('.inbox-read-all', { hasText: /^全部标为已读$/ }).waitFor();
    await page.locator('.inbox-item').first().waitFor();
    await page.locator('.inbox-read-all').click();
    await page.locator('.bell-count').waitFor({ state: 'detached' });
    check(JSON.stringify(last(seen, 'POST', '/api/v1/inbox/read-all').body) === '{}', 'inbox: "mark all read" posts {}');
    check((await page.locator('.bell-count').count()) === 0, 'bell: no count once all are read');
    await page.getByText('没有未读消息。').waitFor();
    check(true, 'inbox: the unread list is empty after mark-all-read');
    await page.getByRole('button', { name: '全部', exact: true }).click();
    await page.locator('.inbox-item').first().waitFor();
    check((await page.locator('.inbox-item.is-read').count()) === 5, 'inbox: "all" shows the 5 messages, read');

    // a new message arrives: the bell learns of it by the 30 s poll, and on focus
    state.messages.unshift({ ...state.messages[0], id: '6', kind: 'sla_breached', title: '已超时：TK-20261122-7F3K9Q2M', readAt: null });
    const polls = () => seen.filter((r) => r.path === '/api/v1/inbox/unread-count').length;
    const before = polls();
    await page.clock.fastForward(29_000);
    await page.waitForTimeout(100);
    check(polls() === before, 'bell: not asked again before 30 s');
    await page.clock.fastForward(1_500);
    await page.locator('.bell-count', { hasText: '1' }).waitFor();
    check(polls() === before + 1, 'bell: asked again after 30 s, shows the new message');
    state.messages.unshift({ ...state.messages[0], id: '7', readAt: null });
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.locator('.bell-count', { hasText: '2' }).waitFor();
    check(true, 'bell: asked again when the window regains focus');
    check(errors.length === 0, `inbox: no page errors ${errors.join(' | ')}`);
    await context.close();
  }

  // 7. maintenance plans: next runs from the schedule, pause / resume / skip / run now
  {
    const { page, context, errors, seen, dialogs } = await newPage();
    await page.goto(`${BASE}/#/maintenance`);
    const row = (id) => page.locator(`tr[data-plan="${id}"]`);
    await row(PLANS[0].id).locator('.mnt-next li').first().waitFor();
    check((await row(PLANS[0].id).locator('.mnt-next li').count()) === 3, 'plans: the next 3 runs are shown');
    check((await row(PLANS[0].id).locator('.mnt-next li').first().textContent()) === '2027/01/15 09:00', 'plans: in local time');
    check(
      seen.filter((r) => r.method === 'GET' && /maintenance-plans\/mp_/.test(r.path)).length === 2,
      'plans: each fixed-cycle plan is described once, the condition plan not at all',
    );
    check((await row(PLANS[0].id).textContent()).includes('每 3 个月 · 15 日 09:00'), 'plans: the cycle in words');
    check((await row(PLANS[1].id).textContent()).includes('等待合同续签'), 'plans: a paused plan shows why');
    check((await row(PLANS[2].id).getByRole('button', { name: '跳过下次' }).count()) === 0, 'plans: a condition plan has no skip');
    await shot(page, 'maintenance-list-zh-desktop');

    await row(PLANS[0].id).getByRole('button', { name: '暂停' }).click();
    await row(PLANS[0].id).locator('.mnt-status', { hasText: '已暂停' }).waitFor();
    check(JSON.stringify(last(seen, 'POST', `/api/v1/maintenance-plans/${PLANS[0].id}/pause`)?.body) === '{}', 'plans: pause posts {}');
    check(
      await row(PLANS[0].id)
        .locator('.mnt-next')
        .evaluate((el) => el.classList.contains('is-paused')),
      'plans: next runs shown as not running while paused',
    );
    await row(PLANS[0].id).getByRole('button', { name: '恢复' }).click();
    await row(PLANS[0].id).locator('.mnt-status', { hasText: '执行中' }).waitFor();
    check(last(seen, 'POST', `/api/v1/maintenance-plans/${PLANS[0].id}/resume`) !== undefined, 'plans: resume posts');
    await row(PLANS[0].id).getByRole('button', { name: '跳过下次' }).click();
    await page.locator('.flash', { hasText: '已跳过' }).waitFor();
    check(dialogs.at(-1)?.includes('冷水机组季度保养'), 'plans: skipping asks first');
    check(
      (await row(PLANS[0].id).locator('.mnt-next li').first().textContent()) === '2027/04/15 09:00',
      'plans: after a skip the next run moves on',
    );
    await row(PLANS[2].id).getByRole('button', { name: '立即执行' }).click();
    await page.locator('.flash', { hasText: '已触发' }).waitFor();
    check(JSON.stringify(last(seen, 'POST', `/api/v1/maintenance-plans/${PLANS[2].id}/trigger`)?.body) === '{}', 'plans: run now posts {}');
    const paused = page.waitForResponse((r) => r.url().includes('/api/v1/maintenance-plans?') && r.url().includes('status=paused'));
    await page.selectOption('#mnt-status', 'paused');
    await paused;
    check(last(seen, 'GET', '/api/v1/maintenance-plans?').path.includes('status=paused'), 'plans: the status filter is sent');
    check(errors.length === 0, `plans: no page errors ${errors.join(' | ')}`);
    await context.close();
  }
  {
    const { page, context, errors, seen } = await newPage({ viewport: PHONE });
    await page.goto(`${BASE}/#/maintenance`);
    await page.locator('a[href="#/maintenance/new"]').click();
    await page.locator('#mnt-name').waitFor();
    await page.locator('.mnt-form button[type=submit]').click();
    check((await page.locator('.mnt-form .field-error').count()) === 2, 'plan form: name and asset required');
    check(!seen.some((r) => r.method === 'POST'), 'plan form: nothing posted while required fields are empty');
    await page.fill('#mnt-name', '冷库机组半年保养');
    await page.fill('#mnt-assetId', 'AS-404');
    await page.locator('#mnt-assetId').blur();
    await page.locator('.field.has-error #mnt-assetId').waitFor();
    check(
      (await page.locator('#mnt-assetId-msg').textContent()).includes('不存在'),
      'plan form: an unknown asset is flagged when leaving the field',
    );
    await page.fill('#mnt-assetId', 'AS-RETIRED');
    await page.fill('#mnt-everyMonths', '6');
    await page.fill('#mnt-startDate', '2026-12-30');
    await page.fill('#mnt-timeOfDay', '08:30');
    await page.selectOption('#mnt-priority', 'P2');
    await page.locator('.mnt-form button[type=submit]').click();
    await page.locator('.field.has-error #mnt-startDate').waitFor();
    check(!seen.some((r) => r.method === 'POST'), 'plan form: a day after the 28th is refused before posting');
    await page.fill('#mnt-startDate', '2026-12-15');
    await page.locator('.mnt-form button[type=submit]').click();
    await page.locator('.field.has-error #mnt-assetId').waitFor();
    check(
      (await page.locator('#mnt-assetId-msg').textContent()).includes('retired'),
      'plan form: a 422 on target.assetId is shown at the asset field',
    );
    await shot(page, 'plan-form-422-zh-phone');
    const overflow = await overflowOf(page);
    check(overflow <= 0, `plan form phone: no overflow with errors shown (${overflow}px)`);
    await page.fill('#mnt-assetId', 'AS-001');
    await page.locator('#mnt-assetId').blur();
    await page.locator('#mnt-assetId-msg', { hasText: 'KX-5' }).waitFor();
    await page.locator('.mnt-form button[type=submit]').click();
    await page.locator('.flash', { hasText: '首次执行' }).waitFor();
    const posted = lastAt(seen, 'POST', '/api/v1/maintenance-plans').body;
    check(
      JSON.stringify(posted) ===
        JSON.stringify({
          name: '冷库机组半年保养',
          target: { type: 'asset', assetId: 'AS-001' },
          trigger: { type: 'cycle', everyMonths: 6, startDate: '2026-12-15', timeOfDay: '08:30', timeZone: 'Asia/Shanghai' },
          ticket: { priority: 'P2' },
        }),
      `plan form: posts a fixed cycle for the asset (${JSON.stringify(posted)})`,
    );
    check(page.url().endsWith('#/maintenance'), 'plan form: back to the list after creating');
    await page.locator('tr[data-plan="mp_9999eeee8888ffff7777"] .mnt-next li').first().waitFor();
    check(true, 'plan form: the new plan is listed');
    check(errors.length === 0, `plan form: no page errors ${errors.join(' | ')}`);
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

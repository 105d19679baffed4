// Browser check of the archive pages (customers, customer 360, assets, the site map, contracts)
// without the backend, in the style of screenshot-check.mjs.
//
//   npm run build --workspace designer-ui
//   node designer-ui/scripts/archives-check.mjs          (starts `vite preview` on :4173 itself)
//
// Every /api call is answered in the browser by page.route() with sample data shaped as the API
// answers (api/archives, api/contracts). Map tiles are answered too: refused (no internet here, the
// map must fall back to markers on a plain background) or, in one run, served from a local tile URL.
// Screenshots go to /tmp/ui-arch-*.png. Exits non-zero when a check fails.
import { ensurePreview, launchChromium } from './check-support.mjs';

const PORT = Number(process.env.PREVIEW_PORT ?? 4173);
const BASE = process.env.UI_BASE_URL ?? `http://127.0.0.1:${PORT}`;
const OUT = process.env.SCREENSHOT_DIR ?? '/tmp';
const GOOD_TOKEN = 'ffk_test_token_0123456789';
const OSM_TILES = /tile\.openstreetmap\.org/;
const LOCAL_TILES = `${BASE}/test-tiles/{z}/{x}/{y}.png`;
// a 1×1 grey PNG: Leaflet stretches it over the 256 px tile
const TILE_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mPo6uqqBwAE+AJ/c7bXiQAAAABJRU5ErkJggg==', 'base64');

const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? '  ok  ' : '  FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

// ---------- sample data ----------
const now = Date.now();
const iso = (offsetMin) => new Date(now + offsetMin * 60_000).toISOString();
/** A calendar day in Beijing, `days` from today: the browser runs in Asia/Shanghai. */
const day = (days) => new Date(now + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

const customers = [
  {
    id: 'CU-HZ-001',
    name: '杭州恒温冷链有限公司',
    type: 'company',
    tier: 'vip',
    phone: '138****5678',
    email: 's***@hengwen.cn',
    fax: null,
    region: '华东',
    province: '浙江',
    city: '杭州',
    addresses: [{ label: '总部', province: '浙江', city: '杭州', district: '滨江区', detail: '江南大道 1 号', primary: true }],
    contacts: [
      { name: '李工', phone: '0571-****4321', email: 'l***@hengwen.cn', role: '设备科' },
      { name: '王经理', phone: '139****0001', role: '采购' },
    ],
    tags: ['冷链', '重点客户'],
    assetCount: 4,
    openTicketCount: 1,
    version: 3,
  },
  ...[
    ['CU-GZ-002', '广州市天河区恒信物业管理有限公司', 'premium', '华南', '广东', '广州'],
    ['CU-SZ-003', '深圳前海智造科技有限公司', 'standard', '华南', '广东', '深圳'],
    ['CU-BJ-004', '北京朝阳医院后勤保障处', 'vip', '华北', '北京', '北京'],
    ['CU-CD-005', '成都锦江宾馆', 'standard', '西南', '四川', '成都'],
    ['CU-NJ-006', '南京新街口百货商店股份有限公司', 'standard', '华东', '江苏', '南京'],
    ['CU-P-007', '张三', 'standard', '华东', '上海', '上海'],
  ].map(([id, name, tier, region, province, city], i) => ({
    id,
    name,
    type: id.startsWith('CU-P') ? 'person' : 'company',
    tier,
    phone: `13${i + 1}****${String(1000 + i * 37).slice(-4)}`,
    email: null,
    fax: null,
    region,
    province,
    city,
    addresses: [],
    contacts: i % 2 ? [] : [{ name: '陈主管', phone: '137****2222' }],
    tags: [],
    assetCount: i,
    openTicketCount: 0,
    version: 1,
  })),
];

const projects = [
  {
    id: 'PJ-HZ-01',
    name: '滨江冷库改造工程',
    customerId: 'CU-HZ-001',
    region: '华东',
    province: '浙江',
    amount: 1280000.5,
    status: 'active',
    startedOn: day(-200),
    completedOn: null,
    siteCount: 2,
    assetCount: 3,
  },
  {
    id: 'PJ-GZ-01',
    name: '天河物业空调更新',
    customerId: 'CU-GZ-002',
    region: '华南',
    province: '广东',
    amount: 560000,
    status: 'completed',
    startedOn: day(-500),
    completedOn: day(-300),
    siteCount: 3,
    assetCount: 5,
  },
];

const site = (over) => ({
  customerId: 'CU-HZ-001',
  projectId: null,
  region: '华东',
  province: '浙江',
  city: '杭州',
  district: '滨江区',
  contactName: '李工',
  contactPhone: '0571-****4321',
  photos: [],
  status: 'active',
  assetCount: 1,
  openTicketCount: 0,
  version: 1,
  ...over,
});
const sites = [
  site({
    id: 'ST-HZ-01',
    name: '滨江一号冷库',
    address: '江南大道 1 号',
    lat: 30.19,
    lng: 120.2,
    projectId: 'PJ-HZ-01',
    assetCount: 3,
    openTicketCount: 1,
  }),
  site({
    id: 'ST-HZ-02',
    name: '余杭配送中心',
    address: '文一西路 998 号',
    lat: 30.29,
    lng: 120.01,
    projectId: 'PJ-HZ-01',
    status: 'fault',
    openTicketCount: 2,
  }),
  site({ id: 'ST-HZ-03', name: '萧山新仓（筹建）', address: '萧山经济开发区', lat: null, lng: null, status: 'planned', assetCount: 0 }),
  site({
    id: 'ST-GZ-01',
    name: '太古汇',
    customerId: 'CU-GZ-002',
    region: '华南',
    province: '广东',
    city: '广州',
    district: '天河区',
    address: '天河路 385 号',
    lat: 23.133,
    lng: 113.332,
    projectId: 'PJ-GZ-01',
  }),
  site({
    id: 'ST-GZ-02',
    name: '正佳广场',
    customerId: 'CU-GZ-002',
    region: '华南',
    province: '广东',
    city: '广州',
    district: '天河区',
    address: '天河路 228 号',
    lat: 23.132,
    lng: 113.327,
    status: 'inactive',
    projectId: 'PJ-GZ-01',
  }),
  site({
    id: 'ST-SZ-01',
    name: '前海厂区',
    customerId: 'CU-SZ-003',
    region: '华南',
    province: '广东',
    city: '深圳',
    district: '南山区',
    address: '前海大道 100 号',
    lat: 22.52,
    lng: 113.9,
    status: 'fault',
  }),
  site({
    id: 'ST-BJ-01',
    name: '朝阳医院门诊楼',
    customerId: 'CU-BJ-004',
    region: '华北',
    province: '北京',
    city: '北京',
    district: '朝阳区',
    address: '工人体育场南路 8 号',
    lat: 39.925,
    lng: 116.45,
  }),
  site({
    id: 'ST-CD-01',
    name: '锦江宾馆主楼',
    customerId: 'CU-CD-005',
    region: '西南',
    province: '四川',
    city: '成都',
    district: '锦江区',
    address: '人民南路二段 80 号',
    lat: 30.65,
    lng: 104.07,
    status: 'planned',
  }),
  site({
    id: 'ST-NJ-01',
    name: '新街口店',
    customerId: 'CU-NJ-006',
    region: '华东',
    province: '江苏',
    city: '南京',
    district: '玄武区',
    address: '中山南路 3 号',
    lat: '32.041000',
    lng: '118.784000',
  }),
  site({
    id: 'ST-NJ-02',
    name: '仙林仓库',
    customerId: 'CU-NJ-006',
    region: '华东',
    province: '江苏',
    city: '南京',
    district: '栖霞区',
    address: '仙林大道 10 号',
    lat: null,
    lng: null,
  }),
];
const located = sites.filter((s) => s.lat !== null);

const asset = (over) => ({
  sku: 'KX5-220V',
  name: '商用冷柜',
  customerId: 'CU-HZ-001',
  projectId: 'PJ-HZ-01',
  siteId: 'ST-HZ-01',
  producedOn: day(-800),
  installedOn: day(-700),
  status: 'in_service',
  qrToken: 'qr_tok_1',
  attributes: { 冷媒: 'R290', 功率: '1.2kW' },
  openTicketCount: 0,
  version: 1,
  ...over,
});
const assets = [
  asset({ id: 'AS-001', serialNo: 'SN2026ABCD0001', model: 'KX-5', warrantyEndsOn: day(-30), status: 'faulty', openTicketCount: 1 }),
  asset({ id: 'AS-002', serialNo: 'SN2026ABCD0002', model: 'KX-5', warrantyEndsOn: day(20) }),
  asset({ id: 'AS-003', serialNo: 'SN2026ABCD0003', model: 'KX-7', warrantyEndsOn: day(400), siteId: 'ST-HZ-02' }),
  asset({
    id: 'AS-004',
    serialNo: 'SN2026ABCD0004',
    model: 'CP-1',
    warrantyEndsOn: null,
    siteId: null,
    projectId: null,
    status: 'in_stock',
  }),
];
assets.forEach((a) => (a.qr = { svg: `/api/v1/assets/${a.id}/qr.svg`, h5Path: `/h5/assets/${a.qrToken}` }));

const quota = (contractId, kind, limit, used, period = 'year') => ({
  contractId,
  kind,
  limit,
  period,
  periodStart: day(-100),
  periodEnd: day(265),
  used,
  left: Math.max(0, limit - used),
});
const contract = (over) => ({
  customerId: 'CU-HZ-001',
  kind: 'service_agreement',
  status: 'active',
  startsOn: day(-100),
  entitlement: 'service_agreement',
  quotas: [],
  inForce: true,
  version: 1,
  ...over,
});
const contracts = [
  contract({
    id: 'HT-2026-001',
    name: '冷链设备年度维保合同',
    endsOn: day(25),
    daysLeft: 25,
    quotas: [
      { kind: 'visit', limit: 4, period: 'year' },
      { kind: 'ticket', limit: 12, period: 'year' },
    ],
    quotaStatus: [quota('HT-2026-001', 'visit', 4, 4), quota('HT-2026-001', 'ticket', 12, 3)],
  }),
  contract({
    id: 'YB-2025-017',
    name: 'KX-7 延保',
    kind: 'extended_warranty',
    entitlement: 'extended_warranty',
    endsOn: day(420),
    daysLeft: 420,
    quotaStatus: [],
  }),
];
const expiring = [
  { ...contracts[0], customerName: '杭州恒温冷链有限公司', customerTier: 'vip' },
  contract({
    id: 'HT-2026-044',
    name: '空调维保合同',
    customerId: 'CU-GZ-002',
    customerName: '广州市天河区恒信物业管理有限公司',
    endsOn: day(45),
    daysLeft: 45,
  }),
  contract({
    id: 'HT-2026-090',
    name: '医疗冷藏设备保障',
    customerId: 'CU-BJ-004',
    customerName: '北京朝阳医院后勤保障处',
    endsOn: day(80),
    daysLeft: 80,
  }),
];
const coverage = (over) => ({
  contractId: null,
  contractKind: null,
  entitlement: null,
  covered: null,
  reason: 'no_coverage',
  quota: null,
  ...over,
});
const entitlements = {
  customerId: 'CU-HZ-001',
  on: day(0),
  general: {
    coverage: coverage({ contractId: 'HT-2026-001', entitlement: 'service_agreement', covered: true, reason: 'contract' }),
    contracts: [{ contractId: 'HT-2026-001', kind: 'service_agreement', quotas: contracts[0].quotaStatus }],
  },
  assets: [
    {
      assetId: 'AS-001',
      ...{
        coverage: coverage({ contractId: 'HT-2026-001', entitlement: 'service_agreement', covered: true, reason: 'contract' }),
        contracts: [],
      },
    },
    { assetId: 'AS-002', coverage: coverage({ entitlement: 'in_warranty', covered: true, reason: 'in_warranty' }), contracts: [] },
    {
      assetId: 'AS-003',
      coverage: coverage({ contractId: 'YB-2025-017', entitlement: 'extended_warranty', covered: true, reason: 'contract' }),
      contracts: [],
    },
    { assetId: 'AS-004', coverage: coverage({ covered: false, reason: 'no_coverage' }), contracts: [] },
  ],
};

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
const ticket = (over) => ({
  ticketId: 'TK-20261120-AAAA0001',
  status: 'in_progress',
  priority: 'P2',
  channel: 'phone',
  customerId: 'CU-HZ-001',
  category1: '质量问题',
  category2: '功能异常',
  description: '冷柜温度降不下来',
  attachments: [],
  tags: [],
  assigneeId: 'agent_li',
  groupId: null,
  resolution: null,
  createdBy: 'token:admin',
  createdAt: iso(-300),
  updatedAt: iso(-60),
  resolvedAt: null,
  closedAt: null,
  sla: {
    policyId: 'default',
    calendarId: 'cn',
    frt: clock({}),
    ttr: clock({}),
    frtDueAt: null,
    ttrDueAt: null,
    respondedAt: null,
    breached: false,
    escalationLevel: 0,
  },
  availableActions: [],
  seq: 3,
  ...over,
});
const tickets = [
  ticket({ assetId: 'AS-001', serialNo: 'SN2026ABCD0001' }),
  ticket({
    ticketId: 'TK-20261001-BBBB0002',
    status: 'closed',
    priority: 'P3',
    assetId: 'AS-001',
    category1: '安装服务',
    createdAt: iso(-60 * 24 * 50),
  }),
  ticket({
    ticketId: 'TK-20260901-CCCC0003',
    status: 'resolved',
    priority: 'P4',
    assetId: 'AS-003',
    category1: '咨询',
    createdAt: iso(-60 * 24 * 80),
  }),
];
const summary = (t) => ({
  ticketId: t.ticketId,
  status: t.status,
  priority: t.priority,
  channel: t.channel,
  category1: t.category1 ?? null,
  category2: t.category2 ?? null,
  category3: null,
  assetId: t.assetId ?? null,
  assigneeId: t.assigneeId,
  providerId: null,
  slaBreached: false,
  frtDueAt: null,
  ttrDueAt: null,
  createdAt: t.createdAt,
  resolvedAt: t.resolvedAt,
  closedAt: t.closedAt,
});
const c360 = {
  customer: customers[0],
  assets,
  sites: sites.filter((s) => s.customerId === 'CU-HZ-001'),
  projects: projects.filter((p) => p.customerId === 'CU-HZ-001'),
  contracts,
  entitlements,
  // ticket summaries as api/customer-360 selects them: open ones, and the latest resolved or closed
  tickets: {
    open: tickets.filter((t) => !['resolved', 'closed'].includes(t.status)).map(summary),
    recent: tickets.filter((t) => ['resolved', 'closed'].includes(t.status)).map(summary),
  },
  counts: {
    assets: 4,
    sites: 3,
    projects: 1,
    contractsInForce: 2,
    tickets: { total: 3, open: 1, slaBreached: 1, last12Months: 3, reopened: 0 },
  },
};

const QR_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29" shape-rendering="crispEdges"><path fill="#fff" d="M0 0h29v29H0z"/><path stroke="#000" d="M2 2.5h7M2 8.5h7M20 2.5h7M2 22.5h7M11 12.5h3M15 14.5h4M12 18.5h6"/></svg>';

// ---------- mock API ----------
const PHONE_OK = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

async function mockApi(page, opts = {}) {
  const seen = [];
  const json = (route, status, body, type = 'application/json', headers = {}) =>
    route.fulfill({ status, contentType: type, headers, body: JSON.stringify(body) });
  const problem = (route, status, code, detail, errors) =>
    json(
      route,
      status,
      { type: `/problems/${code}`, title: code, status, detail, code, ...(errors ? { errors } : {}) },
      'application/problem+json',
    );
  const pageOf = (url, items, defLimit = 50) => {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? defLimit), opts.pageSize ?? 1000);
    const start = Number(url.searchParams.get('cursor') ?? 0);
    const slice = items.slice(start, start + limit);
    return { items: slice, nextCursor: start + slice.length < items.length ? String(start + slice.length) : null };
  };

  // map tiles: none from the internet; a local tile URL when the page was told to use one
  await page.route(OSM_TILES, (route) => route.abort('internetdisconnected'));
  await page.route(/\/test-tiles\//, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: TILE_PNG }));

  await page.route(
    (u) => u.pathname.startsWith('/api/'),
    async (route) => {
      const req = route.request();
      const url = new URL(req.url());
      const p = url.searchParams;
      seen.push({ method: req.method(), path: url.pathname + url.search, headers: req.headers(), body: req.postData() });
      if (req.headers()['authorization'] !== `Bearer ${GOOD_TOKEN}`)
        return problem(route, 401, 'unauthenticated', 'the token is unknown or revoked');
      const parts = url.pathname.split('/').filter(Boolean).slice(2).map(decodeURIComponent); // after api v1
      const [kind, id, sub] = parts;
      const get = req.method() === 'GET';

      if (kind === 'customers' && get && !id) {
        let items = customers;
        if (p.get('tier')) items = items.filter((c) => p.get('tier').split(',').includes(c.tier));
        if (p.get('region')) items = items.filter((c) => c.region === p.get('region'));
        if (p.get('q')) items = items.filter((c) => c.name.includes(p.get('q')) || c.id.includes(p.get('q')));
        return json(route, 200, pageOf(url, items));
      }
      if (kind === 'customers' && get && id && sub === '360') {
        if (id !== 'CU-HZ-001') return problem(route, 404, 'not_found', `customer ${id} does not exist`);
        return json(route, 200, c360);
      }
      if (kind === 'customers' && get && id && !sub) {
        const c = customers.find((x) => x.id === id);
        if (!c) return problem(route, 404, 'not_found', `customer ${id} does not exist`);
        // an editor (archives:manage) reads phones unmasked
        return json(
          route,
          200,
          id === 'CU-HZ-001' ? { ...c, phone: '13812345678', contacts: [{ name: '李工', phone: '0571-87654321', role: '设备科' }] } : c,
          'application/json',
          {
            etag: `"${c.version}"`,
          },
        );
      }
      if (kind === 'customers' && req.method() === 'POST' && !id) {
        const body = JSON.parse(req.postData() ?? '{}');
        const errors = [];
        (body.contacts ?? []).forEach((c, i) => {
          if (c.phone && !PHONE_OK.test(c.phone.replace(/\s/g, '')))
            errors.push({
              field: `contacts.${i}.phone`,
              message: 'not a mainland China mobile (11 digits, 1[3-9]…), landline (区号-号码) or 400/800 number',
            });
        });
        if (body.email && !/^[^@\s]+@[^@\s]+$/.test(body.email)) errors.push({ field: 'email', message: 'not an email address' });
        if (errors.length)
          return problem(route, 422, 'validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
        const created = {
          ...body,
          id: body.id ?? 'CU-NEW0000001',
          tier: body.tier ?? 'standard',
          addresses: body.addresses ?? [],
          contacts: body.contacts ?? [],
          tags: body.tags ?? [],
          version: 1,
        };
        return json(route, 201, created);
      }
      if (kind === 'customers' && req.method() === 'PATCH' && id) {
        const c = customers.find((x) => x.id === id);
        const body = JSON.parse(req.postData() ?? '{}');
        if (req.headers()['if-match'] !== `"${c.version}"`)
          return problem(route, 412, 'precondition_failed', 'the customer was changed meanwhile');
        return json(route, 200, { ...c, ...body, version: c.version + 1 });
      }
      if (kind === 'assets' && get && id && sub === 'qr.svg') {
        return route.fulfill({ status: 200, contentType: 'image/svg+xml', body: QR_SVG });
      }
      if (kind === 'assets' && get && id) {
        const a = assets.find((x) => x.id === id);
        return a ? json(route, 200, a) : problem(route, 404, 'not_found', `asset ${id} does not exist`);
      }
      if (kind === 'assets' && get) {
        let items = assets;
        if (p.get('status')) items = items.filter((a) => p.get('status').split(',').includes(a.status));
        if (p.get('siteId')) items = items.filter((a) => a.siteId === p.get('siteId'));
        if (p.get('q')) items = items.filter((a) => a.serialNo.includes(p.get('q')) || a.model.includes(p.get('q')));
        return json(route, 200, pageOf(url, items));
      }
      if (kind === 'sites' && get && id) {
        const s = sites.find((x) => x.id === id);
        return s ? json(route, 200, s) : problem(route, 404, 'not_found', `site ${id} does not exist`);
      }
      if (kind === 'sites' && get) {
        let items = sites;
        for (const k of ['region', 'projectId', 'customerId']) if (p.get(k)) items = items.filter((s) => s[k] === p.get(k));
        if (p.get('status')) items = items.filter((s) => p.get('status').split(',').includes(s.status));
        if (p.get('installedFrom'))
          items = items.filter((s) => assets.some((a) => a.siteId === s.id && a.installedOn >= p.get('installedFrom')));
        return json(route, 200, pageOf(url, items, 50));
      }
      if (kind === 'projects' && get) {
        let items = projects;
        if (p.get('customerId')) items = items.filter((x) => x.customerId === p.get('customerId'));
        return json(route, 200, pageOf(url, items));
      }
      if (kind === 'contracts' && id === 'expiring' && get) {
        const within = Number(p.get('withinDays') ?? 30);
        return json(route, 200, { from: day(0), until: day(within), items: expiring.filter((k) => k.daysLeft <= within) });
      }
      if (kind === 'tickets' && get && !id) {
        let items = tickets;
        if (p.get('assetId')) items = items.filter((t) => t.assetId === p.get('assetId'));
        if (p.get('customerId')) items = items.filter((t) => t.customerId === p.get('customerId'));
        return json(route, 200, pageOf(url, items));
      }
      if (kind === 'tickets' && req.method() === 'POST' && !id) {
        const body = JSON.parse(req.postData() ?? '{}');
        return json(route, 201, ticket({ ...body, ticketId: 'TK-20261125-NEW00001', status: 'pending_assignment', createdAt: iso(0) }));
      }
      if (kind === 'tickets' && get && id && !sub) {
        const t = tickets.find((x) => x.ticketId === id) ?? ticket({ ticketId: id });
        return json(route, 200, t);
      }
      if (kind === 'tickets' && get && sub === 'events') return json(route, 200, { items: [] });
      return problem(route, 404, 'not_found', `no mock for ${req.method()} ${url.pathname}`);
    },
  );
  return seen;
}

// ---------- preview server ----------
const preview = await ensurePreview(PORT, BASE);
const browser = await launchChromium();

const DESKTOP = { width: 1360, height: 860 };
const PHONE = { width: 390, height: 844 };
const VIEWS = [
  ['zh-desktop', 'zh-CN', DESKTOP],
  ['zh-phone', 'zh-CN', PHONE],
  ['en-desktop', 'en', DESKTOP],
];

async function newPage({ lang = 'zh-CN', viewport = DESKTOP, mock = {}, tiles } = {}) {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: viewport === PHONE ? 2 : 1,
    isMobile: viewport === PHONE,
    hasTouch: viewport === PHONE,
    locale: lang,
    timezoneId: 'Asia/Shanghai',
  });
  await context.addInitScript(
    ([l, token, tileUrl]) => {
      localStorage.setItem('fixflow.lang', l);
      sessionStorage.setItem('fixflow.token', token);
      if (tileUrl) localStorage.setItem('fixflow.mapTiles', tileUrl);
    },
    [lang, GOOD_TOKEN, tiles ?? null],
  );
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    // refused tiles and the 4xx answers a check provokes are expected
    if (m.type() !== 'error' || /401|404|409|412|422/.test(m.text()) || OSM_TILES.test(m.location()?.url ?? '')) return;
    errors.push(m.text());
  });
  const seen = await mockApi(page, mock);
  return { page, context, errors, seen };
}

async function shot(page, name, fullPage = true) {
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${OUT}/ui-arch-${name}.png`, fullPage });
}

const overflowOf = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Opens `hash`, waits for `ready`, then checks overflow and page errors and takes a screenshot. */
async function look(name, hash, ready, extra) {
  for (const [tag, lang, viewport] of VIEWS) {
    const { page, context, errors } = await newPage({ lang, viewport });
    await page.goto(`${BASE}/${hash}`);
    await page.locator(ready).first().waitFor();
    if (extra) await extra(page, tag);
    await shot(page, `${name}-${tag}`);
    const overflow = await overflowOf(page);
    check(overflow <= 0, `${name} ${tag}: no horizontal page overflow (${overflow}px)`);
    check(errors.length === 0, `${name} ${tag}: no page errors ${errors.join(' | ')}`);
    await context.close();
  }
}

try {
  // 1. navigation: the archives next to the tickets
  {
    const { page, context } = await newPage();
    await page.goto(`${BASE}/#/tickets`);
    // the console is loaded on demand (main.tsx): wait for it to draw the bar
    await page.locator('.topnav a').first().waitFor();
    const nav = await page.locator('.topnav a').allTextContents();
    check(
      nav.slice(0, 6).join(',') === '工单列表,新建工单,客户档案,资产,安装点地图,合同',
      `nav: archive entries after the ticket ones (${nav})`,
    );
    await page.locator('.topnav a', { hasText: '客户档案' }).click();
    await page.locator('table.customers tbody tr').first().waitFor();
    check((await page.locator('.topnav a.active').textContent()) === '客户档案', 'nav: the customers entry is marked active');
    await context.close();
    const phone = await newPage({ viewport: PHONE });
    await phone.page.goto(`${BASE}/#/customers`);
    await phone.page.locator('table.customers tbody tr').first().waitFor();
    const last = phone.page.locator('.topnav a', { hasText: '合同' });
    await last.scrollIntoViewIfNeeded();
    await last.click();
    await phone.page.locator('table.contracts').waitFor();
    check(true, 'nav phone: the last entry can be scrolled to and tapped');
    await phone.page.goto(`${BASE}/#/sites`);
    await phone.page.goto(`${BASE}/#/contracts`);
    await phone.page.reload();
    await phone.page.locator('table.contracts').waitFor();
    const shown = await phone.page.evaluate(() => {
      const nav = document.querySelector('.topnav').getBoundingClientRect();
      const a = document.querySelector('.topnav a.active').getBoundingClientRect();
      return a.left >= nav.left - 1 && a.right <= nav.right + 1;
    });
    check(shown, 'nav phone: the current entry is scrolled into view');
    await phone.context.close();
  }

  // 2. customers list: zh/en, desktop/phone
  await look('customers', '#/customers', 'table.customers tbody tr', async (page, tag) => {
    const rows = await page.locator('table.customers tbody tr').count();
    check(rows === customers.length, `customers ${tag}: ${rows} rows`);
    const first = (await page.locator('table.customers tbody tr').first().textContent()) ?? '';
    check(first.includes('138****5678'), `customers ${tag}: the phone is shown masked as the API sends it`);
  });
  {
    const { page, context, seen, errors } = await newPage({ mock: { pageSize: 4 } });
    await page.goto(`${BASE}/#/customers`);
    await page.locator('table.customers tbody tr').first().waitFor();
    check((await page.locator('table.customers tbody tr').count()) === 4, 'customers: first page of 4');
    await page.getByRole('button', { name: '加载更多' }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.customers tbody tr').length === 7);
    check(
      seen.some((r) => r.path.startsWith('/api/v1/customers?') && r.path.includes('cursor=4')),
      'customers: load more sends nextCursor',
    );
    await page.selectOption('#f-tier', 'vip');
    await page.waitForFunction(() => location.hash.includes('tier=vip'));
    await page.waitForFunction(() => document.querySelectorAll('table.customers tbody tr').length === 2);
    check(
      seen.some((r) => /\/api\/v1\/customers\?tier=vip/.test(r.path)),
      'customers: tier filter sent',
    );
    await page.selectOption('#f-region', '华北');
    await page.waitForFunction(() => document.querySelectorAll('table.customers tbody tr').length === 1);
    check(
      seen.some((r) => r.path.includes('region=%E5%8D%8E%E5%8C%97')),
      'customers: region filter sent',
    );
    await page.getByRole('button', { name: '重置筛选' }).click();
    await page.fill('input[type=search]', '冷链');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash.includes('q='));
    check(
      seen.some((r) => r.path.startsWith('/api/v1/customers?q=%E5%86%B7%E9%93%BE')),
      'customers: search sent as q',
    );
    await page.locator('table.customers tbody tr').first().click();
    await page.locator('.customer-head h1', { hasText: '杭州恒温冷链有限公司' }).waitFor();
    check(page.url().endsWith('#/customers/CU-HZ-001'), 'customers: a row opens the 360 page');
    check(errors.length === 0, `customers filters: no page errors ${errors.join(' | ')}`);
    await context.close();
  }

  // 3. create a customer: required fields, 422 next to the field, then the exact body
  for (const [tag, lang, viewport] of VIEWS) {
    const { page, context, errors } = await newPage({ lang, viewport });
    await page.goto(`${BASE}/#/new-customer`);
    await page.locator('#cust-name').waitFor();
    await page.getByRole('button', { name: /添加联系人|Add contact/ }).click();
    await page.getByRole('button', { name: /添加地址|Add address/ }).click();
    await shot(page, `customer-new-${tag}`);
    const overflow = await overflowOf(page);
    check(overflow <= 0, `customer form ${tag}: no horizontal page overflow (${overflow}px)`);
    check(errors.length === 0, `customer form ${tag}: no page errors ${errors.join(' | ')}`);
    await context.close();
  }
  {
    const { page, context, seen, errors } = await newPage();
    await page.goto(`${BASE}/#/new-customer`);
    await page.locator('#cust-name').waitFor();
    await page.getByRole('button', { name: '添加联系人' }).click();
    await page.locator('form button[type=submit]').click();
    check((await page.locator('.field-error').count()) === 3, 'customer form: name, type and the contact name are required');
    check(!seen.some((r) => r.method === 'POST'), 'customer form: nothing posted while required fields are empty');
    await page.fill('#cust-name', '苏州精工制冷设备有限公司');
    await page.selectOption('#cust-type', 'company');
    await page.selectOption('#cust-tier', 'premium');
    await page.fill('#cust-email', 'not-an-email');
    await page.selectOption('#cust-region', '华东');
    await page.fill('#cust-province', '江苏');
    await page.fill('#cust-city', '苏州');
    await page.fill('#cust-tags', '冷链，重点');
    await page.fill('#cust-contacts-0-name', '周工');
    await page.fill('#cust-contacts-0-phone', '12345');
    await page.getByRole('button', { name: '添加地址' }).click();
    await page.fill('#cust-addresses-0-detail', '工业园区星湖街 328 号');
    await page.fill('#cust-addresses-0-district', '工业园区');
    await page.locator('form button[type=submit]').click();
    await page.locator('.field.has-error #cust-contacts-0-phone').waitFor();
    const phoneMsg = (await page.locator('#cust-contacts-0-phone-msg').textContent()) ?? '';
    check(/mainland China mobile/.test(phoneMsg), `customer form: 422 contacts.0.phone shown under that contact's phone (${phoneMsg})`);
    check((await page.locator('.field.has-error #cust-email').count()) === 1, 'customer form: 422 email shown next to the email field');
    check(
      (await page.evaluate(() => document.activeElement?.id)) === 'cust-email',
      'customer form: the first field at fault gets the focus',
    );
    await shot(page, 'customer-422-zh-desktop');
    await page.fill('#cust-contacts-0-phone', '13912345678');
    check((await page.locator('.field.has-error #cust-contacts-0-phone').count()) === 0, 'customer form: editing a field clears its error');
    await page.fill('#cust-email', 'service@jinggong.cn');
    await page.locator('form button[type=submit]').click();
    await page.locator('.customer-head, .empty-state').first().waitFor();
    const posts = seen.filter((r) => r.method === 'POST' && r.path === '/api/v1/customers');
    const body = JSON.parse(posts.at(-1).body);
    const expected = {
      name: '苏州精工制冷设备有限公司',
      type: 'company',
      tier: 'premium',
      contacts: [{ name: '周工', phone: '13912345678' }],
      addresses: [{ detail: '工业园区星湖街 328 号', primary: true, district: '工业园区' }],
      email: 'service@jinggong.cn',
      region: '华东',
      province: '江苏',
      city: '苏州',
      tags: ['冷链', '重点'],
    };
    check(JSON.stringify(body) === JSON.stringify(expected), `customer form: posts the form as the API takes it (${JSON.stringify(body)})`);
    const keys = posts.map((r) => r.headers['idempotency-key']);
    check(
      keys.length === 2 && keys.every((k) => /^[0-9a-f-]{36}$/.test(k)) && keys[0] !== keys[1],
      'customer form: a changed body gets a new Idempotency-Key',
    );
    check(page.url().endsWith('#/customers/CU-NEW0000001'), 'customer form: a created customer opens its page');
    check(errors.length === 0, `customer form: no page errors ${errors.join(' | ')}`);
    await context.close();
  }
  {
    // edit: only what changed is sent, guarded by the version it was loaded with
    const { page, context, seen, errors } = await newPage();
    await page.goto(`${BASE}/#/customers/CU-HZ-001/edit`);
    await page.locator('#cust-name').waitFor();
    check((await page.inputValue('#cust-phone')) === '13812345678', 'customer edit: loads the record');
    check((await page.locator('#cust-id').getAttribute('readonly')) !== null, 'customer edit: the id cannot be changed');
    await page.selectOption('#cust-tier', 'premium');
    await page.locator('form button[type=submit]').click();
    await page.locator('.customer-head').waitFor();
    const patch = seen.find((r) => r.method === 'PATCH');
    check(patch?.path === '/api/v1/customers/CU-HZ-001', 'customer edit: PATCH /api/v1/customers/:id');
    check(patch?.body === JSON.stringify({ tier: 'premium' }), `customer edit: sends only the changed field (${patch?.body})`);
    check(patch?.headers['if-match'] === '"3"', 'customer edit: If-Match carries the loaded version');
    check(errors.length === 0, `customer edit: no page errors ${errors.join(' | ')}`);
    await context.close();
  }

  // 4. customer 360
  await look('c360', '#/customers/CU-HZ-001', '.customer-head h1', async (page, tag) => {
    const head = (await page.locator('.customer-head').textContent()) ?? '';
    check(head.includes('138****5678') && head.includes('0571-****4321'), `360 ${tag}: phones masked as the API sends them`);
    check(/VIP/.test(await page.locator('.customer-head .badge').first().textContent()), `360 ${tag}: tier badge`);
    const warranty = await page.locator('table.assets .cell-warranty').allTextContents();
    const want = tag.startsWith('en')
      ? ['Expired 30 days ago', 'Ends in 20 days', 'In warranty', '—']
      : ['已过保 30 天', '20 天后到期', '保修中', '—'];
    check(
      JSON.stringify(warranty) === JSON.stringify(want),
      `360 ${tag}: warranty badges expired / expiring in N days / valid (${warranty})`,
    );
  });
  {
    const { page, context, seen, errors } = await newPage();
    await page.goto(`${BASE}/#/customers/CU-HZ-001`);
    await page.locator('table.assets tbody tr').first().waitFor();
    const coverage = await page.locator('table.assets tbody tr td:nth-child(7)').allTextContents();
    check(
      coverage[0] === '服务协议 · HT-2026-001' && coverage[1] === '保内' && coverage[3] === '无保障',
      `360: each asset's entitlement (${coverage})`,
    );
    const tabs = await page.locator('.tab').allTextContents();
    check(tabs.join(',') === '资产4,安装点3,工程1,合同与权益2,工单1', `360: tabs with counts (${tabs})`);

    await page.locator('.tab', { hasText: '合同与权益' }).click();
    await page.locator('.contract-item').first().waitFor();
    check(page.url().endsWith('?tab=contracts'), '360: the tab is in the URL');
    const quotas = await page.locator('[data-contract="HT-2026-001"] .quota').allTextContents();
    check(
      quotas.length === 2 && quotas[0].includes('已用 4/4，剩余 0') && quotas[1].includes('已用 3/12，剩余 9'),
      `360: quotas used / left (${quotas})`,
    );
    check((await page.locator('[data-contract="HT-2026-001"] .quota-exhausted').count()) === 1, '360: a used-up quota is marked');
    check(
      ((await page.locator('[data-contract="HT-2026-001"] .contract-badges').textContent()) ?? '').includes('25 天后到期'),
      '360: contract shows days left',
    );
    await shot(page, 'c360-contracts-zh-desktop');

    await page.locator('.tab', { hasText: '工单' }).click();
    await page.locator('table.ticket-history').first().waitFor();
    const open = await page.locator('table.ticket-history').first().locator('tbody tr').count();
    const recent = await page.locator('table.ticket-history').nth(1).locator('tbody tr').count();
    check(open === 1 && recent === 2, `360: open (${open}) and recently finished (${recent}) tickets`);
    const stats = (await page.locator('.customer-head .stats').textContent()) ?? '';
    check(stats === '生效合同2工单总数3近 12 个月3SLA 违约1重开0', `360: service summary from counts (${stats})`);
    await shot(page, 'c360-tickets-zh-desktop');
    await page.locator('table.ticket-history').first().getByRole('link', { name: 'TK-20261120-AAAA0001' }).click();
    await page.locator('.detail-title h1', { hasText: 'TK-20261120-AAAA0001' }).waitFor();
    check(true, '360: a ticket links to the ticket detail page');

    await page.goBack();
    await page.locator('.tab', { hasText: '安装点' }).click();
    const siteRows = await page.locator('table.sites tbody tr').allTextContents();
    check(siteRows.length === 3 && siteRows[2].includes('未定位'), `360: sites, the one without coordinates says so (${siteRows.length})`);
    await page.locator('.tab', { hasText: '工程' }).click();
    check(
      ((await page.locator('table.projects tbody tr').first().textContent()) ?? '').includes('¥1,280,000.5'),
      '360: project amount in yuan',
    );

    // new ticket for an asset: the create form opens prefilled and posts the asset
    await page.locator('.tab', { hasText: '资产' }).click();
    await page.locator('tr[data-asset="AS-002"] a', { hasText: '报修' }).click();
    await page.locator('#new-customerId').waitFor();
    check((await page.inputValue('#new-customerId')) === 'CU-HZ-001', 'new ticket for an asset: customer prefilled');
    check((await page.inputValue('#new-assetId')) === 'AS-002', 'new ticket for an asset: asset prefilled');
    check(
      (await page.inputValue('#new-sku')) === 'KX5-220V' && (await page.inputValue('#new-region')) === '华东',
      'new ticket for an asset: SKU and region prefilled',
    );
    await shot(page, 'new-ticket-prefilled-zh-desktop');
    await page.selectOption('#new-channel', 'phone');
    await page.fill('#new-description', '冷柜不制冷');
    await page.locator('form.form button[type=submit]').click();
    await page.locator('.detail-title h1', { hasText: 'TK-20261125-NEW00001' }).waitFor();
    const posted = JSON.parse(seen.filter((r) => r.method === 'POST' && r.path === '/api/v1/tickets').at(-1).body);
    check(
      posted.customerId === 'CU-HZ-001' &&
        posted.assetId === 'AS-002' &&
        posted.serialNo === 'SN2026ABCD0002' &&
        posted.entitlement === undefined,
      `new ticket for an asset: posts customerId + assetId, entitlement left to intake (${JSON.stringify(posted)})`,
    );
    check(errors.length === 0, `360: no page errors ${errors.join(' | ')}`);
    await context.close();
  }
  {
    const { page, context } = await newPage({ lang: 'en' });
    await page.goto(`${BASE}/#/customers/CU-NOPE`);
    await page.getByText('Customer CU-NOPE does not exist.').waitFor();
    check(true, '360: an unknown customer says so');
    await context.close();
  }

  // 5. assets list and asset detail with its QR code
  await look('assets', '#/assets', 'table.assets tbody tr');
  {
    const { page, context, seen } = await newPage();
    await page.goto(`${BASE}/#/assets`);
    await page.locator('table.assets tbody tr').first().waitFor();
    await page.selectOption('#f-status', 'faulty');
    await page.waitForFunction(() => document.querySelectorAll('table.assets tbody tr').length === 1);
    check(
      seen.some((r) => r.path.startsWith('/api/v1/assets?status=faulty')),
      'assets: status filter sent',
    );
    await context.close();
  }
  await look('asset', '#/assets/AS-001', 'img.qr-image', async (page, tag) => {
    await page.waitForFunction(() => {
      const img = document.querySelector('img.qr-image');
      return img && img.complete && img.naturalWidth > 0;
    });
    check(
      (await page.getAttribute('img.qr-image', 'src')).startsWith('blob:'),
      `asset ${tag}: the QR code is an object URL of the fetched SVG`,
    );
    const history = await page.locator('table.ticket-history tbody tr').count();
    check(history === 2, `asset ${tag}: its ticket history (${history})`);
    check(
      /(已过保 30 天|Expired 30 days ago)/.test((await page.locator('.detail-title').textContent()) ?? ''),
      `asset ${tag}: warranty state`,
    );
  });
  {
    const { page, context, seen } = await newPage();
    await page.goto(`${BASE}/#/assets/AS-001`);
    await page.locator('img.qr-image').waitFor();
    await page.locator('table.ticket-history tbody tr').first().waitFor();
    const qr = seen.find((r) => r.path === '/api/v1/assets/AS-001/qr.svg');
    check(qr?.headers['authorization'] === `Bearer ${GOOD_TOKEN}`, 'asset: qr.svg fetched with the Authorization header');
    check(
      seen.some((r) => r.path.startsWith('/api/v1/tickets?assetId=AS-001')),
      'asset: history asks the tickets of this asset',
    );
    check(((await page.locator('.kv-grid').textContent()) ?? '').includes('杭州恒温冷链有限公司'), 'asset: the owner by name, linked');
    await page.getByRole('link', { name: '+ 为该设备报修' }).click();
    await page.locator('#new-assetId').waitFor();
    check((await page.inputValue('#new-assetId')) === 'AS-001', 'asset: report a fault opens the create form for it');
    await context.close();
  }

  // 6. site map: markers for sites with coordinates only, by status; the card; filters; no tiles
  await look('sites', '#/sites', 'path.site-marker', async (page, tag) => {
    await page.waitForFunction((n) => document.querySelectorAll('path.site-marker').length === n, located.length);
    await page.locator('.map-notice').waitFor();
    check(true, `sites ${tag}: tiles refused → notice, markers on a plain background`);
    check((await page.locator('.leaflet-tile-pane img').count()) === 0, `sites ${tag}: the failed tile layer is gone`);
    const clip = await page.evaluate(() => getComputedStyle(document.querySelector('.site-map')).overflow);
    check(clip === 'hidden', `sites ${tag}: the map still clips its layers after the fallback (${clip})`);
  });
  {
    const { page, context, seen, errors } = await newPage();
    await page.goto(`${BASE}/#/sites`);
    await page.waitForFunction((n) => document.querySelectorAll('path.site-marker').length === n, located.length);
    const ids = await page.locator('path.site-marker').evaluateAll((els) => els.map((e) => e.getAttribute('data-site')).sort());
    check(
      JSON.stringify(ids) === JSON.stringify(located.map((s) => s.id).sort()),
      `map: one marker per site with coordinates, none for the ${sites.length - located.length} without`,
    );
    const byStatus = {};
    for (const s of ['active', 'fault', 'planned', 'inactive']) byStatus[s] = await page.locator(`path.site-marker-${s}`).count();
    check(
      JSON.stringify(byStatus) === JSON.stringify({ active: 4, fault: 2, planned: 1, inactive: 1 }),
      `map: markers by status ${JSON.stringify(byStatus)}`,
    );
    const fills = await page.locator('path.site-marker-fault').evaluateAll((els) => els.map((e) => e.getAttribute('fill')));
    check(
      fills.every((f) => f === '#d1333f'),
      `map: fault markers are red (${fills})`,
    );
    const summary = (await page.locator('.page-sub').textContent()) ?? '';
    check(summary.includes('共 10 个安装点，8 个已定位，2 个缺少坐标'), `map: summary counts (${summary})`);
    check(
      (await page.locator('.unlocated summary').textContent()) === '2 个安装点缺少坐标',
      'map: the sites without coordinates are listed apart',
    );

    await page.locator('path.site-marker[data-site="ST-HZ-02"]').dispatchEvent('click');
    await page.locator('.site-card[data-site="ST-HZ-02"]').waitFor();
    const card = (await page.locator('.site-card').textContent()) ?? '';
    check(
      card.includes('余杭配送中心') && card.includes('文一西路 998 号') && card.includes('李工') && card.includes('0571-****4321'),
      'map card: name, address, contact',
    );
    check(
      (await page.locator('.site-card .site-assets').textContent()) === '1' &&
        (await page.locator('.site-card .site-open-tickets').textContent()) === '2',
      'map card: assets and open tickets',
    );
    await page.locator('.site-card .site-customer-link', { hasText: '杭州恒温冷链有限公司' }).waitFor();
    check(page.url().includes('site=ST-HZ-02'), 'map: the chosen site is in the URL');
    await shot(page, 'sites-card-zh-desktop', false);

    await page.selectOption('#f-status', 'fault');
    await page.waitForFunction(() => document.querySelectorAll('path.site-marker').length === 2);
    check(
      seen.some((r) => /\/api\/v1\/sites\?status=fault/.test(r.path)),
      'map: status filter sent',
    );
    await page.selectOption('#f-region', '华东');
    await page.waitForFunction(() => document.querySelectorAll('path.site-marker').length === 1);
    await page.getByRole('button', { name: '重置筛选' }).click();
    await page.selectOption('#f-project', 'PJ-HZ-01');
    await page.waitForFunction(() => document.querySelectorAll('path.site-marker').length === 2);
    check(
      seen.some((r) => r.path.includes('projectId=PJ-HZ-01')),
      'map: project filter sent',
    );
    await page.getByRole('button', { name: '重置筛选' }).click();
    await page.fill('input[aria-label="安装日期从"]', day(-750));
    await page.waitForFunction(() => document.querySelectorAll('path.site-marker').length === 2);
    check(
      seen.some((r) => r.path.includes(`installedFrom=${day(-750)}`)),
      'map: install date filter sent',
    );
    await page.getByRole('button', { name: '重置筛选' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('path.site-marker').length === n, located.length);

    await page.locator('path.site-marker[data-site="ST-BJ-01"]').dispatchEvent('click');
    await page.locator('.site-card .site-customer-link').click();
    await page.locator('.customer-head, .empty-state').first().waitFor();
    check(page.url().endsWith('#/customers/CU-BJ-004'), 'map card: links to its customer');
    check(errors.length === 0, `map: no page errors ${errors.join(' | ')}`);
    await context.close();
  }
  {
    // with a tile server that answers, the tiles are drawn and no notice is shown
    const { page, context, seen, errors } = await newPage({ tiles: LOCAL_TILES });
    await page.goto(`${BASE}/#/sites`);
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-tile-loaded').length > 0);
    await page.waitForFunction((n) => document.querySelectorAll('path.site-marker').length === n, located.length);
    check((await page.locator('.map-notice').count()) === 0, 'map with tiles: tiles drawn, no fallback notice');
    check(!seen.some((r) => /openstreetmap/.test(r.path)), 'map with tiles: the configured tile URL is used');
    await shot(page, 'sites-tiles-zh-desktop', false);
    check(errors.length === 0, `map with tiles: no page errors ${errors.join(' | ')}`);
    await context.close();
  }
  {
    // from a customer's site list to the map, narrowed to that customer
    const { page, context, seen } = await newPage();
    await page.goto(`${BASE}/#/customers/CU-HZ-001?tab=sites`);
    await page.locator('table.sites a', { hasText: '在地图上查看' }).first().click();
    await page.locator('.site-card[data-site="ST-HZ-01"]').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('path.site-marker').length === 2);
    check(
      seen.some((r) => r.path.startsWith('/api/v1/sites?customerId=CU-HZ-001')),
      'map: opened from a customer, shows that customer’s sites',
    );
    await context.close();
  }

  // 7. expiring contracts
  await look('contracts', '#/contracts', 'table.contracts tbody tr');
  {
    const { page, context, seen, errors } = await newPage();
    await page.goto(`${BASE}/#/contracts`);
    await page.locator('table.contracts tbody tr').first().waitFor();
    check((await page.locator('table.contracts tbody tr').count()) === 1, 'contracts: within 30 days by default');
    check(
      seen.some((r) => r.path.startsWith('/api/v1/contracts/expiring?withinDays=30')),
      'contracts: asks withinDays=30',
    );
    await page.getByRole('button', { name: '90 天内' }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.contracts tbody tr').length === 3);
    check(
      seen.some((r) => r.path.startsWith('/api/v1/contracts/expiring?withinDays=90')),
      'contracts: 90 days asks withinDays=90',
    );
    const left = await page.locator('table.contracts .cell-warranty').allTextContents();
    check(left.join(',') === '25 天后到期,45 天后到期,80 天后到期', `contracts: days left (${left})`);
    await page.getByRole('button', { name: '60 天内' }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.contracts tbody tr').length === 2);
    await page.locator('a.contract-customer', { hasText: '广州市天河区恒信物业管理有限公司' }).click();
    await page.waitForFunction(() => location.hash === '#/customers/CU-GZ-002?tab=contracts');
    check(true, 'contracts: the customer links to its 360 contracts tab');
    check(errors.length === 0, `contracts: no page errors ${errors.join(' | ')}`);
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

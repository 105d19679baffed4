// Demo archives for a first look: service providers, customers, projects, sites and assets across
// eight provinces, generated from a fixed seed (the same on every machine) and loaded through the
// public API — providers one by one, the rest as CSV through the bulk import — like an admin would.
import { ARCHIVE_COLUMNS, type ImportKind } from '../domain/import/archive-columns';
import { cellText } from '../domain/import/columns';
import { csvLine } from '../domain/import/csv';

/** mulberry32: a small seeded generator, so the demo is the same on every start and machine. */
function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

interface City {
  city: string;
  lat: number;
  lng: number;
  districts: string[];
  area: string;
}
interface Province {
  province: string;
  region: string;
  cities: City[];
}

/** Eight provinces, their main cities with the coordinates of the city centre, districts and area codes. */
export const DEMO_PLACES: Province[] = [
  {
    province: '广东',
    region: '华南',
    cities: [
      { city: '广州', lat: 23.129, lng: 113.264, districts: ['天河区', '越秀区', '海珠区', '番禺区', '白云区'], area: '020' },
      { city: '深圳', lat: 22.543, lng: 114.058, districts: ['南山区', '福田区', '宝安区', '龙岗区'], area: '0755' },
      { city: '佛山', lat: 23.022, lng: 113.122, districts: ['禅城区', '南海区', '顺德区'], area: '0757' },
      { city: '东莞', lat: 23.021, lng: 113.752, districts: ['南城街道', '松山湖', '长安镇'], area: '0769' },
    ],
  },
  {
    province: '江苏',
    region: '华东',
    cities: [
      { city: '南京', lat: 32.06, lng: 118.797, districts: ['玄武区', '鼓楼区', '江宁区', '建邺区'], area: '025' },
      { city: '苏州', lat: 31.299, lng: 120.585, districts: ['姑苏区', '工业园区', '吴中区', '昆山市'], area: '0512' },
      { city: '无锡', lat: 31.491, lng: 120.312, districts: ['梁溪区', '滨湖区', '新吴区'], area: '0510' },
    ],
  },
  {
    province: '浙江',
    region: '华东',
    cities: [
      { city: '杭州', lat: 30.274, lng: 120.155, districts: ['西湖区', '滨江区', '余杭区', '拱墅区'], area: '0571' },
      { city: '宁波', lat: 29.868, lng: 121.544, districts: ['鄞州区', '海曙区', '北仑区'], area: '0574' },
      { city: '温州', lat: 28.0, lng: 120.672, districts: ['鹿城区', '瓯海区', '乐清市'], area: '0577' },
    ],
  },
  {
    province: '上海',
    region: '华东',
    cities: [{ city: '上海', lat: 31.23, lng: 121.474, districts: ['浦东新区', '徐汇区', '闵行区', '静安区', '嘉定区'], area: '021' }],
  },
  {
    province: '北京',
    region: '华北',
    cities: [{ city: '北京', lat: 39.904, lng: 116.407, districts: ['朝阳区', '海淀区', '丰台区', '东城区', '大兴区'], area: '010' }],
  },
  {
    province: '四川',
    region: '西南',
    cities: [
      { city: '成都', lat: 30.573, lng: 104.066, districts: ['武侯区', '锦江区', '高新区', '青羊区'], area: '028' },
      { city: '绵阳', lat: 31.468, lng: 104.679, districts: ['涪城区', '游仙区'], area: '0816' },
    ],
  },
  {
    province: '湖北',
    region: '华中',
    cities: [
      { city: '武汉', lat: 30.593, lng: 114.305, districts: ['江汉区', '武昌区', '洪山区', '东湖高新区'], area: '027' },
      { city: '宜昌', lat: 30.692, lng: 111.286, districts: ['西陵区', '伍家岗区'], area: '0717' },
    ],
  },
  {
    province: '山东',
    region: '华东',
    cities: [
      { city: '济南', lat: 36.651, lng: 117.12, districts: ['历下区', '市中区', '高新区'], area: '0531' },
      { city: '青岛', lat: 36.067, lng: 120.383, districts: ['市南区', '崂山区', '黄岛区'], area: '0532' },
    ],
  },
];

const BRANDS = [
  '明辉',
  '恒信',
  '华瑞',
  '金鼎',
  '嘉禾',
  '永安',
  '鑫达',
  '锦程',
  '宏远',
  '新元',
  '博雅',
  '天和',
  '安泰',
  '联创',
  '佳美',
  '润发',
  '瑞祥',
  '德隆',
  '欣悦',
  '同舟',
];
const TRADES = ['餐饮管理', '冷链物流', '酒店管理', '商业管理', '物业服务', '食品', '医药连锁', '超市连锁', '数据科技', '精密制造'];
const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '秀英',
  '建国',
  '志强',
  '晓东',
  '丹',
  '霞',
  '鹏',
  '婷',
];
const ROADS = ['中山路', '人民路', '解放路', '建设路', '长江路', '和平路', '新华路', '滨江大道', '科技园路', '文化路', '花园路', '青年路'];
const PROJECT_KINDS = ['中央空调安装工程', '冷库建设工程', '商用厨房设备工程', '冷链仓储改造工程', '数据中心精密空调工程'];

/** The product catalogue the demo assets come from. */
const MODELS = [
  { model: 'AC-9000', sku: 'AC-9000-5P', name: '商用中央空调室外机', forPeople: false },
  { model: 'AC-3200', sku: 'AC-3200-1.5P', name: '多联机室内机', forPeople: true },
  { model: 'CH-500', sku: 'CH-500-S', name: '螺杆式冷水机组', forPeople: false },
  { model: 'FR-220', sku: 'FR-220-2D', name: '立式冷藏展示柜', forPeople: false },
  { model: 'IM-80', sku: 'IM-80-AIR', name: '商用制冰机', forPeople: false },
  { model: 'HP-30', sku: 'HP-30-3P', name: '空气源热泵热水机', forPeople: true },
  { model: 'ABC-123', sku: 'ABC-123', name: '智能净水器', forPeople: true },
] as const;

export const DEMO_PROVIDERS = [
  ['SP-GD-01', '广州粤安机电工程服务有限公司', 'provider', ['广东'], ['空调', '冷水机组'], '黄志强'],
  ['SP-GD-02', '深圳鹏城冷链设备服务有限公司', 'provider', ['广东'], ['冷柜', '制冰机'], '陈晓东'],
  ['SP-JS-01', '南京金陵暖通工程有限公司', 'provider', ['江苏'], ['空调', '热泵'], '周建国'],
  ['SP-JS-02', '苏州吴越制冷设备维修服务部', 'agent', ['江苏', '上海'], ['冷柜', '制冰机', '空调'], '吴敏'],
  ['SP-ZJ-01', '杭州恒通制冷工程有限公司', 'provider', ['浙江'], ['冷水机组', '空调'], '徐磊'],
  ['SP-ZJ-02', '宁波甬达机电设备有限公司', 'agent', ['浙江'], ['热泵', '净水器'], '孙丽'],
  ['SP-SH-01', '上海申联机电安装服务有限公司', 'provider', ['上海', '江苏'], ['空调', '冷水机组', '冷柜'], '朱伟'],
  ['SP-BJ-01', '北京京运通暖通技术服务有限公司', 'provider', ['北京'], ['空调', '冷水机组', '热泵'], '赵勇'],
  ['SP-SC-01', '成都蜀安售后服务有限公司', 'provider', ['四川'], ['空调', '净水器'], '罗婷'],
  ['SP-HB-01', '武汉江城冷暖设备服务有限公司', 'provider', ['湖北'], ['空调', '热泵', '冷柜'], '胡涛'],
  ['SP-SD-01', '济南泉城机电维修服务有限公司', 'agent', ['山东'], ['空调', '净水器'], '马超'],
  ['SP-SD-02', '青岛海湾冷链设备服务有限公司', 'provider', ['山东'], ['冷柜', '制冰机', '冷水机组'], '林芳'],
] as const;

type Row = Record<string, unknown>;

export interface DemoArchives {
  providers: Row[];
  customers: Row[];
  projects: Row[];
  sites: Row[];
  assets: Row[];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const day = (base: string, plusDays: number) =>
  new Date(Date.parse(`${base}T00:00:00Z`) + plusDays * 86_400_000).toISOString().slice(0, 10);

/** The whole demo, generated from one seed. Dates are fixed (not relative to today) so every start makes the same rows. */
export function generateDemoArchives(seed = 20261125): DemoArchives {
  const r = seeded(seed);
  const mobile = () => `1${r.pick(['38', '39', '37', '36', '35', '50', '58', '86', '88', '89'])}${pad(r.int(0, 99_999_999), 8)}`;
  const personName = () => r.pick(SURNAMES) + r.pick(GIVEN);
  const places = DEMO_PLACES.flatMap((p) => p.cities.map((c) => ({ ...p, ...c })));
  const jitter = (v: number, spread: number) => Math.round((v + (r.next() - 0.5) * spread) * 1e6) / 1e6;

  const providers: Row[] = DEMO_PROVIDERS.map(([id, name, kind, regions, skills, contact]) => ({
    id,
    name,
    kind,
    regions: [...regions],
    skills: [...skills],
    contactName: contact,
    contactPhone: mobile(),
    email: `service@${id.toLowerCase()}.example.cn`,
  }));

  const customers: Row[] = [];
  const projects: Row[] = [];
  const sites: Row[] = [];
  const assets: Row[] = [];
  const serialSeq = new Map<string, number>();

  for (let i = 1; i <= 320; i++) {
    const place = r.pick(places);
    const company = r.chance(0.6);
    const district = r.pick(place.districts);
    const brand = r.pick(BRANDS);
    const name = company ? `${place.city}${brand}${r.pick(TRADES)}有限公司` : personName();
    const contact = personName();
    const contactPhone = mobile();
    const customer: Row = {
      id: `CU-D${pad(i, 4)}`,
      name,
      type: company ? 'company' : 'person',
      tier: r.chance(0.1) ? 'premium' : r.chance(0.2) ? 'vip' : 'standard',
      phone: company ? `${place.area}-${pad(r.int(20_000_000, 89_999_999), 8)}` : contactPhone,
      email: company ? `kefu${pad(i, 4)}@customer.example.cn` : undefined,
      region: place.region,
      province: place.province,
      city: place.city,
      addresses: [
        {
          label: company ? '办公地址' : '住址',
          province: place.province,
          city: place.city,
          district,
          detail: `${r.pick(ROADS)}${r.int(1, 999)}号`,
          primary: true,
        },
      ],
      contacts: company ? [{ name: contact, phone: contactPhone, role: '设备负责人' }] : [],
      tags: company ? [r.pick(['连锁', '重点客户', '新客户', '工程客户'])] : [],
    };
    customers.push(customer);

    let project: Row | undefined;
    if (company && r.chance(0.3)) {
      const started = day('2022-01-01', r.int(0, 1200));
      const status = r.pick(['active', 'completed', 'completed', 'planned'] as const);
      project = {
        id: `PJ-D${pad(projects.length + 1, 4)}`,
        name: `${place.city}${brand}${r.pick(PROJECT_KINDS)}`,
        customerId: customer.id,
        region: place.region,
        province: place.province,
        amount: r.int(8, 500) * 10_000,
        status,
        startedOn: started,
        completedOn: status === 'completed' ? day(started, r.int(60, 300)) : undefined,
      };
      projects.push(project);
    }

    const siteCount = company ? r.int(1, 3) : 1;
    for (let s = 0; s < siteCount; s++) {
      const siteDistrict = s === 0 ? district : r.pick(place.districts);
      const site: Row = {
        id: `ST-D${pad(sites.length + 1, 4)}`,
        name: company ? `${brand}${siteDistrict}${r.pick(['门店', '中心仓', '总部', '分店', '厨房'])}` : `${name}住宅`,
        customerId: customer.id,
        projectId: project && r.chance(0.7) ? project.id : undefined,
        region: place.region,
        province: place.province,
        city: place.city,
        district: siteDistrict,
        address: `${place.province === place.city ? '' : place.province + '省'}${place.city}市${siteDistrict}${r.pick(ROADS)}${r.int(1, 999)}号`,
        lat: jitter(place.lat, 0.2),
        lng: jitter(place.lng, 0.2),
        contactName: company ? personName() : name,
        contactPhone: mobile(),
        status: r.chance(0.08) ? 'fault' : r.chance(0.04) ? 'inactive' : 'active',
      };
      sites.push(site);

      const models = MODELS.filter((m) => company || m.forPeople);
      for (let a = r.int(1, company ? 3 : 2); a > 0; a--) {
        const m = r.pick(models);
        const produced = day('2019-01-01', r.int(0, 2350));
        const installed = day(produced, r.int(10, 120));
        const seq = (serialSeq.get(m.model) ?? 0) + 1;
        serialSeq.set(m.model, seq);
        const statusRoll = r.next();
        assets.push({
          id: `AS-D${pad(assets.length + 1, 4)}`,
          serialNo: `${m.model.replace('-', '')}${produced.slice(2, 4)}${pad(seq, 6)}`,
          model: m.model,
          sku: m.sku,
          name: m.name,
          customerId: customer.id,
          projectId: site.projectId,
          siteId: site.id,
          producedOn: produced,
          installedOn: installed,
          warrantyEndsOn: day(installed, 365 * r.pick([1, 2, 3, 5])),
          status: statusRoll < 0.06 ? 'faulty' : statusRoll < 0.1 ? 'under_repair' : statusRoll < 0.13 ? 'retired' : 'in_service',
        });
      }
    }
  }
  return { providers, customers, projects, sites, assets };
}

/** Rows as the CSV the import takes, with the zh-CN headers an export writes. */
export function demoCsv(kind: ImportKind, rows: Row[]): string {
  const columns = ARCHIVE_COLUMNS[kind];
  return (
    '\ufeff' +
    csvLine(columns.map((c) => c.zh)) +
    rows.map((row) => csvLine(columns.map((c) => cellText(row[c.field], c.type, c.labels)))).join('')
  );
}

/**
 * Loads the demo archives unless they are there already (each kind is one atomic import, so its
 * first row tells). Returns how many rows of each kind were added.
 */
export async function loadDemoArchives(apiUrl: string, token: string): Promise<Record<string, number>> {
  const demo = generateDemoArchives();
  const auth = { authorization: `Bearer ${token}` };
  const exists = async (path: string) => (await fetch(`${apiUrl}/api/v1/${path}`, { headers: auth })).status === 200;
  const added: Record<string, number> = {};

  let providers = 0;
  for (const p of demo.providers) {
    if (await exists(`providers/${p.id}`)) continue;
    const res = await fetch(`${apiUrl}/api/v1/providers`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined))),
    });
    if (!res.ok) throw new Error(`demo provider ${p.id}: ${res.status} ${await res.text()}`);
    providers++;
  }
  added.providers = providers;

  const order: [ImportKind, string][] = [
    ['customers', 'customers'],
    ['projects', 'projects'],
    ['sites', 'sites'],
    ['assets', 'assets'],
  ];
  for (const [kind, path] of order) {
    const rows = demo[kind];
    if (await exists(`${path}/${String(rows[0]!.id)}`)) {
      added[kind] = 0;
      continue;
    }
    const res = await fetch(`${apiUrl}/api/v1/imports/${kind}?dryRun=false`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv; charset=utf-8' },
      body: demoCsv(kind, rows),
    });
    const body = (await res.json()) as { inserted?: number; errors?: unknown[] };
    if (!res.ok) throw new Error(`demo ${kind}: ${res.status} ${JSON.stringify(body.errors?.slice(0, 5) ?? body)}`);
    added[kind] = body.inserted ?? 0;
  }
  return added;
}

/** What goes wrong with each model, as customers report it: category path, priority, description. */
const FAULTS: Record<string, [string, string, string, 'P1' | 'P2' | 'P3' | 'P4', string][]> = {
  'AC-9000': [
    ['质量问题', '功能异常', '不制冷', 'P2', '室外机运行但室内不制冷，出风口温度 26°C'],
    ['设备告警', '故障码', 'E01', 'P2', '控制面板报 E01，压缩机反复启停'],
  ],
  'AC-3200': [
    ['质量问题', '功能异常', '漏水', 'P3', '室内机滴水，墙面已渗湿'],
    ['质量问题', '性能下降', '噪音大', 'P4', '夜间运行噪音明显，影响休息'],
  ],
  'CH-500': [['设备告警', '温度异常', '超温', 'P1', '冷水机组出水温度持续超过 15°C，机房温度报警']],
  'FR-220': [['质量问题', '功能异常', '不制冷', 'P2', '展示柜温度升至 12°C，柜内饮品需转移']],
  'IM-80': [['质量问题', '功能异常', '异响', 'P3', '制冰机运行时有金属摩擦声，出冰量下降']],
  'HP-30': [['质量问题', '功能异常', '开机失败', 'P3', '热泵热水机无法开机，显示屏无反应']],
  'ABC-123': [['质量问题', '功能异常', '开机失败', 'P3', '净水器通电后指示灯不亮，无法制水']],
};
const CHANNELS = ['phone', 'wechat', 'app', 'portal', 'miniprogram', 'iot'] as const;

export interface DemoAssetTicket {
  ticket: Record<string, unknown>;
  /** assign to this service provider once created */
  provider?: { providerId: string; assigneeId: string };
}

/**
 * Tickets about demo assets (faulty or under repair first), each for the asset's owner, about half
 * of them assigned to the provider that serves the asset's province.
 */
export function demoAssetTickets(demo: DemoArchives, count = 24): DemoAssetTicket[] {
  const r = seeded(4242);
  const customers = new Map(demo.customers.map((c) => [c.id, c]));
  const sites = new Map(demo.sites.map((s) => [s.id, s]));
  const broken = demo.assets.filter((a) => a.status === 'faulty' || a.status === 'under_repair');
  const rest = demo.assets.filter((a) => a.status === 'in_service');
  const chosen = [...broken, ...rest.filter(() => r.chance(0.05))].slice(0, count);
  return chosen.map((asset, i) => {
    const customer = customers.get(asset.customerId)!;
    const site = sites.get(asset.siteId)!;
    const [category1, category2, category3, priority, description] = r.pick(FAULTS[String(asset.model)]!);
    const provider = DEMO_PROVIDERS.find(([, , , regions]) => (regions as readonly string[]).includes(String(site.province)));
    const ticket: Record<string, unknown> = {
      customerId: customer.id,
      assetId: asset.id,
      channel: category1 === '设备告警' ? 'iot' : CHANNELS[i % (CHANNELS.length - 1)],
      category1,
      category2,
      category3,
      priority,
      description: `${site.name}（${site.address}）${asset.name} ${asset.serialNo}：${description}`,
      region: customer.region,
      sku: asset.sku,
      customerTier: customer.tier,
      tags: ['演示'],
    };
    return {
      ticket,
      ...(provider && i % 2 === 0
        ? { provider: { providerId: provider[0], assigneeId: `${provider[0].toLowerCase()}-eng-${(i % 3) + 1}` } }
        : {}),
    };
  });
}

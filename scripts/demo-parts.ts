// Demo spare parts (备件): a catalogue for TVs, air conditioners and water heaters, four regional
// warehouses and the van stock of three field engineers, loaded over the public API like an admin
// would. Every step is idempotent (409 "exists" is skipped, stock moves carry fixed keys), so a
// second start adds nothing and an interrupted one finishes the rest.

type Part = {
  code: string;
  name: string;
  nameEn: string;
  category: string;
  unit?: string;
  unitCostFen: number;
  reorderPoint: number;
  reorderQty: number;
  substitutes?: { code: string; priority: number }[];
};

/** [code, 名称, English, 类别, 单价（元）, reorder point, lot] */
const CATALOGUE: [string, string, string, string, number, number, number][] = [
  ['TV-MB-55U', '55英寸4K电视主板', '55" 4K TV main board', '电视-主板', 680, 5, 10],
  ['TV-MB-65U', '65英寸4K电视主板', '65" 4K TV main board', '电视-主板', 820, 4, 8],
  ['TV-MB-55U-R2', '55英寸4K电视主板（R2兼容版）', '55" 4K TV main board (rev 2)', '电视-主板', 720, 2, 5],
  ['TV-PSU-55', '55英寸电视电源板', '55" TV power board', '电视-电源板', 260, 6, 12],
  ['TV-PSU-65', '65英寸电视电源板', '65" TV power board', '电视-电源板', 310, 5, 10],
  ['TV-PSU-UNI', '通用电视电源板（55/65）', 'Universal TV power board (55/65)', '电视-电源板', 340, 3, 6],
  ['TV-TCON-55', '55英寸逻辑板（T-CON）', '55" T-CON board', '电视-逻辑板', 190, 4, 8],
  ['TV-LED-55', '55英寸背光灯条（套）', '55" LED backlight strips (set)', '电视-背光', 150, 8, 20],
  ['TV-LED-65', '65英寸背光灯条（套）', '65" LED backlight strips (set)', '电视-背光', 180, 6, 15],
  ['TV-RC-BT', '蓝牙语音遥控器', 'Bluetooth voice remote', '电视-遥控器', 65, 20, 50],
  ['TV-RC-IR', '红外遥控器', 'IR remote control', '电视-遥控器', 25, 30, 100],
  ['TV-SPK-10W', '电视扬声器（10W，对）', 'TV speakers 10 W (pair)', '电视-音响', 45, 10, 20],
  ['TV-WIFI-MOD', 'WiFi/蓝牙模块', 'Wi-Fi/Bluetooth module', '电视-模块', 55, 10, 30],
  ['TV-STAND', '电视底座（套）', 'TV stand (set)', '电视-结构件', 80, 5, 10],
  ['AC-COMP-1P', '1匹变频压缩机', '1 HP inverter compressor', '空调-压缩机', 980, 3, 6],
  ['AC-COMP-15P', '1.5匹变频压缩机', '1.5 HP inverter compressor', '空调-压缩机', 1180, 3, 6],
  ['AC-COMP-15P-ALT', '1.5匹变频压缩机（替代型号）', '1.5 HP inverter compressor (alternative)', '空调-压缩机', 1120, 2, 4],
  ['AC-COMP-3P', '3匹柜机压缩机', '3 HP floor-unit compressor', '空调-压缩机', 1680, 2, 4],
  ['AC-IDU-PCB', '室内机主控板', 'Indoor unit control board', '空调-主板', 210, 8, 20],
  ['AC-ODU-PCB', '室外机变频驱动板', 'Outdoor inverter driver board', '空调-主板', 430, 6, 12],
  ['AC-FAN-IDU', '室内贯流风机电机', 'Indoor cross-flow fan motor', '空调-电机', 160, 6, 12],
  ['AC-FAN-ODU', '室外轴流风机电机', 'Outdoor axial fan motor', '空调-电机', 220, 5, 10],
  ['AC-CAP-35UF', '压缩机启动电容（35μF）', 'Compressor run capacitor 35 µF', '空调-电容', 18, 30, 100],
  ['AC-4WV', '四通阀', 'Four-way reversing valve', '空调-阀件', 140, 5, 10],
  ['AC-EEV', '电子膨胀阀', 'Electronic expansion valve', '空调-阀件', 120, 5, 10],
  ['AC-SENSOR-T', '温度传感器（管温/环温）', 'Temperature sensor (pipe/room)', '空调-传感器', 12, 40, 100],
  ['AC-R32-3KG', 'R32冷媒（3kg罐）', 'R32 refrigerant, 3 kg can', '空调-冷媒', 160, 10, 20],
  ['AC-RC', '空调遥控器', 'Air-conditioner remote', '空调-遥控器', 30, 20, 50],
  ['AC-FILTER', '室内机过滤网（对）', 'Indoor unit filters (pair)', '空调-滤网', 15, 30, 100],
  ['WH-PCB-60L', '60升电热水器主板', '60 L electric water heater board', '热水器-主板', 150, 6, 12],
  ['WH-ELEM-2KW', '2000W加热管', '2 kW heating element', '热水器-加热管', 85, 10, 20],
  ['WH-ELEM-3KW', '3000W加热管', '3 kW heating element', '热水器-加热管', 98, 8, 20],
  ['WH-ANODE', '镁棒', 'Magnesium anode rod', '热水器-镁棒', 28, 30, 100],
  ['WH-THERMO', '温控器', 'Thermostat', '热水器-温控器', 35, 15, 40],
  ['WH-TCO', '防干烧温控器', 'Thermal cut-off', '热水器-温控器', 22, 15, 40],
  ['WH-SV-08', '安全阀（0.8MPa）', 'Safety valve 0.8 MPa', '热水器-阀件', 26, 15, 40],
  ['WH-GAS-IGN', '燃气热水器点火器', 'Gas water heater igniter', '热水器-点火', 48, 8, 20],
  ['WH-GAS-FAN', '燃气热水器风机', 'Gas water heater fan', '热水器-电机', 210, 4, 8],
  ['WH-GAS-SOL', '燃气比例阀', 'Gas proportional valve', '热水器-阀件', 260, 4, 8],
  ['WH-FLOW-SW', '水流量传感器', 'Water flow sensor', '热水器-传感器', 40, 10, 20],
];

const SUBSTITUTES: Record<string, { code: string; priority: number }[]> = {
  'TV-MB-55U': [{ code: 'TV-MB-55U-R2', priority: 1 }],
  'TV-PSU-55': [{ code: 'TV-PSU-UNI', priority: 1 }],
  'TV-PSU-65': [{ code: 'TV-PSU-UNI', priority: 1 }],
  'TV-RC-IR': [{ code: 'TV-RC-BT', priority: 1 }],
  'AC-COMP-15P': [{ code: 'AC-COMP-15P-ALT', priority: 1 }],
  'WH-ELEM-2KW': [{ code: 'WH-ELEM-3KW', priority: 2 }],
};

export const demoParts = (): Part[] =>
  CATALOGUE.map(([code, name, nameEn, category, yuan, reorderPoint, reorderQty]) => ({
    code,
    name,
    nameEn,
    category,
    unit: code.endsWith('-3KG') ? '罐' : category.endsWith('背光') || code === 'TV-STAND' ? '套' : '个',
    unitCostFen: yuan * 100,
    reorderPoint,
    reorderQty,
    substitutes: SUBSTITUTES[code],
  }));

export const demoWarehouses = [
  { id: 'WH-EC-SH', kind: 'warehouse', name: '华东仓（上海）', region: '华东' },
  { id: 'WH-SC-GZ', kind: 'warehouse', name: '华南仓（广州）', region: '华南' },
  { id: 'WH-NC-BJ', kind: 'warehouse', name: '华北仓（北京）', region: '华北' },
  { id: 'WH-SW-CD', kind: 'warehouse', name: '西南仓（成都）', region: '西南' },
];

/** Field engineers with a van, each stocked from their region's warehouse. */
export const demoEngineers = [
  { id: 'eng-sh-zhangwei', name: '张伟', region: '华东', warehouse: 'WH-EC-SH', location: { lat: 31.2304, lng: 121.4737 } },
  { id: 'eng-gz-chenjie', name: '陈杰', region: '华南', warehouse: 'WH-SC-GZ', location: { lat: 23.1291, lng: 113.2644 } },
  { id: 'eng-bj-liuyang', name: '刘洋', region: '华北', warehouse: 'WH-NC-BJ', location: { lat: 39.9042, lng: 116.4074 } },
];

const VAN_KIT: Record<string, number> = {
  'TV-RC-IR': 2,
  'TV-PSU-55': 1,
  'AC-CAP-35UF': 4,
  'AC-SENSOR-T': 3,
  'AC-FILTER': 2,
  'WH-ANODE': 2,
  'WH-THERMO': 1,
};

/**
 * Stock per warehouse: about twice the reorder point, less in the smaller warehouses; a few parts
 * in Chengdu are left below their point so the low-stock list and its purchase requests have something.
 */
export function demoStock(parts: Part[]): Record<string, { partCode: string; qty: number }[]> {
  const share: Record<string, number> = { 'WH-EC-SH': 2, 'WH-SC-GZ': 1.5, 'WH-NC-BJ': 1.5, 'WH-SW-CD': 1 };
  const low = new Set(['AC-COMP-15P', 'TV-MB-55U', 'WH-GAS-FAN']);
  return Object.fromEntries(
    demoWarehouses.map((w) => [
      w.id,
      parts
        .map((p) => ({
          partCode: p.code,
          qty: w.id === 'WH-SW-CD' && low.has(p.code) ? 1 : Math.max(1, Math.round(p.reorderPoint * share[w.id]!) + 2),
        }))
        .filter((l) => l.qty > 0),
    ]),
  );
}

export const vanId = (engineerId: string) => `VAN-${engineerId}`;

export async function loadDemoParts(
  apiUrl: string,
  token: string,
): Promise<{ parts: number; locations: number; engineers: number; receipts: number; transfers: number }> {
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const counts = { parts: 0, locations: 0, engineers: 0, receipts: 0, transfers: 0 };
  /** `tolerate`: the statuses that mean "there already" rather than a failure */
  const call = async (method: string, path: string, body?: unknown, opts: { key?: string; tolerate?: number[] } = {}) => {
    const res = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { ...auth, ...(opts.key ? { 'idempotency-key': opts.key } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok && !opts.tolerate?.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return { status: res.status, body: res.ok ? ((await res.json()) as Record<string, unknown>) : null };
  };

  const parts = demoParts();
  for (const p of parts) {
    if ((await call('POST', '/api/v1/parts', { ...p, substitutes: [] }, { tolerate: [409] })).status === 201) counts.parts++;
  }
  // Substitutes once every part exists (they name each other); left alone when already set.
  for (const p of parts.filter((x) => x.substitutes)) {
    const stored = await call('GET', `/api/v1/parts/${p.code}`);
    if (JSON.stringify(stored.body?.substitutes) !== JSON.stringify(p.substitutes)) {
      await call('PATCH', `/api/v1/parts/${p.code}`, { substitutes: p.substitutes });
    }
  }

  for (const w of demoWarehouses)
    if ((await call('POST', '/api/v1/stock-locations', w, { tolerate: [409] })).status === 201) counts.locations++;
  for (const e of demoEngineers) {
    if ((await call('GET', `/api/v1/agents/${e.id}`, undefined, { tolerate: [404] })).status === 404) {
      // What the engineer carries is the van kit received below: dispatch reads it from the van's stock.
      const agent = { id: e.id, name: e.name, maxConcurrent: 6, fieldEngineer: true, location: e.location };
      if ((await call('POST', '/api/v1/agents', agent)).status === 201) counts.engineers++;
    }
    const van = { id: vanId(e.id), kind: 'engineer', name: `${e.name} 车载库存`, region: e.region, agentId: e.id };
    if ((await call('POST', '/api/v1/stock-locations', van, { tolerate: [409] })).status === 201) counts.locations++;
  }

  for (const [locationId, lines] of Object.entries(demoStock(parts))) {
    for (let i = 0; i < lines.length; i += 50) {
      const { status } = await call(
        'POST',
        '/api/v1/stock/receipts',
        { locationId, lines: lines.slice(i, i + 50), note: '期初库存 opening stock' },
        { key: `demo-parts-receipt-${locationId}-${i}` },
      );
      if (status === 201) counts.receipts++;
    }
  }
  for (const e of demoEngineers) {
    const lines = Object.entries(VAN_KIT).map(([partCode, qty]) => ({ partCode, qty }));
    const { status } = await call(
      'POST',
      '/api/v1/stock/transfers',
      { fromLocationId: e.warehouse, toLocationId: vanId(e.id), lines, note: '车载备件配置 van kit' },
      { key: `demo-parts-van-kit-${e.id}` },
    );
    if (status === 201) counts.transfers++;
  }
  return counts;
}

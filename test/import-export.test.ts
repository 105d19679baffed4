import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { parseCsv } from '../domain/import/csv';
import { createTicketSchema } from '../domain/ticket/ticket.schema';
import { DEMO_PLACES, demoAssetTickets, generateDemoArchives, loadDemoArchives } from '../scripts/demo-archives';
import { demoContracts, loadDemoContracts } from '../scripts/demo-contracts';
import { contractDay } from '../domain/contracts/entitlement';
import { Harness } from './support/harness';

const CSV = { 'content-type': 'text/csv; charset=utf-8' };
const XLSX = { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

/** A raw request: the harness sends strings only, an import also takes bytes. */
async function send(
  h: Harness,
  method: string,
  path: string,
  body: string | Buffer | undefined,
  headers: Record<string, string>,
  token = h.token,
) {
  const res = await fetch(h.api.url + path, { method, headers: { authorization: `Bearer ${token}`, ...headers }, body });
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    headers: res.headers,
    bytes,
    body: type.includes('json') ? JSON.parse(bytes.toString('utf8')) : bytes.toString('utf8'),
  };
}

describe('archive import and export', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8).toUpperCase();
  const cu = (n: number) => `CU-T${run}-${n}`;
  const auditCount = async (action: string) =>
    Number((await h.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = $1`, [action]))[0].n);
  const count = async (table: string, ids: string[]) =>
    Number((await h.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE id = ANY($1)`, [ids]))[0].n);

  before(async () => {
    h = await Harness.start({ worker: 'none' });
  });
  after(async () => {
    await h.stop();
  });

  const customersCsv = () =>
    '\ufeff客户编号,客户名称,客户类型,客户等级,电话,邮箱,省份,城市,标签\r\n' +
    `${cu(1)},广州明辉餐饮管理有限公司${run},企业,VIP,020-38881234,kefu@minghui.example.cn,广东,广州,"连锁,重点客户"\r\n` +
    `${cu(2)},张伟${run},个人,普通,13800138000,,浙江,杭州,\r\n` +
    `${cu(3)},"苏州恒信冷链物流有限公司${run}",company,premium,0512-66881234,ops@hengxin.example.cn,江苏,苏州,冷链\r\n`;

  it('a dry run checks every row and writes nothing; the real import writes all rows and one audit record', async () => {
    const before = await auditCount('archive.imported');
    const dry = await send(h, 'POST', '/api/v1/imports/customers?dryRun=true', customersCsv(), CSV);
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.deepEqual(
      { ...dry.body, errors: dry.body.errors.length },
      {
        importId: null,
        kind: 'customers',
        dryRun: true,
        format: 'csv',
        encoding: 'utf-8',
        rows: 3,
        valid: 3,
        invalid: 0,
        inserted: 3,
        updated: 0,
        unchanged: 0,
        errorCount: 0,
        errors: 0,
      },
    );
    assert.equal(await count('customers', [cu(1), cu(2), cu(3)]), 0, 'a dry run writes nothing');
    assert.equal(await auditCount('archive.imported'), before);

    const real = await send(h, 'POST', '/api/v1/imports/customers?dryRun=false', customersCsv(), CSV);
    assert.equal(real.status, 200, JSON.stringify(real.body));
    assert.equal(real.body.inserted, 3);
    assert.match(real.body.importId, /^[0-9a-f-]{36}$/);
    const rows = await h.dataSource.query(
      `SELECT id, name, type, tier, phone, province, tags, version, created_by FROM customers WHERE id = ANY($1) ORDER BY id`,
      [[cu(1), cu(2), cu(3)]],
    );
    assert.deepEqual(
      rows.map((r: any) => [r.id, r.type, r.tier, r.province, r.tags, r.version]),
      [
        [cu(1), 'company', 'vip', '广东', ['连锁', '重点客户'], 1],
        [cu(2), 'person', 'standard', '浙江', [], 1],
        [cu(3), 'company', 'premium', '江苏', ['冷链'], 1],
      ],
    );
    assert.match(rows[0].created_by, /^token:test-admin/);
    const [audit] = await h.dataSource.query(
      `SELECT actor, target_type, details FROM audit_log WHERE action = 'archive.imported' AND target_id = $1`,
      [real.body.importId],
    );
    assert.equal(audit.target_type, 'customers');
    assert.deepEqual(audit.details, { format: 'csv', rows: 3, inserted: 3, updated: 0, unchanged: 0 });
    assert.equal(await auditCount('archive.imported'), before + 1);

    // The same file again changes nothing: no version bump, no duplicate.
    const again = await send(h, 'POST', '/api/v1/imports/customers', customersCsv(), CSV);
    assert.equal(again.status, 200);
    assert.deepEqual([again.body.inserted, again.body.updated, again.body.unchanged], [0, 0, 3]);
    // A file with only the columns it changes updates those, keeps the rest and bumps the version.
    const patch = await send(h, 'POST', '/api/v1/imports/customers', `id,tier\n${cu(2)},vip\n`, CSV);
    assert.equal(patch.status, 200, JSON.stringify(patch.body));
    assert.deepEqual([patch.body.inserted, patch.body.updated], [0, 1]);
    const [p] = await h.dataSource.query(`SELECT name, tier, phone, version FROM customers WHERE id = $1`, [cu(2)]);
    assert.deepEqual(p, { name: `张伟${run}`, tier: 'vip', phone: '13800138000', version: 2 });
  });

  it('one bad row and nothing is written: every error names its row, field and column', async () => {
    const ids = [cu(11), cu(12), cu(13), cu(14)];
    const file =
      '客户编号,客户名称,客户类型,邮箱\n' +
      `${ids[0]},好客户${run},企业,a@b.example.cn\n` +
      `${ids[1]},坏类型${run},机构,c@d.example.cn\n` +
      `${ids[2]},坏邮箱${run},个人,not-an-email\n` +
      `${ids[0]},重复编号${run},个人,\n`;
    const res = await send(h, 'POST', '/api/v1/imports/customers?dryRun=false', file, CSV);
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal(res.body.code, 'import_rejected');
    assert.deepEqual([res.body.rows, res.body.valid, res.body.invalid], [4, 1, 3]);
    assert.deepEqual(
      res.body.errors.map((e: any) => [e.row, e.field, e.column]),
      [
        [3, 'type', '客户类型'],
        [4, 'email', '邮箱'],
        [5, 'id', '客户编号'],
      ],
    );
    assert.match(res.body.errors[2].message, /also in row 2/);
    assert.equal(await count('customers', ids), 0, 'nothing written, not even the good row');

    // The dry run of the same file reports the same errors with a 200.
    const dry = await send(h, 'POST', '/api/v1/imports/customers?dryRun=true', file, CSV);
    assert.equal(dry.status, 200);
    assert.equal(dry.body.errorCount, 3);
  });

  it('refuses unknown columns, checks references and serial numbers in the file and in the database', async () => {
    const unknown = await send(h, 'POST', '/api/v1/imports/customers?dryRun=true', `客户名称,客户类型,生日\nx,个人,1990-01-01\n`, CSV);
    assert.deepEqual(
      unknown.body.errors.map((e: any) => [e.row, e.field]),
      [[1, '生日']],
    );

    const siteId = `ST-T${run}-1`;
    const sites =
      'id,name,customerId,address,lat,lng,status\n' +
      `${siteId},天河门店,${cu(1)},广州市天河区体育西路 1 号,23.1375,113.3212,在用\n` +
      `ST-T${run}-2,无主门店,CU-NOBODY-${run},广州市越秀区,23.12,113.26,active\n` +
      `ST-T${run}-3,坐标错,${cu(1)},广州市海珠区,123.1,113.3,active\n`;
    const badSites = await send(h, 'POST', '/api/v1/imports/sites?dryRun=true', sites, CSV);
    assert.deepEqual(
      badSites.body.errors.map((e: any) => [e.row, e.field]),
      [
        [3, 'customerId'],
        [4, 'lat'],
      ],
    );
    const okSites = await send(h, 'POST', '/api/v1/imports/sites', sites.split('\n').slice(0, 2).join('\n'), CSV);
    assert.equal(okSites.status, 200, JSON.stringify(okSites.body));

    // English field names as headers work as well as the Chinese ones.
    const assets =
      'serialNo,model,customerId,siteId,producedOn,installedOn,warrantyEndsOn\n' +
      `SN-${run}-1,AC-9000,${cu(1)},${siteId},2024-01-10,2024/03/01,2027-03-01\n` +
      `SN-${run}-2,AC-9000,${cu(3)},${siteId},2024-01-10,2024-03-01,2027-03-01\n` +
      `SN-${run}-1,AC-3200,${cu(1)},,2024-01-10,2024-03-01,2027-03-01\n` +
      `SN-${run}-4,AC-3200,${cu(1)},ST-NONE-${run},2024-01-10,2024-03-01,2027-03-01\n`;
    const bad = await send(h, 'POST', '/api/v1/imports/assets', assets, CSV);
    assert.equal(bad.status, 422);
    assert.deepEqual(
      bad.body.errors.map((e: any) => [e.row, e.field]),
      [
        [3, 'siteId'],
        [4, 'serialNo'],
        [5, 'siteId'],
      ],
    );
    assert.match(bad.body.errors[0].message, /belongs to customer/);
    assert.match(bad.body.errors[1].message, /also in row 2/);

    const good = await send(h, 'POST', '/api/v1/imports/assets', assets.split('\n').slice(0, 2).join('\n'), CSV);
    assert.equal(good.status, 200, JSON.stringify(good.body));
    const [asset] = await h.dataSource.query(`SELECT id, installed_on::text, qr_token, site_id FROM assets WHERE serial_no = $1`, [
      `SN-${run}-1`,
    ]);
    assert.equal(asset.installed_on, '2024-03-01');
    assert.equal(asset.site_id, siteId);
    assert.ok(asset.qr_token.length >= 20);
    // The same serial again without its id is another asset: refused, pointing at the one there.
    const dup = await send(h, 'POST', '/api/v1/imports/assets?dryRun=true', `序列号,型号\nSN-${run}-1,AC-9000\n`, CSV);
    assert.deepEqual(
      dup.body.errors.map((e: any) => [e.row, e.field, e.column]),
      [[2, 'serialNo', '序列号']],
    );
    assert.match(dup.body.errors[0].message, new RegExp(`belongs to asset ${asset.id}`));
  });

  it('reads CSV saved by Chinese Excel in GBK, and refuses what is not a spreadsheet', async () => {
    const gbk = Buffer.concat([
      Buffer.from('bfcdbba7b1e0bac52cbfcdbba7c3fbb3c62cbfcdbba7c0e0d0cd0d0a', 'hex'),
      Buffer.from(`${cu(21)},`),
      Buffer.from('b9e3d6ddb2e2cad4', 'hex'),
      Buffer.from(','),
      Buffer.from('c6f3d2b5', 'hex'),
      Buffer.from('\r\n'),
    ]);
    const res = await send(h, 'POST', '/api/v1/imports/customers', gbk, { 'content-type': 'text/csv' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.encoding, 'gb18030');
    const [row] = await h.dataSource.query(`SELECT name, type FROM customers WHERE id = $1`, [cu(21)]);
    assert.deepEqual(row, { name: '广州测试', type: 'company' });

    const json = await send(h, 'POST', '/api/v1/imports/customers', '{"name":"x"}', { 'content-type': 'application/json' });
    assert.equal(json.status, 415);
    const xls = await send(h, 'POST', '/api/v1/imports/customers', Buffer.from('d0cf11e0a1b11ae1', 'hex'), {
      'content-type': 'application/vnd.ms-excel',
    });
    assert.equal(xls.status, 415);
    assert.match(xls.body.detail, /\.xlsx/);
  });

  it('an .xlsx export imports back unchanged, and a cell changed in Excel updates just that record', async () => {
    const customer = cu(31);
    const site = `ST-T${run}-31`;
    const setup = `客户编号,客户名称,客户类型\n${customer},宁波甬达机电设备有限公司${run},企业\n`;
    assert.equal((await send(h, 'POST', '/api/v1/imports/customers', setup, CSV)).status, 200);
    const siteFile = `安装点编号,安装点名称,客户编号,详细地址,纬度,经度\n${site},鄞州仓,${customer},浙江省宁波市鄞州区天童南路 1 号,29.8171,121.5471\n`;
    assert.equal((await send(h, 'POST', '/api/v1/imports/sites', siteFile, CSV)).status, 200);
    const assets =
      '序列号,型号,SKU,设备名称,客户编号,安装点编号,生产日期,安装日期,保修截止,状态,扩展属性\n' +
      [1, 2, 3, 4, 5]
        .map(
          (n) =>
            `X${run}-${n},FR-220,FR-220-2D,立式冷藏展示柜,${customer},${site},2024-0${n}-01,2024-0${n}-20,2027-0${n}-20,${n === 5 ? '故障' : '在用'},"{""冷媒"":""R290"",""功率kW"":${n}.5}"`,
        )
        .join('\n');
    const imported = await send(h, 'POST', '/api/v1/imports/assets', assets, CSV);
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    assert.equal(imported.body.inserted, 5);

    const exported = await send(h, 'GET', `/api/v1/exports/assets?customerId=${customer}&format=xlsx`, undefined, {});
    assert.equal(exported.status, 200, exported.bytes.toString());
    assert.equal(exported.headers.get('content-type'), XLSX['content-type']);
    assert.match(exported.headers.get('content-disposition') ?? '', /filename\*=UTF-8''%E8%AE%BE%E5%A4%87-\d{8}\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.worksheets[0]!;
    assert.equal(ws.name, '设备');
    assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1, 4), ['设备编号', '序列号', '型号']);
    assert.equal(ws.actualRowCount, 6);
    const serials = [2, 3, 4, 5, 6].map((r) => ws.getRow(r).getCell(2).value).sort();
    assert.deepEqual(
      serials,
      [1, 2, 3, 4, 5].map((n) => `X${run}-${n}`),
    );
    // Dates are real date cells, statuses in Chinese.
    assert.ok(ws.getRow(2).getCell(10).value instanceof Date);
    assert.ok(['在用', '故障'].includes(String(ws.getRow(2).getCell(12).value)));

    const same = await send(h, 'POST', '/api/v1/imports/assets', exported.bytes, XLSX);
    assert.equal(same.status, 200, JSON.stringify(same.body));
    assert.equal(same.body.format, 'xlsx');
    assert.deepEqual([same.body.inserted, same.body.updated, same.body.unchanged], [0, 0, 5]);

    const row = [2, 3, 4, 5, 6].find((r) => ws.getRow(r).getCell(2).value === `X${run}-3`)!;
    ws.getRow(row).getCell(3).value = 'FR-220S';
    const changed = Buffer.from(await wb.xlsx.writeBuffer());
    const updated = await send(h, 'POST', '/api/v1/imports/assets', changed, XLSX);
    assert.deepEqual([updated.body.inserted, updated.body.updated, updated.body.unchanged], [0, 1, 4]);
    const [a3] = await h.dataSource.query(`SELECT model, version, attributes FROM assets WHERE serial_no = $1`, [`X${run}-3`]);
    assert.deepEqual(a3, { model: 'FR-220S', version: 2, attributes: { 冷媒: 'R290', 功率kW: 3.5 } });
  });

  it('exports every matching row, masked for roles that may not see personal data, and audits who exported what', async () => {
    const tag = `批量${run}`;
    const rows = Array.from({ length: 1205 }, (_, i) => `${cu(1000 + i)},客户${i}${run},个人,1380013${String(i).padStart(4, '0')},${tag}`);
    const bulk = await send(h, 'POST', '/api/v1/imports/customers', `客户编号,客户名称,客户类型,电话,标签\n${rows.join('\n')}\n`, CSV);
    assert.equal(bulk.status, 200, JSON.stringify(bulk.body).slice(0, 500));
    assert.equal(bulk.body.inserted, 1205);

    const viewer = await h.request('POST', '/api/v1/tokens', { name: `viewer-${run}`, roles: ['viewer'] });
    const asViewer = await send(h, 'GET', `/api/v1/exports/customers?tag=${encodeURIComponent(tag)}`, undefined, {}, viewer.body.token);
    assert.equal(asViewer.status, 200);
    assert.equal(asViewer.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.ok(asViewer.body.startsWith('\ufeff'), 'a BOM so that Excel reads UTF-8');
    const table = parseCsv(asViewer.body);
    assert.equal(table[0]![0], '客户编号');
    const phoneAt = table[0]!.indexOf('电话');
    assert.equal(table.length - 1, 1205, 'every row, not one page');
    const first = table.find((r) => r[0] === cu(1000))!;
    assert.equal(first[phoneAt], '138****0000');

    const asAdmin = await send(
      h,
      'GET',
      `/api/v1/exports/customers?tag=${encodeURIComponent(tag)}&q=${encodeURIComponent(`客户7${run}`)}`,
      undefined,
      {},
    );
    const adminTable = parseCsv(asAdmin.body);
    assert.deepEqual(
      adminTable.slice(1).map((r) => [r[0], r[phoneAt]]),
      [[cu(1007), '13800130007']],
    );

    const audits = await h.dataSource.query(
      `SELECT actor, target_type, details FROM audit_log WHERE action = 'archive.exported' AND details->'filters'->>'tag' = $1 ORDER BY id`,
      [tag],
    );
    assert.deepEqual(
      audits.map((a: any) => [a.actor, a.target_type, a.details.rows, a.details.completed, a.details.piiMasked, a.details.format]),
      [
        [`token:viewer-${run}`, 'customers', 1205, true, true, 'csv'],
        [`token:test-admin-${h.taskQueue}`, 'customers', 1, true, false, 'csv'],
      ],
    );

    // A masked export cannot be imported back over the real numbers.
    const back = await send(h, 'POST', '/api/v1/imports/customers?dryRun=true', asViewer.body, CSV);
    assert.equal(back.body.errors[0].field, 'phone');

    const badFilter = await send(h, 'GET', '/api/v1/exports/customers?tier=gold&format=pdf', undefined, {});
    assert.equal(badFilter.status, 400);
    assert.deepEqual(badFilter.body.errors.map((e: any) => e.field).sort(), ['query.format', 'query.tier.0']);
    const viewerImport = await send(h, 'POST', '/api/v1/imports/customers?dryRun=true', 'a,b', CSV, viewer.body.token);
    assert.equal(viewerImport.status, 403);
  });

  it('loads the demo archives through the import, the same on every machine, and a second load adds nothing', async () => {
    const demo = generateDemoArchives();
    assert.deepEqual(generateDemoArchives(), demo, 'seeded: the same rows every time');
    assert.equal(demo.providers.length, 12);
    for (const kind of ['customers', 'sites', 'assets'] as const) assert.ok(demo[kind].length >= 300, `${kind}: ${demo[kind].length}`);
    assert.deepEqual(new Set(demo.sites.map((s) => s.province)), new Set(['广东', '江苏', '浙江', '上海', '北京', '四川', '湖北', '山东']));
    for (const site of demo.sites) {
      const city = DEMO_PLACES.flatMap((p) => p.cities).find((c) => c.city === site.city)!;
      assert.ok(
        Math.abs(Number(site.lat) - city.lat) <= 0.1 && Math.abs(Number(site.lng) - city.lng) <= 0.1,
        `${site.id} near ${city.city}`,
      );
    }
    const tickets = demoAssetTickets(demo);
    assert.equal(tickets.length, 24);
    for (const { ticket } of tickets) assert.equal(createTicketSchema.safeParse(ticket).success, true, JSON.stringify(ticket));
    assert.ok(tickets.some((t) => t.provider));

    const started = Date.now();
    try {
      const added = await loadDemoArchives(h.api.url, h.token);
      const ms = Date.now() - started;
      assert.deepEqual(added, {
        providers: 12,
        customers: demo.customers.length,
        projects: demo.projects.length,
        sites: demo.sites.length,
        assets: demo.assets.length,
      });
      assert.ok(ms < 30_000, `loaded in ${ms} ms`);
      const [n] = await h.dataSource.query(
        `SELECT (SELECT count(*) FROM customers WHERE id ~ '^CU-D[0-9]{4}$')::int AS customers, (SELECT count(*) FROM assets WHERE id ~ '^AS-D[0-9]{4}$')::int AS assets`,
      );
      assert.deepEqual(n, { customers: demo.customers.length, assets: demo.assets.length });

      const again = await loadDemoArchives(h.api.url, h.token);
      assert.deepEqual(again, { providers: 0, customers: 0, projects: 0, sites: 0, assets: 0 });
      const [v] = await h.dataSource.query(`SELECT max(version)::int AS v FROM customers WHERE id ~ '^CU-D[0-9]{4}$'`);
      assert.equal(v.v, 1, 'nothing was rewritten either');

      // Contracts and maintenance plans on top of the archives, once.
      const contracts = demoContracts(demo, contractDay(new Date()));
      assert.ok(contracts.length >= 20, `${contracts.length} demo contracts`);
      const loaded = await loadDemoContracts(h.api.url, h.token, demo);
      assert.deepEqual(loaded, { contracts: contracts.length, plans: 6 });
      const expiring = await h.request('GET', '/api/v1/contracts/expiring?withinDays=60&limit=200');
      assert.equal(expiring.status, 200, JSON.stringify(expiring.body));
      assert.ok(
        expiring.body.items.some((c: { id: string }) => c.id.startsWith('HT-DEMO-')),
        'some demo contracts come up for renewal',
      );
      assert.deepEqual(await loadDemoContracts(h.api.url, h.token, demo), { contracts: 0, plans: 0 });
    } finally {
      for (const plan of await h.dataSource.query(
        `SELECT id FROM maintenance_plans WHERE name LIKE '% 季度保养' AND created_at > now() - interval '1 hour'`,
      )) {
        await h.request('DELETE', `/api/v1/maintenance-plans/${plan.id}`); // removes its Temporal Schedule
        await h.dataSource.query(`DELETE FROM maintenance_plans WHERE id = $1`, [plan.id]); // the API keeps the row, deleted
      }
      await h.dataSource.query(`DELETE FROM contract_usages WHERE contract_id LIKE 'HT-DEMO-%'`);
      await h.dataSource.query(`DELETE FROM contracts WHERE id LIKE 'HT-DEMO-%'`);
      // The demo rows would surprise the other test files sharing this database.
      await h.dataSource.query(`DELETE FROM assets WHERE id ~ '^AS-D[0-9]{4}$'`);
      await h.dataSource.query(`DELETE FROM sites WHERE id ~ '^ST-D[0-9]{4}$'`);
      await h.dataSource.query(`DELETE FROM projects WHERE id ~ '^PJ-D[0-9]{4}$'`);
      await h.dataSource.query(`DELETE FROM customers WHERE id ~ '^CU-D[0-9]{4}$'`);
      await h.dataSource.query(`DELETE FROM service_providers WHERE id = ANY($1)`, [demo.providers.map((p) => p.id)]);
    }
  });

  it('refuses more than 10 MiB or 20 000 rows with 413', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x61);
    const tooBig = await send(h, 'POST', '/api/v1/imports/customers?dryRun=true', big, CSV);
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.body.code, 'body_too_large');
    const many = '客户名称,客户类型\n' + 'a,个人\n'.repeat(20_001);
    const tooMany = await send(h, 'POST', '/api/v1/imports/customers?dryRun=true', many, CSV);
    assert.equal(tooMany.status, 413);
    assert.equal(tooMany.body.code, 'too_many_rows');
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import QRCode from 'qrcode';
import { eventually, Harness, seedTicket, type HttpResponse } from './support/harness';

/**
 * The service archives over HTTP on the real PostgreSQL: customers, projects, sites, assets and
 * providers — validation, idempotent creates, optimistic concurrency, guarded deletes, list
 * filters (the map's bbox included), the asset QR code and its public page, masking by role, audit.
 */
describe('archives: customers, projects, sites, assets, providers', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8).toUpperCase();
  const cu = `CRM-${run}`;
  const as =
    (token: string) =>
    (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      h.request(method, path, body, { ...headers, authorization: `Bearer ${token}` });
  const fields = (res: HttpResponse) => (res.body.errors ?? []).map((e: { field: string }) => e.field);
  const auditRows = (action: string, id: string) =>
    h.dataSource.query(`SELECT actor, details FROM audit_log WHERE action = $1 AND target_id = $2 ORDER BY id`, [action, id]);
  const ids = (res: HttpResponse) => res.body.items.map((i: { id: string }) => i.id);

  const customer = {
    id: cu,
    name: '杭州恒温冷链有限公司',
    type: 'company',
    tier: 'vip',
    phone: '138 1234 5678',
    email: 'Service@HengWen.cn',
    region: '华东',
    province: '浙江',
    city: '杭州',
    addresses: [{ label: '总部', province: '浙江', city: '杭州', district: '滨江区', detail: '江南大道 1 号', primary: true }],
    contacts: [{ name: '李工', phone: '0571-87654321', email: 'li.gong@hengwen.cn', role: '设备科' }],
    tags: [`run-${run}`],
  };

  before(async () => {
    h = await Harness.start();
  });
  after(async () => {
    await h?.stop();
  });

  it('creates a customer with the caller’s id, normalised, audited; validation names the field', async () => {
    const created = await h.request('POST', '/api/v1/customers', customer);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.headers.get('location'), `/api/v1/customers/${cu}`);
    assert.equal(created.headers.get('etag'), '"1"');
    assert.equal(created.body.id, cu);
    assert.equal(created.body.phone, '13812345678');
    assert.equal(created.body.email, 'Service@hengwen.cn');
    assert.equal(created.body.version, 1);
    assert.equal(created.body.assetCount, 0);
    const [row] = await auditRows('customer.created', cu);
    assert.match(row.actor, /^token:test-admin/);
    // The audit trail keeps what was created without the personal data.
    assert.equal(row.details.record.phone, '138****5678');

    const generated = await h.request('POST', '/api/v1/customers', { name: '张三', type: 'person' });
    assert.equal(generated.status, 201);
    assert.match(generated.body.id, /^CU-[0-9A-Z]{10}$/);
    assert.equal(generated.body.tier, 'standard');

    const cases: [unknown, string[]][] = [
      [{ ...customer, id: `${cu}-x`, phone: '12345' }, ['phone']],
      [{ ...customer, id: `${cu}-x`, contacts: [{ name: '王', email: 'nope' }] }, ['contacts.0.email']],
      [{ ...customer, id: `${cu}-x`, tier: 'gold' }, ['tier']],
      [{ ...customer, id: 'has space' }, ['id']],
      [{ ...customer, id: `${cu}-x`, vip: true }, ['vip']],
      [{ name: '无类型' }, ['type']],
    ];
    for (const [body, expected] of cases) {
      const res = await h.request('POST', '/api/v1/customers', body);
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.deepEqual(fields(res), expected);
    }
    assert.equal((await h.request('GET', `/api/v1/customers/${cu}-x`)).status, 404);
  });

  it('answers the same create again with the record (200) and a different one with 409 naming the fields', async () => {
    const again = await h.request('POST', '/api/v1/customers', { ...customer, phone: '+86 138-1234-5678' });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.body.version, 1);
    const differs = await h.request('POST', '/api/v1/customers', { ...customer, name: '另一家公司', tier: 'premium' });
    assert.equal(differs.status, 409);
    assert.deepEqual(fields(differs).sort(), ['name', 'tier']);
    assert.equal((await auditRows('customer.created', cu)).length, 1);

    // Without an id, an Idempotency-Key makes the retry return the same record.
    const body = { name: `重试客户 ${run}`, type: 'company' };
    const key = { 'Idempotency-Key': `crm-sync-${run}` };
    const first = await h.request('POST', '/api/v1/customers', body, key);
    const retry = await h.request('POST', '/api/v1/customers', body, key);
    assert.equal(first.status, 201);
    assert.equal(retry.status, 200);
    assert.equal(retry.body.id, first.body.id);
    assert.equal((await h.request('POST', '/api/v1/customers', { ...body, tier: 'vip' }, key)).status, 422);
  });

  let projectId: string;
  let siteIn: string;
  let siteOut: string;
  let assetId: string;
  let qrPath: string;

  it('creates projects, sites and assets that reference each other consistently', async () => {
    const other = await h.request('POST', '/api/v1/customers', { id: `${cu}-OTHER`, name: '别家', type: 'company' });
    assert.equal(other.status, 201);

    const project = await h.request('POST', '/api/v1/projects', {
      name: '滨江冷库改造',
      customerId: cu,
      region: '华东',
      province: '浙江',
      amount: 1280000.5,
      status: 'active',
      startedOn: '2026-03-01',
    });
    assert.equal(project.status, 201, JSON.stringify(project.body));
    assert.match(project.body.id, /^PJ-/);
    assert.equal(project.body.amount, 1280000.5);
    projectId = project.body.id;
    const badProject = await h.request('POST', '/api/v1/projects', {
      name: 'x',
      customerId: `${cu}-NONE`,
      startedOn: '2026-05-01',
      completedOn: '2026-04-01',
    });
    assert.equal(badProject.status, 422);
    assert.deepEqual(fields(badProject), ['completedOn']);
    const unknownOwner = await h.request('POST', '/api/v1/projects', { name: 'x', customerId: `${cu}-NONE` });
    assert.equal(unknownOwner.status, 422);
    assert.deepEqual(fields(unknownOwner), ['customerId']);

    const site = (id: string, lat: number, lng: number, city: string) => ({
      id,
      name: `${city}站点`,
      customerId: cu,
      projectId,
      region: '华东',
      province: '浙江',
      city,
      address: `${city}市某路 8 号`,
      lat,
      lng,
      contactName: '赵师傅',
      contactPhone: '13912345678',
      status: 'active',
    });
    siteIn = `ST-${run}-HZ`;
    siteOut = `ST-${run}-WZ`;
    assert.equal((await h.request('POST', '/api/v1/sites', site(siteIn, 30.1873421, 120.2105678, '杭州'))).status, 201);
    const wz = await h.request('POST', '/api/v1/sites', { ...site(siteOut, 28.0, 120.7, '温州'), status: 'fault' });
    assert.equal(wz.status, 201);
    assert.equal(wz.body.lat, 28);
    const badSite = await h.request('POST', '/api/v1/sites', { ...site(`${siteIn}-X`, 95, 120, '杭州'), customerId: `${cu}-OTHER` });
    assert.equal(badSite.status, 422);
    assert.deepEqual(fields(badSite), ['lat']);
    const foreignProject = await h.request('POST', '/api/v1/sites', { ...site(`${siteIn}-X`, 30, 120, '杭州'), customerId: `${cu}-OTHER` });
    assert.equal(foreignProject.status, 422);
    assert.deepEqual(fields(foreignProject), ['projectId']);
    // The same site posted again (coordinates as given, stored to 6 decimals) is the same site.
    assert.equal((await h.request('POST', '/api/v1/sites', site(siteIn, 30.1873421, 120.2105678, '杭州'))).status, 200);

    const asset = {
      serialNo: `SN${run}0001`,
      model: 'KX-5',
      sku: 'KX5-220V',
      name: '商用冷柜',
      customerId: cu,
      projectId,
      siteId: siteIn,
      producedOn: '2026-01-10',
      installedOn: '2026-03-15',
      warrantyEndsOn: '2028-03-14',
      attributes: { 冷媒: 'R290', 功率kW: 1.5 },
    };
    const created = await h.request('POST', '/api/v1/assets', asset);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.match(created.body.id, /^AS-/);
    assert.equal(created.body.status, 'in_service');
    assetId = created.body.id;
    qrPath = created.body.qr.h5Path;
    assert.match(qrPath, /^\/h5\/assets\/[A-Za-z0-9_-]{24}$/);
    assert.ok(!qrPath.includes(assetId) && !qrPath.includes(asset.serialNo));

    // The same serial number again, without an id: the same asset; with other content: 409.
    const same = await h.request('POST', '/api/v1/assets', asset);
    assert.equal(same.status, 200);
    assert.equal(same.body.id, assetId);
    const clash = await h.request('POST', '/api/v1/assets', { ...asset, model: 'KX-9' });
    assert.equal(clash.status, 409);
    assert.deepEqual(fields(clash), ['model']);
    const takenSerial = await h.request('POST', '/api/v1/assets', { ...asset, id: `AS-${run}-X` });
    assert.equal(takenSerial.status, 409);
    assert.deepEqual(fields(takenSerial), ['serialNo']);

    const badDates = await h.request('POST', '/api/v1/assets', {
      ...asset,
      serialNo: `SN${run}0002`,
      installedOn: '2025-12-31',
      warrantyEndsOn: '2026-02-30',
    });
    assert.equal(badDates.status, 422);
    assert.deepEqual(fields(badDates).sort(), ['installedOn', 'warrantyEndsOn']);
    const beforeMade = await h.request('POST', '/api/v1/assets', { ...asset, serialNo: `SN${run}0002`, installedOn: '2025-12-31' });
    assert.deepEqual(fields(beforeMade), ['installedOn']);
    const wrongSite = await h.request('POST', '/api/v1/assets', {
      ...asset,
      serialNo: `SN${run}0002`,
      customerId: `${cu}-OTHER`,
      projectId: undefined,
    });
    assert.equal(wrongSite.status, 422);
    assert.deepEqual(fields(wrongSite), ['siteId']);

    for (const [serial, siteId, installedOn, warrantyEndsOn, status] of [
      [`SN${run}0003`, siteOut, '2025-06-01', '2026-12-31', 'faulty'],
      [`SN${run}0004`, siteOut, '2024-06-01', '2025-06-01', 'retired'],
    ] as const) {
      const res = await h.request('POST', '/api/v1/assets', {
        serialNo: serial,
        model: 'KX-9',
        customerId: cu,
        siteId,
        producedOn: '2024-01-01',
        installedOn,
        warrantyEndsOn,
        status,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
  });

  it('filters lists, pages them by cursor, and serves the map with counts and a bbox', async () => {
    const byTier = await h.request('GET', `/api/v1/customers?tier=vip,premium&tag=run-${run}`);
    assert.deepEqual(ids(byTier), [cu]);
    // A phone number in any spelling finds its customer, and a contact's number finds theirs.
    assert.deepEqual(
      ids(await h.request('GET', `/api/v1/customers?q=${encodeURIComponent('+86 138 1234 5678')}&province=浙江`)).includes(cu),
      true,
    );
    assert.deepEqual(ids(await h.request('GET', `/api/v1/customers?q=${encodeURIComponent('(0571) 8765 4321')}`)), [cu]);
    assert.deepEqual(ids(await h.request('GET', `/api/v1/customers?q=${encodeURIComponent('恒温冷链')}&region=华东&tag=run-${run}`)), [cu]);

    const assets = (q: string) => h.request('GET', `/api/v1/assets?customerId=${cu}&${q}`).then(ids);
    assert.equal((await assets('')).length, 3);
    assert.deepEqual(await assets('status=faulty,retired&model=KX-9'), (await assets('siteId=' + siteOut)).slice());
    assert.equal((await assets('warrantyEndsBefore=2027-01-01')).length, 2);
    assert.equal((await assets('warrantyEndsFrom=2026-01-01&warrantyEndsBefore=2027-01-01')).length, 1);
    assert.deepEqual(await assets('installedFrom=2026-01-01&installedTo=2026-12-31'), [assetId]);
    assert.deepEqual(await assets(`serialPrefix=SN${run}000&sku=KX5-220V`), [assetId]);
    assert.deepEqual(await assets(`projectId=${projectId}`), [assetId]);
    const badRange = await h.request('GET', `/api/v1/assets?installedFrom=2026-12-31&installedTo=2026-01-01`);
    assert.equal(badRange.status, 400);
    assert.deepEqual(fields(badRange), ['query.installedTo']);

    // Paging: three assets, two per page, nothing repeated or skipped.
    const p1 = await h.request('GET', `/api/v1/assets?customerId=${cu}&limit=2`);
    assert.equal(p1.body.items.length, 2);
    const p2 = await h.request('GET', `/api/v1/assets?customerId=${cu}&limit=2&cursor=${p1.body.nextCursor}`);
    assert.equal(p2.body.items.length, 1);
    assert.equal(p2.body.nextCursor, null);
    assert.equal(new Set([...ids(p1), ...ids(p2)]).size, 3);
    assert.equal((await h.request('GET', `/api/v1/assets?cursor=garbage`)).status, 400);

    // The map: markers by bbox with their status and counts.
    const ticket = await h.request('POST', '/api/v1/tickets', seedTicket({ customerId: cu }));
    assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
    await eventually(
      () =>
        h.dataSource.query(`UPDATE tickets SET asset_id = $1 WHERE ticket_id = $2 RETURNING ticket_id`, [assetId, ticket.body.ticketId]),
      (r: [unknown[], number]) => r[1] === 1,
    );
    const map = await h.request('GET', `/api/v1/sites?customerId=${cu}&bbox=120.0,30.0,120.5,30.5`);
    assert.equal(map.status, 200);
    assert.equal(map.body.items.length, 1);
    const marker = map.body.items[0];
    assert.equal(marker.id, siteIn);
    assert.equal(marker.lat, 30.187342);
    assert.equal(marker.lng, 120.210568);
    assert.equal(marker.status, 'active');
    assert.equal(marker.assetCount, 1);
    assert.equal(marker.openTicketCount, 1);
    assert.equal(marker.customerName, customer.name);
    const [listedAsset] = (await h.request('GET', `/api/v1/assets?serialNo=SN${run}0001`)).body.items;
    assert.deepEqual([listedAsset.id, listedAsset.siteName, listedAsset.openTicketCount], [assetId, '杭州站点', 1]);
    assert.deepEqual(ids(await h.request('GET', `/api/v1/sites?customerId=${cu}&status=fault`)), [siteOut]);
    assert.deepEqual(ids(await h.request('GET', `/api/v1/sites?projectId=${projectId}&installedFrom=2026-01-01&installedTo=2026-06-30`)), [
      siteIn,
    ]);
    assert.deepEqual(ids(await h.request('GET', `/api/v1/sites?customerId=${cu}&city=温州&province=浙江`)), [siteOut]);
    for (const bbox of ['120,30,119,31', '1,2,3', '120,30,200,31', 'a,b,c,d']) {
      const res = await h.request('GET', `/api/v1/sites?bbox=${bbox}`);
      assert.equal(res.status, 400, bbox);
      assert.deepEqual(fields(res), ['query.bbox']);
    }

    const project = await h.request('GET', `/api/v1/projects?customerId=${cu}&status=active,planned`);
    assert.deepEqual(ids(project), [projectId]);
    assert.equal(project.body.items[0].siteCount, 2);
    assert.equal(project.body.items[0].assetCount, 1);
    const owner = await h.request('GET', `/api/v1/customers/${cu}`);
    assert.equal(owner.body.assetCount, 3);
    assert.equal(owner.body.openTicketCount, 1);
  });

  it('refuses a stale PATCH (If-Match 412, version 409), checks the merged record, audits the change', async () => {
    const stale = await h.request('PATCH', `/api/v1/customers/${cu}`, { tier: 'premium' }, { 'If-Match': '"7"' });
    assert.equal(stale.status, 412);
    const staleBody = await h.request('PATCH', `/api/v1/customers/${cu}`, { tier: 'premium', version: 7 });
    assert.equal(staleBody.status, 409);
    assert.deepEqual(fields(staleBody), ['version']);

    const changed = await h.request(
      'PATCH',
      `/api/v1/customers/${cu}`,
      { tier: 'premium', phone: '13900001111', fax: null },
      { 'If-Match': '"1"' },
    );
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.version, 2);
    assert.equal(changed.headers.get('etag'), '"2"');
    assert.equal(changed.body.tier, 'premium');
    assert.equal(changed.body.email, 'Service@hengwen.cn');
    const [row] = await auditRows('customer.updated', cu);
    assert.deepEqual(row.details.changes, { tier: { from: 'vip', to: 'premium' }, phone: { from: '138****5678', to: '139****1111' } });
    // The edit made at version 1 is now stale.
    assert.equal((await h.request('PATCH', `/api/v1/customers/${cu}`, { tier: 'vip', version: 1 })).status, 409);

    const dates = await h.request('PATCH', `/api/v1/assets/${assetId}`, { installedOn: '2025-01-01' });
    assert.equal(dates.status, 422);
    assert.deepEqual(fields(dates), ['installedOn']);
    const cleared = await h.request('PATCH', `/api/v1/assets/${assetId}`, {
      producedOn: null,
      installedOn: '2025-01-01',
      status: 'faulty',
    });
    assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
    assert.equal(cleared.body.producedOn, null);
    assert.equal(cleared.body.status, 'faulty');
    assert.equal((await h.request('PATCH', `/api/v1/assets/${assetId}`, {})).status, 422);
    assert.deepEqual(fields(await h.request('PATCH', `/api/v1/assets/${assetId}`, { siteId: `ST-${run}-NONE` })), ['siteId']);
    const serialTaken = await h.request('PATCH', `/api/v1/assets/${assetId}`, { serialNo: `SN${run}0003` });
    assert.deepEqual(fields(serialTaken), ['serialNo']);
    assert.equal(serialTaken.status, 409);
    assert.equal((await h.request('PATCH', `/api/v1/assets/AS-${run}-NONE`, { status: 'faulty' })).status, 404);
    // A site cannot move to another customer while its assets stay with this one.
    const move = await h.request('PATCH', `/api/v1/sites/${siteOut}`, { customerId: `${cu}-OTHER`, projectId: null });
    assert.equal(move.status, 409);
  });

  it('refuses to delete what is still referenced, deletes the rest with an audit row', async () => {
    const customerHeld = await h.request('DELETE', `/api/v1/customers/${cu}`);
    assert.equal(customerHeld.status, 409);
    assert.match(customerHeld.body.detail, /projects \(1\), sites \(2\), assets \(3\), tickets \(1\)/);
    const assetHeld = await h.request('DELETE', `/api/v1/assets/${assetId}`);
    assert.equal(assetHeld.status, 409);
    assert.match(assetHeld.body.detail, /tickets \(1\)/);
    assert.match((await h.request('DELETE', `/api/v1/sites/${siteOut}`)).body.detail, /assets \(2\)/);

    // References from tables the archives do not know of are refused by their foreign key.
    const site = await h.request('POST', '/api/v1/sites', { id: `ST-${run}-REF`, name: '巡检点', customerId: cu, address: '杭州市 1 号' });
    assert.equal(site.status, 201);
    await h.dataSource.query(`CREATE TABLE IF NOT EXISTS test_archive_refs (site_id text REFERENCES sites (id))`);
    await h.dataSource.query(`INSERT INTO test_archive_refs VALUES ($1)`, [`ST-${run}-REF`]);
    const fkHeld = await h.request('DELETE', `/api/v1/sites/ST-${run}-REF`);
    assert.equal(fkHeld.status, 409);
    assert.match(fkHeld.body.detail, /test_archive_refs/);
    assert.equal((await auditRows('site.deleted', `ST-${run}-REF`)).length, 0);
    await h.dataSource.query(`DROP TABLE test_archive_refs`);

    assert.equal((await h.request('DELETE', `/api/v1/sites/ST-${run}-REF`, undefined, { 'If-Match': '"9"' })).status, 412);
    const deleted = await h.request('DELETE', `/api/v1/sites/ST-${run}-REF`, undefined, { 'If-Match': '"1"' });
    assert.equal(deleted.status, 204);
    assert.equal((await h.request('GET', `/api/v1/sites/ST-${run}-REF`)).status, 404);
    const [row] = await auditRows('site.deleted', `ST-${run}-REF`);
    assert.equal(row.details.record.name, '巡检点');
    assert.equal((await h.request('DELETE', `/api/v1/sites/ST-${run}-REF`)).status, 404);
  });

  it('serves the asset QR code as SVG and a public page that shows only what is safe', async () => {
    const qr = await fetch(`${h.api.url}/api/v1/assets/${assetId}/qr.svg`, { headers: { authorization: `Bearer ${h.token}` } });
    assert.equal(qr.status, 200);
    assert.match(qr.headers.get('content-type')!, /^image\/svg\+xml/);
    const svg = await qr.text();
    const url = `${h.api.url}${qrPath}`;
    assert.equal(qr.headers.get('x-fixflow-qr-url'), url);
    // The picture is exactly the code of that URL.
    assert.equal(svg, await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
    assert.match(svg, /^<svg[^>]+viewBox/);
    assert.equal((await fetch(`${h.api.url}/api/v1/assets/${assetId}/qr.svg`)).status, 401);
    assert.equal((await h.request('GET', `/api/v1/assets/AS-${run}-NONE/qr.svg`)).status, 404);

    const token = qrPath.split('/').pop()!;
    const page = await fetch(`${h.api.url}/api/v1/public/assets/${token}`);
    assert.equal(page.status, 200);
    const view = (await page.json()) as any;
    assert.equal(view.model, 'KX-5');
    assert.equal(view.name, '商用冷柜');
    assert.equal(view.serialNo, '****0001');
    assert.deepEqual(view.warranty, { status: 'in_warranty', endsOn: '2028-03-14' });
    assert.deepEqual(view.site, { city: '杭州' });
    assert.deepEqual(view.report.prefill, { sku: 'KX5-220V', region: '华东', entitlement: 'in_warranty' });
    const text = JSON.stringify(view);
    for (const secret of [
      cu,
      assetId,
      `SN${run}`,
      projectId,
      siteIn,
      '恒温冷链',
      '1390000',
      '江南大道',
      '某路',
      '赵师傅',
      '13912345678',
      'R290',
    ]) {
      assert.ok(!text.includes(secret), `the public page shows ${secret}: ${text}`);
    }

    for (const bad of ['AAAAAAAAAAAAAAAAAAAAAAAA', 'short', '..%2F..%2Fcustomers', `${token}x`.repeat(3)]) {
      const res = await fetch(`${h.api.url}/api/v1/public/assets/${bad}`);
      assert.equal(res.status, 404, bad);
      const body = (await res.json()) as any;
      assert.equal(body.detail, 'no product with this code');
      assert.equal(body.items, undefined);
    }
  });

  it('masks phones and emails for readers without archives:manage, and keeps writes from them', async () => {
    const issue = async (roles: string[]) => {
      const res = await h.request('POST', '/api/v1/tokens', { name: `${roles[0]}-${run}`, roles });
      assert.equal(res.status, 201);
      return as(res.body.token);
    };
    const viewer = await issue(['viewer']);
    const agent = await issue(['agent']);
    const lead = await issue(['team_lead']);

    for (const reader of [viewer, agent]) {
      const one = await reader('GET', `/api/v1/customers/${cu}`);
      assert.equal(one.status, 200);
      assert.equal(one.body.phone, '139****1111');
      assert.equal(one.body.email, 'S***@hengwen.cn');
      assert.deepEqual(one.body.contacts, [{ name: '李工', phone: '0571-****4321', email: 'l***@hengwen.cn', role: '设备科' }]);
      const listed = await reader('GET', `/api/v1/customers?tag=run-${run}`);
      assert.ok(!JSON.stringify(listed.body).includes('13900001111'));
      assert.ok(!JSON.stringify(listed.body).includes('87654321'));
      const site = await reader('GET', `/api/v1/sites/${siteIn}`);
      assert.equal(site.body.contactPhone, '139****5678');
      assert.equal((await reader('POST', '/api/v1/customers', { name: 'x', type: 'person' })).status, 403);
      assert.equal((await reader('PATCH', `/api/v1/customers/${cu}`, { tier: 'vip' })).status, 403);
      assert.equal((await reader('DELETE', `/api/v1/assets/${assetId}`)).status, 403);
    }
    const full = await lead('GET', `/api/v1/customers/${cu}`);
    assert.equal(full.body.phone, '13900001111');
    assert.equal(full.body.contacts[0].phone, '0571-87654321');
  });

  it('keeps service providers with their regions and skills', async () => {
    const created = await h.request('POST', '/api/v1/providers', {
      id: `SP-${run}`,
      name: '杭州恒通制冷工程有限公司',
      kind: 'agent',
      regions: ['浙江', '华东'],
      skills: ['冷柜', '空调'],
      contactName: '周经理',
      contactPhone: '0571-86001234',
      email: 'ops@hengtong.cn',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.active, true);
    assert.deepEqual(fields(await h.request('POST', '/api/v1/providers', { name: 'x', kind: 'vendor' })), ['kind']);
    const found = await h.request('GET', `/api/v1/providers?region=浙江&skill=冷柜&kind=agent&q=${run}`);
    assert.deepEqual(ids(found), [`SP-${run}`]);
    assert.deepEqual(ids(await h.request('GET', `/api/v1/providers?region=华南&q=${run}`)), []);

    const token = await h.request('POST', '/api/v1/tokens', { name: `hengtong-${run}`, roles: ['agent'], providerId: `SP-${run}` });
    assert.equal(token.status, 201);
    const held = await h.request('DELETE', `/api/v1/providers/SP-${run}`);
    assert.equal(held.status, 409);
    assert.match(held.body.detail, /API tokens \(1\)/);
    const off = await h.request('PATCH', `/api/v1/providers/SP-${run}`, { active: false });
    assert.equal(off.body.active, false);
    assert.deepEqual(ids(await h.request('GET', `/api/v1/providers?active=false&q=${run}`)), [`SP-${run}`]);
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually, Harness, seedTicket, type HttpResponse } from './support/harness';

/**
 * The site map's API: open tickets per site (count and most urgent priority), the openTickets
 * filter with the others (region, project, install period, status, bbox), 400 naming the field, the
 * bbox query using the index, and the server-side tile source (GET /api/v1/ui-config).
 */
describe('sites map: open tickets, filters, tile source', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8).toUpperCase();
  const cu = `CRM-MAP-${run}`;
  const ids = (res: HttpResponse) => res.body.items.map((i: { id: string }) => i.id).sort();
  const fields = (res: HttpResponse) => (res.body.errors ?? []).map((e: { field: string }) => e.field);
  const sites = { p1: `ST-${run}-A`, p3: `ST-${run}-B`, calm: `ST-${run}-C` };
  let projectId = '';

  before(async () => {
    h = await Harness.start();
    assert.equal((await h.request('POST', '/api/v1/customers', { id: cu, name: '地图测试客户', type: 'company' })).status, 201);
    const project = await h.request('POST', '/api/v1/projects', { name: '地图工程', customerId: cu, region: '华东', province: '浙江' });
    assert.equal(project.status, 201, JSON.stringify(project.body));
    projectId = project.body.id;
    const site = (id: string, lat: number, lng: number, status: string, withProject: boolean) => ({
      id,
      name: `站点${id.slice(-1)}`,
      customerId: cu,
      ...(withProject ? { projectId } : {}),
      region: '华东',
      province: '浙江',
      city: '杭州',
      address: '某路 1 号',
      lat,
      lng,
      status,
    });
    for (const [id, lat, lng, status, withProject] of [
      [sites.p1, 30.1, 120.1, 'fault', true],
      [sites.p3, 30.2, 120.2, 'active', true],
      [sites.calm, 30.3, 120.3, 'active', false],
    ] as const) {
      const res = await h.request('POST', '/api/v1/sites', site(id, lat, lng, status, withProject));
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    // two products at the first site (one installed in 2025), one at each of the others
    const assets: Record<string, string> = {};
    for (const [key, siteId, installedOn] of [
      ['a1', sites.p1, '2025-05-01'],
      ['a2', sites.p1, '2026-02-01'],
      ['b1', sites.p3, '2026-02-01'],
      ['c1', sites.calm, '2026-03-01'],
    ] as const) {
      const res = await h.request('POST', '/api/v1/assets', {
        serialNo: `SN-MAP-${run}-${key}`,
        model: 'KX-5',
        customerId: cu,
        siteId,
        installedOn,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assets[key] = res.body.id;
    }
    // open tickets: P3 and P1 at the first site, P3 at the second, none at the third
    for (const [asset, priority] of [
      ['a1', 'P3'],
      ['a2', 'P1'],
      ['b1', 'P3'],
    ] as const) {
      const t = await h.request('POST', '/api/v1/tickets', seedTicket({ customerId: cu, priority }));
      assert.equal(t.status, 201, JSON.stringify(t.body));
      // intake links tickets by serial number; these are linked directly, as the archive test does
      await eventually(
        () =>
          h.dataSource.query(`UPDATE tickets SET asset_id = $1 WHERE ticket_id = $2 RETURNING ticket_id`, [assets[asset], t.body.ticketId]),
        (r: [unknown[], number]) => r[1] === 1,
      );
    }
  });
  after(async () => {
    delete process.env.FIXFLOW_MAP_TILE_URL;
    await h?.stop();
  });

  it('gives each site its open-ticket count and most urgent open priority', async () => {
    const res = await h.request('GET', `/api/v1/sites?customerId=${cu}&limit=1000`);
    assert.equal(res.status, 200);
    const by = Object.fromEntries(res.body.items.map((s: Record<string, unknown>) => [s.id, s]));
    assert.deepEqual([by[sites.p1].openTicketCount, by[sites.p1].worstOpenPriority], [2, 'P1']);
    assert.deepEqual([by[sites.p3].openTicketCount, by[sites.p3].worstOpenPriority], [1, 'P3']);
    assert.deepEqual([by[sites.calm].openTicketCount, by[sites.calm].worstOpenPriority], [0, null]);
    assert.equal(by[sites.p1].assetCount, 2);
  });

  it('filters by open tickets, region, project, install period, status and bbox together', async () => {
    const q = (s: string) => h.request('GET', `/api/v1/sites?customerId=${cu}&${s}`);
    assert.deepEqual(ids(await q('openTickets=true')), [sites.p1, sites.p3].sort());
    assert.deepEqual(ids(await q('openTickets=false')), [sites.calm]);
    assert.deepEqual(ids(await q('region=华东&status=active')), [sites.p3, sites.calm].sort());
    assert.deepEqual(ids(await q(`projectId=${projectId}&openTickets=true&status=fault`)), [sites.p1]);
    assert.deepEqual(ids(await q('installedFrom=2025-01-01&installedTo=2025-12-31')), [sites.p1]);
    assert.deepEqual(ids(await q('installedFrom=2026-01-01')), [sites.p1, sites.p3, sites.calm].sort());
    assert.deepEqual(ids(await q('bbox=120.15,30.15,120.35,30.35&openTickets=true')), [sites.p3]);
    assert.deepEqual(ids(await q('region=华南')), []);
  });

  // Query parameters fail like every list's in this API: 400 problem+json naming `query.<param>`.
  it('answers 400 problem+json naming the filter at fault', async () => {
    for (const [qs, field] of [
      ['openTickets=yes', 'openTickets'],
      ['status=broken', 'status.0'],
      ['installedFrom=2026-13-01', 'installedFrom'],
      ['installedFrom=2026-05-01&installedTo=2026-04-01', 'installedTo'],
      ['bbox=120,30,119,31', 'bbox'],
      ['projectid=x', ''],
    ] as const) {
      const res = await h.request('GET', `/api/v1/sites?${qs}`);
      assert.equal(res.status, 400, `${qs}: ${JSON.stringify(res.body)}`);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      if (field) assert.deepEqual(fields(res), [`query.${field}`], qs);
    }
  });

  it('finds the sites in a bbox by the (lng, lat) index', async () => {
    // on a table this small the planner prefers a scan; priced out, it must find the index usable
    const plan = await h.dataSource.transaction(async (tx) => {
      await tx.query(`SET LOCAL enable_seqscan = off`);
      return tx.query(`EXPLAIN (FORMAT JSON) SELECT id FROM sites x WHERE x.lng BETWEEN 120 AND 120.5 AND x.lat BETWEEN 30 AND 30.5`);
    });
    assert.match(JSON.stringify(plan), /sites_lng_lat/);
  });

  it('tells the UI the operator’s tile source without signing in', async () => {
    const anon = async () => {
      const res = await fetch(`${h.api.url}/api/v1/ui-config`);
      return { status: res.status, body: (await res.json()) as { mapTileUrl: string | null } };
    };
    delete process.env.FIXFLOW_MAP_TILE_URL;
    assert.deepEqual(await anon(), { status: 200, body: { mapTileUrl: null } });
    process.env.FIXFLOW_MAP_TILE_URL = 'https://tiles.example.cn/{z}/{x}/{y}.png';
    assert.deepEqual((await anon()).body, { mapTileUrl: 'https://tiles.example.cn/{z}/{x}/{y}.png' });
    process.env.FIXFLOW_MAP_TILE_URL = 'none';
    assert.deepEqual((await anon()).body, { mapTileUrl: 'none' });
    // a value that is no tile template is ignored rather than handed to every browser
    process.env.FIXFLOW_MAP_TILE_URL = 'ftp://tiles';
    assert.deepEqual((await anon()).body, { mapTileUrl: null });
  });
});

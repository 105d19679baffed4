// The installation-site map (#/sites) in Chromium against the real API, offline: the operator's tile
// source (FIXFLOW_MAP_TILE_URL, via GET /api/v1/ui-config) points at a port nothing listens on, so the
// tiles fail and the built-in offline base layer (Natural Earth outlines as SVG paths) is drawn under
// the status-coloured markers; a site with an open P1 ticket carries a red count badge; the status
// filter narrows the markers; clicking a marker opens the side panel with the site's products and
// their ticket history, linking to their pages.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { eventually, seedTicket, type HttpResponse } from '../support/harness';
import { BrowserSuite } from './browser-support';

let ui: BrowserSuite;
const run = randomUUID().slice(0, 8).toUpperCase();
const cu = `CRM-MAPUI-${run}`;
const site = { fault: `ST-${run}-F`, busy: `ST-${run}-B`, calm: `ST-${run}-C` };

const ok = (res: HttpResponse, status = 201) => {
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
};

before(async () => {
  // discard port 9 on loopback: every tile request fails at once, as with no internet
  process.env.FIXFLOW_MAP_TILE_URL = 'http://127.0.0.1:9/{z}/{x}/{y}.png';
  ui = await BrowserSuite.start();
});
after(async () => {
  delete process.env.FIXFLOW_MAP_TILE_URL;
  await ui?.stop();
});

test('offline base layer, status markers with ticket badges, status filter, site panel with products and history', async () => {
  const h = ui.harness;
  ok(await h.request('POST', '/api/v1/customers', { id: cu, name: '西湖冷链', type: 'company' }));
  const at = (id: string, name: string, lat: number, lng: number, status: string) =>
    h.request('POST', '/api/v1/sites', {
      id,
      name,
      customerId: cu,
      region: '华东',
      province: '浙江',
      city: '杭州',
      address: '某路 1 号',
      lat,
      lng,
      status,
    });
  ok(await at(site.fault, '滨江站', 30.2, 120.2, 'fault'));
  ok(await at(site.busy, '西湖站', 30.25, 120.15, 'active'));
  ok(await at(site.calm, '余杭站', 30.4, 120.3, 'active'));
  const asset = ok(
    await h.request('POST', '/api/v1/assets', {
      serialNo: `SN-MAPUI-${run}`,
      model: 'KX-5',
      customerId: cu,
      siteId: site.busy,
      installedOn: '2026-03-01',
    }),
  );
  const ticket = ok(await h.request('POST', '/api/v1/tickets', seedTicket({ customerId: cu, priority: 'P1' })));
  await eventually(
    () => h.dataSource.query(`UPDATE tickets SET asset_id = $1 WHERE ticket_id = $2 RETURNING ticket_id`, [asset.id, ticket.ticketId]),
    (r: [unknown[], number]) => r[1] === 1,
  );

  const page = await ui.signIn(`#/sites?customerId=${cu}`);
  const markers = page.locator('path.site-marker');
  await eventually(
    () => markers.count(),
    (n) => n === 3,
  );
  assert.equal(await markers.count(), 3);

  // tiles fail → the offline base map: hundreds of country outlines as SVG paths, China among them
  await page.locator('.site-map-wrap.tiles-failed.base-shown').waitFor();
  const land = await page.locator('.site-map path.map-base-land').count();
  assert.ok(land > 100, `offline base layer paths: ${land}`);
  assert.equal((await page.locator('.site-map path.map-base-china').count()) >= 1, true);
  assert.equal(await page.locator('.site-map .leaflet-tile-loaded').count(), 0);
  await page.getByRole('status').filter({ hasText: '离线底图' }).waitFor();

  // the open P1 ticket: a red badge with its count on the busy site only
  const badge = page.locator('.map-ticket-badge');
  assert.equal(await badge.count(), 1);
  assert.equal(await badge.getAttribute('data-site'), site.busy);
  assert.match((await badge.getAttribute('class')) ?? '', /map-ticket-P1/);
  assert.equal((await badge.textContent())?.trim(), '1');
  // zoomed out a little, the coastline and borders of the offline base map show around the sites
  for (let i = 0; i < 6; i++) {
    await page.locator('.leaflet-control-zoom-out').click();
    await page.waitForTimeout(300); // let each zoom animation finish
  }
  await ui.screenshot(page, 'sites-map-offline');

  // status filter: only the faulty site stays
  await page.locator('#f-status').selectOption('fault');
  await eventually(
    () => markers.count(),
    (n) => n === 1,
  );
  assert.deepEqual(await markers.evaluateAll((els) => els.map((e) => e.getAttribute('data-site'))), [site.fault]);
  assert.match(page.url(), /status=fault/);
  // and the open-tickets filter: only the busy one
  await page.locator('#f-status').selectOption('');
  await page.locator('#f-open-tickets').selectOption('true');
  const shown = () => markers.evaluateAll((els) => els.map((e) => e.getAttribute('data-site')));
  assert.deepEqual(await eventually(shown, (ids) => ids.length === 1 && ids[0] === site.busy), [site.busy]);
  assert.match(page.url(), /openTickets=true/);

  // a click on the marker opens the site's panel: products and ticket history, linked
  await page.locator(`path.site-marker[data-site="${site.busy}"]`).click();
  const card = page.locator(`.site-card[data-site="${site.busy}"]`);
  await card.getByRole('heading', { name: '西湖站' }).waitFor();
  await card.locator('.site-card-assets a', { hasText: `SN-MAPUI-${run}` }).waitFor();
  assert.equal(await card.locator('.site-card-assets a').first().getAttribute('href'), `#/assets/${encodeURIComponent(asset.id)}`);
  const ticketLink = card.locator('.site-card-tickets a', { hasText: ticket.ticketId });
  await ticketLink.waitFor();
  assert.equal(await ticketLink.getAttribute('href'), `#/tickets/${ticket.ticketId}`);
  await card.locator('.site-card-tickets li', { hasText: `SN-MAPUI-${run}` }).waitFor();
  assert.equal((await card.locator('.site-open-tickets').textContent())?.includes('1'), true);
  assert.match(page.url(), new RegExp(`site=${site.busy}`));
  await ui.screenshot(page, 'sites-map-site-panel');

  // the badge is a keyboard target too: Enter on it selects its site
  await page.locator(`.site-card .flash-close`).click();
  await badge.focus();
  await page.keyboard.press('Enter');
  await card.waitFor();

  assert.deepEqual(ui.pageErrors, []);
});

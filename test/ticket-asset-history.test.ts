import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually, Harness, seedTicket } from './support/harness';

/**
 * An asset's service history is the ticket list filtered by the asset (the console's asset page
 * reads it this way): a ticket opened by serial number counts for its asset, other assets' and
 * asset-less tickets of the same customer do not.
 */
describe('ticket list by asset', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8).toUpperCase();
  const customerId = `CU-AH-${run}`;
  const assetA = `AS-A-${run}`;
  const assetB = `AS-B-${run}`;

  before(async () => {
    h = await Harness.start();
    const customer = await h.request('POST', '/api/v1/customers', { id: customerId, name: '苏州精工制冷设备有限公司', type: 'company' });
    assert.equal(customer.status, 201, JSON.stringify(customer.body));
    for (const [id, serialNo] of [
      [assetA, `SN-A-${run}`],
      [assetB, `SN-B-${run}`],
    ]) {
      const asset = await h.request('POST', '/api/v1/assets', { id, serialNo, model: 'KX-5', customerId });
      assert.equal(asset.status, 201, JSON.stringify(asset.body));
    }
  });
  after(async () => {
    await h?.stop();
  });

  it('lists only the tickets about the asset, whether opened by asset id or serial number', async () => {
    const open = async (extra: Record<string, unknown>) => {
      const res = await h.request('POST', '/api/v1/tickets', seedTicket({ customerId, entitlement: undefined, ...extra }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.ticketId as string;
    };
    const byId = await open({ assetId: assetA });
    const bySerial = await open({ serialNo: `SN-A-${run}` });
    const other = await open({ assetId: assetB });
    const none = await open({});

    const list = (assetId: string) => h.request('GET', `/api/v1/tickets?assetId=${encodeURIComponent(assetId)}&limit=50`);
    const ids = (res: { body: { items: { ticketId: string }[] } }) => res.body.items.map((t) => t.ticketId).sort();

    const a = await eventually(
      () => list(assetA),
      (res) => res.status === 200 && res.body.items.length >= 2,
    );
    assert.deepEqual(ids(a), [byId, bySerial].sort());
    const b = await eventually(
      () => list(assetB),
      (res) => res.status === 200 && res.body.items.length >= 1,
    );
    assert.deepEqual(ids(b), [other]);
    assert.deepEqual(ids(await list(`AS-NONE-${run}`)), []);

    // the customer's own list still has all four, the asset-less one included
    const all = await eventually(
      () => h.request('GET', `/api/v1/tickets?customerId=${customerId}&limit=50`),
      (res) => res.body.items?.length >= 4,
    );
    assert.deepEqual(ids(all), [byId, bySerial, other, none].sort());

    const bad = await h.request('GET', `/api/v1/tickets?assetId=`);
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.deepEqual(
      bad.body.errors.map((e: { field: string }) => e.field),
      ['query.assetId'],
    );
  });
});

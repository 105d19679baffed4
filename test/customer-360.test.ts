import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addDays, contractDay } from '../domain/contracts/entitlement';
import { Harness, seedTicket, type HttpResponse } from './support/harness';

/** The customer–asset 360 over HTTP: one call, built from what the archive, contract and ticket modules hold. */
describe('customer 360', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8);
  const customerId = `CU-${run}`;
  const today = contractDay(new Date());
  const ok = (res: HttpResponse, status = 201) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };

  before(async () => {
    h = await Harness.start();
    ok(
      await h.request('POST', '/api/v1/customers', {
        id: customerId,
        name: '苏州恒泰冷链物流有限公司',
        type: 'company',
        tier: 'vip',
        phone: '13812345678',
        email: 'service@hengtai.example.com',
        region: '华东',
        province: '江苏',
        city: '苏州',
      }),
    );
    ok(
      await h.request('POST', '/api/v1/sites', {
        id: `ST-${run}`,
        name: '苏州工业园区冷库',
        customerId,
        region: '华东',
        province: '江苏',
        city: '苏州',
        address: '苏州工业园区星湖街 88 号',
        lat: 31.2989,
        lng: 120.7286,
        contactName: '王工',
        contactPhone: '13900001111',
      }),
    );
    for (const n of [1, 2]) {
      ok(
        await h.request('POST', '/api/v1/assets', {
          id: `AS-${run}-${n}`,
          serialNo: `SN-${run}-${n}`,
          model: 'KX-5',
          sku: 'ABC-123',
          customerId,
          siteId: `ST-${run}`,
          producedOn: '2025-03-01',
          installedOn: '2025-04-01',
          warrantyEndsOn: addDays(today, 200),
        }),
      );
    }
    ok(
      await h.request(
        'POST',
        '/api/v1/contracts',
        {
          id: `HT-${run}`,
          customerId,
          kind: 'service_agreement',
          name: '冷库机组年度维保',
          startsOn: addDays(today, -10),
          endsOn: addDays(today, 355),
          entitlement: 'premium',
          coverage: { models: ['KX-5'] },
          quotas: [{ kind: 'visit', limit: 4, period: 'year' }],
        },
        { 'Idempotency-Key': `contract-${run}` },
      ),
    );
  });
  after(async () => {
    await h?.stop();
  });

  it('shows the customer, assets, sites, contracts, entitlements and tickets in one call', async () => {
    const { entitlement: _stated, ...ticket } = seedTicket({ customerId, region: '华东', priority: 'P3' });
    const open = ok(await h.request('POST', '/api/v1/tickets', { ...ticket, orderId: `o-${run}-1`, assetId: `AS-${run}-1` }));
    const done = ok(await h.request('POST', '/api/v1/tickets', { ...ticket, orderId: `o-${run}-2` }));
    for (const [action, body] of [
      ['assign', { assigneeId: 'agent_li' }],
      ['accept', {}],
      ['resolve', { resolution: '更换压缩机继电器' }],
    ] as const) {
      ok(await h.request('POST', `/api/v1/tickets/${done.ticketId}/actions/${action}`, body), 200);
    }

    const view = ok(await h.request('GET', `/api/v1/customers/${customerId}/360`), 200);
    assert.equal(view.customer.id, customerId);
    assert.equal(view.customer.phone, '13812345678', 'an admin sees the phone in full');
    assert.deepEqual(view.assets.map((a: { id: string }) => a.id).sort(), [`AS-${run}-1`, `AS-${run}-2`]);
    assert.deepEqual(
      view.sites.map((s: { id: string }) => s.id),
      [`ST-${run}`],
    );
    assert.deepEqual(
      view.contracts.map((c: { id: string; inForce: boolean }) => [c.id, c.inForce]),
      [[`HT-${run}`, true]],
    );
    const perAsset = view.entitlements.assets.find((a: { assetId: string }) => a.assetId === `AS-${run}-1`);
    assert.equal(perAsset.coverage.contractId, `HT-${run}`);
    assert.equal(perAsset.coverage.entitlement, 'premium');
    assert.deepEqual(
      view.tickets.open.map((t: { ticketId: string }) => t.ticketId),
      [open.ticketId],
    );
    assert.equal(view.tickets.open[0].assetId, `AS-${run}-1`);
    assert.deepEqual(
      view.tickets.recent.map((t: { ticketId: string; status: string }) => [t.ticketId, t.status]),
      [[done.ticketId, 'resolved']],
    );
    assert.deepEqual(view.counts.tickets, { total: 2, open: 1, slaBreached: 0, last12Months: 2, reopened: 0 });
    assert.equal(view.counts.assets, 2);
    assert.equal(view.counts.contractsInForce, 1);
  });

  it('masks contact data for readers who do not manage archives, and is closed to service providers', async () => {
    const issue = async (body: Record<string, unknown>) => ok(await h.request('POST', '/api/v1/tokens', body)).token as string;
    const agent = await issue({ name: `agent-${run}`, roles: ['agent'] });
    const asAgent = await fetch(`${h.api.url}/api/v1/customers/${customerId}/360`, { headers: { authorization: `Bearer ${agent}` } });
    assert.equal(asAgent.status, 200);
    const view = (await asAgent.json()) as { customer: { phone: string; email: string }; sites: { contactPhone: string }[] };
    assert.equal(view.customer.phone, '138****5678');
    assert.notEqual(view.customer.email, 'service@hengtai.example.com');
    assert.equal(view.sites[0]!.contactPhone, '139****1111');

    ok(await h.request('POST', '/api/v1/providers', { id: `SP-${run}`, name: '苏州安达制冷服务部', kind: 'provider', regions: ['华东'] }));
    const provider = await issue({ name: `provider-${run}`, roles: ['agent'], providerId: `SP-${run}` });
    const asProvider = await fetch(`${h.api.url}/api/v1/customers/${customerId}/360`, { headers: { authorization: `Bearer ${provider}` } });
    assert.equal(asProvider.status, 403);
  });

  it('answers an unknown customer with 404 problem+json', async () => {
    const res = await h.request('GET', `/api/v1/customers/CU-nobody-${run}/360`);
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  });
});

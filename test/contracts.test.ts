import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addDays, contractDay } from '../domain/contracts/entitlement';
import { contractsOfCustomer } from '../api/contracts/contract-queries';
import { Harness, eventually, seedTicket, type HttpResponse } from './support/harness';

/**
 * Contracts, entitlements and quotas over HTTP on the real engines: intake derives the ticket's
 * entitlement and SLA policy from the customer's contracts, quota is consumed once per ticket, and a
 * ticket waiting for a visit takes one from the contract's visit quota.
 */
describe('contracts, entitlements and quotas', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8);
  const today = contractDay(new Date());
  const customer = (n: number) => `CU-${run}-${n}`;
  const asset = (n: number) => `AS-${run}-${n}`;
  const serial = (n: number) => `SN-${run}-${n}`;
  const contractNo = (n: number) => `HT-${run}-${n}`;

  /** A ticket without a stated entitlement, so intake derives it. */
  const ticketFor = (customerId: string, over: Record<string, unknown> = {}) => {
    const { entitlement: _drop, ...t } = seedTicket({ customerId, priority: 'P3', region: '华东', ...over });
    return t;
  };
  const created = (res: HttpResponse, status = 201) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };
  const usage = async (id: string, kind: string) => {
    const res = await h.request('GET', `/api/v1/contracts/${id}/usage`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.quotas.find((q: { kind: string }) => q.kind === kind).current;
  };
  const usageRows = async (contractId: string) =>
    Number((await h.dataSource.query(`SELECT count(*) AS n FROM contract_usages WHERE contract_id = $1`, [contractId]))[0].n);

  before(async () => {
    h = await Harness.start();
    await h.dataSource.query(
      `INSERT INTO customers (id, name, type, tier, region, created_by, updated_by) VALUES
         ($1, '上海瑞丰精密制造有限公司', 'company', 'vip', '华东', 'test', 'test'),
         ($2, '杭州恒通制冷工程有限公司', 'company', 'standard', '华东', 'test', 'test'),
         ($3, '广州粤安机电服务有限公司', 'company', 'standard', '华南', 'test', 'test'),
         ($4, '北京京城物业管理有限公司', 'company', 'standard', '华北', 'test', 'test')`,
      [customer(1), customer(2), customer(3), customer(4)],
    );
    const assets: [number, number, string, string | null][] = [
      // asset, owner, model, warranty end
      [1, 1, 'X200', addDays(today, -30)],
      [2, 1, 'X300', addDays(today, 90)],
      [3, 2, 'X200', null],
      [4, 3, 'X200', addDays(today, -1)],
      [5, 4, 'X200', null],
    ];
    for (const [n, owner, model, warranty] of assets) {
      await h.dataSource.query(
        `INSERT INTO assets (id, serial_no, model, sku, customer_id, warranty_ends_on, qr_token, created_by, updated_by)
         VALUES ($1, $2, $3, 'ABC-123', $4, $5, $6, 'test', 'test')`,
        [asset(n), serial(n), model, customer(owner), warranty, `qr-${run}-${n}`],
      );
    }
  });
  after(async () => {
    await h.stop();
  });

  it('registers a contract, refuses bad ones naming the field, and changes it only at the version read', async () => {
    const body = {
      id: contractNo(1),
      customerId: customer(1),
      kind: 'service_agreement',
      name: '2026 年度全保维保合同',
      startsOn: addDays(today, -100),
      endsOn: addDays(today, 265),
      entitlement: 'premium',
      slaPolicyId: 'p2-standard',
      coverage: { assetIds: [asset(1)], regions: ['华东'] },
      quotas: [{ kind: 'ticket', limit: 10, period: 'year' }],
    };
    const res = await h.request('POST', '/api/v1/contracts', body, { 'Idempotency-Key': `contract-${run}-1` });
    const c = created(res);
    assert.equal(res.headers.get('location'), `/api/v1/contracts/${contractNo(1)}`);
    assert.equal(res.headers.get('etag'), '"1"');
    assert.deepEqual(c.coverage, { assetIds: [asset(1)], models: [], skus: [], regions: ['华东'] });
    assert.equal(c.inForce, true);
    assert.deepEqual(
      c.quotaStatus.map((q: { used: number; left: number }) => [q.used, q.left]),
      [[0, 10]],
    );
    const [audit] = await h.dataSource.query(`SELECT actor, action FROM audit_log WHERE target_type = 'contract' AND target_id = $1`, [
      contractNo(1),
    ]);
    assert.equal(audit.action, 'contract.created');

    const replay = await h.request('POST', '/api/v1/contracts', body, { 'Idempotency-Key': `contract-${run}-1` });
    assert.equal(replay.status, 200);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    const again = await h.request('POST', '/api/v1/contracts', body);
    assert.equal(again.status, 409);
    assert.equal(again.body.errors[0].field, 'id');

    const bad: [Record<string, unknown>, string][] = [
      [{ ...body, id: `HT-${run}-x`, customerId: `CU-${run}-none` }, 'customerId'],
      [{ ...body, id: `HT-${run}-x`, coverage: { assetIds: [asset(1), asset(3)] } }, 'coverage.assetIds.1'],
      [{ ...body, id: `HT-${run}-x`, endsOn: addDays(today, -200) }, 'endsOn'],
      [{ ...body, id: `HT-${run}-x`, quotas: [{ kind: 'visit', limit: 0, period: 'year' }] }, 'quotas.0.limit'],
      [{ ...body, id: `HT-${run}-x`, kind: 'lease' }, 'kind'],
      [{ ...body, id: `HT-${run}-x`, slaPolicyId: 'gold' }, 'slaPolicyId'],
      [{ ...body, id: `HT-${run}-x`, colour: 'red' }, 'colour'],
    ];
    for (const [payload, field] of bad) {
      const r = await h.request('POST', '/api/v1/contracts', payload);
      assert.equal(r.status, 422, `${field}: ${JSON.stringify(r.body)}`);
      assert.equal(r.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.ok(
        r.body.errors.some((e: { field: string }) => e.field === field),
        `${field} in ${JSON.stringify(r.body.errors)}`,
      );
    }
    assert.equal((await h.request('GET', `/api/v1/contracts/HT-${run}-x`)).status, 404);

    const noVersion = await h.request('PATCH', `/api/v1/contracts/${contractNo(1)}`, { name: '改名' });
    assert.equal(noVersion.status, 428);
    const stale = await h.request('PATCH', `/api/v1/contracts/${contractNo(1)}`, { name: '改名' }, { 'If-Match': '"7"' });
    assert.equal(stale.status, 412);
    const renamed = await h.request(
      'PATCH',
      `/api/v1/contracts/${contractNo(1)}`,
      { name: '2026 年度全保维保合同（续）' },
      { 'If-Match': '"1"' },
    );
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.version, 2);
    assert.equal(renamed.body.entitlement, 'premium');
    const flipped = await h.request(
      'PATCH',
      `/api/v1/contracts/${contractNo(1)}`,
      { startsOn: addDays(today, 300) },
      { 'If-Match': '"2"' },
    );
    assert.equal(flipped.status, 422);
    assert.equal(flipped.body.errors[0].field, 'startsOn');

    const listed = await h.request('GET', `/api/v1/contracts?customerId=${customer(1)}`);
    assert.deepEqual(
      listed.body.items.map((i: { id: string }) => i.id),
      [contractNo(1)],
    );
    assert.deepEqual(
      (await contractsOfCustomer(h.dataSource, customer(1))).map((v) => [v.id, v.name]),
      [[contractNo(1), '2026 年度全保维保合同（续）']],
    );
  });

  it('a ticket for a covered asset gets the contract’s entitlement and SLA policy, and uses its ticket quota once across retries', async () => {
    const payload = ticketFor(customer(1), { assetId: asset(1) });
    const headers = { 'Idempotency-Key': `ticket-${run}-covered` };
    const t = created(await h.request('POST', '/api/v1/tickets', payload, headers));
    assert.equal(t.entitlement, 'premium');
    assert.equal(t.assetId, asset(1));
    assert.equal(t.serialNo, serial(1));
    assert.deepEqual(
      [t.coverage.contractId, t.coverage.covered, t.coverage.reason, t.coverage.slaPolicyId],
      [contractNo(1), true, 'contract', 'p2-standard'],
    );
    // P3 ticket on a contract that bought P2 service with a premium (round-the-clock) entitlement
    assert.equal(t.sla.policyId, 'p2-standard+24x7');
    assert.equal(t.sla.calendarId, '24x7');

    const retried = await h.request('POST', '/api/v1/tickets', payload, headers);
    assert.equal(retried.status, 200);
    assert.equal(retried.body.ticketId, t.ticketId);
    assert.deepEqual([(await usage(contractNo(1), 'ticket')).used, await usageRows(contractNo(1))], [1, 1]);

    const got = await h.request('GET', `/api/v1/tickets/${t.ticketId}`);
    assert.equal(got.body.sla.policyId, 'p2-standard+24x7');
    assert.equal(got.body.coverage.contractId, contractNo(1));
    assert.equal(got.body.coverage.quota.used, 1);
    const row = await eventually(
      async () => (await h.dataSource.query(`SELECT asset_id, entitlement FROM tickets WHERE ticket_id = $1`, [t.ticketId]))[0],
      (r) => !!r,
    );
    assert.deepEqual([row.asset_id, row.entitlement], [asset(1), 'premium']);

    // A repeat contact joins the open ticket and uses nothing.
    const repeat = await h.request('POST', '/api/v1/tickets', { ...payload, channel: 'phone', description: '又打电话催了' });
    assert.equal(repeat.status, 200, JSON.stringify(repeat.body));
    assert.equal(repeat.body.mergedInto, t.ticketId);
    assert.equal(await usageRows(contractNo(1)), 1);
  });

  it('a stated entitlement wins; other assets, regions and serial numbers fall back to the warranty', async () => {
    const stated = created(
      await h.request('POST', '/api/v1/tickets', { ...ticketFor(customer(1), { assetId: asset(1) }), entitlement: 'vip' }),
    );
    assert.deepEqual([stated.entitlement, stated.coverage.reason, stated.coverage.contractId], ['vip', 'explicit_entitlement', null]);
    assert.equal(stated.sla.policyId, 'p3-standard+24x7');
    assert.equal(await usageRows(contractNo(1)), 1, 'a stated entitlement uses no quota');

    // Asset 2 is not named by the contract; its warranty still runs. Found by serial number.
    const bySerial = created(await h.request('POST', '/api/v1/tickets', ticketFor(customer(1), { serialNo: serial(2) })));
    assert.equal(bySerial.assetId, asset(2));
    assert.deepEqual([bySerial.entitlement, bySerial.coverage.reason, bySerial.coverage.covered], ['in_warranty', 'in_warranty', true]);
    assert.equal(bySerial.sla.policyId, 'p3-standard');

    // The covered asset reported from another region: the contract covers 华东 only.
    const elsewhere = created(await h.request('POST', '/api/v1/tickets', ticketFor(customer(1), { assetId: asset(1), region: '华南' })));
    assert.deepEqual(
      [elsewhere.entitlement, elsewhere.coverage.reason, elsewhere.coverage.covered],
      ['out_of_warranty', 'out_of_warranty', false],
    );
    assert.equal(await usageRows(contractNo(1)), 1);
  });

  it('refuses unknown assets and other customers’ assets on the field that named them', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ assetId: `AS-${run}-none` }, 'assetId', /no asset/],
      [{ serialNo: `SN-${run}-none` }, 'serialNo', /no asset with serial number/],
      [{ assetId: asset(3) }, 'assetId', /another customer/],
      [{ serialNo: serial(3) }, 'serialNo', /another customer/],
      [{ assetId: asset(1), serialNo: serial(2) }, 'serialNo', /has serial number/],
    ];
    for (const [over, field, message] of cases) {
      const res = await h.request('POST', '/api/v1/tickets', ticketFor(customer(1), over));
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.body.errors[0].field, field);
      assert.match(res.body.errors[0].message, message);
    }
  });

  it('with a 4-visit contract the 5th ticket that waits for a visit is not covered; one ticket uses one visit', async () => {
    const contract = created(
      await h.request('POST', '/api/v1/contracts', {
        id: contractNo(2),
        customerId: customer(2),
        kind: 'service_agreement',
        name: '冷柜年度维保（每年 4 次上门）',
        startsOn: addDays(today, -10),
        endsOn: addDays(today, 355),
        coverage: { models: ['X200'] },
        quotas: [{ kind: 'visit', limit: 4, period: 'year' }],
      }),
    );
    assert.equal(contract.entitlement, 'service_agreement');
    const tickets: string[] = [];
    for (let i = 0; i < 5; i++) {
      const t = created(await h.request('POST', '/api/v1/tickets', ticketFor(customer(2), { assetId: asset(3) })));
      assert.equal(t.coverage.contractId, contractNo(2));
      assert.equal(t.coverage.covered, true);
      tickets.push(t.ticketId);
    }
    const act = async (id: string, action: string, body: Record<string, unknown> = {}) => {
      const res = await h.request('POST', `/api/v1/tickets/${id}/actions/${action}`, body);
      assert.equal(res.status, 200, `${action}: ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const visitChecked = (id: string) =>
      eventually(
        async () => (await h.request('GET', `/api/v1/tickets/${id}`)).body,
        (t) => !!t.coverage?.visit,
      );
    for (const [i, id] of tickets.entries()) {
      await act(id, 'assign', { assigneeId: 'engineer_wang' });
      await act(id, 'accept');
      await act(id, 'set-substatus', { substatus: 'awaiting_visit' });
      const t = await visitChecked(id);
      if (i < 4) {
        assert.deepEqual([t.coverage.visit.covered, t.coverage.visit.reason, t.coverage.visit.quota.used], [true, 'consumed', i + 1], id);
        assert.equal(t.coverage.covered, true);
      } else {
        assert.deepEqual([t.coverage.visit.covered, t.coverage.visit.reason], [false, 'quota_exhausted']);
        assert.deepEqual([t.coverage.covered, t.coverage.reason], [false, 'quota_exhausted']);
        assert.deepEqual([t.coverage.visit.quota.used, t.coverage.visit.quota.left], [4, 0]);
      }
      if (i === 0) {
        // Waiting for a visit again later is the same visit.
        await act(id, 'set-substatus', { substatus: 'diagnosing' });
        await act(id, 'set-substatus', { substatus: 'awaiting_visit' });
      }
    }
    const recorded = (r: HttpResponse) => r.body.items?.some((e: { type: string }) => e.type === 'ticket.coverage');
    const events = await eventually(() => h.request('GET', `/api/v1/tickets/${tickets[4]}/events`), recorded);
    assert.ok(recorded(events), 'the coverage change is an event of the ticket');
    const visits = await usage(contractNo(2), 'visit');
    assert.deepEqual([visits.used, visits.left, await usageRows(contractNo(2))], [4, 0, 4]);
    const sources = await h.dataSource.query(`SELECT source_id FROM contract_usages WHERE contract_id = $1 ORDER BY source_id`, [
      contractNo(2),
    ]);
    assert.deepEqual(
      sources.map((s: { source_id: string }) => s.source_id),
      tickets.slice(0, 4).sort(),
    );
  });

  it('concurrent tickets never take more than the ticket quota; a used-up quota falls back to the warranty', async () => {
    created(
      await h.request('POST', '/api/v1/contracts', {
        id: contractNo(3),
        customerId: customer(3),
        kind: 'extended_warranty',
        name: '延保两年（每年 2 次报修）',
        startsOn: addDays(today, -400),
        endsOn: addDays(today, 330),
        quotas: [{ kind: 'ticket', limit: 2, period: 'year' }],
      }),
    );
    const results = await Promise.all(
      [1, 2, 3].map(() => h.request('POST', '/api/v1/tickets', ticketFor(customer(3), { assetId: asset(4), region: '华南' }))),
    );
    const coverages = results.map((r) => created(r).coverage);
    const covered = coverages.filter((c) => c.covered);
    assert.equal(covered.length, 2, JSON.stringify(coverages));
    assert.ok(covered.every((c) => c.contractId === contractNo(3) && c.entitlement === 'extended_warranty'));
    const refused = coverages.find((c) => !c.covered);
    // The asset's own warranty ended yesterday.
    assert.deepEqual(
      [refused.reason, refused.entitlement, refused.contractId, refused.quota.left],
      ['quota_exhausted', 'out_of_warranty', null, 0],
    );
    assert.equal(await usageRows(contractNo(3)), 2);
    // Per contract year since the start: last year's period is empty, this year's is used up.
    const report = await h.request('GET', `/api/v1/contracts/${contractNo(3)}/usage`);
    const [tickets] = report.body.quotas;
    assert.deepEqual(
      tickets.periods.map((p: { periodStart: string; used: number; left: number; current: boolean }) => [
        p.periodStart,
        p.used,
        p.left,
        p.current,
      ]),
      [
        [addDays(today, -400), 0, 2, false],
        [tickets.current.periodStart, 2, 0, true],
      ],
    );
    assert.equal(report.body.uses.length, 2);
    assert.ok(
      report.body.uses.every((u: { sourceType: string; usedBy: string }) => u.sourceType === 'ticket' && u.usedBy.startsWith('token:')),
    );
  });

  it('a suspended or terminated contract covers nothing; terminating is recorded and final', async () => {
    created(
      await h.request('POST', '/api/v1/contracts', {
        id: contractNo(4),
        customerId: customer(4),
        kind: 'service_agreement',
        name: '物业设备维保',
        startsOn: addDays(today, -30),
        endsOn: addDays(today, 10),
        entitlement: 'vip',
      }),
    );
    const covered = created(await h.request('POST', '/api/v1/tickets', ticketFor(customer(4), { assetId: asset(5) })));
    assert.equal(covered.coverage.contractId, contractNo(4));

    const suspended = await h.request('PATCH', `/api/v1/contracts/${contractNo(4)}`, { status: 'suspended' }, { 'If-Match': '"1"' });
    assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
    assert.equal(suspended.body.inForce, false);
    const during = created(await h.request('POST', '/api/v1/tickets', ticketFor(customer(4), { assetId: asset(5) })));
    assert.deepEqual([during.coverage.contractId, during.coverage.reason, during.entitlement ?? null], [null, 'no_coverage', null]);
    assert.equal(during.sla.policyId, 'p3-standard');
    await h.request('PATCH', `/api/v1/contracts/${contractNo(4)}`, { status: 'active' }, { 'If-Match': '"2"' });

    const noReason = await h.request('POST', `/api/v1/contracts/${contractNo(4)}/terminate`, {});
    assert.equal(noReason.status, 422);
    assert.equal(noReason.body.errors[0].field, 'reason');
    const future = await h.request('POST', `/api/v1/contracts/${contractNo(4)}/terminate`, {
      reason: '客户解约',
      effectiveOn: addDays(today, 3),
    });
    assert.equal(future.body.errors[0].field, 'effectiveOn');
    const ended = await h.request('POST', `/api/v1/contracts/${contractNo(4)}/terminate`, { reason: '客户解约' });
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
    assert.deepEqual([ended.body.status, ended.body.terminatedOn, ended.body.endsOn], ['terminated', today, today]);
    assert.equal((await h.request('POST', `/api/v1/contracts/${contractNo(4)}/terminate`, { reason: '再次' })).status, 409);
    assert.equal((await h.request('PATCH', `/api/v1/contracts/${contractNo(4)}`, { name: 'x' }, { 'If-Match': '"4"' })).status, 409);
    const after = created(await h.request('POST', '/api/v1/tickets', ticketFor(customer(4), { assetId: asset(5) })));
    assert.equal(after.coverage.contractId, null);
    const actions = await h.dataSource.query(`SELECT action FROM audit_log WHERE target_type = 'contract' AND target_id = $1 ORDER BY id`, [
      contractNo(4),
    ]);
    assert.deepEqual(
      actions.map((a: { action: string }) => a.action),
      ['contract.created', 'contract.suspended', 'contract.reactivated', 'contract.terminated'],
    );
  });

  it('lists active contracts ending soon with the customer’s name, and what a customer is entitled to per asset', async () => {
    const base = { customerId: customer(2), kind: 'warranty', startsOn: addDays(today, -300) };
    for (const [n, endsIn, status] of [
      [5, 10, 'active'],
      [6, 45, 'active'],
      [7, 5, 'suspended'],
    ] as const) {
      created(
        await h.request('POST', '/api/v1/contracts', {
          ...base,
          id: contractNo(n),
          name: `保修 ${n}`,
          endsOn: addDays(today, endsIn),
          status,
        }),
      );
    }
    const soon = await h.request('GET', `/api/v1/contracts/expiring?withinDays=30&customerId=${customer(2)}`);
    assert.equal(soon.status, 200, JSON.stringify(soon.body));
    assert.deepEqual(
      soon.body.items.map((c: { id: string; customerName: string; daysLeft: number }) => [c.id, c.customerName, c.daysLeft]),
      [[contractNo(5), '杭州恒通制冷工程有限公司', 10]],
    );
    const wider = await h.request('GET', `/api/v1/contracts/expiring?withinDays=60&customerId=${customer(2)}`);
    assert.deepEqual(
      wider.body.items.map((c: { id: string }) => c.id),
      [contractNo(5), contractNo(6)],
    );
    const all = await h.request('GET', '/api/v1/contracts/expiring');
    assert.ok(all.body.items.some((c: { id: string }) => c.id === contractNo(4)) === false, 'terminated contracts are not listed');
    const badDays = await h.request('GET', '/api/v1/contracts/expiring?withinDays=abc');
    assert.equal(badDays.status, 400);
    assert.equal(badDays.body.errors[0].field, 'query.withinDays');

    const ent = await h.request('GET', `/api/v1/customers/${customer(2)}/entitlements`);
    assert.equal(ent.status, 200, JSON.stringify(ent.body));
    const [only] = ent.body.assets;
    assert.equal(only.assetId, asset(3));
    // the service agreement with visits beats the plain warranties
    assert.deepEqual([only.coverage.contractId, only.coverage.entitlement], [contractNo(2), 'service_agreement']);
    const agreement = only.contracts.find((c: { contractId: string }) => c.contractId === contractNo(2));
    assert.deepEqual([agreement.quotas[0].kind, agreement.quotas[0].used, agreement.quotas[0].left], ['visit', 4, 0]);
    assert.equal((await h.request('GET', `/api/v1/customers/CU-${run}-none/entitlements`)).status, 404);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { choosePolicy } from '../sla/sla-policy';
import { createContractSchema, type ContractTerms, type QuotaUsage } from './contract';
import { contractDay, decideCoverage, quotaDecision, quotaPeriod, quotaPeriods, rankContracts, type CoverageQuery } from './entitlement';

const contract = (over: Partial<ContractTerms> = {}): ContractTerms => ({
  id: 'HT-2026-001',
  customerId: 'c1',
  kind: 'service_agreement',
  name: '年度维保合同',
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  status: 'active',
  entitlement: 'premium',
  slaPolicyId: null,
  responseMinutes: null,
  coverage: { assetIds: [], models: [], skus: [], regions: [] },
  quotas: [],
  ...over,
});

const asset = { id: 'A1', model: 'X200', sku: 'ABC-123', warrantyEndsOn: '2026-06-30' };
const query = (over: Partial<CoverageQuery> = {}): CoverageQuery => ({
  customerId: 'c1',
  on: '2026-05-10',
  asset,
  region: '华东',
  ...over,
});
const visits = (n: number, contractId = 'HT-2026-001', day = '2026-03-01'): QuotaUsage[] =>
  Array.from({ length: n }, (_, i) => ({ contractId, kind: 'visit', sourceType: 'ticket', sourceId: `T${i + 1}`, usedOn: day }));

describe('coverage decision', () => {
  it('serves the work under an active contract that covers it, with its entitlement and SLA terms', () => {
    const c = decideCoverage(query(), [contract({ slaPolicyId: 'p2-standard', responseMinutes: 60 })], []);
    assert.equal(c.contractId, 'HT-2026-001');
    assert.equal(c.entitlement, 'premium');
    assert.equal(c.covered, true);
    assert.equal(c.reason, 'contract');
    assert.equal(c.slaPolicyId, 'p2-standard');
    assert.equal(c.responseMinutes, 60);
    assert.equal(c.warrantyEndsOn, '2026-06-30');
  });

  it('does not use an expired, not yet started, suspended or terminated contract', () => {
    for (const [c, on] of [
      [contract({ endsOn: '2026-05-09' }), '2026-05-10'],
      [contract({ startsOn: '2026-05-11' }), '2026-05-10'],
      [contract({ status: 'suspended' }), '2026-05-10'],
      [contract({ status: 'terminated' }), '2026-05-10'],
    ] as const) {
      const got = decideCoverage(query({ on }), [c], []);
      assert.equal(got.contractId, null, `${c.status} ${c.startsOn}..${c.endsOn}`);
      assert.equal(got.reason, 'in_warranty', 'falls back to the asset warranty');
    }
    // The last day of the term is still covered.
    assert.equal(decideCoverage(query({ on: '2026-12-31' }), [contract()], []).contractId, 'HT-2026-001');
  });

  it('does not use a contract for other regions, models, SKUs, assets or customers', () => {
    const others: Partial<ContractTerms>[] = [
      { coverage: { assetIds: [], models: [], skus: [], regions: ['华南', '华北'] } },
      { coverage: { assetIds: [], models: ['X300'], skus: [], regions: [] } },
      { coverage: { assetIds: [], models: [], skus: ['XYZ-9'], regions: [] } },
      { coverage: { assetIds: ['A2'], models: [], skus: [], regions: [] } },
      { customerId: 'c2' },
    ];
    for (const over of others) assert.equal(decideCoverage(query(), [contract(over)], []).contractId, null, JSON.stringify(over));
    const matching = contract({ coverage: { assetIds: ['A1'], models: ['X200'], skus: ['ABC-123'], regions: ['华东'] } });
    assert.equal(decideCoverage(query(), [matching], []).contractId, 'HT-2026-001');
    // Limited to models: without an asset it cannot be checked, so it does not apply.
    assert.equal(decideCoverage(query({ asset: null }), [contract(others[1])], []).reason, 'no_coverage');
  });

  it('the 5th visit on a 4-visits-a-year contract is not covered; the next contract year starts again', () => {
    const c = contract({ entitlement: 'service_agreement', quotas: [{ kind: 'visit', limit: 4, period: 'year' }] });
    const noWarranty = query({ asset: { ...asset, warrantyEndsOn: null }, need: 'visit' });
    const fourth = decideCoverage(noWarranty, [c], visits(3));
    assert.equal(fourth.covered, true);
    assert.deepEqual([fourth.quota?.used, fourth.quota?.left], [3, 1]);
    const fifth = decideCoverage(noWarranty, [c], visits(4));
    assert.equal(fifth.covered, false);
    assert.equal(fifth.reason, 'quota_exhausted');
    assert.equal(fifth.contractId, null);
    assert.equal(fifth.entitlement, null);
    assert.deepEqual([fifth.quota?.contractId, fifth.quota?.used, fifth.quota?.left], ['HT-2026-001', 4, 0]);
    // Same decision at the moment of consuming.
    assert.equal(quotaDecision(c, 'visit', visits(4), '2026-05-10', { type: 'ticket', id: 'T5' }).reason, 'quota_exhausted');
    assert.equal(quotaDecision(c, 'visit', visits(3), '2026-05-10', { type: 'ticket', id: 'T4' }).reason, 'consumed');
    // A retry for a ticket that already consumed is not a new use.
    assert.equal(quotaDecision(c, 'visit', visits(4), '2026-05-10', { type: 'ticket', id: 'T4' }).reason, 'already_consumed');
    assert.equal(decideCoverage({ ...noWarranty, source: { type: 'ticket', id: 'T4' } }, [c], visits(4)).covered, true);

    const twoYears = contract({ endsOn: '2027-12-31', quotas: [{ kind: 'visit', limit: 4, period: 'year' }] });
    assert.equal(decideCoverage({ ...noWarranty, on: '2027-01-01' }, [twoYears], visits(4)).covered, true);
    const whole = contract({ endsOn: '2027-12-31', quotas: [{ kind: 'visit', limit: 4, period: 'contract' }] });
    assert.equal(decideCoverage({ ...noWarranty, on: '2027-01-01' }, [whole], visits(4)).reason, 'quota_exhausted');
  });

  it('an exhausted quota falls back to the warranty while it runs, and to another contract with room first', () => {
    const full = contract({ quotas: [{ kind: 'visit', limit: 4, period: 'year' }] });
    const inWarranty = decideCoverage(query({ need: 'visit' }), [full], visits(4));
    assert.deepEqual(
      [inWarranty.contractId, inWarranty.covered, inWarranty.reason, inWarranty.entitlement],
      [null, true, 'in_warranty', 'in_warranty'],
    );
    const spare = contract({ id: 'HT-2026-002', entitlement: 'service_agreement' });
    const other = decideCoverage(query({ need: 'visit' }), [full, spare], visits(4));
    assert.equal(other.contractId, 'HT-2026-002', 'quota left beats a better entitlement that is used up');
  });

  it('falls back to the warranty, and reports none without contract or warranty', () => {
    assert.deepEqual(pick(decideCoverage(query(), [], [])), ['in_warranty', true, 'in_warranty']);
    assert.deepEqual(pick(decideCoverage(query({ on: '2026-07-01' }), [], [])), ['out_of_warranty', false, 'out_of_warranty']);
    assert.deepEqual(pick(decideCoverage(query({ on: '2026-06-30' }), [], [])), ['in_warranty', true, 'in_warranty']);
    assert.deepEqual(pick(decideCoverage(query({ asset: null }), [], [])), [null, false, 'no_coverage']);
  });

  it('an entitlement the caller states wins over contracts and warranty', () => {
    const c = decideCoverage(query({ explicitEntitlement: 'vip' }), [contract({ entitlement: 'service_agreement' })], []);
    assert.deepEqual([c.contractId, c.entitlement, c.covered, c.reason], [null, 'vip', null, 'explicit_entitlement']);
  });

  it('prefers round-the-clock, then the most specific scope, then service agreements, then the longest running', () => {
    const blanket = contract({ id: 'B', entitlement: 'service_agreement' });
    const specific = contract({
      id: 'S',
      entitlement: 'service_agreement',
      coverage: { assetIds: ['A1'], models: [], skus: [], regions: [] },
    });
    const vip = contract({ id: 'V', entitlement: 'vip' });
    const ids = (cs: ContractTerms[]) => rankContracts(query(), cs, []).map((c) => c.contract.id);
    assert.deepEqual(ids([blanket, specific, vip]), ['V', 'S', 'B']);
    const warranty = contract({ id: 'W', kind: 'extended_warranty', entitlement: 'extended_warranty' });
    const agreement = contract({ id: 'A', entitlement: 'extended_warranty' });
    assert.deepEqual(ids([warranty, agreement]), ['A', 'W']);
    const longer = contract({ id: 'L', entitlement: 'service_agreement', endsOn: '2027-12-31' });
    assert.deepEqual(ids([blanket, longer]), ['L', 'B']);
  });
});

const pick = (c: ReturnType<typeof decideCoverage>) => [c.entitlement, c.covered, c.reason];

describe('quota periods and contract days', () => {
  it('counts contract years from the start date, never past the end', () => {
    const c = { startsOn: '2025-03-15', endsOn: '2027-06-30' };
    assert.deepEqual(quotaPeriod(c, 'year', '2025-03-15'), { start: '2025-03-15', end: '2026-03-14' });
    assert.deepEqual(quotaPeriod(c, 'year', '2026-03-14'), { start: '2025-03-15', end: '2026-03-14' });
    assert.deepEqual(quotaPeriod(c, 'year', '2026-03-15'), { start: '2026-03-15', end: '2027-03-14' });
    assert.deepEqual(quotaPeriod(c, 'year', '2027-05-01'), { start: '2027-03-15', end: '2027-06-30' });
    assert.deepEqual(quotaPeriod(c, 'contract', '2026-08-01'), { start: '2025-03-15', end: '2027-06-30' });
    assert.deepEqual(quotaPeriod({ startsOn: '2024-02-29', endsOn: '2026-12-31' }, 'year', '2025-03-01'), {
      start: '2025-02-28',
      end: '2026-02-27',
    });
  });

  it('lists the periods from the start to a day', () => {
    const c = { startsOn: '2025-03-15', endsOn: '2027-06-30' };
    assert.deepEqual(
      quotaPeriods(c, 'year', '2026-04-01').map((p) => p.start),
      ['2025-03-15', '2026-03-15'],
    );
    assert.deepEqual(
      quotaPeriods(c, 'year', '2030-01-01').map((p) => [p.start, p.end]),
      [
        ['2025-03-15', '2026-03-14'],
        ['2026-03-15', '2027-03-14'],
        ['2027-03-15', '2027-06-30'],
      ],
    );
    assert.equal(quotaPeriods(c, 'contract', '2026-04-01').length, 1);
  });

  it('reads the day in China time', () => {
    assert.equal(contractDay(new Date('2026-12-31T15:30:00Z')), '2026-12-31');
    assert.equal(contractDay(new Date('2026-12-31T16:30:00Z')), '2027-01-01');
  });
});

describe('contract SLA terms', () => {
  it('a contract only tightens the policy of the ticket priority', () => {
    assert.equal(choosePolicy({ priority: 'P3', entitlement: null, contract: { slaPolicyId: 'p2-standard' } }).policy.id, 'p2-standard');
    assert.equal(choosePolicy({ priority: 'P1', entitlement: null, contract: { slaPolicyId: 'p3-standard' } }).policy.id, 'p1-standard');
    const fast = choosePolicy({ priority: 'P3', entitlement: 'premium', contract: { responseMinutes: 60 } });
    assert.equal(fast.policy.id, 'p3-standard+frt60+24x7');
    assert.equal(fast.policy.frtMinutes, 60);
    assert.equal(fast.calendar.id, '24x7');
    assert.equal(choosePolicy({ priority: 'P2', entitlement: null, contract: { responseMinutes: 600 } }).policy.frtMinutes, 120);
    assert.equal(choosePolicy({ priority: 'P2', entitlement: null }).policy.id, 'p2-standard');
  });
});

describe('contract schema', () => {
  it('names the field at fault', () => {
    const bad = createContractSchema.safeParse({
      id: 'HT 1',
      customerId: 'c1',
      kind: 'lease',
      name: 'x',
      startsOn: '2026-02-30',
      endsOn: '2026-01-01',
      slaPolicyId: 'gold',
      quotas: [
        { kind: 'visit', limit: 4, period: 'year' },
        { kind: 'visit', limit: 2, period: 'contract' },
      ],
    });
    assert.equal(bad.success, false);
    const fields = bad.error!.issues.map((i) => i.path.join('.'));
    for (const f of ['id', 'kind', 'startsOn', 'slaPolicyId', 'quotas.1.kind']) assert.ok(fields.includes(f), `${f} in ${fields}`);
    const ends = createContractSchema.safeParse({
      id: 'HT-1',
      customerId: 'c1',
      kind: 'warranty',
      name: 'x',
      startsOn: '2026-02-01',
      endsOn: '2026-01-01',
    });
    assert.deepEqual(
      ends.error?.issues.map((i) => i.path.join('.')),
      ['endsOn'],
    );
  });
});

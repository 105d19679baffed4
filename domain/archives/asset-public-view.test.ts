import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chinaDate, publicAssetView, warrantyStatus } from './asset-public-view';

describe('asset public view', () => {
  it('counts the warranty through its last Beijing day', () => {
    assert.equal(chinaDate(new Date('2026-11-30T15:59:59Z')), '2026-11-30');
    assert.equal(chinaDate(new Date('2026-11-30T16:00:00Z')), '2026-12-01');
    assert.equal(warrantyStatus('2026-11-30', '2026-11-30'), 'in_warranty');
    assert.equal(warrantyStatus('2026-11-30', '2026-12-01'), 'expired');
    assert.equal(warrantyStatus(null, '2026-12-01'), 'unknown');
  });

  it('shows the product and how to report, nothing of the owner', () => {
    const v = publicAssetView(
      {
        name: '商用冷柜',
        model: 'KX-5',
        sku: 'KX5-220V',
        serialNo: 'SN2026ABCD1234',
        warrantyEndsOn: '2027-01-01',
        siteCity: '杭州',
        siteRegion: '华东',
      },
      '2026-11-25',
      'tok',
    );
    assert.equal(v.serialNo, '****1234');
    assert.deepEqual(v.warranty, { status: 'in_warranty', endsOn: '2027-01-01' });
    assert.deepEqual(v.report.prefill, { sku: 'KX5-220V', region: '华东', entitlement: 'in_warranty' });
    assert.ok(!JSON.stringify(v).includes('SN2026ABCD'));
  });
});

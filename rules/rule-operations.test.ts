import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateLogic } from './json-logic';
import { inRegion, RULE_OPERATIONS } from './rule-operations';

const apply = (logic: unknown, data: unknown = {}) => evaluateLogic(logic, data);

describe('custom rule operations', () => {
  it('lower', () => {
    assert.equal(apply({ lower: { var: 't' } }, { t: 'VIP' }), 'vip');
    assert.equal(apply({ lower: 3 }), 3);
  });

  it('contains: strings case-insensitively, arrays by element', () => {
    assert.equal(apply({ contains: ['开机后黑屏 Beep', 'beep'] }), true);
    assert.equal(apply({ contains: [{ var: 'tags' }, 'vip'] }, { tags: ['vip', 'renewal'] }), true);
    assert.equal(apply({ contains: [{ var: 'tags' }, 'VIP'] }, { tags: ['vip'] }), false);
    assert.equal(apply({ contains: [null, 'x'] }), false);
  });

  it('in_region: a region, or a province/city inside one', () => {
    assert.equal(apply({ in_region: ['华东', ['华东', '华南']] }), true);
    assert.equal(apply({ in_region: ['上海市', '华东'] }), true);
    assert.equal(apply({ in_region: ['华东/杭州', ['华东']] }), true);
    assert.equal(apply({ in_region: ['四川省', ['华东', '华南']] }), false);
    assert.equal(inRegion(undefined, ['华东']), false);
  });

  it('business_hours on the calendar of the SLA policies (Asia/Shanghai, Mon–Fri 09–18)', () => {
    // 2026-11-25 is a Wednesday; 02:00Z is 10:00 in Shanghai, 11:00Z is 19:00
    assert.equal(apply({ business_hours: [{ var: 'now' }] }, { now: '2026-11-25T02:00:00Z' }), true);
    assert.equal(apply({ business_hours: [{ var: 'now' }] }, { now: '2026-11-25T11:00:00Z' }), false);
    assert.equal(apply({ business_hours: ['2026-11-28T02:00:00Z'] }), false); // Saturday
    assert.equal(apply({ business_hours: ['2026-11-28T02:00:00Z', '24x7'] }), true);
    assert.equal(apply({ business_hours: ['not a date'] }), false);
    assert.equal(apply({ business_hours: ['2026-11-25T02:00:00Z', 'mars'] }), false);
  });

  it('date arithmetic reads "now" from the data, never a clock', () => {
    const data = { now: '2026-11-25T00:00:00Z', created: '2026-11-20T12:00:00Z' };
    assert.equal(apply({ days_between: [{ var: 'created' }, { var: 'now' }] }, data), 4.5);
    assert.equal(apply({ hours_between: [{ var: 'created' }, { var: 'now' }] }, data), 108);
    assert.equal(apply({ add_days: [{ var: 'now' }, 7] }, data), '2026-12-02T00:00:00.000Z');
    assert.equal(apply({ '>': [{ days_between: [{ var: 'created' }, { var: 'now' }] }, 3] }, data), true);
    assert.equal(RULE_OPERATIONS.days_between('x', data.now), null);
    assert.equal(RULE_OPERATIONS.add_days('x', 1), null);
  });
});

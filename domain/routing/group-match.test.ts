import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isNewHire } from './agent-profile';
import { matchGroup } from './group-match';
import { productLineOfSku, type RoutingGroup, type RoutingTicket } from './routing-model';

const g = (id: string, requiredSkills: Partial<RoutingGroup['requiredSkills']>): RoutingGroup => ({
  id,
  name: id,
  requiredSkills: { minLevel: 1, ...requiredSkills },
  strategy: 'fewest_open',
});
const t: RoutingTicket = { issueType: '质量问题', productLine: 'ABC', region: '华东', priority: 'P3', customerTier: 'standard' };

describe('group matching', () => {
  const groups = [
    g('z_all', {}),
    g('abc', { productLine: 'ABC' }),
    g('abc_east', { productLine: 'ABC', region: '华东' }),
    g('xyz', { productLine: 'XYZ' }),
  ];

  it('the most specific group whose every requirement the ticket meets', () => {
    assert.equal(matchGroup(groups, t)?.id, 'abc_east');
    assert.equal(matchGroup(groups, { ...t, region: '华南' })?.id, 'abc');
    assert.equal(matchGroup(groups, { ...t, productLine: 'QQ' })?.id, 'z_all');
    assert.equal(matchGroup([g('xyz', { productLine: 'XYZ' })], t), null);
  });

  it('equal specificity: the smallest id, whatever the input order', () => {
    assert.equal(matchGroup([g('b', { region: '华东' }), g('a', { issueType: '质量问题' })], t)?.id, 'a');
  });
});

describe('agent profile', () => {
  const now = new Date('2026-11-25T02:00:00Z');
  it('a new hire for 90 days from the hire date (China calendar) unless a lead says otherwise', () => {
    assert.equal(isNewHire(null, '2026-09-01', now), true);
    assert.equal(isNewHire(null, '2026-08-28', now), true);
    assert.equal(isNewHire(null, '2026-08-27', now), false);
    assert.equal(isNewHire(false, '2026-11-01', now), false);
    assert.equal(isNewHire(true, '2020-01-01', now), true);
    assert.equal(isNewHire(null, null, now), false);
  });

  it('the product line is the SKU family', () => {
    assert.equal(productLineOfSku('abc-123'), 'ABC');
    assert.equal(productLineOfSku('TV55'), 'TV55');
    assert.equal(productLineOfSku(null), '*');
  });
});

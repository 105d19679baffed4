import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assigneeOf, splitForAssignee, visitsNaming } from './assigned-work';
import { compilePiiRules, maskJson } from './json-masker';
import { DEFAULT_PII_RULES } from './pii-rules';

describe("an engineer's own visits", () => {
  it('applies to a principal of the engineer role linked to an engineer only', () => {
    assert.equal(assigneeOf({ roles: ['engineer'], agentId: 'eng-1' }), 'eng-1');
    assert.equal(assigneeOf({ roles: ['engineer'], agentId: null }), null);
    assert.equal(assigneeOf({ roles: ['agent'], agentId: 'eng-1' }), null);
    assert.equal(assigneeOf(null), null);
  });

  it('moves the address and phone rules from masked to seen, the others stay masked', () => {
    const { masked, seen } = splitForAssignee(DEFAULT_PII_RULES, []);
    assert.deepEqual(masked.map((r) => r.id).sort(), ['bank-card', 'email', 'id-number']);
    assert.deepEqual(seen.map((r) => r.id).sort(), ['address', 'phone']);
  });

  it('finds the visits a response names as assigned to the engineer, at any depth', () => {
    const body = {
      items: [
        { visitId: 'VS-2', engineerId: 'eng-1' },
        { visitId: 'VS-1', engineerId: 'eng-1', nested: { visitId: 'VS-3', engineerId: 'eng-2' } },
      ],
    };
    assert.deepEqual(visitsNaming(body, 'eng-1'), ['VS-1', 'VS-2']);
    assert.deepEqual(visitsNaming('VS-1', 'eng-1'), []);
  });

  it('masks with other rules inside a scoped object and everything under it', () => {
    const all = compilePiiRules(DEFAULT_PII_RULES);
    const relaxed = compilePiiRules(splitForAssignee(DEFAULT_PII_RULES, []).masked);
    const body = { phone: '13812345678', visit: { own: true, phone: '13812345678', contact: { tel: '13912345678', email: 'a@b.cn' } } };
    const out = maskJson(body, all, { scope: (o) => (o.own === true ? relaxed : null) });
    assert.deepEqual(out.value, {
      phone: '138****5678',
      visit: { own: true, phone: '13812345678', contact: { tel: '13912345678', email: 'a***@b.cn' } },
    });
    assert.deepEqual(
      out.hits.map((h) => h.path),
      ['phone', 'visit.contact.email'],
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateRules, type RuleFacts } from './rule-evaluator';
import { parseRule, type Rule } from './rule.schema';
import { SEED_VIP_P1_RULE } from './seed-rules';

const now = '2026-11-25T02:00:00Z';
const facts = (ticket: Record<string, unknown>): RuleFacts => ({ ticket, now });
const rule = (r: Partial<Rule> & Pick<Rule, 'key' | 'condition'>): Rule =>
  parseRule({ name: r.key, kind: 'routing', actions: [{ action: 'add_tags', tags: [r.key] }], ...r });

describe('evaluateRules', () => {
  const seed = parseRule(structuredClone(SEED_VIP_P1_RULE));

  it('the seed rule matches a VIP P1 ticket whatever the case of the tier', () => {
    for (const tier of ['VIP', 'vip', 'Vip']) {
      const out = evaluateRules([seed], facts({ priority: 'P1', customerTier: tier }));
      assert.equal(out.results[0]!.matched, true, tier);
      assert.deepEqual(out.actions, seed.actions);
    }
  });

  it('names the first false sub-condition with its path and the values seen', () => {
    const out = evaluateRules([seed], facts({ priority: 'P1', customerTier: 'standard' }));
    assert.equal(out.results[0]!.matched, false);
    assert.equal(out.results[0]!.why, 'condition.and[1]: lower(ticket.customerTier) == "vip" is false (ticket.customerTier = "standard")');
    assert.deepEqual(out.actions, []);
    const p2 = evaluateRules([seed], facts({ priority: 'P2' }));
    assert.equal(p2.results[0]!.why, 'condition.and[0]: ticket.priority == "P1" is false (ticket.priority = "P2")');
    const none = evaluateRules([seed], facts({ priority: 'P1' }));
    assert.match(none.results[0]!.why, /ticket\.customerTier = null \(not set\)/);
  });

  it('explains nested or/and down to the failing comparison', () => {
    const r = rule({
      key: 'nested',
      condition: {
        and: [
          { '==': [{ var: 'ticket.channel' }, 'phone'] },
          { or: [{ in_region: [{ var: 'ticket.region' }, ['华南']] }, { '>=': [{ var: 'ticket.reopenCount' }, 2] }] },
        ],
      },
    });
    const out = evaluateRules([r], facts({ channel: 'phone', region: '华东', reopenCount: 0 }));
    assert.equal(
      out.results[0]!.why,
      'none of the 2 alternatives of condition.and[1] holds; the first: condition.and[1].or[0]: in_region(ticket.region, ["华南"]) is false (ticket.region = "华东")',
    );
  });

  it('collects actions in priority order and honours stopProcessing', () => {
    const rules = [
      rule({ key: 'late', priority: 300, condition: true }),
      rule({ key: 'stopper', priority: 200, condition: true, stopProcessing: true }),
      rule({ key: 'first', priority: 10, condition: true }),
      rule({ key: 'never', priority: 5, condition: false }),
    ];
    const out = evaluateRules(rules, facts({}));
    assert.deepEqual(
      out.results.map((r) => [r.ruleKey, r.matched, r.skipped ?? null]),
      [
        ['never', false, null],
        ['first', true, null],
        ['stopper', true, null],
        ['late', true, 'an earlier rule (stopper) stops processing'],
      ],
    );
    assert.deepEqual(
      out.actions.map((a) => (a.action === 'add_tags' ? a.tags[0] : a.action)),
      ['first', 'stopper'],
    );
  });

  it('filters by kind, passes the event and "now", skips disabled rules, never throws', () => {
    const rules = [
      rule({ key: 'on_breach', kind: 'automation', condition: { '==': [{ var: 'event' }, 'sla.breached'] } }),
      rule({ key: 'routing_only', condition: true }),
      rule({ key: 'off', kind: 'automation', condition: true, enabled: false }),
      rule({ key: 'after_hours', kind: 'automation', condition: { '!': { business_hours: [{ var: 'now' }] } } }),
      { ...rule({ key: 'broken', kind: 'automation', condition: true }), condition: { no_such_op: [1] } },
    ];
    const out = evaluateRules(rules, { ticket: {}, now: '2026-11-25T12:00:00Z' }, { kind: 'automation', event: 'sla.breached' });
    const byKey = Object.fromEntries(out.results.map((r) => [r.ruleKey, r]));
    assert.equal(byKey.routing_only, undefined);
    assert.equal(byKey.on_breach!.matched, true);
    assert.equal(byKey.off!.why, 'the rule is disabled');
    assert.equal(byKey.after_hours!.matched, true);
    assert.equal(byKey.broken!.matched, false);
    assert.match(byKey.broken!.why, /could not be evaluated: Unrecognized operation no_such_op/);
  });
});

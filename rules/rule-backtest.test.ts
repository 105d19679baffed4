import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareOutcomes, outcomeOf, replayRuleSet, rulesActingOn } from './rule-backtest';
import { diffRuleSets } from './rule-set-diff';
import { parseRule, type Rule } from './rule.schema';
import { SEED_VIP_P1_RULE } from './seed-rules';

const rule = (over: Record<string, unknown>): Rule => parseRule({ name: 'r', kind: 'routing', condition: true, actions: [], ...over });

describe('back-test outcomes', () => {
  it('reduces actions in order: later assignments win, tags add and remove', () => {
    const o = outcomeOf([
      { action: 'assign', group: 'a' },
      { action: 'add_tags', tags: ['x', 'y'] },
      { action: 'assign', group: 'b', assignee: 'li' },
      { action: 'remove_tags', tags: ['y'] },
      { action: 'escalate', level: 'L2' },
      { action: 'set_priority', priority: 'P1' },
      { action: 'start_timer', sla: 'p1-standard' },
      { action: 'create_rma' },
    ]);
    assert.deepEqual(o, {
      group: 'b',
      assignee: 'li',
      priority: 'P1',
      escalations: ['L2'],
      tagsAdded: ['x'],
      tagsRemoved: ['y'],
      slaPolicy: 'p1-standard',
      notifications: [],
      requests: ['rma'],
    });
    assert.deepEqual(compareOutcomes(outcomeOf([]), outcomeOf([{ action: 'set_priority', priority: 'P2' }])), [
      { field: 'priority', from: null, to: 'P2' },
    ]);
  });

  it('evaluates each rule at the events it acts on', () => {
    const rules = [
      rule({ key: 'route', kind: 'routing' }),
      rule({ key: 'on_breach', kind: 'automation', on: ['sla.breached'] }),
      rule({ key: 'default_on', kind: 'automation' }),
      rule({ key: 'check', kind: 'validation' }),
    ];
    assert.deepEqual(
      rulesActingOn(rules, 'ticket.created').map((r) => r.key),
      ['route', 'default_on'],
    );
    assert.deepEqual(
      rulesActingOn(rules, 'sla.breached').map((r) => r.key),
      ['on_breach'],
    );
  });

  it('replays a rule set over a closed ticket', () => {
    const seed = parseRule(structuredClone(SEED_VIP_P1_RULE));
    const ticket = { priority: 'P1', customerTier: 'vip' };
    const out = replayRuleSet([seed], [{ event: 'ticket.created', ticket, now: '2026-11-25T02:00:00Z' }]);
    assert.deepEqual(out.matched, ['vip_p1_auto_escalate']);
    assert.equal(out.outcome.group, 'senior_team');
    assert.deepEqual(out.outcome.notifications, ['wecom:售后值班群']);
    assert.deepEqual(
      replayRuleSet([seed], [{ event: 'ticket.created', ticket: { priority: 'P2' }, now: '2026-11-25T02:00:00Z' }]).matched,
      [],
    );
  });
});

describe('diffRuleSets', () => {
  it('names added, removed and changed rules with the fields that differ, ignoring revisions', () => {
    const a = [rule({ key: 'keep', version: 1 }), rule({ key: 'gone' }), rule({ key: 'edit', priority: 5 })];
    const b = [rule({ key: 'keep', version: 4 }), rule({ key: 'edit', priority: 6, enabled: false }), rule({ key: 'new' })];
    assert.deepEqual(diffRuleSets(a, b), {
      added: ['new'],
      removed: ['gone'],
      changed: [{ key: 'edit', fields: ['enabled', 'priority'] }],
    });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeCondition, parseRule, RuleParseError } from './rule.schema';
import { SEED_VIP_P1_RULE } from './seed-rules';

describe('rule schema', () => {
  it('accepts the seed 002 §14 rule verbatim and normalises it to the canonical form', () => {
    const rule = parseRule(structuredClone(SEED_VIP_P1_RULE));
    assert.equal(rule.key, 'vip_p1_auto_escalate');
    assert.equal(rule.name, 'vip_p1_auto_escalate');
    assert.equal(rule.kind, 'automation');
    assert.equal(rule.enabled, true);
    assert.equal(rule.priority, 100);
    assert.deepEqual(rule.condition, {
      and: [{ '==': [{ var: 'ticket.priority' }, 'P1'] }, { '==': [{ lower: { var: 'ticket.customerTier' } }, 'vip'] }],
    });
    assert.deepEqual(rule.actions, [
      { action: 'assign', group: 'senior_team' },
      { action: 'notify', channel: 'wecom', target: '售后值班群' },
      { action: 'start_timer', sla: 'p1-standard' },
    ]);
  });

  it('leaves canonical JSON-Logic alone, where a string first argument is a literal', () => {
    const condition = { in: ['黑屏', { var: 'ticket.description' }] };
    const rule = parseRule({
      key: 'black_screen',
      name: '黑屏',
      kind: 'routing',
      condition,
      actions: [{ action: 'add_tags', tags: ['黑屏'] }],
    });
    assert.deepEqual(rule.condition, condition);
  });

  it('maps the other seed operations and keeps literals that are not identifiers', () => {
    assert.deepEqual(normalizeCondition({ not: { gte: ['reopenCount', 2] } }), { '!': { '>=': [{ var: 'ticket.reopenCount' }, 2] } });
    assert.deepEqual(normalizeCondition({ in: ['channel', ['Phone', 'IVR']] }), {
      in: [{ lower: { var: 'ticket.channel' } }, ['phone', 'ivr']],
    });
    assert.deepEqual(normalizeCondition({ eq: ['开机 失败', 'x'] }), { '==': ['开机 失败', 'x'] });
  });

  it('rejects wrong action shapes with the path at fault', () => {
    assert.throws(
      () => parseRule({ key: 'k', name: 'n', kind: 'automation', condition: true, actions: [{ action: 'set_priority', priority: 'P9' }] }),
      (err: unknown) => err instanceof RuleParseError && err.problems.some((p) => p.path === 'actions[0].priority'),
    );
    assert.throws(
      () => parseRule({ key: 'k', name: 'n', kind: 'automation', condition: true, actions: [{ action: 'launch_rocket' }] }),
      (err: unknown) => err instanceof RuleParseError && err.problems.some((p) => p.path === 'actions[0].action'),
    );
    assert.throws(
      () => parseRule({ key: 'k', name: 'n', kind: 'automation', condition: true, actions: [{ action: 'assign', group: 'g', colour: 1 }] }),
      (err: unknown) => err instanceof RuleParseError && err.problems.some((p) => p.path === 'actions[0].colour'),
    );
  });

  it('lets only automation rules listen to events, and needs a slug key', () => {
    assert.throws(
      () => parseRule({ key: 'k', name: 'n', kind: 'routing', on: ['ticket.created'], condition: true, actions: [] }),
      (err: unknown) => err instanceof RuleParseError && err.problems.some((p) => p.path === 'on'),
    );
    assert.throws(
      () => parseRule({ name: 'VIP 升级', if: true, then: [] }),
      (err: unknown) => err instanceof RuleParseError && err.problems.some((p) => p.path === 'key'),
    );
  });
});

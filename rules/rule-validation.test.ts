import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SEED_VIP_P1_RULE } from './seed-rules';
import { isRuleVariable, validateRule } from './rule-validation';

const base = { key: 'r', name: 'r', kind: 'automation', condition: true, actions: [] as unknown[] };

describe('validateRule', () => {
  it('passes the seed rule as written', () => {
    assert.deepEqual(validateRule(structuredClone(SEED_VIP_P1_RULE)), []);
  });

  it('reports unknown operations and variables with their paths', () => {
    const problems = validateRule({
      ...base,
      condition: {
        and: [{ '==': [{ var: 'ticket.colour' }, 'red'] }, { frobnicate: [1] }, { in_region: [{ var: 'ticket.region' }, '华东'] }],
      },
    });
    assert.deepEqual(problems, [
      { path: 'condition.and[0].==[0].var', message: "unknown variable 'ticket.colour'" },
      { path: 'condition.and[1].frobnicate', message: "unknown operation 'frobnicate'" },
    ]);
    // the seed dialect's bare field names are checked the same way
    assert.deepEqual(validateRule({ name: 'x_rule', if: { eq: ['colour', 'red'] }, then: [] }), [
      { path: 'condition.==[0].var', message: "unknown variable 'ticket.colour'" },
    ]);
  });

  it('reports wrong action shapes and unknown references', () => {
    const problems = validateRule({
      ...base,
      actions: [
        { action: 'notify', channel: 'pigeon', target: 'x' },
        { action: 'start_timer', sla: 'p9_1h' },
        { action: 'assign' },
        { action: 'set_priority', priority: 'urgent' },
        { action: 'notify', channel: 'wecom', target: 'x', template: 'nope' },
      ],
    });
    assert.deepEqual(
      problems.map((p) => p.path),
      ['actions[3].priority'],
      'shape errors come first and alone: references are checked on a well-formed rule',
    );
    const refs = validateRule({
      ...base,
      actions: [
        { action: 'notify', channel: 'pigeon', target: 'x' },
        { action: 'start_timer', sla: 'p9_1h' },
        { action: 'assign' },
        { action: 'notify', channel: 'wecom', target: 'x', template: 'nope' },
      ],
    });
    assert.deepEqual(
      refs.map((p) => p.path),
      ['actions[0].channel', 'actions[1].sla', 'actions[2]', 'actions[3].template'],
    );
    assert.match(refs[1]!.message, /unknown SLA policy 'p9_1h'; one of p1-standard/);
  });

  it('knows the fact variables', () => {
    for (const ok of ['now', 'event', 'ticket.priority', 'ticket.details.serialNo', 'previous.status'])
      assert.equal(isRuleVariable(ok), true, ok);
    for (const bad of ['ticket', 'ticket.colour', 'customer.name', 'previous']) assert.equal(isRuleVariable(bad), false, bad);
  });
});

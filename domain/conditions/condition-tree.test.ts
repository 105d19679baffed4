import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateLogic } from '../../rules/json-logic';
import { registerRuleOperations } from '../../rules/rule-operations';
import { parseRule } from '../../rules/rule.schema';
import { sampleFacts, sampleRuleSet } from '../../rules/sample-rule-set';
import { SEED_VIP_P1_RULE } from '../../rules/seed-rules';
import { defaultRmaFlow } from '../flow/default-rma-flow';
import { defaultTicketFlow } from '../flow/default-ticket-flow';
import { defaultVisitFlow } from '../flow/default-visit-flow';
import {
  asRootGroup,
  fromJsonLogic,
  newRule,
  operatorsFor,
  rootToJsonLogic,
  toJsonLogic,
  variablesOf,
  type ConditionNode,
} from './condition-tree';
import { flowVariables, ruleVariables } from './condition-variables';

registerRuleOperations();

/** Every value under a `condition` key anywhere in a flow definition (edges, nodes, approval steps). */
function conditionsIn(value: unknown, where: string, out: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(value)) value.forEach((v, i) => conditionsIn(v, `${where}[${i}]`, out));
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) {
      if (k === 'condition' && v !== undefined) out.push([`${where}.condition`, v]);
      else conditionsIn(v, `${where}.${k}`, out);
    }
  return out;
}

const repoConditions: [string, unknown][] = [
  ...conditionsIn(defaultTicketFlow, 'ticket-flow'),
  ...conditionsIn(defaultRmaFlow, 'rma-flow'),
  ...conditionsIn(defaultVisitFlow, 'visit-flow'),
  ...sampleRuleSet().map((r): [string, unknown] => [`sample:${r.key}`, r.condition]),
  ...sampleRuleSet('c_scope').map((r): [string, unknown] => [`sample(scoped):${r.key}`, r.condition]),
  ['seed (canonical)', parseRule(SEED_VIP_P1_RULE).condition],
];

function count(node: ConditionNode, type: ConditionNode['type']): number {
  const own = node.type === type ? 1 : 0;
  return own + (node.type === 'group' ? node.children.reduce((n, c) => n + count(c, type), 0) : 0);
}

describe('condition tree round trip', () => {
  it('finds the conditions of the default flows and the sample rules', () => {
    assert.ok(repoConditions.filter(([w]) => w.includes('-flow')).length >= 12, 'flow conditions found');
    assert.equal(repoConditions.filter(([w]) => w.startsWith('sample:')).length, 20);
  });

  it('gives back every repo condition exactly, and shows each one without raw JSON-Logic', () => {
    for (const [where, logic] of repoConditions) {
      const tree = fromJsonLogic(logic);
      assert.deepEqual(toJsonLogic(tree), logic, where);
      assert.deepEqual(rootToJsonLogic(asRootGroup(logic)), logic, `${where} (as the builder's root)`);
      assert.equal(count(tree, 'raw'), 0, `${where} has a part the builder cannot show: ${JSON.stringify(tree)}`);
    }
  });

  it('evaluates the same before and after the round trip on the sample facts', () => {
    const facts = sampleFacts();
    for (const [where, logic] of repoConditions)
      for (const f of facts) {
        const data = { ...f, vars: {}, params: {}, rma: {}, visit: {} };
        assert.deepEqual(evaluateLogic(toJsonLogic(fromJsonLogic(logic)), data), evaluateLogic(logic, data), where);
      }
  });

  it('reads the documented operations as comparisons', () => {
    const t = (f: string) => ({ var: `ticket.${f}` });
    assert.deepEqual(fromJsonLogic({ in_region: [t('region'), ['华东']] }), {
      type: 'rule',
      left: { kind: 'var', name: 'ticket.region' },
      op: 'in_region',
      value: ['华东'],
    });
    assert.deepEqual(fromJsonLogic({ '==': [{ lower: t('customerTier') }, 'vip'] }), {
      type: 'rule',
      left: { kind: 'var', name: 'ticket.customerTier', lower: true },
      op: '==',
      value: 'vip',
    });
    assert.deepEqual(fromJsonLogic({ '>': [{ days_between: [t('createdAt'), { var: 'now' }] }, 5] }), {
      type: 'rule',
      left: { kind: 'elapsed', unit: 'days', from: 'ticket.createdAt', to: 'now' },
      op: '>',
      value: 5,
    });
    assert.deepEqual(fromJsonLogic({ '<=': [1, t('reopenCount'), 3] }), {
      type: 'rule',
      left: { kind: 'var', name: 'ticket.reopenCount' },
      op: 'between',
      value: [1, 3],
    });
    assert.deepEqual(fromJsonLogic({ in: ['vip', t('tags')] }), {
      type: 'rule',
      left: { kind: 'var', name: 'ticket.tags' },
      op: 'includes',
      value: 'vip',
    });
    const relative = { '<': [t('createdAt'), { add_days: [{ var: 'now' }, -3] }] };
    assert.equal(fromJsonLogic(relative).type, 'rule');
    assert.deepEqual(toJsonLogic(fromJsonLogic(relative)), relative);
    assert.deepEqual(toJsonLogic(fromJsonLogic({ business_hours: [{ var: 'now' }] })), { business_hours: [{ var: 'now' }] });
    assert.deepEqual(toJsonLogic(fromJsonLogic({ contains: [t('description'), '黑屏'] })), { contains: [t('description'), '黑屏'] });
  });

  it('keeps what it cannot show as raw JSON-Logic, verbatim, at any depth', () => {
    const odd = [
      { '+': [1, 2] },
      { '==': ['P1', { var: 'ticket.priority' }] },
      { '<': [1, { var: 'ticket.reopenCount' }, 3] },
      { some: [{ var: 'ticket.tags' }, { '==': [{ var: '' }, 'vip'] }] },
      { if: [{ var: 'a' }, true, false] },
      { '==': [{ var: 'ticket.priority' }, { cat: ['P', 1] }] },
      { '!': [1, 2] },
      { '==': [{ var: 'a' }, 1], '!=': [{ var: 'b' }, 2] },
      true,
      'text',
      42,
      null,
      [1, 2],
      {},
    ];
    for (const logic of odd) {
      const tree = fromJsonLogic(logic);
      assert.equal(tree.type, 'raw', JSON.stringify(logic));
      assert.deepEqual(toJsonLogic(tree), logic);
    }
    const nested = { and: [{ '==': [{ var: 'ticket.priority' }, 'P1'] }, { or: [odd[0], { '!': odd[3] }] }] };
    const tree = fromJsonLogic(nested);
    assert.equal(count(tree, 'raw'), 2);
    assert.deepEqual(toJsonLogic(tree), nested);
  });

  it('writes equivalent JSON-Logic for other spellings (array arguments, var in a list)', () => {
    const spellings = [
      { '!': [{ '==': [{ var: 'ticket.priority' }, 'P1'] }] },
      { '!!': { var: 'ticket.details.assetId' } },
      { '==': [{ var: ['ticket.priority'] }, 'P1'] },
      { '!': { and: [{ '==': [{ var: 'ticket.priority' }, 'P1'] }] } },
      { lower: [{ var: 'ticket.customerTier' }] },
    ];
    const datas = [{ ticket: { priority: 'P1', customerTier: 'VIP', details: { assetId: 'a' } } }, { ticket: { priority: 'P3' } }];
    for (const logic of spellings) {
      const again = toJsonLogic(fromJsonLogic(logic));
      for (const d of datas) assert.deepEqual(evaluateLogic(again, d), evaluateLogic(logic, d), JSON.stringify(logic));
      assert.deepEqual(toJsonLogic(fromJsonLogic(again)), again, 'stable after one trip');
    }
  });

  it('a not group of several children negates all of them; an empty or single implicit root is not wrapped', () => {
    const a = { '==': [{ var: 'ticket.priority' }, 'P1'] };
    const b = { in_region: [{ var: 'ticket.region' }, ['华东']] };
    assert.deepEqual(toJsonLogic({ type: 'group', combinator: 'not', children: [fromJsonLogic(a), fromJsonLogic(b)] }), {
      '!': { and: [a, b] },
    });
    assert.equal(rootToJsonLogic(asRootGroup(undefined)), undefined);
    const root = asRootGroup(a);
    assert.equal(root.implicit, true);
    root.children.push(fromJsonLogic(b));
    assert.deepEqual(rootToJsonLogic(root), { and: [a, b] });
    assert.deepEqual(rootToJsonLogic({ ...asRootGroup(a), combinator: 'any' }), { or: [a] });
  });

  it("builds the brief's condition from new rules: priority == P1 and region in 华东", () => {
    const vars = ruleVariables();
    const priority = vars.find((v) => v.name === 'ticket.priority')!;
    const region = vars.find((v) => v.name === 'ticket.region')!;
    const p = newRule({ name: priority.name, label: priority.zh, type: priority.type, options: [{ value: 'P1', label: 'P1' }] });
    const r = newRule({ name: region.name, label: region.zh, type: region.type });
    assert.deepEqual({ ...r }, { type: 'rule', left: { kind: 'var', name: 'ticket.region' }, op: 'in_region', value: [] });
    r.value = ['华东'];
    const root = asRootGroup({ and: [] });
    root.children.push(p, r);
    const logic = rootToJsonLogic(root);
    assert.deepEqual(logic, { and: [{ '==': [{ var: 'ticket.priority' }, 'P1'] }, { in_region: [{ var: 'ticket.region' }, ['华东']] }] });
    assert.equal(evaluateLogic(logic, { ticket: { priority: 'P1', region: '上海' } }), true);
    assert.equal(evaluateLogic(logic, { ticket: { priority: 'P1', region: '四川' } }), false);
  });
});

describe('condition variables', () => {
  it('types every variable the repo conditions read', () => {
    const known = new Map(
      [...ruleVariables(), ...flowVariables('ticket'), ...flowVariables('rma'), ...flowVariables('visit')].map((v) => [v.name, v]),
    );
    for (const [where, logic] of repoConditions)
      for (const name of variablesOf(logic)) {
        if (/^(vars|params)\./.test(name)) continue; // activity results and flow parameters: typed by the flow, not here
        assert.ok(known.has(name), `${where} reads ${name}, which no variable list has`);
      }
    assert.equal(known.get('ticket.region')!.type, 'region');
    assert.equal(known.get('ticket.tags')!.type, 'tags');
    assert.deepEqual(known.get('ticket.priority')!.dictionary, { type: 'priority' });
    for (const v of known.values()) assert.ok(operatorsFor(v.type).length > 0, v.name);
  });
});

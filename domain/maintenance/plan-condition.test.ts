import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCondition, conditionHolds, decideCondition, readingsNamed, type ConditionData } from './plan-condition';

const asset: ConditionData['asset'] = {
  id: 'as_1',
  serialNo: 'SN-1',
  model: 'AC-300',
  sku: null,
  status: 'in_service',
  customerId: 'c_1',
  siteId: null,
};
const rule = { '>=': [{ var: 'readings.runHours' }, 2000] };
const at = new Date('2026-05-01T00:00:00Z');
const hoursLater = (h: number) => new Date(at.getTime() + h * 3_600_000);

describe('condition-based maintenance', () => {
  it('checks rules: JSON-Logic over readings.* and known asset fields only', () => {
    assert.deepEqual(checkCondition(rule), []);
    assert.deepEqual(checkCondition({ and: [rule, { '==': [{ var: 'asset.model' }, 'AC-300'] }] }), []);
    assert.equal(checkCondition({ '>': [{ var: 'runHours' }, 1] }).length, 1, 'a bare name is not a variable');
    assert.equal(checkCondition({ '>': [{ var: 'asset.owner' }, 1] }).length, 1);
    assert.equal(checkCondition({ frobnicate: [1] }).length, 1);
    assert.equal(checkCondition('readings.runHours > 2000').length, 1);
  });

  it('evaluates on the latest readings; a missing reading does not hold', () => {
    assert.equal(conditionHolds(rule, { readings: { runHours: 2000 }, asset }), true);
    assert.equal(conditionHolds(rule, { readings: { runHours: 1999.5 }, asset }), false);
    assert.equal(conditionHolds(rule, { readings: { temperature: 80 }, asset }), false);
  });

  it('fires on the rising edge only', () => {
    assert.deepEqual(decideCondition({ matched: null, lastFiredAt: null }, true, at, 24), {
      matched: true,
      fire: true,
      reason: 'condition started to hold',
    });
    assert.equal(decideCondition({ matched: false, lastFiredAt: null }, true, at, 24).fire, true);
    assert.equal(
      decideCondition({ matched: true, lastFiredAt: at }, true, hoursLater(100), 24).fire,
      false,
      'still holding: no second ticket',
    );
    assert.deepEqual(decideCondition({ matched: true, lastFiredAt: at }, false, hoursLater(1), 24), {
      matched: false,
      fire: false,
      reason: 'condition does not hold',
    });
  });

  it('does not fire again within the minimum interval, even after the condition dropped', () => {
    const d = decideCondition({ matched: false, lastFiredAt: at }, true, hoursLater(23), 24);
    assert.equal(d.fire, false);
    assert.equal(d.matched, true);
    assert.match(d.reason, /less than 24 h ago/);
    assert.equal(decideCondition({ matched: false, lastFiredAt: at }, true, hoursLater(24), 24).fire, true);
    assert.equal(decideCondition({ matched: false, lastFiredAt: at }, true, hoursLater(0), 0).fire, true);
  });

  it('names the readings a rule uses, for the ticket', () => {
    assert.equal(
      readingsNamed({ or: [rule, { '>': [{ var: ['readings.vibration', 0] }, 7.1] }] }, { runHours: 2100, vibration: 8 }),
      'runHours=2100, vibration=8',
    );
  });
});

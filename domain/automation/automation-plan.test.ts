import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rule } from '../../rules/rule.schema';
import { automationEventsFor, MAX_CHAIN_DEPTH, planAutomation, type PinnedRuleSet } from './automation-plan';

const rule = (over: Partial<Rule> & { key: string }): Rule =>
  ({
    name: over.key,
    kind: 'automation',
    condition: { '==': [{ var: 'ticket.priority' }, 'P1'] },
    actions: [{ action: 'add_tags', tags: [over.key] }],
    priority: 100,
    enabled: true,
    ...over,
  }) as Rule;

const set = (...rules: Rule[]): PinnedRuleSet => ({ key: 'ticket', version: 7, rules });
const now = '2026-11-25T02:00:00.000Z';
const origin = { originSeq: 3, depth: 0, fired: [] };
const p1 = { ticketId: 'TK-1', priority: 'P1', status: 'in_progress', tags: [] };
const p2 = { ...p1, priority: 'P2' };

describe('automation plan', () => {
  it('maps recorded events to rule triggers', () => {
    assert.deepEqual(automationEventsFor('ticket.created', false, []), ['ticket.created']);
    assert.deepEqual(automationEventsFor('ticket.assign', true, ['status', 'assigneeId']), ['status.changed', 'ticket.updated']);
    assert.deepEqual(automationEventsFor('ticket.add-note', false, ['notes']), ['ticket.updated']);
    assert.deepEqual(automationEventsFor('ticket.timeout', true, ['status']), ['timer', 'status.changed']);
    assert.deepEqual(automationEventsFor('sla.breached', false, []), ['sla.breached']);
    assert.deepEqual(automationEventsFor('ticket.add-note', false, []), []);
  });

  it('evaluates only automation rules listening to the event, in priority order, and records why the others did not match', () => {
    const plan = planAutomation(
      set(
        rule({ key: 'late', priority: 20 }),
        rule({ key: 'early', priority: 10 }),
        rule({ key: 'p2-only', condition: { '==': [{ var: 'ticket.priority' }, 'P2'] } }),
        rule({ key: 'on-breach', on: ['sla.breached'] }),
        rule({ key: 'routing', kind: 'routing' }),
        rule({ key: 'off', enabled: false }),
      ),
      { events: ['ticket.created'], eventSeq: 2, ticket: p1, now, chain: origin },
    )!;
    assert.deepEqual(
      plan.results.map((r) => [r.ruleKey, r.matched]),
      [
        ['early', true],
        ['late', true],
        ['p2-only', false],
      ],
    );
    assert.match(plan.results[2]!.why, /priority/);
    assert.deepEqual(
      plan.run.map((r) => r.ruleKey),
      ['early', 'late'],
    );
    assert.equal(plan.ruleSetVersion, 7);
    assert.deepEqual(plan.guard, []);
  });

  it('returns null when no rule listens, so nothing is recorded', () => {
    assert.equal(
      planAutomation(set(rule({ key: 'x', on: ['sla.breached'] })), {
        events: ['ticket.updated'],
        eventSeq: 4,
        ticket: p1,
        now,
        chain: origin,
      }),
      null,
    );
  });

  it('acts on a rule without "on" only when a change makes its condition true', () => {
    const rs = set(rule({ key: 'vip' }));
    const became = planAutomation(rs, { events: ['ticket.updated'], eventSeq: 5, ticket: p1, previous: p2, now, chain: origin })!;
    assert.deepEqual(
      became.run.map((r) => r.ruleKey),
      ['vip'],
    );
    const still = planAutomation(rs, {
      events: ['ticket.updated'],
      eventSeq: 6,
      ticket: { ...p1, notes: ['x'] },
      previous: p1,
      now,
      chain: origin,
    })!;
    assert.deepEqual(still.run, []);
    assert.match(still.results[0]!.skipped!, /already matched/);
    // an explicit trigger acts every time
    const explicit = planAutomation(set(rule({ key: 'each', on: ['ticket.updated'] })), {
      events: ['ticket.updated'],
      eventSeq: 6,
      ticket: p1,
      previous: p1,
      now,
      chain: origin,
    })!;
    assert.deepEqual(
      explicit.run.map((r) => r.ruleKey),
      ['each'],
    );
  });

  it('honours stopProcessing', () => {
    const plan = planAutomation(set(rule({ key: 'a', priority: 1, stopProcessing: true }), rule({ key: 'b', priority: 2 })), {
      events: ['ticket.created'],
      eventSeq: 2,
      ticket: p1,
      now,
      chain: origin,
    })!;
    assert.deepEqual(
      plan.run.map((r) => r.ruleKey),
      ['a'],
    );
    assert.match(plan.results[1]!.skipped!, /stops processing/);
  });

  it('loop guard: a rule acts once per originating event, and chains stop past the depth limit', () => {
    const rs = set(rule({ key: 'again', on: ['ticket.updated'] }), rule({ key: 'fresh', on: ['ticket.updated'] }));
    const second = planAutomation(rs, {
      events: ['ticket.updated'],
      eventSeq: 8,
      ticket: p1,
      now,
      chain: { originSeq: 3, depth: 1, fired: ['again'] },
    })!;
    assert.deepEqual(
      second.run.map((r) => r.ruleKey),
      ['fresh'],
    );
    assert.deepEqual(
      second.guard.map((g) => [g.reason, g.ruleKey]),
      [['rule_already_fired', 'again']],
    );
    const deep = planAutomation(rs, {
      events: ['ticket.updated'],
      eventSeq: 9,
      ticket: p1,
      now,
      chain: { originSeq: 3, depth: MAX_CHAIN_DEPTH + 1, fired: [] },
    })!;
    assert.deepEqual(deep.run, []);
    assert.deepEqual(deep.results, []);
    assert.equal(deep.guard[0]!.reason, 'depth_exceeded');
  });
});

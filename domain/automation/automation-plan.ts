import type { Action, Rule } from '../../rules/rule.schema';
import { evaluateRules } from '../../rules/rule-evaluator';

/**
 * Which automation rules act on a ticket event, decided purely (the ticket workflow runs this, so
 * it must stay deterministic: no clock, no I/O; "now" comes in with the facts).
 */

/** The rule set a ticket runs with, fetched once at its start and kept for its life. */
export interface PinnedRuleSet {
  key: string;
  version: number;
  rules: Rule[];
}

export const AUTOMATION_EVENTS = ['ticket.created', 'ticket.updated', 'status.changed', 'sla.warning', 'sla.breached', 'timer'] as const;
export type AutomationEvent = (typeof AUTOMATION_EVENTS)[number];

/**
 * A rule without `on` (the seed's dialect has none) acts when its condition becomes true: at
 * creation, or on a change that makes it true. Acting on every later change of a ticket that
 * still matches would notify the duty group again for each note added.
 */
export const DEFAULT_ON: readonly AutomationEvent[] = ['ticket.created', 'ticket.updated', 'status.changed'];

/** How far one event's consequences may cascade: the event itself is depth 0, a rule's change depth 1, … */
export const MAX_CHAIN_DEPTH = 3;

/** The chain of rule-made changes started by one event; each rule acts at most once per chain. */
export interface AutomationChain {
  originSeq: number;
  depth: number;
  fired: string[];
}

export interface GuardTrip {
  reason: 'depth_exceeded' | 'rule_already_fired';
  ruleKey?: string;
  message: string;
}

export interface RuleDecisionResult {
  ruleKey: string;
  matched: boolean;
  why: string;
  /** what the rule would do (matched rules) */
  actions: Action[];
  /** set when a matched rule did not act, with the reason */
  skipped?: string;
}

/** One evaluation: what was seen, with which version, and what is to be done. */
export interface AutomationPlan {
  events: AutomationEvent[];
  eventSeq: number;
  originSeq: number;
  depth: number;
  ruleSetKey: string;
  ruleSetVersion: number;
  results: RuleDecisionResult[];
  /** the rules to carry out, in order */
  run: { ruleKey: string; actions: Action[] }[];
  guard: GuardTrip[];
}

/** One evaluation as the workflow records it: the plan plus what carrying it out did. */
export interface RuleDecisionRecord {
  ticketId: string;
  decisionNo: number;
  decidedAt: string;
  plan: AutomationPlan;
  /** each action of the rules that ran: applied, or why not */
  taken: { ruleKey: string; action: string; outcome: string; eventSeq?: number }[];
}

/** What a recorded ticket event means to automation rules. */
export function automationEventsFor(type: string, statusChanged: boolean, changedFields: readonly string[]): AutomationEvent[] {
  if (type === 'ticket.created') return ['ticket.created'];
  if (type === 'sla.warning') return ['sla.warning'];
  if (type === 'sla.breached') return ['sla.breached'];
  const events: AutomationEvent[] = [];
  if (type === 'ticket.timeout') events.push('timer');
  if (statusChanged) events.push('status.changed');
  if (changedFields.some((f) => f !== 'status')) events.push('ticket.updated');
  return events;
}

function triggersOf(rule: Rule): readonly string[] {
  return rule.on && rule.on.length ? rule.on : DEFAULT_ON;
}

/**
 * Evaluates the pinned automation rules that listen to `events`; returns null when none do (so
 * nothing is recorded for events no rule cares about). `previous` is the ticket before the change:
 * a rule without `on` that already matched it does not act again.
 */
export function planAutomation(
  ruleSet: PinnedRuleSet,
  input: {
    events: AutomationEvent[];
    eventSeq: number;
    ticket: Record<string, unknown>;
    previous?: Record<string, unknown>;
    now: string;
    chain: AutomationChain;
  },
): AutomationPlan | null {
  const { events, chain } = input;
  if (!events.length) return null;
  const listening = ruleSet.rules
    .filter((r) => r.kind === 'automation' && r.enabled !== false && triggersOf(r).some((e) => (events as string[]).includes(e)))
    .sort((a, b) => (a.priority ?? 100) - (b.priority ?? 100));
  if (!listening.length) return null;
  const plan: AutomationPlan = {
    events,
    eventSeq: input.eventSeq,
    originSeq: chain.originSeq,
    depth: chain.depth,
    ruleSetKey: ruleSet.key,
    ruleSetVersion: ruleSet.version,
    results: [],
    run: [],
    guard: [],
  };
  if (chain.depth > MAX_CHAIN_DEPTH) {
    plan.guard.push({
      reason: 'depth_exceeded',
      message: `rule changes cascaded ${chain.depth} deep from event #${chain.originSeq}; rules are not evaluated beyond depth ${MAX_CHAIN_DEPTH}`,
    });
    return plan;
  }
  const event = events[0];
  const now = { now: input.now, event };
  const evaluation = evaluateRules(listening, { ticket: input.ticket, ...now, previous: input.previous }, { event, kind: 'automation' });
  const before =
    input.previous && events[0] !== 'ticket.created'
      ? evaluateRules(
          listening.filter((r) => !r.on?.length),
          { ticket: input.previous, ...now },
          { event, kind: 'automation' },
        )
      : null;
  const matchedBefore = new Set(before?.results.filter((r) => r.matched).map((r) => r.ruleKey) ?? []);
  const byKey = new Map(evaluation.results.map((r) => [r.ruleKey, r]));
  let stopped: string | null = null;
  for (const rule of listening) {
    const r = byKey.get(rule.key);
    if (!r) continue;
    const result: RuleDecisionResult = { ruleKey: r.ruleKey, matched: r.matched, why: r.why, actions: r.matched ? r.actions : [] };
    plan.results.push(result);
    if (!r.matched) continue;
    if (stopped) result.skipped = `an earlier rule (${stopped}) stops processing`;
    else if (matchedBefore.has(rule.key))
      result.skipped = 'already matched before this change; a rule without "on" acts when its condition becomes true';
    else if (chain.fired.includes(rule.key)) {
      result.skipped = `loop guard: ${rule.key} already acted in the chain started by event #${chain.originSeq}`;
      plan.guard.push({ reason: 'rule_already_fired', ruleKey: rule.key, message: result.skipped });
    } else {
      plan.run.push({ ruleKey: rule.key, actions: r.actions });
      if (rule.stopProcessing) stopped = rule.key;
    }
  }
  return plan;
}

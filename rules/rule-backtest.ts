import { DEFAULT_ON } from '../domain/automation/automation-plan';
import { evaluateRules } from './rule-evaluator';
import type { Action, Rule, RuleEvent } from './rule.schema';

/**
 * What a list of rule actions would do to a ticket, reduced to the things a back-test compares:
 * where it goes (group, assignee), its priority, escalations, tags, SLA policy, notifications and
 * requests (approval, RMA, visit, webhook). Later actions override earlier ones, as they would when
 * carried out in order.
 */
export interface RuleOutcome {
  group: string | null;
  assignee: string | null;
  priority: string | null;
  escalations: string[];
  tagsAdded: string[];
  tagsRemoved: string[];
  slaPolicy: string | null;
  notifications: string[];
  requests: string[];
}

export function outcomeOf(actions: readonly Action[]): RuleOutcome {
  const o: RuleOutcome = {
    group: null,
    assignee: null,
    priority: null,
    escalations: [],
    tagsAdded: [],
    tagsRemoved: [],
    slaPolicy: null,
    notifications: [],
    requests: [],
  };
  for (const a of actions) {
    switch (a.action) {
      case 'assign':
        if (a.group) o.group = a.group;
        if (a.assignee) o.assignee = a.assignee;
        break;
      case 'set_priority':
        o.priority = a.priority;
        break;
      case 'escalate':
        o.escalations.push([a.level, a.group].filter(Boolean).join(' → '));
        break;
      case 'add_tags':
        for (const t of a.tags) if (!o.tagsAdded.includes(t)) o.tagsAdded.push(t);
        o.tagsRemoved = o.tagsRemoved.filter((t) => !a.tags.includes(t));
        break;
      case 'remove_tags':
        for (const t of a.tags) if (!o.tagsRemoved.includes(t)) o.tagsRemoved.push(t);
        o.tagsAdded = o.tagsAdded.filter((t) => !a.tags.includes(t));
        break;
      case 'start_timer':
      case 'set_sla_policy':
        o.slaPolicy = a.sla;
        break;
      case 'notify':
        o.notifications.push(`${a.channel}:${a.target}`);
        break;
      case 'request_approval':
        o.requests.push(`approval ${a.level}`);
        break;
      case 'create_rma':
        o.requests.push('rma');
        break;
      case 'create_visit':
        o.requests.push('visit');
        break;
      case 'call_webhook':
        o.requests.push(`webhook ${a.url}`);
        break;
    }
  }
  return o;
}

export interface OutcomeChange {
  field: keyof RuleOutcome;
  from: unknown;
  to: unknown;
}

/** The fields on which two outcomes differ (from = the published set, to = the draft). */
export function compareOutcomes(from: RuleOutcome, to: RuleOutcome): OutcomeChange[] {
  const changes: OutcomeChange[] = [];
  for (const field of Object.keys(from) as (keyof RuleOutcome)[]) {
    if (JSON.stringify(from[field]) !== JSON.stringify(to[field])) changes.push({ field, from: from[field], to: to[field] });
  }
  return changes;
}

/** One point in a closed ticket's life at which rules would have been evaluated. */
export interface BacktestPoint {
  event: RuleEvent;
  ticket: Record<string, unknown>;
  now: string;
}

/**
 * The rules of a set that act at an event: automation rules that listen to it (no `on` = the
 * events of DEFAULT_ON), routing, SLA and approval rules at creation. Validation and masking rules
 * do not change where a ticket goes, so a back-test leaves them out.
 */
export function rulesActingOn(rules: readonly Rule[], event: RuleEvent): Rule[] {
  return rules.filter((r) => {
    if (r.kind === 'automation') return (r.on?.length ? r.on : DEFAULT_ON).includes(event);
    if (r.kind === 'validation' || r.kind === 'masking') return false;
    return event === 'ticket.created';
  });
}

/** What a rule set would have done over a ticket's evaluation points, and which rules matched. */
export function replayRuleSet(rules: readonly Rule[], points: readonly BacktestPoint[]): { outcome: RuleOutcome; matched: string[] } {
  const actions: Action[] = [];
  const matched: string[] = [];
  for (const p of points) {
    const out = evaluateRules(rulesActingOn(rules, p.event), { ticket: p.ticket, now: p.now, event: p.event });
    actions.push(...out.actions);
    for (const r of out.results) if (r.matched && !r.skipped && !matched.includes(r.ruleKey)) matched.push(r.ruleKey);
  }
  return { outcome: outcomeOf(actions), matched };
}

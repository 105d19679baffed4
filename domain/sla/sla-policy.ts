import type { Priority } from '../ticket/ticket.schema';
import { STANDARD_CALENDARS, type BusinessCalendar } from './business-calendar';

/** One rung of the escalation matrix: fires `afterBreachMinutes` (wall clock) after a metric breaches. */
export interface EscalationLevel {
  level: number;
  afterBreachMinutes: number;
  /** the group told, e.g. team_lead, qa, manager */
  group: string;
  channel: string;
  template: string;
}

export interface SlaPolicy {
  id: string;
  calendarId: string;
  /** business minutes to first response */
  frtMinutes: number;
  /** business minutes to resolution */
  ttrMinutes: number;
  /** share of the target after which a warning goes out */
  warnAtPercent: number;
  escalation: EscalationLevel[];
  /** what a reopen does to the resolution clock: start over, or carry on from the time already used */
  onReopen: 'restart' | 'continue';
}

export interface PolicyChoice {
  priority: Priority;
  entitlement: string | null;
  /** what the ticket's contract promises (its coverage, decided at intake); absent on tickets without one */
  contract?: { slaPolicyId?: string | null; responseMinutes?: number | null } | null;
}

const HOUR = 60;
const DAY = 9 * HOUR; // one business day of the 09:00–18:00 calendar

const ladder = (levels: [number, string][]): EscalationLevel[] =>
  levels.map(([afterBreachMinutes, group], i) => ({
    level: i + 1,
    afterBreachMinutes,
    group,
    channel: 'wecom',
    template: 'ticket_escalated',
  }));

const STANDARD_LADDER = ladder([
  [0, 'team_lead'],
  [60, 'qa'],
  [240, 'manager'],
]);

/**
 * Default targets (MISSION §3): P1 10 min / 8 h round the clock; P2 2 h / 24 h, P3 8 h / 3 days and
 * P4 24 h / 7 days counted in business time. "Days" of P3/P4 are business days of the calendar.
 */
export const STANDARD_POLICIES: Record<string, SlaPolicy> = {
  'p1-standard': {
    id: 'p1-standard',
    calendarId: '24x7',
    frtMinutes: 10,
    ttrMinutes: 8 * HOUR,
    warnAtPercent: 75,
    escalation: STANDARD_LADDER,
    onReopen: 'restart',
  },
  'p2-standard': {
    id: 'p2-standard',
    calendarId: 'cn-business',
    frtMinutes: 2 * HOUR,
    ttrMinutes: 24 * HOUR,
    warnAtPercent: 75,
    escalation: STANDARD_LADDER,
    onReopen: 'restart',
  },
  'p3-standard': {
    id: 'p3-standard',
    calendarId: 'cn-business',
    frtMinutes: 8 * HOUR,
    ttrMinutes: 3 * DAY,
    warnAtPercent: 75,
    escalation: ladder([
      [0, 'team_lead'],
      [480, 'manager'],
    ]),
    onReopen: 'restart',
  },
  'p4-standard': {
    id: 'p4-standard',
    calendarId: 'cn-business',
    frtMinutes: 24 * HOUR,
    ttrMinutes: 7 * DAY,
    warnAtPercent: 75,
    escalation: ladder([
      [0, 'team_lead'],
      [960, 'manager'],
    ]),
    onReopen: 'continue',
  },
};

/** Entitlements that buy round-the-clock coverage keep the targets and drop the business calendar. */
const ROUND_THE_CLOCK_ENTITLEMENTS = new Set(['premium', 'vip', '24x7']);

export function isRoundTheClock(entitlement: string | null | undefined): boolean {
  return !!entitlement && ROUND_THE_CLOCK_ENTITLEMENTS.has(entitlement.toLowerCase());
}

/** A policy with the calendar it counts on, copied into the ticket so it stays pinned for the ticket's life. */
export interface ResolvedPolicy {
  policy: SlaPolicy;
  calendar: BusinessCalendar;
}

/**
 * Chooses the policy for priority × entitlement × contract. A contract only ever tightens: its
 * policy replaces the priority's standard one unless it is slower on either target (a P1 outage on
 * a contract that bought P3 service still gets P1 targets), and its response time replaces the
 * first-response target only when shorter.
 */
export function choosePolicy(choice: PolicyChoice, policies = STANDARD_POLICIES, calendars = STANDARD_CALENDARS): ResolvedPolicy {
  let base = policies[`${choice.priority.toLowerCase()}-standard`];
  if (!base) throw new Error(`no SLA policy for priority ${choice.priority}`);
  const bought = choice.contract?.slaPolicyId ? policies[choice.contract.slaPolicyId] : undefined;
  if (bought && bought.frtMinutes <= base.frtMinutes && bought.ttrMinutes <= base.ttrMinutes) base = bought;
  const response = choice.contract?.responseMinutes;
  if (response && response < base.frtMinutes) base = { ...base, id: `${base.id}+frt${response}`, frtMinutes: response };
  const roundTheClock = isRoundTheClock(choice.entitlement);
  const policy = roundTheClock && base.calendarId !== '24x7' ? { ...base, id: `${base.id}+24x7`, calendarId: '24x7' } : base;
  const calendar = calendars[policy.calendarId];
  if (!calendar) throw new Error(`SLA policy ${policy.id} names unknown calendar ${policy.calendarId}`);
  return { policy, calendar };
}

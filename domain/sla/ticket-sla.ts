/**
 * A ticket's SLA clocks: first response (FRT) and resolution (TTR), counted in business time.
 *
 * The state is plain JSON, held by the ticket workflow (and carried across continue-as-new); every
 * function here is pure and takes `now` explicitly, so the workflow drives it with workflow time,
 * the API with the wall clock and tests with any clock they like.
 *
 * Counting model: a running metric has `consumedMs` of business time banked plus the business time
 * since `runningSince`. Pausing banks the running part; resuming starts a new segment. The due
 * instant is therefore always "resume time + remaining business time", which is exact however many
 * pauses there were.
 */
import type { TicketSla, SlaMetricView } from '../ticket/ticket.schema';
import { addBusinessTime, businessTimeBetween, type BusinessCalendar } from './business-calendar';
import { choosePolicy, type PolicyChoice, type SlaPolicy } from './sla-policy';

export type SlaMetric = 'frt' | 'ttr';
const METRICS: readonly SlaMetric[] = ['frt', 'ttr'];
const MINUTE = 60_000;

/**
 * Who started the current pause: a state of the flow (left → resumes), an explicit step/action, or
 * the holds of work linked to the ticket (domain/sla/sla-holds.ts: released → resumes).
 */
export type PauseSource = 'state' | 'step' | 'hold';

export interface SlaPause {
  reason: string;
  evidence: string | null;
  source: PauseSource;
  since: string;
}

export interface SlaPauseRecord extends SlaPause {
  until: string;
}

export interface SlaMetricState {
  targetMs: number;
  consumedMs: number;
  /** start of the current running segment; null while paused or stopped */
  runningSince: string | null;
  /** when the target was met (FRT: first response, TTR: resolve) */
  stoppedAt: string | null;
  warnedAt: string | null;
  /** the deadline instant that was missed */
  breachedAt: string | null;
  /** escalation levels already fired for this metric */
  escalated: number;
}

export interface TicketSlaState {
  policy: SlaPolicy;
  calendar: BusinessCalendar;
  frt: SlaMetricState;
  ttr: SlaMetricState;
  pause: SlaPause | null;
  pauses: SlaPauseRecord[];
}

export type SlaWake =
  { at: Date; kind: 'warning' | 'breach'; metric: SlaMetric } | { at: Date; kind: 'escalation'; metric: SlaMetric; level: number };

export interface SlaNotify {
  channel: string;
  target: string;
  template: string;
}

export interface SlaOccurrence {
  kind: 'warning' | 'breach' | 'escalation';
  metric: SlaMetric;
  /** the instant it was due (the recorded event carries the instant it fired) */
  dueAt: string;
  level?: number;
  group?: string;
  notify: SlaNotify[];
}

function freshMetric(targetMinutes: number, now: Date, paused: boolean): SlaMetricState {
  return {
    targetMs: targetMinutes * MINUTE,
    consumedMs: 0,
    runningSince: paused ? null : now.toISOString(),
    stoppedAt: null,
    warnedAt: null,
    breachedAt: null,
    escalated: 0,
  };
}

/** Opens both clocks at creation with the policy for priority × entitlement. */
export function openTicketSla(choice: PolicyChoice, now: Date): TicketSlaState {
  const { policy, calendar } = choosePolicy(choice);
  return {
    policy,
    calendar,
    frt: freshMetric(policy.frtMinutes, now, false),
    ttr: freshMetric(policy.ttrMinutes, now, false),
    pause: null,
    pauses: [],
  };
}

/** Business time used so far, including the running segment. */
function usedMs(s: TicketSlaState, m: SlaMetricState, now: Date): number {
  if (!m.runningSince) return m.consumedMs;
  return m.consumedMs + Math.max(0, businessTimeBetween(s.calendar, new Date(m.runningSince), now));
}

/** The deadline of a running metric; null while paused or once stopped. */
function dueAt(s: TicketSlaState, m: SlaMetricState): Date | null {
  if (!m.runningSince) return null;
  return addBusinessTime(s.calendar, new Date(m.runningSince), m.targetMs - m.consumedMs);
}

function warnAt(s: TicketSlaState, m: SlaMetricState): Date | null {
  if (!m.runningSince) return null;
  const threshold = Math.floor((m.targetMs * s.policy.warnAtPercent) / 100);
  return addBusinessTime(s.calendar, new Date(m.runningSince), threshold - m.consumedMs);
}

function bank(s: TicketSlaState, m: SlaMetricState, now: Date): SlaMetricState {
  return m.runningSince ? { ...m, consumedMs: usedMs(s, m, now), runningSince: null } : m;
}

function mapOpen(s: TicketSlaState, fn: (m: SlaMetricState) => SlaMetricState): Pick<TicketSlaState, SlaMetric> {
  return { frt: s.frt.stoppedAt ? s.frt : fn(s.frt), ttr: s.ttr.stoppedAt ? s.ttr : fn(s.ttr) };
}

/**
 * Pauses every open clock. A second pause while paused only updates the reason (the paused
 * time is still counted from the first), so nothing is lost when a paused ticket is put on hold.
 */
export function pauseTicketSla(
  s: TicketSlaState,
  now: Date,
  reason: string,
  evidence: string | null,
  source: PauseSource = 'step',
): TicketSlaState {
  if (s.pause) return { ...s, pause: { ...s.pause, reason, evidence: evidence ?? s.pause.evidence, source } };
  return { ...s, ...mapOpen(s, (m) => bank(s, m, now)), pause: { reason, evidence, source, since: now.toISOString() } };
}

/** Resumes the clocks where they stopped. With `onlySource`, resumes only a pause that source started. */
export function resumeTicketSla(s: TicketSlaState, now: Date, onlySource?: PauseSource): TicketSlaState {
  if (!s.pause) return s;
  if (onlySource && s.pause.source !== onlySource) return s;
  const at = now.toISOString();
  return {
    ...s,
    ...mapOpen(s, (m) => ({ ...m, runningSince: at })),
    pause: null,
    pauses: [...s.pauses, { ...s.pause, until: at }],
  };
}

/** Stops metrics as met (FRT at first response, TTR at resolve). Already stopped metrics keep their time. */
export function stopSlaMetrics(s: TicketSlaState, metrics: readonly SlaMetric[], now: Date): TicketSlaState {
  const next = { ...s };
  for (const metric of metrics) {
    const m = s[metric];
    if (m.stoppedAt) continue;
    next[metric] = { ...bank(s, m, now), stoppedAt: now.toISOString() };
  }
  return next;
}

/** A reopen: the policy decides whether TTR starts over or continues from the time already used. */
export function restartTtr(s: TicketSlaState, now: Date): TicketSlaState {
  const paused = s.pause !== null;
  if (s.policy.onReopen === 'continue') {
    return { ...s, ttr: { ...s.ttr, stoppedAt: null, runningSince: paused ? null : now.toISOString() } };
  }
  return { ...s, ttr: freshMetric(s.policy.ttrMinutes, now, paused) };
}

/**
 * Priority changed mid-flight. The stated rule: business time already used carries over to the new
 * targets (measured until now on the old calendar, from now on the new one); a breach already
 * recorded stays on record; a warning not yet sent is re-armed against the new target; metrics
 * already met are left alone.
 */
export function retargetTicketSla(s: TicketSlaState, choice: PolicyChoice, now: Date): TicketSlaState {
  const { policy, calendar } = choosePolicy(choice);
  if (policy.id === s.policy.id) return s;
  const at = now.toISOString();
  const retarget = (m: SlaMetricState, targetMinutes: number): SlaMetricState => {
    if (m.stoppedAt) return m;
    const banked = bank(s, m, now);
    const targetMs = targetMinutes * MINUTE;
    const warned = m.warnedAt && banked.consumedMs >= (targetMs * policy.warnAtPercent) / 100 ? m.warnedAt : null;
    return { ...banked, targetMs, warnedAt: m.breachedAt ? m.warnedAt : warned, runningSince: s.pause ? null : at };
  };
  return { ...s, policy, calendar, frt: retarget(s.frt, policy.frtMinutes), ttr: retarget(s.ttr, policy.ttrMinutes) };
}

/** The next instant something is due: a warning, a breach or an escalation level. Null when nothing is. */
export function nextSlaWake(s: TicketSlaState): SlaWake | null {
  let next: SlaWake | null = null;
  const consider = (w: SlaWake | null) => {
    if (w && (!next || w.at.getTime() < next.at.getTime())) next = w;
  };
  for (const metric of METRICS) {
    const m = s[metric];
    if (m.stoppedAt || !m.runningSince) continue; // met, or paused: nothing is due while the clock stands still
    if (!m.breachedAt) {
      if (!m.warnedAt) consider(warnAt(s, m) && { at: warnAt(s, m)!, kind: 'warning', metric });
      const due = dueAt(s, m);
      if (due) consider({ at: due, kind: 'breach', metric });
      continue;
    }
    const level = s.policy.escalation[m.escalated];
    if (level)
      consider({
        at: new Date(Date.parse(m.breachedAt) + level.afterBreachMinutes * MINUTE),
        kind: 'escalation',
        metric,
        level: level.level,
      });
  }
  return next;
}

/** Applies a wake that came due; returns the new state and what to record and tell. */
export function fireSlaWake(s: TicketSlaState, wake: SlaWake, now: Date): { state: TicketSlaState; occurrences: SlaOccurrence[] } {
  const m = s[wake.metric];
  const dueAtIso = wake.at.toISOString();
  if (wake.kind === 'warning') {
    const state = { ...s, [wake.metric]: { ...m, warnedAt: now.toISOString() } };
    return {
      state,
      occurrences: [
        {
          kind: 'warning',
          metric: wake.metric,
          dueAt: dueAtIso,
          notify: [{ channel: 'wecom', target: 'assignee', template: 'sla_warning' }],
        },
      ],
    };
  }
  if (wake.kind === 'breach') {
    // The warning always comes due first, so it has fired by now unless both fell on the same instant.
    const state = { ...s, [wake.metric]: { ...m, warnedAt: m.warnedAt ?? now.toISOString(), breachedAt: dueAtIso } };
    return {
      state,
      occurrences: [
        {
          kind: 'breach',
          metric: wake.metric,
          dueAt: dueAtIso,
          notify: [{ channel: 'wecom', target: 'assignee', template: 'sla_breached' }],
        },
      ],
    };
  }
  const level = s.policy.escalation[m.escalated]!;
  const state = { ...s, [wake.metric]: { ...m, escalated: m.escalated + 1 } };
  return {
    state,
    occurrences: [
      {
        kind: 'escalation',
        metric: wake.metric,
        dueAt: dueAtIso,
        level: level.level,
        group: level.group,
        notify: [{ channel: level.channel, target: level.group, template: level.template }],
      },
    ],
  };
}

function metricView(s: TicketSlaState, m: SlaMetricState, now: Date): SlaMetricView {
  const state = m.stoppedAt ? 'stopped' : m.runningSince ? 'running' : 'paused';
  const due = dueAt(s, m);
  return {
    state,
    targetMinutes: Math.round(m.targetMs / MINUTE),
    dueAt: due?.toISOString() ?? null,
    remainingMs: m.targetMs - usedMs(s, m, now),
    pausedSince: state === 'paused' ? (s.pause?.since ?? null) : null,
    pauseReason: state === 'paused' ? (s.pause?.reason ?? null) : null,
    warnedAt: m.warnedAt,
    breachedAt: m.breachedAt,
    metAt: m.stoppedAt,
  };
}

/**
 * The deadline a met metric was met against: where the clock would have run out had it gone on
 * from the stop. A metric that ran over is judged by the deadline it missed (null if that was never
 * recorded, rather than a guess).
 */
function deadlineMetAgainst(s: TicketSlaState, m: SlaMetricState): string | null {
  if (!m.stoppedAt) return null;
  const left = m.targetMs - m.consumedMs;
  if (left < 0) return m.breachedAt;
  return addBusinessTime(s.calendar, new Date(m.stoppedAt), left).toISOString();
}

/** What readers see: both clocks counted down to `now`. */
export function ticketSlaView(s: TicketSlaState, now: Date): TicketSla {
  const frt = metricView(s, s.frt, now);
  const ttr = metricView(s, s.ttr, now);
  return {
    policyId: s.policy.id,
    calendarId: s.calendar.id,
    frt,
    ttr,
    frtDueAt: frt.dueAt,
    ttrDueAt: ttr.dueAt,
    resolutionDeadline: ttr.state === 'stopped' ? deadlineMetAgainst(s, s.ttr) : ttr.dueAt,
    respondedAt: frt.metAt,
    // "breached" means a deadline was missed, whether noticed by the timer yet or not
    breached: Boolean(
      frt.breachedAt ||
      ttr.breachedAt ||
      (frt.state === 'running' && frt.remainingMs < 0) ||
      (ttr.state === 'running' && ttr.remainingMs < 0),
    ),
    escalationLevel: Math.max(s.frt.escalated, s.ttr.escalated),
  };
}

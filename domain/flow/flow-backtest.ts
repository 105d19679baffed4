import { PRIORITIES, type Priority } from '../ticket/ticket.schema';
import {
  fireSlaWake,
  nextSlaWake,
  openTicketSla,
  pauseTicketSla,
  restartTtr,
  resumeTicketSla,
  retargetTicketSla,
  stopSlaMetrics,
  type SlaMetric,
  type TicketSlaState,
} from '../sla/ticket-sla';
import type { FlowDefinition } from './flow-definition';
import { actionRefusal, FlowRefusal, interpret, type FlowCommand, type FlowState } from './flow-interpreter';

/**
 * A back-test of a flow over finished work: the recorded events of each item (actions with their
 * payloads and actors, activity results) are fed again, in order and at their times, to the same
 * interpreter the workflows run, and the outcome is compared with what happened. Pure.
 *
 * What is simulated and what is approximated:
 * - Timeouts are not replayed from the record: they belong to the version that ran. The replay
 *   arms the tested flow's own timers and fires them when due between two recorded events (and up
 *   to the end of the record), as the workflow would have.
 * - An action the tested flow does not accept where it is is skipped and reported; the actions after
 *   it are still fed (people would have acted differently, which no replay can know).
 * - Activity results are matched by activity name, in order: the tested flow gets the next recorded
 *   result of the activity it calls; a call the record never made leaves the work waiting.
 * - Conditions see the work item as recorded at each event (its fields after that event), not as
 *   the tested flow would have changed it.
 * - SLA (tickets only): the clocks are opened with the ticket's policy and paused, resumed and
 *   stopped as the tested flow's states and steps say; breaches and SLA escalations are counted
 *   up to the end of the record. Linked-work holds and contract quota effects are not replayed.
 */

export type RecordedFlowEvent =
  | { type: 'start'; at: string; data: Record<string, unknown> }
  | {
      type: 'action';
      at: string;
      action: string;
      payload: Record<string, unknown>;
      actor: string;
      actorRoles?: string[];
      /** the work item as recorded after this event */
      data: Record<string, unknown>;
    }
  | { type: 'activity-result'; at: string; activity: string; result: unknown }
  | { type: 'activity-failed'; at: string; activity: string; error: string };

export interface FlowOutcome {
  /** node ids entered, oldest first */
  path: string[];
  status: string;
  ended: boolean;
  assigneeId: string | null;
  groupId: string | null;
  /** escalate steps the flow ran, plus SLA escalations (tickets) */
  escalations: number;
  /** SLA breaches (tickets); null when the kind keeps no SLA in the replay */
  slaBreaches: number | null;
}

export interface ReplayNote {
  at: string;
  /** the recorded event (`action:assign`, `activity:oms.check-eligibility`) */
  event: string;
  reason: string;
}

export interface FlowReplay {
  outcome: FlowOutcome;
  /** recorded events the tested flow did not take, with why */
  skipped: ReplayNote[];
  /** timers of the tested flow that fired during the replay, by edge id */
  timeouts: string[];
  /** what the work still waited for at the end, if anything */
  waiting: string | null;
}

export interface ReplayOptions {
  /** the end of the record (closing time): timers and SLA clocks run up to here */
  until: string;
  /** the kind's own effect of an action on assignee and group, before the flow moves */
  actionEffect?: (action: string, payload: Record<string, unknown>) => { assigneeId?: string | null; groupId?: string | null };
  /** keep the ticket's SLA clocks (ticket flows) */
  ticketSla?: boolean;
}

/** What a ticket action does to assignee and group by itself (domain/ticket/ticket-actions.ts). */
export function ticketActionEffect(
  action: string,
  payload: Record<string, unknown>,
): { assigneeId?: string | null; groupId?: string | null } {
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  if (action === 'assign' || action === 'transfer') return { assigneeId: str(payload.assigneeId) ?? null, groupId: str(payload.groupId) };
  if (action === 'escalate') return { groupId: str(payload.groupId) };
  return {};
}

interface Timer {
  edgeId: string;
  dueAt: number;
}

function describe(e: RecordedFlowEvent): string {
  if (e.type === 'action') return `action:${e.action}`;
  if (e.type === 'start') return 'start';
  return `activity:${e.activity}`;
}

/** Feeds one item's record to a flow and returns where the item would have ended up. */
export function replayFlow(def: FlowDefinition, events: readonly RecordedFlowEvent[], opts: ReplayOptions): FlowReplay {
  let state: FlowState | null = null;
  let data: Record<string, unknown> = {};
  let assigneeId: string | null = null;
  let groupId: string | null = null;
  let escalations = 0;
  let breaches = 0;
  let sla: TicketSlaState | null = null;
  let timers: Timer[] = [];
  const skipped: ReplayNote[] = [];
  const fired: string[] = [];
  /** recorded activity outcomes not yet asked for, by activity name */
  const results = new Map<string, RecordedFlowEvent[]>();

  const priorityOf = (d: Record<string, unknown>): Priority =>
    (PRIORITIES as readonly string[]).includes(String(d.priority)) ? (d.priority as Priority) : 'P3';
  const choiceOf = (d: Record<string, unknown>) => ({
    priority: priorityOf(d),
    entitlement: typeof d.entitlement === 'string' ? d.entitlement : null,
    contract: (d.coverage as { slaPolicyId?: string | null; responseMinutes?: number | null } | undefined) ?? null,
  });

  const advanceSla = (to: Date) => {
    if (!sla) return;
    for (let wake = nextSlaWake(sla); wake && wake.at.getTime() <= to.getTime(); wake = nextSlaWake(sla)) {
      const out = fireSlaWake(sla, wake, wake.at);
      sla = out.state;
      for (const o of out.occurrences) {
        if (o.kind === 'breach') breaches++;
        if (o.kind === 'escalation') escalations++;
      }
    }
  };

  /** carries out the commands as the ticket shell does, for what the back-test compares */
  const apply = (commands: FlowCommand[], at: string, payload: Record<string, unknown>) => {
    const now = new Date(at);
    for (const c of commands) {
      if (c.type === 'arm-timeouts') timers = c.timeouts.map((t) => ({ edgeId: t.edgeId, dueAt: now.getTime() + t.minutes * 60_000 }));
      else if (c.type === 'enter' && sla) {
        if (c.stopSla?.length) sla = stopSlaMetrics(sla, c.stopSla as SlaMetric[], now);
        if (c.pauseSla) {
          const reason = c.pauseSla === 'from_action' ? String(payload.reason ?? 'waiting_supplier') : c.pauseSla;
          sla = pauseTicketSla(sla, now, reason, null, 'state');
        } else sla = resumeTicketSla(sla, now, 'state');
      } else if (c.type === 'step') {
        const s = c.step;
        if (s.do === 'assign') {
          assigneeId = s.clear ? null : (s.assignee ?? assigneeId);
          groupId = s.group ?? groupId;
        } else if (s.do === 'escalate') escalations++;
        else if (s.do === 'sla' && sla) {
          if (s.op === 'pause') sla = pauseTicketSla(sla, now, String(s.reason ?? payload.reason ?? 'waiting_supplier'), null, 'step');
          else if (s.op === 'resume') sla = resumeTicketSla(sla, now);
          else if (s.op === 'stop') sla = stopSlaMetrics(sla, s.metric ? [s.metric] : ['frt', 'ttr'], now);
          else if (s.op === 'restart') sla = restartTtr(sla, now);
        }
      }
    }
  };

  const run = (event: Parameters<typeof interpret>[2], at: string, payload: Record<string, unknown> = {}) => {
    const result = interpret(def, state, event, { ticket: data, now: at });
    state = result.state;
    data = { ...data, ...result.sets };
    apply(result.commands, at, payload);
  };

  /** feeds a recorded activity outcome when the flow waits for that activity */
  const feedWaiting = (at: string) => {
    for (;;) {
      const w: FlowState['waiting'] = state?.waiting;
      if (!w || w.for !== 'activity') return;
      const queue = results.get(w.activity);
      const next = queue?.shift();
      if (!next) return;
      if (next.type === 'activity-result') run({ type: 'activity-result', callId: w.callId, result: next.result }, at);
      else if (next.type === 'activity-failed') run({ type: 'activity-failed', callId: w.callId, error: next.error }, at);
    }
  };

  /** fires the tested flow's timers due by `to`, earliest first */
  const fireTimers = (to: number) => {
    for (;;) {
      const due = timers.filter((t) => t.dueAt <= to).sort((a, b) => a.dueAt - b.dueAt)[0];
      if (!due || !state || state.ended) return;
      const at = new Date(due.dueAt);
      advanceSla(at);
      timers = timers.filter((t) => t !== due);
      try {
        run({ type: 'timeout', edgeId: due.edgeId }, at.toISOString());
        fired.push(due.edgeId);
        feedWaiting(at.toISOString());
      } catch (err) {
        if (!(err instanceof FlowRefusal)) throw err;
      }
    }
  };

  for (const e of events) {
    const t = Date.parse(e.at);
    if (e.type !== 'start') {
      fireTimers(t);
      advanceSla(new Date(t));
    }
    if (e.type === 'start') {
      if (state) continue;
      data = { ...e.data };
      assigneeId = typeof data.assigneeId === 'string' ? data.assigneeId : null;
      groupId = typeof data.groupId === 'string' ? data.groupId : null;
      if (opts.ticketSla) sla = openTicketSla(choiceOf(data), new Date(e.at));
      try {
        run({ type: 'start' }, e.at);
      } catch (err) {
        if (!(err instanceof FlowRefusal)) throw err;
        skipped.push({ at: e.at, event: 'start', reason: err.message });
        break;
      }
      feedWaiting(e.at);
      continue;
    }
    if (!state) continue;
    if (e.type === 'activity-result' || e.type === 'activity-failed') {
      const queue = results.get(e.activity) ?? [];
      queue.push(e);
      results.set(e.activity, queue);
      feedWaiting(e.at);
      continue;
    }
    const current: FlowState = state;
    const previous = { data, assigneeId, groupId };
    data = { ...e.data };
    const refusal = actionRefusal(def, current, e.action, {
      ticket: data,
      now: e.at,
      payload: e.payload,
      actor: e.actor,
      actorRoles: e.actorRoles,
    });
    if (refusal) {
      ({ data, assigneeId, groupId } = previous);
      skipped.push({ at: e.at, event: describe(e), reason: refusal.message });
      continue;
    }
    const effect = opts.actionEffect?.(e.action, e.payload) ?? {};
    if (effect.assigneeId !== undefined) assigneeId = effect.assigneeId;
    if (effect.groupId !== undefined) groupId = effect.groupId;
    if (e.action === 'change-priority' && sla) sla = retargetTicketSla(sla, choiceOf(data), new Date(e.at));
    try {
      run({ type: 'action', action: e.action, payload: e.payload, actor: e.actor, actorRoles: e.actorRoles }, e.at, e.payload);
    } catch (err) {
      if (!(err instanceof FlowRefusal)) throw err;
      ({ data, assigneeId, groupId } = previous);
      skipped.push({ at: e.at, event: describe(e), reason: err.message });
      continue;
    }
    feedWaiting(e.at);
  }
  const end = Date.parse(opts.until);
  fireTimers(end);
  advanceSla(new Date(end));

  const final = state as FlowState | null;
  const w = final?.waiting;
  return {
    outcome: {
      path: final?.path ?? [],
      status: final?.status ?? 'new',
      ended: final?.ended ?? false,
      assigneeId,
      groupId,
      escalations,
      slaBreaches: opts.ticketSla ? breaches : null,
    },
    skipped,
    timeouts: fired,
    waiting: w
      ? w.for === 'activity'
        ? `activity ${w.activity}`
        : `child ${w.kind}`
      : final?.approval
        ? `approval at ${final.nodeId}`
        : null,
  };
}

export interface OutcomeDifference {
  field: keyof FlowOutcome;
  /** what happened (path, status, assignee, group), or the pinned version's replay (escalations, SLA breaches) */
  from: unknown;
  /** what the tested flow would have done */
  to: unknown;
}

/**
 * What the tested flow would have changed. Path, status, assignee and group are compared with what
 * happened; escalations and SLA breaches with the replay of the version the item ran, since the
 * record mixes in escalations by hand and by rules that a flow replay does not model.
 */
export function compareWithActual(actual: FlowOutcome, pinned: FlowOutcome, tested: FlowOutcome): OutcomeDifference[] {
  const out: OutcomeDifference[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const field of ['path', 'status', 'assigneeId', 'groupId'] as const) {
    if (!same(actual[field], tested[field])) out.push({ field, from: actual[field], to: tested[field] });
  }
  for (const field of ['escalations', 'slaBreaches'] as const) {
    if (!same(pinned[field], tested[field])) out.push({ field, from: pinned[field], to: tested[field] });
  }
  return out;
}

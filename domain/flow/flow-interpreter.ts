import { evaluateLogic, isTruthy } from '../../rules/json-logic';
import type { CompensationStep, FlowDefinition, FlowEdge, FlowKind, FlowNode, FlowStep, NumberOrParam } from './flow-definition';
import { registerFlowOperations } from './flow-operations';

registerFlowOperations();

/**
 * The flow interpreter: a pure function (definition, state, event) → (state, commands). The
 * ticket, RMA and visit workflows feed it events and carry out its commands; the designer's
 * simulator and back-tests call the very same function. No clock and no I/O: "now" comes in with
 * the data, and everything the work waits for (an action, a timeout, an activity's result, a child
 * flow's outcome) comes back as an event.
 */

/** The payload and actor of the action that set the work moving; steps and conditions see them. */
export interface FlowScope {
  payload?: Record<string, unknown>;
  actor?: string;
}

/** What the work waits for at an action node (an activity's result) or a subflow node (the child's end). */
export type FlowWait =
  | {
      for: 'activity';
      /** feed back `activity-result` / `activity-failed` with this id */
      callId: string;
      activity: string;
      /** the node's step being waited on; the steps after it run once the result is in */
      stepIndex: number;
      resultVar?: string;
      /** the action that led here, so the node's later steps see the same payload and actor */
      scope: FlowScope;
    }
  | { for: 'child'; childId: string; kind: FlowKind };

/** An approval in progress at an approval node. */
export interface ApprovalProgress {
  nodeId: string;
  amount: number | null;
  /** the approvals needed, in order (a level appears twice when two different people must approve) */
  required: { levelId: string; role: string; group?: string }[];
  /** who approved so far, one per entry of `required` from the first */
  approvedBy: string[];
  /** no one may approve twice */
  distinct: boolean;
}

/** One approval decision, kept for the audit trail (auto-approvals too, with actor `system`). */
export interface ApprovalRecord {
  nodeId: string;
  /** null for an auto-approval */
  levelId: string | null;
  decision: 'approved' | 'rejected' | 'auto-approved';
  actor: string;
  amount: number | null;
  at: string;
  comment?: string;
}

/** Something done that a compensating edge undoes. */
export interface OwedCompensation {
  /** the node that did it */
  nodeId: string;
  /** unique for this piece of work: `<nodeId>#<path length>[:<step>]` */
  key: string;
  /** run in this order; a call's input was resolved when the compensation became owed */
  steps: { step: CompensationStep; input?: Record<string, unknown> }[];
  /** a child flow still running, cancelled by compensation */
  childId?: string;
}

export interface FlowState {
  /** the node the work waits at (a state, timer, approval, subflow, end, or an action node awaiting a call) */
  nodeId: string;
  status: string;
  /** node ids entered so far, oldest first (the path the console shows) */
  path: string[];
  /** when the current node was entered (ISO 8601) */
  enteredAt: string;
  ended: boolean;
  // The fields below appear only once a flow uses what needs them; ticket flows never carry them.
  /** activity results and child outcomes, by `resultVar` (conditions read `vars.<name>`) */
  vars?: Record<string, unknown>;
  waiting?: FlowWait;
  approval?: ApprovalProgress;
  /** every approval decision so far, oldest first */
  approvals?: ApprovalRecord[];
  /** what compensation would undo, oldest first */
  owed?: OwedCompensation[];
}

export type FlowEvent =
  | { type: 'start' }
  /**
   * a person, integrator or the system acts; `approve`/`reject` (payload `{ comment? }`) answer an
   * approval node. `actorRoles`, when given, must include the role of the approval level.
   */
  | { type: 'action'; action: string; payload: Record<string, unknown>; actor: string; actorRoles?: string[] }
  /** a timer armed by `arm-timeouts` fired */
  | { type: 'timeout'; edgeId: string }
  /** the activity of a `run-activity` command finished; `result` becomes `vars.<resultVar>` */
  | { type: 'activity-result'; callId: string; result: unknown }
  /** it failed for good (after its retries): the node's `failed` edge is taken */
  | { type: 'activity-failed'; callId: string; error: string }
  /** the child of a `start-child` command ended with this status (its end node's status) */
  | { type: 'child-outcome'; childId: string; outcome: string; result?: Record<string, unknown> };

/** What conditions and `set` steps see. */
export interface FlowData {
  /** the work item's fields (ticket, RMA or visit), read as `<kind>.<field>` (`ticket.priority`, `rma.claimAmount`) */
  ticket?: Record<string, unknown>;
  /** the same as `ticket`, under the name RMA and visit shells use; give one of the two */
  work?: Record<string, unknown>;
  now: string;
}

export type FlowCommand =
  /**
   * carry out a step (assign, notify, set, sla, escalate, webhook) — never a call, which comes as
   * `run-activity`; `compensation` marks a step run to undo earlier work
   */
  | { type: 'step'; step: FlowStep; at: string; value?: unknown; compensation?: true }
  /** the work now waits at this node */
  | { type: 'enter'; nodeId: string; status: string; pauseSla?: string; stopSla?: string[] }
  /** replace every pending flow timer with these (relative to now) */
  | { type: 'arm-timeouts'; timeouts: { edgeId: string; minutes: number }[] }
  | { type: 'end'; status: string }
  /**
   * run an activity (an integration) with this input, using `callId` as its idempotency key, and
   * feed back `activity-result` or `activity-failed` — except for a compensation, which nothing
   * waits for (run it with retries; its result is not fed back)
   */
  | { type: 'run-activity'; callId: string; activity: string; input: Record<string, unknown>; compensation?: true }
  /** start a child flow of this kind (the default published one unless `flowKey`); feed back `child-outcome` */
  | { type: 'start-child'; childId: string; kind: FlowKind; flowKey?: string; input: Record<string, unknown> }
  /** cancel a running child flow (a compensation) */
  | { type: 'cancel-child'; childId: string }
  /** an approval is wanted from this level (assign and notify steps for it follow) */
  | {
      type: 'approval-requested';
      nodeId: string;
      levelId: string;
      role: string;
      group?: string;
      amount: number | null;
      index: number;
      of: number;
    }
  /** an approval decision to record (also kept in `state.approvals`) */
  | { type: 'approval-decided'; record: ApprovalRecord };

export interface FlowResult {
  state: FlowState;
  commands: FlowCommand[];
  /** the fields `set` steps changed, already applied to the data conditions saw */
  sets: Record<string, unknown>;
}

export class FlowRefusal extends Error {
  constructor(
    message: string,
    readonly code: 'not_allowed' | 'ended' | 'no_route' | 'stale_timer' | 'stale_event' | 'loop',
  ) {
    super(message);
    this.name = 'FlowRefusal';
  }
}

const MAX_TRANSIENT_STEPS = 200;
const UNIT_MINUTES = { minutes: 1, hours: 60, days: 24 * 60 } as const;
/** node types where the work waits for actions (and timeouts) */
const ACTING_NODES = new Set<FlowNode['type']>(['state', 'approval', 'subflow']);

function nodeOf(def: FlowDefinition, id: string): FlowNode {
  const n = def.nodes.find((x) => x.id === id);
  if (!n) throw new FlowRefusal(`the flow has no node '${id}'`, 'no_route');
  return n;
}

function edgesFrom(def: FlowDefinition, id: string): FlowEdge[] {
  return def.edges.filter((e) => e.from === id);
}

function holds(edge: FlowEdge, data: object): boolean {
  return edge.condition === undefined || isTruthy(evaluateLogic(edge.condition, data));
}

function noun(def: FlowDefinition): string {
  return def.kind === 'rma' ? 'RMA' : def.kind;
}

/** A number written in the flow or read from its params; null when the param is missing or not a number. */
export function flowNumber(def: FlowDefinition, v: NumberOrParam): number | null {
  if (typeof v === 'number') return v;
  const p = def.params?.[v.param];
  return typeof p === 'number' && Number.isFinite(p) ? p : null;
}

/** The minutes a timeout edge waits, or null for an edge that is not a timeout (or whose param is unusable). */
export function timeoutMinutesOf(def: FlowDefinition, edge: FlowEdge): number | null {
  if (!edge.on) return null;
  if ('timeoutMinutes' in edge.on) return edge.on.timeoutMinutes;
  if ('timeoutParam' in edge.on) {
    const n = flowNumber(def, { param: edge.on.timeoutParam });
    return n !== null && n > 0 ? n * UNIT_MINUTES[edge.on.unit] : null;
  }
  return null;
}

function timeoutsOf(def: FlowDefinition, nodeId: string): { edgeId: string; minutes: number }[] {
  return edgesFrom(def, nodeId).flatMap((e) => {
    const minutes = timeoutMinutesOf(def, e);
    return minutes === null ? [] : [{ edgeId: e.id, minutes }];
  });
}

function outcomeEdge(def: FlowDefinition, nodeId: string, outcome: string): FlowEdge {
  const out = edgesFrom(def, nodeId);
  const edge =
    out.find((e) => e.on && 'outcome' in e.on && e.on.outcome === outcome) ??
    out.find((e) => e.on && 'outcome' in e.on && e.on.outcome === '*');
  if (!edge) throw new FlowRefusal(`node '${nodeId}' has no edge for outcome '${outcome}'`, 'no_route');
  return edge;
}

function amountOf(raw: unknown): number | null {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** The actions the work accepts where it is now. */
export function availableActions(
  def: FlowDefinition,
  state: FlowState,
  data: FlowData & { payload?: Record<string, unknown>; actor?: string },
): string[] {
  if (state.ended) return [];
  const node = nodeOf(def, state.nodeId);
  const names = new Set<string>();
  if (node.type === 'approval' && state.approval) names.add('approve').add('reject');
  if (ACTING_NODES.has(node.type)) {
    const ctx = { payload: data.payload ?? {}, actor: data.actor ?? '', ...contextOf(def, state, data) };
    for (const e of edgesFrom(def, node.id)) {
      if (e.on && 'action' in e.on && holds(e, ctx)) names.add(e.on.action);
    }
  }
  for (const g of def.globalActions) names.add(g);
  return [...names];
}

/** Why `action` is refused where the work is, or null when the flow accepts it. */
export function actionRefusal(
  def: FlowDefinition,
  state: FlowState,
  action: string,
  data: FlowData & { payload: Record<string, unknown>; actor: string; actorRoles?: string[] },
): FlowRefusal | null {
  if (state.ended) return new FlowRefusal(`the work is finished (${state.status}); no action is possible`, 'ended');
  if (def.globalActions.includes(action)) return null;
  const node = nodeOf(def, state.nodeId);
  if (node.type === 'approval' && state.approval && (action === 'approve' || action === 'reject')) {
    const progress = state.approval;
    const level = progress.required[progress.approvedBy.length]!;
    if (data.actorRoles && !data.actorRoles.includes(level.role))
      return new FlowRefusal(`deciding at approval level '${level.levelId}' needs the role '${level.role}'`, 'not_allowed');
    if (action === 'approve' && progress.distinct && progress.approvedBy.includes(data.actor))
      return new FlowRefusal(`${data.actor} has already approved this; a second, different approver is required`, 'not_allowed');
    return null;
  }
  const candidates = ACTING_NODES.has(node.type)
    ? edgesFrom(def, node.id).filter((e) => e.on && 'action' in e.on && e.on.action === action)
    : [];
  if (candidates.length === 0) {
    const allowed = availableActions(def, state, data);
    return new FlowRefusal(
      `'${action}' is not allowed while the ${noun(def)} is ${state.status}; allowed now: ${allowed.join(', ') || 'none'}`,
      'not_allowed',
    );
  }
  const ctx = { ...contextOf(def, state, data), payload: data.payload, actor: data.actor };
  if (!candidates.some((e) => holds(e, ctx))) {
    const why = candidates
      .map((e) => e.label)
      .filter(Boolean)
      .join('; ');
    return new FlowRefusal(
      `'${action}' is not allowed for this ${noun(def)} now${why ? `: ${why}` : ''} (its condition does not hold)`,
      'not_allowed',
    );
  }
  return null;
}

/** The data conditions see: the work item under its kind's name, flow variables, params and now. */
function contextOf(def: FlowDefinition, state: FlowState | null, data: FlowData): Record<string, unknown> {
  return {
    [def.kind]: data.work ?? data.ticket ?? {},
    vars: state?.vars ?? {},
    params: def.params ?? {},
    now: data.now,
  };
}

/** Applies one event and runs through transient nodes until the work waits again. */
export function interpret(def: FlowDefinition, state: FlowState | null, event: FlowEvent, data: FlowData): FlowResult {
  const commands: FlowCommand[] = [];
  const work: Record<string, unknown> = { ...(data.work ?? data.ticket ?? {}) };
  const sets: Record<string, unknown> = {};
  const at = data.now;
  let st: FlowState;
  const ctx = (scope: FlowScope): Record<string, unknown> => ({
    [def.kind]: work,
    vars: st.vars ?? {},
    params: def.params ?? {},
    now: at,
    ...scope,
  });
  const done = (): FlowResult => ({ state: st, commands, sets });

  const resolveInput = (input: Record<string, unknown> | undefined, scope: FlowScope) =>
    Object.fromEntries(Object.entries(input ?? {}).map(([k, v]) => [k, evaluateLogic(v, ctx(scope)) ?? null]));

  const runStep = (step: FlowStep, scope: FlowScope, compensation = false) => {
    const mark = compensation ? { compensation: true as const } : {};
    if (step.do === 'set') {
      const value = evaluateLogic(step.value, ctx(scope));
      work[step.field] = value;
      sets[step.field] = value;
      commands.push({ type: 'step', step, at, value, ...mark });
    } else if (step.do === 'call') {
      // Only compensations reach here (a forward call waits in its action node): nothing awaits them.
      throw new FlowRefusal(`a call to '${step.activity}' outside an action node`, 'no_route');
    } else commands.push({ type: 'step', step, at, ...mark });
  };
  const runSteps = (steps: FlowStep[] | undefined, scope: FlowScope) => {
    for (const step of steps ?? []) runStep(step, scope);
  };

  const owe = (nodeId: string, key: string, steps: CompensationStep[], scope: FlowScope) => {
    const resolved = steps.map((s) => (s.do === 'call' ? { step: s, input: resolveInput(s.input, scope) } : { step: s }));
    st = { ...st, owed: [...(st.owed ?? []), { nodeId, key, steps: resolved }] };
  };

  /** Undoes what the edge asks for, newest first, each entry once. */
  const compensate = (edge: FlowEdge, scope: FlowScope) => {
    if (!edge.compensate || !st.owed?.length) return;
    const only = edge.compensate === true ? null : new Set(edge.compensate);
    const undo = st.owed.filter((o) => !only || only.has(o.nodeId));
    for (const o of [...undo].reverse()) {
      if (o.childId) commands.push({ type: 'cancel-child', childId: o.childId });
      o.steps.forEach(({ step, input }, j) => {
        if (step.do === 'call')
          commands.push({
            type: 'run-activity',
            callId: `${o.key}/undo:${j}`,
            activity: step.activity,
            input: input ?? {},
            compensation: true,
          });
        else runStep(step, scope, true);
      });
    }
    st = { ...st, owed: st.owed.filter((o) => !undo.includes(o)) };
  };

  /** Leaving a node ends what the work waited for there. */
  const leave = () => {
    if (st.waiting === undefined && st.approval === undefined) return;
    const { waiting: _w, approval: _a, ...rest } = st;
    st = rest;
  };

  const setVar = (name: string | undefined, value: unknown) => {
    if (name) st = { ...st, vars: { ...(st.vars ?? {}), [name]: value } };
  };

  const record = (r: ApprovalRecord) => {
    st = { ...st, approvals: [...(st.approvals ?? []), r] };
    commands.push({ type: 'approval-decided', record: r });
  };

  const requestApproval = (node: Extract<FlowNode, { type: 'approval' }>) => {
    const progress = st.approval!;
    const index = progress.approvedBy.length;
    const level = progress.required[index]!;
    commands.push({
      type: 'approval-requested',
      nodeId: node.id,
      levelId: level.levelId,
      role: level.role,
      ...(level.group ? { group: level.group } : {}),
      amount: progress.amount,
      index,
      of: progress.required.length,
    });
    if (level.group) runStep({ do: 'assign', group: level.group }, {});
    runStep(
      {
        do: 'notify',
        channel: node.notify?.channel ?? 'inbox',
        target: level.group ? `group:${level.group}` : `role:${level.role}`,
        template: node.notify?.template ?? 'approval_requested',
      },
      {},
    );
  };

  /** Enters an approval node: auto-approves (returning the approved edge) or asks the first level. */
  const enterApproval = (node: Extract<FlowNode, { type: 'approval' }>, scope: FlowScope): FlowEdge | null => {
    const amount = amountOf(evaluateLogic({ var: node.amountVar }, ctx(scope)));
    const autoBelow = node.autoApproveBelow === undefined ? null : flowNumber(def, node.autoApproveBelow);
    if (amount !== null && autoBelow !== null && amount < autoBelow) {
      record({ nodeId: node.id, levelId: null, decision: 'auto-approved', actor: 'system', amount, at });
      return outcomeEdge(def, node.id, 'approved');
    }
    // An unknown amount, or a threshold whose param is missing, asks more people, never fewer.
    const levels = node.levels.filter((l, i) => i === 0 || amount === null || amount >= (flowNumber(def, l.minAmount) ?? 0));
    const required = levels.map((l) => ({ levelId: l.id, role: l.role, ...(l.group ? { group: l.group } : {}) }));
    const distinct = node.distinctApprovers !== undefined && isTruthy(evaluateLogic(node.distinctApprovers, ctx(scope)));
    if (distinct && required.length === 1) required.push({ ...required[0]! });
    st = { ...st, status: node.status, approval: { nodeId: node.id, amount, required, approvedBy: [], distinct } };
    commands.push({ type: 'enter', nodeId: node.id, status: node.status });
    commands.push({ type: 'arm-timeouts', timeouts: timeoutsOf(def, node.id) });
    requestApproval(node);
    return null;
  };

  /** Runs an action node's steps from `from`; stops at a call, which the work then waits for. */
  const runAction = (node: Extract<FlowNode, { type: 'action' }>, from: number, scope: FlowScope, resumed: boolean): 'wait' | 'done' => {
    for (let i = from; i < node.steps.length; i++) {
      const step = node.steps[i]!;
      if (step.do !== 'call') {
        runStep(step, scope);
        continue;
      }
      const callId = `${node.id}#${st.path.length}:${i}`;
      if (!resumed) {
        st = { ...st, status: node.status ?? st.status };
        commands.push({ type: 'enter', nodeId: node.id, status: st.status });
        commands.push({ type: 'arm-timeouts', timeouts: [] });
      }
      commands.push({ type: 'run-activity', callId, activity: step.activity, input: resolveInput(step.input, scope) });
      st = {
        ...st,
        waiting: {
          for: 'activity',
          callId,
          activity: step.activity,
          stepIndex: i,
          ...(step.resultVar ? { resultVar: step.resultVar } : {}),
          scope,
        },
      };
      return 'wait';
    }
    if (node.compensate) owe(node.id, `${node.id}#${st.path.length}`, node.compensate, scope);
    return 'done';
  };

  const continueEdge = (nodeId: string): FlowEdge => {
    const edge = edgesFrom(def, nodeId).find((e) => !e.on);
    if (!edge) throw new FlowRefusal(`node '${nodeId}' has no way on`, 'no_route');
    return edge;
  };

  let first: FlowEdge;
  let scope: FlowScope = {};
  if (event.type === 'start') {
    if (state) throw new FlowRefusal('the flow has already started', 'not_allowed');
    const start = def.nodes.find((n) => n.type === 'start');
    if (!start) throw new FlowRefusal('the flow has no start node', 'no_route');
    first = edgesFrom(def, start.id)[0]!;
    st = { nodeId: start.id, status: 'new', path: [start.id], enteredAt: at, ended: false };
  } else {
    if (!state) throw new FlowRefusal('the flow has not started', 'not_allowed');
    if (state.ended) throw new FlowRefusal(`the work is finished (${state.status})`, 'ended');
    st = state;
    const here = nodeOf(def, state.nodeId);
    if (event.type === 'action') {
      scope = { payload: event.payload, actor: event.actor };
      const refused = actionRefusal(def, state, event.action, {
        ...data,
        payload: event.payload,
        actor: event.actor,
        actorRoles: event.actorRoles,
      });
      if (refused) throw refused;
      if (here.type === 'approval' && state.approval && (event.action === 'approve' || event.action === 'reject')) {
        const progress = state.approval;
        const level = progress.required[progress.approvedBy.length]!;
        const comment = typeof event.payload.comment === 'string' && event.payload.comment ? { comment: event.payload.comment } : {};
        const decision = event.action === 'approve' ? 'approved' : 'rejected';
        record({ nodeId: here.id, levelId: level.levelId, decision, actor: event.actor, amount: progress.amount, at, ...comment });
        if (decision === 'approved' && progress.approvedBy.length + 1 < progress.required.length) {
          st = { ...st, approval: { ...progress, approvedBy: [...progress.approvedBy, event.actor] } };
          requestApproval(here);
          return done();
        }
        first = outcomeEdge(def, here.id, decision);
      } else {
        const edge = edgesFrom(def, here.id).find((e) => e.on && 'action' in e.on && e.on.action === event.action && holds(e, ctx(scope)));
        if (!edge) return done(); // a global action: it stays where it is
        first = edge;
      }
    } else if (event.type === 'timeout') {
      const edge = edgesFrom(def, here.id).find(
        (e) => e.id === event.edgeId && (here.type === 'timer' || (ACTING_NODES.has(here.type) && timeoutMinutesOf(def, e) !== null)),
      );
      // A timer armed in an earlier state can fire after the work moved on: ignore it.
      if (!edge) throw new FlowRefusal(`timer for edge '${event.edgeId}' no longer applies at '${here.id}'`, 'stale_timer');
      first = edge;
    } else if (event.type === 'activity-result' || event.type === 'activity-failed') {
      const w = state.waiting;
      if (here.type !== 'action' || w?.for !== 'activity' || w.callId !== event.callId)
        throw new FlowRefusal(`no activity call '${event.callId}' is awaited at '${here.id}'`, 'stale_event');
      scope = w.scope;
      const { waiting: _w, ...rest } = st;
      st = rest;
      if (event.type === 'activity-failed') {
        setVar(w.resultVar, { failed: true, error: event.error });
        first = outcomeEdge(def, here.id, 'failed');
      } else {
        setVar(w.resultVar, event.result);
        const step = here.steps[w.stepIndex];
        if (step?.do === 'call' && step.compensate) owe(here.id, event.callId, step.compensate, scope);
        if (runAction(here, w.stepIndex + 1, scope, true) === 'wait') return done();
        first = continueEdge(here.id);
      }
    } else {
      const w = state.waiting;
      if (here.type !== 'subflow' || w?.for !== 'child' || w.childId !== event.childId)
        throw new FlowRefusal(`no child flow '${event.childId}' is awaited at '${here.id}'`, 'stale_event');
      setVar(here.resultVar, { ...(event.result ?? {}), outcome: event.outcome });
      st = { ...st, owed: (st.owed ?? []).filter((o) => o.childId !== event.childId) };
      first = outcomeEdge(def, here.id, event.outcome);
    }
  }

  let edge: FlowEdge = first;
  for (let steps = 0; ; steps++) {
    if (steps > MAX_TRANSIENT_STEPS) throw new FlowRefusal('the flow ran through too many nodes without waiting', 'loop');
    leave();
    compensate(edge, scope);
    runSteps(edge.steps, scope);
    // A state's edge back to itself changes data only; the work stays and its timers keep running.
    if (edge.from === edge.to && edge.from === st.nodeId && nodeOf(def, edge.to).type === 'state') return done();
    const node = nodeOf(def, edge.to);
    st = { ...st, nodeId: node.id, path: [...st.path, node.id], enteredAt: at };
    if (node.type === 'decision') {
      const out = edgesFrom(def, node.id);
      const ordered = out.filter((e) => !e.default).sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
      const chosen = ordered.find((e) => holds(e, ctx(scope))) ?? out.find((e) => e.default);
      if (!chosen) throw new FlowRefusal(`decision '${node.id}' has no edge to take`, 'no_route');
      edge = chosen;
      continue;
    }
    if (node.type === 'action') {
      if (runAction(node, 0, scope, false) === 'wait') return done();
      edge = continueEdge(node.id);
      continue;
    }
    if (node.type === 'approval') {
      const approved = enterApproval(node, scope);
      if (!approved) return done();
      edge = approved;
      continue;
    }
    if (node.type === 'subflow') {
      const childId = `${node.id}#${st.path.length}`;
      st = {
        ...st,
        status: node.status,
        waiting: { for: 'child', childId, kind: node.kind },
        owed: [...(st.owed ?? []), { nodeId: node.id, key: childId, steps: [], childId }],
      };
      commands.push({ type: 'enter', nodeId: node.id, status: node.status });
      commands.push({ type: 'arm-timeouts', timeouts: timeoutsOf(def, node.id) });
      commands.push({
        type: 'start-child',
        childId,
        kind: node.kind,
        ...(node.flowKey ? { flowKey: node.flowKey } : {}),
        input: resolveInput(node.input, scope),
      });
      return done();
    }
    if (node.type === 'end') {
      st = { ...st, status: node.status, ended: true };
      commands.push({ type: 'enter', nodeId: node.id, status: node.status });
      commands.push({ type: 'arm-timeouts', timeouts: [] });
      commands.push({ type: 'end', status: node.status });
      return done();
    }
    if (node.type === 'state') {
      st = { ...st, status: node.status };
      commands.push({
        type: 'enter',
        nodeId: node.id,
        status: node.status,
        ...(node.pauseSla ? { pauseSla: node.pauseSla } : {}),
        ...(node.stopSla ? { stopSla: node.stopSla } : {}),
      });
      commands.push({ type: 'arm-timeouts', timeouts: timeoutsOf(def, node.id) });
      return done();
    }
    if (node.type === 'timer') {
      const out = edgesFrom(def, node.id)[0]!;
      commands.push({ type: 'enter', nodeId: node.id, status: st.status });
      commands.push({ type: 'arm-timeouts', timeouts: [{ edgeId: out.id, minutes: node.minutes }] });
      return done();
    }
    throw new FlowRefusal(`cannot enter node '${(node as FlowNode).id}'`, 'no_route');
  }
}

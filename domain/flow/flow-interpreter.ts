import { evaluateLogic, isTruthy } from '../../rules/json-logic';
import type { FlowDefinition, FlowEdge, FlowNode, FlowStep } from './flow-definition';

/**
 * The flow interpreter: a pure function (definition, state, event) → (state, commands). The
 * ticket, RMA and visit workflows feed it events and carry out its commands; the designer's
 * simulator and back-tests call the very same function.
 */

export interface FlowState {
  /** the node the work waits at (a state, timer or end node) */
  nodeId: string;
  status: string;
  /** node ids entered so far, oldest first (the path the console shows) */
  path: string[];
  /** when the current node was entered (ISO 8601) */
  enteredAt: string;
  ended: boolean;
}

export type FlowEvent =
  | { type: 'start' }
  | { type: 'action'; action: string; payload: Record<string, unknown>; actor: string }
  | { type: 'timeout'; edgeId: string };

/** What conditions and `set` steps see. */
export interface FlowData {
  ticket: Record<string, unknown>;
  now: string;
}

export type FlowCommand =
  /** carry out a step (assign, notify, set, sla, escalate, call, webhook) */
  | { type: 'step'; step: FlowStep; at: string; value?: unknown }
  /** the work now waits at this node */
  | { type: 'enter'; nodeId: string; status: string; pauseSla?: string; stopSla?: string[] }
  /** replace every pending flow timer with these (relative to now) */
  | { type: 'arm-timeouts'; timeouts: { edgeId: string; minutes: number }[] }
  | { type: 'end'; status: string };

export interface FlowResult {
  state: FlowState;
  commands: FlowCommand[];
  /** the fields `set` steps changed, already applied to the data conditions saw */
  sets: Record<string, unknown>;
}

export class FlowRefusal extends Error {
  constructor(
    message: string,
    readonly code: 'not_allowed' | 'ended' | 'no_route' | 'stale_timer' | 'loop',
  ) {
    super(message);
    this.name = 'FlowRefusal';
  }
}

const MAX_TRANSIENT_STEPS = 200;

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

/** The actions the work accepts where it is now, each with the edge it would take. */
export function availableActions(
  def: FlowDefinition,
  state: FlowState,
  data: FlowData & { payload?: Record<string, unknown>; actor?: string },
): string[] {
  if (state.ended) return [];
  const node = nodeOf(def, state.nodeId);
  const names = new Set<string>();
  if (node.type === 'state') {
    for (const e of edgesFrom(def, node.id)) {
      if (e.on && 'action' in e.on && holds(e, { payload: {}, actor: '', ...data })) names.add(e.on.action);
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
  data: FlowData & { payload: Record<string, unknown>; actor: string },
): FlowRefusal | null {
  if (state.ended) return new FlowRefusal(`the work is finished (${state.status}); no action is possible`, 'ended');
  if (def.globalActions.includes(action)) return null;
  const node = nodeOf(def, state.nodeId);
  const candidates = node.type === 'state' ? edgesFrom(def, node.id).filter((e) => e.on && 'action' in e.on && e.on.action === action) : [];
  if (candidates.length === 0) {
    const allowed = availableActions(def, state, data);
    return new FlowRefusal(
      `'${action}' is not allowed while the ticket is ${state.status}; allowed now: ${allowed.join(', ') || 'none'}`,
      'not_allowed',
    );
  }
  if (!candidates.some((e) => holds(e, data))) {
    const why = candidates
      .map((e) => e.label)
      .filter(Boolean)
      .join('; ');
    return new FlowRefusal(
      `'${action}' is not allowed for this ticket now${why ? `: ${why}` : ''} (its condition does not hold)`,
      'not_allowed',
    );
  }
  return null;
}

/** Applies one event and runs through transient nodes until the work waits again. */
export function interpret(def: FlowDefinition, state: FlowState | null, event: FlowEvent, data: FlowData): FlowResult {
  const commands: FlowCommand[] = [];
  const ticket = { ...data.ticket };
  const sets: Record<string, unknown> = {};
  const ctx = (extra: object = {}) => ({ ticket, now: data.now, ...extra });
  const at = data.now;

  const runSteps = (steps: FlowStep[] | undefined, scope: object) => {
    for (const step of steps ?? []) {
      if (step.do === 'set') {
        const value = evaluateLogic(step.value, ctx(scope));
        ticket[step.field] = value;
        sets[step.field] = value;
        commands.push({ type: 'step', step, at, value });
      } else commands.push({ type: 'step', step, at });
    }
  };

  let first: FlowEdge;
  let scope: object = {};
  if (event.type === 'start') {
    if (state) throw new FlowRefusal('the flow has already started', 'not_allowed');
    const start = def.nodes.find((n) => n.type === 'start');
    if (!start) throw new FlowRefusal('the flow has no start node', 'no_route');
    first = edgesFrom(def, start.id)[0]!;
    state = { nodeId: start.id, status: 'new', path: [start.id], enteredAt: at, ended: false };
  } else {
    if (!state) throw new FlowRefusal('the flow has not started', 'not_allowed');
    if (state.ended) throw new FlowRefusal(`the work is finished (${state.status})`, 'ended');
    const here = state.nodeId;
    if (event.type === 'action') {
      scope = { payload: event.payload, actor: event.actor };
      const refused = actionRefusal(def, state, event.action, {
        ...data,
        ...(scope as { payload: Record<string, unknown>; actor: string }),
      });
      if (refused) throw refused;
      const edge = edgesFrom(def, here).find((e) => e.on && 'action' in e.on && e.on.action === event.action && holds(e, ctx(scope)));
      if (!edge) return { state, commands, sets }; // a global action: it stays where it is
      first = edge;
    } else {
      const waitingAt = nodeOf(def, here);
      const edge = edgesFrom(def, here).find(
        (e) => e.id === event.edgeId && (waitingAt.type === 'timer' || (e.on !== undefined && 'timeoutMinutes' in e.on)),
      );
      // A timer armed in an earlier state can fire after the work moved on: ignore it.
      if (!edge) throw new FlowRefusal(`timer for edge '${event.edgeId}' no longer applies at '${here}'`, 'stale_timer');
      first = edge;
    }
  }

  let edge: FlowEdge = first;
  for (let steps = 0; ; steps++) {
    if (steps > MAX_TRANSIENT_STEPS) throw new FlowRefusal('the flow ran through too many nodes without waiting', 'loop');
    runSteps(edge.steps, scope);
    // A state's edge back to itself changes data only; the work stays and its timers keep running.
    if (edge.from === edge.to && edge.from === state.nodeId && nodeOf(def, edge.to).type === 'state') return { state, commands, sets };
    const node = nodeOf(def, edge.to);
    state = { ...state, nodeId: node.id, path: [...state.path, node.id], enteredAt: at };
    if (node.type === 'decision') {
      const out = edgesFrom(def, node.id);
      const ordered = out.filter((e) => !e.default).sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
      const chosen = ordered.find((e) => holds(e, ctx(scope))) ?? out.find((e) => e.default);
      if (!chosen) throw new FlowRefusal(`decision '${node.id}' has no edge to take`, 'no_route');
      edge = chosen;
      continue;
    }
    if (node.type === 'action') {
      runSteps(node.steps, scope);
      edge = edgesFrom(def, node.id)[0]!;
      continue;
    }
    if (node.type === 'end') {
      state = { ...state, status: node.status, ended: true };
      commands.push({ type: 'enter', nodeId: node.id, status: node.status });
      commands.push({ type: 'arm-timeouts', timeouts: [] });
      commands.push({ type: 'end', status: node.status });
      return { state, commands, sets };
    }
    if (node.type === 'state') {
      state = { ...state, status: node.status };
      commands.push({
        type: 'enter',
        nodeId: node.id,
        status: node.status,
        ...(node.pauseSla ? { pauseSla: node.pauseSla } : {}),
        ...(node.stopSla ? { stopSla: node.stopSla } : {}),
      });
      const timeouts = edgesFrom(def, node.id).flatMap((e) =>
        e.on && 'timeoutMinutes' in e.on ? [{ edgeId: e.id, minutes: e.on.timeoutMinutes }] : [],
      );
      commands.push({ type: 'arm-timeouts', timeouts });
      return { state, commands, sets };
    }
    if (node.type === 'timer') {
      const out = edgesFrom(def, node.id)[0]!;
      commands.push({ type: 'enter', nodeId: node.id, status: state.status });
      commands.push({ type: 'arm-timeouts', timeouts: [{ edgeId: out.id, minutes: node.minutes }] });
      return { state, commands, sets };
    }
    throw new FlowRefusal(`cannot enter node '${(node as FlowNode).id}'`, 'no_route');
  }
}

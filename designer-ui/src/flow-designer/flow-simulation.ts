import {
  availableActions,
  FlowRefusal,
  interpret,
  type FlowCommand,
  type FlowEvent,
  type FlowState,
} from '../../../domain/flow/flow-interpreter';
import type { FlowDefinition, FlowNode } from '../../../domain/flow/flow-definition';
import { evaluateCondition, renderLogic } from '../../../rules/rule-evaluator';

/**
 * The simulator: the production interpreter (domain/flow/flow-interpreter.ts, the very module the
 * workflows run) fed events one at a time in the browser, with a trace per node passed — what it
 * saw, what it decided and why, what it did.
 */
export interface BranchCheck {
  edgeId: string;
  to: string;
  condition: string;
  matched: boolean;
  why: string;
  isDefault: boolean;
}

export interface TraceRow {
  nodeId: string;
  type: FlowNode['type'] | 'unknown';
  label: string;
  /** what the node read (the work item's fields it saw, the event's payload) */
  input: Record<string, unknown>;
  /** a decision's branches in the order they were tried */
  branches?: BranchCheck[];
  /** the edge taken out of this node in this step */
  takenEdge?: string;
  why?: string;
  /** what it did: commands it emitted, as text */
  output: string[];
}

export interface SimStep {
  event: FlowEvent;
  ok: boolean;
  error?: string;
  state: FlowState | null;
  commands: FlowCommand[];
  trace: TraceRow[];
  /** the work item after `set` steps */
  work: Record<string, unknown>;
}

function describe(c: FlowCommand): string {
  switch (c.type) {
    case 'step': {
      const s = c.step;
      const what =
        s.do === 'notify'
          ? `notify ${s.channel} → ${s.target}: ${s.template}`
          : s.do === 'assign'
            ? `assign ${s.group ?? ''}${s.assignee ? ` / ${s.assignee}` : ''}${s.clear ? ' (clear)' : ''}`
            : s.do === 'set'
              ? `set ${s.field} = ${JSON.stringify(c.value)}`
              : s.do === 'sla'
                ? `sla ${s.op}${s.metric ? ` ${s.metric}` : ''}${s.reason ? ` (${s.reason})` : ''}`
                : s.do === 'escalate'
                  ? `escalate${s.level ? ` L${s.level}` : ''}${s.group ? ` → ${s.group}` : ''}`
                  : s.do === 'webhook'
                    ? `webhook ${s.event}`
                    : `call ${s.activity}`;
      return c.compensation ? `undo: ${what}` : what;
    }
    case 'enter':
      return `status → ${c.status}${c.pauseSla ? ` (SLA paused: ${c.pauseSla})` : ''}${c.stopSla?.length ? ` (SLA stopped: ${c.stopSla.join(', ')})` : ''}`;
    case 'arm-timeouts':
      return c.timeouts.length ? `timers: ${c.timeouts.map((t) => `${t.edgeId} in ${t.minutes} min`).join(', ')}` : 'timers cleared';
    case 'end':
      return `end (${c.status})`;
    case 'run-activity':
      return `${c.compensation ? 'undo ' : ''}run ${c.activity} ${JSON.stringify(c.input)}`;
    case 'start-child':
      return `start ${c.kind} flow${c.flowKey ? ` ${c.flowKey}` : ''} ${JSON.stringify(c.input)}`;
    case 'cancel-child':
      return `cancel child ${c.childId}`;
    case 'approval-requested':
      return `approval requested: ${c.levelId} (${c.role}) ${c.index + 1}/${c.of}, amount ${c.amount ?? '?'}`;
    case 'approval-decided':
      return `approval ${c.record.decision} by ${c.record.actor}`;
  }
}

/** The variables a condition reads (`{"var": "ticket.priority"}` → ticket.priority). */
function readsOf(logic: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(logic)) logic.forEach((x) => readsOf(x, out));
  else if (logic && typeof logic === 'object') {
    for (const [op, arg] of Object.entries(logic)) {
      if (op === 'var') {
        const name = Array.isArray(arg) ? arg[0] : arg;
        if (typeof name === 'string' && name) out.add(name);
      } else readsOf(arg, out);
    }
  }
  return out;
}

function lookup(data: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), data);
}

/**
 * Commands per node. A step command carries the very step object of the definition, so it is
 * matched to the action node (or the edge, shown on the node it leads to) it belongs to; the rest
 * belong to the node the last `enter` named (an approval's request, its assign and notify, timers).
 */
function commandsByNode(def: FlowDefinition, ids: string[], commands: FlowCommand[]): Map<string, FlowCommand[]> {
  const owner = new Map<object, string>();
  for (const n of def.nodes) if (n.type === 'action') for (const st of n.steps) owner.set(st, n.id);
  for (const e of def.edges) for (const st of e.steps ?? []) owner.set(st, e.to);
  const out = new Map<string, FlowCommand[]>();
  const add = (id: string, c: FlowCommand) => out.set(id, [...(out.get(id) ?? []), c]);
  let last: string | undefined = ids[0];
  for (const c of commands) {
    if (c.type === 'enter' || c.type === 'approval-requested') last = c.nodeId;
    const mine = c.type === 'step' ? owner.get(c.step) : undefined;
    if (mine) add(mine, c);
    else if (c.type === 'run-activity' && !c.compensation) add(c.callId.split('#')[0]!, c);
    else if (last) add(last, c);
  }
  return out;
}

export function simulate(
  def: FlowDefinition,
  state: FlowState | null,
  event: FlowEvent,
  work: Record<string, unknown>,
  now: string,
): SimStep {
  try {
    const r = interpret(def, state, event, { work, now });
    const merged = { ...work, ...r.sets };
    const from = state ? state.path.length : 0;
    // a state's self-loop adds nothing to the path; show the node acting
    const passed = r.state.path.slice(from);
    const ids = passed.length ? (state && !passed.includes(state.nodeId) ? [state.nodeId, ...passed] : passed) : [r.state.nodeId];
    const payload = event.type === 'action' ? event.payload : {};
    const actor = event.type === 'action' ? event.actor : undefined;
    const ctx = { [def.kind]: merged, vars: r.state.vars ?? {}, params: def.params ?? {}, now, payload, actor };
    const grouped = commandsByNode(def, ids, r.commands);
    const trace: TraceRow[] = ids.map((id, i) => {
      const node = def.nodes.find((n) => n.id === id);
      const next = ids[i + 1];
      const taken = next ? def.edges.find((e) => e.from === id && e.to === next) : undefined;
      const row: TraceRow = {
        nodeId: id,
        type: node?.type ?? 'unknown',
        label: node?.label ?? id,
        input: {},
        output: (grouped.get(id) ?? []).map(describe),
        ...(taken ? { takenEdge: taken.id } : {}),
      };
      if (i === 0 && event.type !== 'start')
        row.input = { event: event.type === 'action' ? event.action : event.type, ...(Object.keys(payload).length ? { payload } : {}) };
      if (node?.type === 'decision') {
        const out = def.edges.filter((e) => e.from === id);
        const ordered = [...out.filter((e) => !e.default).sort((a, b) => (a.order ?? 0) - (b.order ?? 0)), ...out.filter((e) => e.default)];
        const reads = new Set<string>();
        row.branches = ordered.map((e) => {
          if (e.default)
            return {
              edgeId: e.id,
              to: e.to,
              condition: 'default',
              matched: taken?.id === e.id,
              why: 'taken when no condition above holds',
              isDefault: true,
            };
          readsOf(e.condition).forEach((v) => reads.add(v));
          const v = evaluateCondition(e.condition, ctx);
          return { edgeId: e.id, to: e.to, condition: renderLogic(e.condition), matched: v.matched, why: v.why, isDefault: false };
        });
        row.input = Object.fromEntries([...reads].map((v) => [v, lookup(ctx, v) ?? null]));
        const chosen = row.branches.find((b) => b.edgeId === taken?.id);
        row.why = chosen ? (chosen.isDefault ? 'default: no condition held' : chosen.why) : undefined;
      }
      if (node?.type === 'approval') {
        row.input = { [node.amountVar]: lookup(ctx, node.amountVar) ?? null };
        if (taken?.on && 'outcome' in taken.on) row.why = `outcome ${taken.on.outcome}`;
      }
      if (!row.why && taken)
        row.why = taken.on
          ? Object.entries(taken.on)
              .map(([k, v]) => `${k}: ${String(v)}`)
              .join(', ')
          : 'goes on by itself';
      return row;
    });
    return { event, ok: true, state: r.state, commands: r.commands, trace, work: merged };
  } catch (err) {
    const error = err instanceof FlowRefusal ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
    return { event, ok: false, error, state, commands: [], trace: [], work };
  }
}

/** The actions the simulated work accepts now. */
export function simActions(def: FlowDefinition, state: FlowState | null, work: Record<string, unknown>, now: string): string[] {
  if (!state || state.ended) return [];
  try {
    return availableActions(def, state, { work, now });
  } catch {
    return [];
  }
}

/** The timeouts armed where the work waits: the edges a `timeout` event may name. */
export function armedTimeouts(def: FlowDefinition, state: FlowState | null): string[] {
  if (!state || state.ended) return [];
  const node = def.nodes.find((n) => n.id === state.nodeId);
  if (!node) return [];
  return def.edges
    .filter((e) => e.from === node.id && (node.type === 'timer' || (e.on && ('timeoutMinutes' in e.on || 'timeoutParam' in e.on))))
    .map((e) => e.id);
}

/** Edges of the path, for lighting them up: consecutive pairs of the path joined by an edge. */
export function pathEdges(def: Pick<FlowDefinition, 'edges'>, path: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < path.length; i++) {
    const e = def.edges.find((x) => x.from === path[i] && x.to === path[i + 1]);
    if (e) out.add(e.id);
  }
  return out;
}

import { validateLogic, type LogicProblem } from '../../rules/json-logic';
import {
  flowDefinitionSchema,
  type CompensationStep,
  type FlowDefinition,
  type FlowEdge,
  type FlowKind,
  type FlowNode,
  type FlowStep,
  type NumberOrParam,
} from './flow-definition';
import { FLOW_OPERATION_NAMES } from './flow-operations';

export interface FlowProblem {
  /** JSON path into the definition, e.g. "nodes[3].status" or "edges[e_close].condition.var" */
  path: string;
  message: string;
  nodeId?: string;
  edgeId?: string;
}

export interface FlowValidationOptions {
  /** action names the work's kind understands (ticket actions, RMA actions …) */
  knownActions: readonly string[];
  /** top-level fields of the work item, for `<kind>.<field>` variables in conditions (`ticket.priority`) */
  knownFields: readonly string[];
  /** activities `call` steps may run (the shell of the kind carries them out); none when absent */
  knownActivities?: readonly string[];
  /** kinds of child flow a `subflow` node may start; none when absent */
  subflowKinds?: readonly FlowKind[];
  /** notification templates `notify` steps and approvals may name; not checked when absent */
  knownTemplates?: readonly string[];
}

/** Nodes the interpreter passes through without waiting (an action node with a call waits for its result). */
export const TRANSIENT_TYPES = new Set<FlowNode['type']>(['start', 'decision', 'action']);

function isTransient(n: FlowNode): boolean {
  return TRANSIENT_TYPES.has(n.type) && !(n.type === 'action' && n.steps.some((s) => s.do === 'call'));
}

type Trigger = 'none' | 'action' | 'timeout' | 'outcome';
function triggerOf(e: FlowEdge): Trigger {
  if (!e.on) return 'none';
  if ('action' in e.on) return 'action';
  if ('outcome' in e.on) return 'outcome';
  return 'timeout';
}
const outcomeOf = (e: FlowEdge) => (e.on && 'outcome' in e.on ? e.on.outcome : undefined);

function knownVariable(kind: FlowKind, fields: readonly string[], vars: Set<string>, params: Set<string>) {
  const set = new Set(fields);
  return (name: string) => {
    const [root, first] = name.split('.');
    if (root === kind) return first === undefined || set.has(first);
    if (root === 'vars') return first === undefined || vars.has(first);
    if (root === 'params') return first === undefined || params.has(first);
    return root === 'payload' || root === 'actor' || root === 'now';
  };
}

/** Every step of the flow with the path it is at (compensation steps included). */
function allSteps(flow: FlowDefinition): { step: FlowStep | CompensationStep; path: string; nodeId?: string; edgeId?: string }[] {
  const out: { step: FlowStep | CompensationStep; path: string; nodeId?: string; edgeId?: string }[] = [];
  const add = (steps: (FlowStep | CompensationStep)[] | undefined, path: string, nodeId?: string, edgeId?: string) =>
    (steps ?? []).forEach((step, j) => {
      out.push({ step, path: `${path}[${j}]`, nodeId, edgeId });
      if (step.do === 'call' && 'compensate' in step) add(step.compensate, `${path}[${j}].compensate`, nodeId, edgeId);
    });
  flow.nodes.forEach((n, i) => {
    if (n.type === 'action') {
      add(n.steps, `nodes[${i}].steps`, n.id);
      add(n.compensate, `nodes[${i}].compensate`, n.id);
    }
  });
  flow.edges.forEach((e, i) => add(e.steps, `edges[${i}].steps`, e.from, e.id));
  return out;
}

/** Nodes whose work compensation can undo: action nodes declaring it on themselves or a call, and subflows. */
function compensatingNodes(flow: FlowDefinition): Set<string> {
  return new Set(
    flow.nodes
      .filter(
        (n) =>
          n.type === 'subflow' ||
          (n.type === 'action' && (n.compensate !== undefined || n.steps.some((s) => s.do === 'call' && s.compensate !== undefined))),
      )
      .map((n) => n.id),
  );
}

/**
 * Schema check plus the graph checks a designer needs while drawing: one start, every node
 * reachable, an end reachable from everywhere, decisions with exactly one default, valid
 * conditions, known actions, no loop the interpreter could spin in without waiting.
 */
export function validateFlow(
  input: unknown,
  opts: FlowValidationOptions,
): { ok: true; flow: FlowDefinition } | { ok: false; problems: FlowProblem[] } {
  const parsed = flowDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({
        path: i.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, ''),
        message: i.message,
      })),
    };
  }
  const flow = parsed.data;
  const problems: FlowProblem[] = [];
  const nodeById = new Map<string, FlowNode>();
  flow.nodes.forEach((n, i) => {
    if (nodeById.has(n.id)) problems.push({ path: `nodes[${i}].id`, message: `duplicate node id '${n.id}'`, nodeId: n.id });
    nodeById.set(n.id, n);
  });
  const edgeIds = new Set<string>();
  const out = new Map<string, FlowEdge[]>();
  const incoming = new Map<string, number>();
  flow.edges.forEach((e, i) => {
    const at = `edges[${i}]`;
    if (edgeIds.has(e.id)) problems.push({ path: `${at}.id`, message: `duplicate edge id '${e.id}'`, edgeId: e.id });
    edgeIds.add(e.id);
    if (!nodeById.has(e.from)) problems.push({ path: `${at}.from`, message: `no node '${e.from}'`, edgeId: e.id });
    if (!nodeById.has(e.to)) problems.push({ path: `${at}.to`, message: `no node '${e.to}'`, edgeId: e.id });
    out.set(e.from, [...(out.get(e.from) ?? []), e]);
    incoming.set(e.to, (incoming.get(e.to) ?? 0) + 1);
  });

  const starts = flow.nodes.filter((n) => n.type === 'start');
  if (starts.length !== 1) problems.push({ path: 'nodes', message: `a flow has exactly one start node (found ${starts.length})` });
  if (!flow.nodes.some((n) => n.type === 'end')) problems.push({ path: 'nodes', message: 'a flow needs at least one end node' });

  const edgeIndex = new Map(flow.edges.map((e, i) => [e.id, i]));
  const edgeProblem = (e: FlowEdge, field: string, message: string) =>
    problems.push({ path: `edges[${edgeIndex.get(e.id)}]${field ? '.' + field : ''}`, message, edgeId: e.id, nodeId: e.from });
  const known = new Set(opts.knownActions);
  const activities = new Set(opts.knownActivities ?? []);
  const params = new Map(Object.entries(flow.params ?? {}));
  const steps = allSteps(flow);
  const declaredVars = new Set<string>();
  // a compensation's result is never fed back, so only forward calls declare variables
  for (const { step, path } of steps)
    if (step.do === 'call' && step.resultVar && !path.includes('.compensate')) declaredVars.add(step.resultVar);
  for (const n of flow.nodes) if (n.type === 'subflow' && n.resultVar) declaredVars.add(n.resultVar);
  const varCheck = {
    knownVariable: knownVariable(flow.kind, opts.knownFields, declaredVars, new Set(params.keys())),
    extraOperations: FLOW_OPERATION_NAMES,
  };
  /** a number or a param that holds a number ≥ 0; null (with a problem) otherwise */
  const numberAt = (v: NumberOrParam, path: string, nodeId: string): number | null => {
    if (typeof v === 'number') return v;
    const p = params.get(v.param);
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0) {
      problems.push({
        path: `${path}.param`,
        message: p === undefined ? `no flow param '${v.param}'` : `param '${v.param}' is not a number ≥ 0`,
        nodeId,
      });
      return null;
    }
    return p;
  };

  flow.nodes.forEach((n, i) => {
    const edges = out.get(n.id) ?? [];
    const at = `nodes[${i}]`;
    const nodeProblem = (message: string) => problems.push({ path: at, message, nodeId: n.id });
    switch (n.type) {
      case 'start':
        if ((incoming.get(n.id) ?? 0) > 0) nodeProblem('nothing may lead back to the start node');
        if (edges.length !== 1) nodeProblem('the start node has exactly one outgoing edge');
        break;
      case 'end':
        if (edges.length > 0) nodeProblem('an end node has no outgoing edges');
        break;
      case 'timer':
        if (edges.length !== 1) nodeProblem('a timer node has exactly one outgoing edge');
        break;
      case 'action': {
        if (!n.steps.some((s) => s.do === 'call')) {
          if (edges.length !== 1) nodeProblem('an action node has exactly one outgoing edge');
          else if (edges[0]!.on) edgeProblem(edges[0]!, 'on', 'an action node goes on by itself: no action, timeout or outcome');
          break;
        }
        // A call can fail for good: the flow says where the work goes then.
        if (edges.filter((e) => !e.on).length !== 1) nodeProblem('an action node has exactly one edge without a trigger (the way on)');
        if (edges.filter((e) => outcomeOf(e) === 'failed').length !== 1)
          nodeProblem("an action node that calls an activity needs exactly one edge on outcome 'failed'");
        for (const e of edges)
          if (e.on && outcomeOf(e) !== 'failed') edgeProblem(e, 'on', "an action node's edges are its way on and its 'failed' edge");
        break;
      }
      case 'approval': {
        for (const outcome of ['approved', 'rejected']) {
          const count = edges.filter((e) => outcomeOf(e) === outcome).length;
          if (count !== 1) nodeProblem(`an approval needs exactly one edge on outcome '${outcome}' (found ${count})`);
        }
        for (const action of ['approve', 'reject'])
          if (!known.has(action)) nodeProblem(`approvals need the action '${action}', which ${flow.kind} flows do not have`);
        checkWaitingEdges(edges, ['approved', 'rejected']);
        const seen = new Set<string>();
        let previous: number | null = null;
        n.levels.forEach((l, j) => {
          const path = `${at}.levels[${j}]`;
          if (seen.has(l.id)) problems.push({ path: `${path}.id`, message: `duplicate level id '${l.id}'`, nodeId: n.id });
          seen.add(l.id);
          const min = numberAt(l.minAmount, `${path}.minAmount`, n.id);
          if (min === null) return;
          if (j === 0 && min !== 0)
            problems.push({
              path: `${path}.minAmount`,
              message: 'the first level approves every amount: its minAmount is 0',
              nodeId: n.id,
            });
          if (previous !== null && min <= previous)
            problems.push({
              path: `${path}.minAmount`,
              message: `thresholds rise level by level: ${min} is not above the previous level's ${previous}`,
              nodeId: n.id,
            });
          previous = min;
        });
        if (n.autoApproveBelow !== undefined) numberAt(n.autoApproveBelow, `${at}.autoApproveBelow`, n.id);
        pushLogic(validateLogic({ var: n.amountVar }, varCheck, `${at}.amountVar`), n.id);
        if (n.distinctApprovers !== undefined) pushLogic(validateLogic(n.distinctApprovers, varCheck, `${at}.distinctApprovers`), n.id);
        break;
      }
      case 'subflow': {
        if (!(opts.subflowKinds ?? []).includes(n.kind)) nodeProblem(`${flow.kind} flows cannot start a ${n.kind} flow`);
        if (edges.filter((e) => outcomeOf(e) === '*').length !== 1)
          nodeProblem("a subflow needs exactly one edge on outcome '*' (any outcome the other edges do not name)");
        const named = edges.map(outcomeOf).filter((o): o is string => o !== undefined);
        if (new Set(named).size !== named.length) nodeProblem('two edges for the same outcome');
        checkWaitingEdges(edges, named);
        for (const [k, v] of Object.entries(n.input ?? {})) pushLogic(validateLogic(v, varCheck, `${at}.input.${k}`), n.id);
        break;
      }
      case 'decision': {
        const defaults = edges.filter((e) => e.default);
        if (defaults.length !== 1) nodeProblem(`a decision has exactly one default edge (found ${defaults.length})`);
        for (const e of edges) {
          if (!e.default && e.condition === undefined) edgeProblem(e, 'condition', 'a decision edge needs a condition (or is the default)');
          if (e.on) edgeProblem(e, 'on', 'decision edges are taken by condition, not by an action or timeout');
        }
        break;
      }
      case 'state': {
        if (edges.length === 0) nodeProblem('a state with no way out: add an edge, or make it an end node');
        for (const e of edges) if (!e.on) edgeProblem(e, 'on', 'an edge leaving a state needs an action or a timeout');
        checkWaitingEdges(edges, []);
        break;
      }
    }
    if (n.type !== 'action' && n.type !== 'approval' && n.type !== 'subflow')
      for (const e of edges)
        if (triggerOf(e) === 'outcome') edgeProblem(e, 'on', 'outcomes are for approvals, subflows and action nodes that call');
    for (const e of edges) {
      if (e.from === e.to && n.type !== 'state') edgeProblem(e, '', 'only a state may loop back to itself');
    }

    /** Edges leaving a node where the work waits: known actions, one unconditional edge per action, valid timeouts. */
    function checkWaitingEdges(list: FlowEdge[], outcomes: string[]) {
      const unconditional = new Map<string, number>();
      for (const e of list) {
        const trigger = triggerOf(e);
        if (trigger === 'action' && e.on && 'action' in e.on) {
          if (!known.has(e.on.action)) edgeProblem(e, 'on.action', `unknown action '${e.on.action}'`);
          if (e.on.action === 'approve' || e.on.action === 'reject')
            edgeProblem(
              e,
              'on.action',
              n.type === 'approval'
                ? `an approval answers '${e.on.action}' itself: use outcome edges`
                : // only an approval node checks the approver's role
                  `'${e.on.action}' answers approval nodes only: put an approval node here`,
            );
          if (e.condition === undefined) unconditional.set(e.on.action, (unconditional.get(e.on.action) ?? 0) + 1);
        }
        if (trigger === 'outcome' && n.type === 'approval' && !outcomes.includes(outcomeOf(e)!))
          edgeProblem(e, 'on.outcome', `'${n.type}' nodes have no outcome '${outcomeOf(e)}'`);
        if (trigger === 'none' && n.type !== 'state')
          edgeProblem(e, 'on', `an edge leaving ${n.type === 'approval' ? 'an' : 'a'} ${n.type} needs an action, a timeout or an outcome`);
        if (e.default) edgeProblem(e, 'default', 'only decision edges can be the default');
      }
      for (const [action, count] of unconditional)
        if (count > 1) nodeProblem(`action '${action}' has ${count} unconditional edges: which one is meant?`);
    }
  });

  const compensating = compensatingNodes(flow);
  for (const e of flow.edges) {
    const at = `edges[${edgeIndex.get(e.id)}]`;
    if (e.condition !== undefined) pushLogic(validateLogic(e.condition, varCheck, `${at}.condition`), e.from, e.id);
    if (e.on && 'timeoutParam' in e.on) {
      const p = params.get(e.on.timeoutParam);
      if (typeof p !== 'number' || !Number.isFinite(p) || p <= 0)
        edgeProblem(
          e,
          'on.timeoutParam',
          p === undefined ? `no flow param '${e.on.timeoutParam}'` : `param '${e.on.timeoutParam}' is not a positive number`,
        );
    }
    if (e.compensate === true && compensating.size === 0) edgeProblem(e, 'compensate', 'nothing in this flow declares a compensation');
    if (Array.isArray(e.compensate))
      e.compensate.forEach((id, j) => {
        if (!compensating.has(id))
          edgeProblem(
            e,
            `compensate[${j}]`,
            nodeById.has(id) ? `node '${id}' declares no compensation: there is nothing to undo` : `no node '${id}' to compensate`,
          );
      });
  }
  const templates = opts.knownTemplates ? new Set(opts.knownTemplates) : null;
  const templateProblem = (template: string, path: string, nodeId?: string, edgeId?: string) => {
    if (templates && !templates.has(template))
      problems.push({ path, message: `unknown notification template '${template}'`, nodeId, edgeId });
  };
  flow.nodes.forEach((n, i) => {
    if (n.type === 'approval') templateProblem(n.notify?.template ?? 'approval_requested', `nodes[${i}].notify.template`, n.id);
  });
  for (const { step, path, nodeId, edgeId } of steps) {
    if (step.do === 'notify') templateProblem(step.template, `${path}.template`, nodeId, edgeId);
    if (step.do === 'set') pushLogic(validateLogic(step.value, varCheck, `${path}.value`), nodeId, edgeId);
    if (step.do !== 'call') continue;
    if (!activities.has(step.activity))
      problems.push({ path: `${path}.activity`, message: `unknown activity '${step.activity}'`, nodeId, edgeId });
    if (edgeId && !path.includes('.compensate'))
      problems.push({ path, message: 'a call waits for its result: put it in an action node', nodeId, edgeId });
    for (const [k, v] of Object.entries(step.input ?? {})) pushLogic(validateLogic(v, varCheck, `${path}.input.${k}`), nodeId, edgeId);
  }
  flow.globalActions.forEach((a, i) => {
    if (!known.has(a)) problems.push({ path: `globalActions[${i}]`, message: `unknown action '${a}'` });
  });

  function pushLogic(list: LogicProblem[], nodeId?: string, edgeId?: string) {
    for (const p of list) problems.push({ path: p.path, message: p.message, nodeId, edgeId });
  }

  if (problems.length === 0) {
    checkReachability(flow, out, problems);
    checkTransientCycles(flow, nodeById, out, problems);
  }
  return problems.length ? { ok: false, problems } : { ok: true, flow };
}

function checkReachability(flow: FlowDefinition, out: Map<string, FlowEdge[]>, problems: FlowProblem[]) {
  const start = flow.nodes.find((n) => n.type === 'start')!;
  const reached = new Set<string>([start.id]);
  const queue = [start.id];
  while (queue.length) {
    for (const e of out.get(queue.shift()!) ?? []) {
      if (reached.has(e.to)) continue;
      reached.add(e.to);
      queue.push(e.to);
    }
  }
  flow.nodes.forEach((n, i) => {
    if (!reached.has(n.id))
      problems.push({ path: `nodes[${i}]`, message: `node '${n.id}' cannot be reached from the start`, nodeId: n.id });
  });
  // Walk backwards from the ends: every node must be able to finish.
  const into = new Map<string, string[]>();
  for (const e of flow.edges) into.set(e.to, [...(into.get(e.to) ?? []), e.from]);
  const canEnd = new Set(flow.nodes.filter((n) => n.type === 'end').map((n) => n.id));
  const back = [...canEnd];
  while (back.length) {
    for (const from of into.get(back.shift()!) ?? []) {
      if (canEnd.has(from)) continue;
      canEnd.add(from);
      back.push(from);
    }
  }
  flow.nodes.forEach((n, i) => {
    if (reached.has(n.id) && !canEnd.has(n.id))
      problems.push({ path: `nodes[${i}]`, message: `dead end: no path from '${n.id}' leads to an end`, nodeId: n.id });
  });
}

/** A cycle made only of decision/action nodes would make the interpreter spin without waiting. */
function checkTransientCycles(
  flow: FlowDefinition,
  nodeById: Map<string, FlowNode>,
  out: Map<string, FlowEdge[]>,
  problems: FlowProblem[],
) {
  const transient = (id: string) => isTransient(nodeById.get(id)!);
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    state.set(id, 'visiting');
    for (const e of out.get(id) ?? []) {
      if (!transient(e.to)) continue;
      if (state.get(e.to) === 'visiting') {
        problems.push({
          path: 'edges',
          message: `loop without a waiting state: ${[...trail, id, e.to].join(' → ')}`,
          nodeId: e.to,
          edgeId: e.id,
        });
      } else if (!state.has(e.to)) visit(e.to, [...trail, id]);
    }
    state.set(id, 'done');
  };
  for (const n of flow.nodes) if (transient(n.id) && !state.has(n.id)) visit(n.id, []);
}

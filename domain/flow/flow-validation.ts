import { validateLogic, type LogicProblem } from '../../rules/json-logic';
import { flowDefinitionSchema, type FlowDefinition, type FlowEdge, type FlowNode } from './flow-definition';

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
  /** top-level fields of the work item, for `ticket.<field>` variables in conditions */
  knownFields: readonly string[];
}

/** Nodes the interpreter passes through without waiting. */
export const TRANSIENT_TYPES = new Set<FlowNode['type']>(['start', 'decision', 'action']);

function knownVariable(fields: readonly string[]) {
  const set = new Set(fields);
  return (name: string) => {
    const [root, first] = name.split('.');
    if (root === 'ticket') return first === undefined || set.has(first);
    return root === 'payload' || root === 'actor' || root === 'now';
  };
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
  const varCheck = { knownVariable: knownVariable(opts.knownFields) };

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
      case 'action':
      case 'timer':
        if (edges.length !== 1) nodeProblem(`a${n.type === 'action' ? 'n action' : ' timer'} node has exactly one outgoing edge`);
        break;
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
        const unconditional = new Map<string, number>();
        for (const e of edges) {
          if (!e.on) edgeProblem(e, 'on', 'an edge leaving a state needs an action or a timeout');
          else if ('action' in e.on) {
            if (!known.has(e.on.action)) edgeProblem(e, 'on.action', `unknown action '${e.on.action}'`);
            if (e.condition === undefined) unconditional.set(e.on.action, (unconditional.get(e.on.action) ?? 0) + 1);
          }
          if (e.default) edgeProblem(e, 'default', 'only decision edges can be the default');
        }
        for (const [action, count] of unconditional)
          if (count > 1) nodeProblem(`action '${action}' has ${count} unconditional edges: which one is meant?`);
        break;
      }
    }
    if (n.type === 'action') {
      n.steps.forEach((s, j) => {
        if (s.do === 'set') pushLogic(validateLogic(s.value, varCheck, `${at}.steps[${j}].value`), n.id);
      });
    }
    for (const e of edges) {
      if (e.from === e.to && n.type !== 'state') edgeProblem(e, '', 'only a state may loop back to itself');
    }
  });

  for (const e of flow.edges) {
    if (e.condition !== undefined) pushLogic(validateLogic(e.condition, varCheck, `edges[${edgeIndex.get(e.id)}].condition`), e.from, e.id);
    for (const [j, s] of (e.steps ?? []).entries()) {
      if (s.do === 'set') pushLogic(validateLogic(s.value, varCheck, `edges[${edgeIndex.get(e.id)}].steps[${j}].value`), e.from, e.id);
    }
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
  const transient = (id: string) => TRANSIENT_TYPES.has(nodeById.get(id)!.type);
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

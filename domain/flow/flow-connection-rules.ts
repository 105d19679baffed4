import type { FlowEdge, FlowNodeType } from './flow-definition';

/**
 * The checks the designer runs while an admin draws an edge, before it exists: a connection that
 * can never be part of a valid flow is refused on drop, with the reason shown. Pure, and a subset
 * of flow-validation.ts (which still checks the whole graph): what is refused here is what no
 * later edit could repair — an edge out of an end node, a self-loop on a node that is not a state,
 * a second edge where a node has exactly one, a port the node does not have.
 */

/** What the rules need of a node: its type and, for action nodes, whether a step calls an activity. */
export interface ConnectionNode {
  id: string;
  type: FlowNodeType;
  steps?: readonly { do: string }[];
}

export type ConnectionEdge = Pick<FlowEdge, 'id' | 'from' | 'to' | 'on' | 'default'>;

export interface ConnectionGraph {
  nodes: readonly ConnectionNode[];
  edges: readonly ConnectionEdge[];
}

/**
 * The ports edges leave from. `out` is every node's plain exit; approvals have one port per
 * outcome, and an action node that calls an activity has a `failed` port for a call failing for good.
 */
export type SourcePort = 'out' | 'approved' | 'rejected' | 'failed';

export type ConnectionRefusal =
  | 'unknown_node'
  | 'from_end'
  | 'into_start'
  | 'self_loop'
  | 'start_one_edge'
  | 'timer_one_edge'
  | 'action_one_edge'
  | 'wrong_port'
  | 'duplicate_outcome'
  | 'duplicate_branch'
  | 'second_default';

export const CONNECTION_REFUSALS: Record<ConnectionRefusal, string> = {
  unknown_node: 'there is no such node',
  from_end: 'an end node has no outgoing edges',
  into_start: 'nothing may lead back to the start node',
  self_loop: 'only a state may loop back to itself',
  start_one_edge: 'the start node has exactly one outgoing edge',
  timer_one_edge: 'a timer node has exactly one outgoing edge',
  action_one_edge: 'an action node has exactly one way on',
  wrong_port: 'this node has no such port',
  duplicate_outcome: 'this outcome already has its edge',
  duplicate_branch: 'this decision already has a branch to that node',
  second_default: 'a decision has exactly one default edge',
};

export const callsActivity = (n: ConnectionNode): boolean => n.type === 'action' && (n.steps ?? []).some((s) => s.do === 'call');

/** The ports a node offers; an end node offers none. */
export function sourcePorts(n: ConnectionNode): SourcePort[] {
  switch (n.type) {
    case 'end':
      return [];
    case 'approval':
      return ['approved', 'rejected', 'out'];
    case 'action':
      return callsActivity(n) ? ['out', 'failed'] : ['out'];
    default:
      return ['out'];
  }
}

const outcomeOf = (e: ConnectionEdge): string | undefined => (e.on && 'outcome' in e.on ? e.on.outcome : undefined);

/** The port an existing edge leaves from (so the canvas draws it where it belongs). */
export function portOfEdge(source: ConnectionNode | undefined, e: ConnectionEdge): SourcePort {
  const outcome = outcomeOf(e);
  if (source?.type === 'approval' && (outcome === 'approved' || outcome === 'rejected')) return outcome;
  if (source?.type === 'action' && outcome === 'failed') return 'failed';
  return 'out';
}

export interface ConnectionRequest {
  from: string;
  to: string;
  /** the port dragged from; `out` when absent */
  port?: string | null;
}

/** The fields a new edge starts with: the outcome of its port, a decision's first branch as its default. */
export type EdgeTemplate = Pick<FlowEdge, 'on' | 'default'>;

export type ConnectionVerdict = { ok: true; edge: EdgeTemplate } | { ok: false; reason: ConnectionRefusal; message: string };

const refuse = (reason: ConnectionRefusal): ConnectionVerdict => ({ ok: false, reason, message: CONNECTION_REFUSALS[reason] });

/** Whether an edge may be drawn from `from` (at `port`) to `to`, and what it starts as. */
export function checkConnection(graph: ConnectionGraph, req: ConnectionRequest): ConnectionVerdict {
  const source = graph.nodes.find((n) => n.id === req.from);
  const target = graph.nodes.find((n) => n.id === req.to);
  if (!source || !target) return refuse('unknown_node');
  if (source.type === 'end') return refuse('from_end');
  if (target.type === 'start') return refuse('into_start');
  if (req.from === req.to && source.type !== 'state') return refuse('self_loop');
  const port = (req.port || 'out') as SourcePort;
  if (!sourcePorts(source).includes(port)) return refuse('wrong_port');
  const out = graph.edges.filter((e) => e.from === source.id);
  switch (source.type) {
    case 'start':
      if (out.length > 0) return refuse('start_one_edge');
      return { ok: true, edge: {} };
    case 'timer':
      if (out.length > 0) return refuse('timer_one_edge');
      return { ok: true, edge: {} };
    case 'action':
      if (port === 'failed') {
        if (out.some((e) => outcomeOf(e) === 'failed')) return refuse('duplicate_outcome');
        return { ok: true, edge: { on: { outcome: 'failed' } } };
      }
      if (out.some((e) => !e.on)) return refuse('action_one_edge');
      return { ok: true, edge: {} };
    case 'approval':
      if (port === 'approved' || port === 'rejected') {
        if (out.some((e) => outcomeOf(e) === port)) return refuse('duplicate_outcome');
        return { ok: true, edge: { on: { outcome: port } } };
      }
      return { ok: true, edge: {} };
    case 'subflow':
      // The first edge catches every outcome; later ones name theirs in the side panel.
      return { ok: true, edge: out.some((e) => outcomeOf(e) === '*') ? {} : { on: { outcome: '*' } } };
    case 'decision':
      if (out.some((e) => e.to === target.id)) return refuse('duplicate_branch');
      return { ok: true, edge: out.some((e) => e.default) ? {} : { default: true } };
    default:
      return { ok: true, edge: {} };
  }
}

/** Whether `edgeId` may become its decision's default branch (refused when another edge already is). */
export function checkDefaultBranch(graph: ConnectionGraph, edgeId: string): ConnectionVerdict {
  const edge = graph.edges.find((e) => e.id === edgeId);
  if (!edge) return refuse('unknown_node');
  const source = graph.nodes.find((n) => n.id === edge.from);
  if (source?.type !== 'decision') return refuse('wrong_port');
  if (graph.edges.some((e) => e.from === edge.from && e.id !== edge.id && e.default)) return refuse('second_default');
  return { ok: true, edge: { default: true } };
}

/** Whether an existing edge may be moved to a new source/target (reconnect): the same rules, without the edge itself. */
export function checkReconnection(graph: ConnectionGraph, edgeId: string, req: ConnectionRequest): ConnectionVerdict {
  return checkConnection({ nodes: graph.nodes, edges: graph.edges.filter((e) => e.id !== edgeId) }, req);
}

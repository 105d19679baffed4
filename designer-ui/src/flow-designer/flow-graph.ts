import type { Edge, Node } from '@xyflow/react';
import type { FlowDefinition, FlowEdge, FlowKind, FlowNode, FlowNodeType } from '../../../domain/flow/flow-definition';
import { portOfEdge } from '../../../domain/flow/flow-connection-rules';
import { renderLogic } from '../../../rules/rule-evaluator';

/**
 * The designer keeps the flow as React Flow nodes and edges (positions, selection, sizes) with the
 * flow's own node and edge objects in `data`; the definition is read back from them for saving,
 * checking and simulating. Work in progress may be invalid, so the types are loose here.
 */
export type NodeBody = FlowNode extends infer N ? (N extends FlowNode ? Omit<N, 'position'> : never) : never;
export type FlowRfNode = Node<{ node: NodeBody }, FlowNodeType>;
export type FlowRfEdge = Edge<{ edge: FlowEdge }>;

/** Everything of the definition that is not the graph. */
export interface FlowMeta {
  key: string;
  kind: FlowKind;
  name: string;
  description?: string;
  globalActions: string[];
  params?: Record<string, number | string | boolean>;
}

export interface FlowDoc {
  meta: FlowMeta;
  nodes: FlowRfNode[];
  edges: FlowRfEdge[];
}

export const NODE_TYPES: FlowNodeType[] = ['start', 'state', 'decision', 'action', 'approval', 'subflow', 'timer', 'end'];

const GRID = 20;
const snap = (v: number) => Math.round(v / GRID) * GRID;

export function edgeText(e: FlowEdge): string {
  if (e.label) return e.label;
  const parts: string[] = [];
  if (e.on && 'action' in e.on) parts.push(e.on.action);
  else if (e.on && 'timeoutMinutes' in e.on) parts.push(`◔ ${e.on.timeoutMinutes} min`);
  else if (e.on && 'timeoutParam' in e.on) parts.push(`◔ params.${e.on.timeoutParam} ${e.on.unit}`);
  else if (e.on && 'outcome' in e.on) parts.push(e.on.outcome === '*' ? '*' : e.on.outcome);
  if (e.default) parts.push('default');
  else if (e.condition !== undefined) {
    const text = safeRender(e.condition);
    parts.push(text.length > 40 ? `${text.slice(0, 39)}…` : text);
  }
  return parts.join(' · ');
}

function safeRender(logic: unknown): string {
  try {
    return renderLogic(logic);
  } catch {
    return JSON.stringify(logic);
  }
}

export function toRfEdge(e: FlowEdge, source: NodeBody | undefined): FlowRfEdge {
  const port = portOfEdge(source, e);
  return {
    id: e.id,
    source: e.from,
    target: e.to,
    sourceHandle: port,
    targetHandle: 'in',
    label: edgeText(e),
    data: { edge: e },
  };
}

export function toDoc(def: FlowDefinition): FlowDoc {
  const { nodes, edges, key, kind, name, description, globalActions, params } = def;
  const rfNodes: FlowRfNode[] = nodes.map((n, i) => {
    const { position, ...body } = n;
    return {
      id: n.id,
      type: n.type,
      position: position ?? { x: (i % 5) * 240, y: Math.floor(i / 5) * 140 },
      data: { node: body },
    };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return {
    meta: { key, kind, name, ...(description ? { description } : {}), globalActions: globalActions ?? [], ...(params ? { params } : {}) },
    nodes: rfNodes,
    edges: edges.map((e) => toRfEdge(e, byId.get(e.from))),
  };
}

/** The definition as saved: node positions come from the canvas. */
export function toDefinition(doc: Pick<FlowDoc, 'meta' | 'nodes' | 'edges'>): FlowDefinition {
  return {
    ...doc.meta,
    nodes: doc.nodes.map((n) => ({ ...n.data.node, position: { x: Math.round(n.position.x), y: Math.round(n.position.y) } }) as FlowNode),
    edges: doc.edges.map((e) => e.data!.edge),
  };
}

/** Without the nodes' layout: what decides whether two docs differ for saving. */
export function definitionKey(doc: FlowDoc): string {
  return JSON.stringify(toDefinition(doc));
}

export function uniqueId(prefix: string, taken: Set<string>): string {
  const base = prefix.replace(/[^a-z0-9_-]/g, '_').replace(/^[^a-z]+/, '') || 'n';
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** A new node of `type` as the palette drops it: valid on its own wherever the schema allows. */
export function newNodeBody(type: FlowNodeType, id: string, kind: FlowKind): NodeBody {
  switch (type) {
    case 'start':
      return { id, type };
    case 'state':
      return { id, type, status: 'in_progress' };
    case 'decision':
      return { id, type };
    case 'action':
      return { id, type, steps: [{ do: 'notify', channel: 'sms', target: 'customer', template: `${kind}_created` }] };
    case 'approval':
      return {
        id,
        type,
        // a ticket waits for approval in review (a ticket status) and is approved by its claim's worth
        status: kind === 'ticket' ? 'pending_review' : 'pending_approval',
        amountVar: kind === 'rma' ? 'rma.claimAmount' : kind === 'ticket' ? 'ticket.amount' : `${kind}.finance.refundAmount`,
        levels: [{ id: 'team_lead', minAmount: 0, role: 'team_lead' }],
      };
    case 'subflow':
      return { id, type, status: 'waiting_child', kind: kind === 'visit' ? 'rma' : 'visit' };
    case 'timer':
      return { id, type, minutes: 60 };
    case 'end':
      return { id, type, status: 'closed' };
  }
}

export function newRfNode(type: FlowNodeType, id: string, kind: FlowKind, position: { x: number; y: number }): FlowRfNode {
  return { id, type, position: { x: snap(position.x), y: snap(position.y) }, data: { node: newNodeBody(type, id, kind) } };
}

/** A blank flow of a kind: start → first state → end, so the canvas is never empty. */
export function blankDefinition(key: string, kind: FlowKind, name: string): FlowDefinition {
  return {
    key,
    kind,
    name,
    globalActions: kind === 'ticket' ? ['add-note', 'add-attachment'] : ['add-note'],
    nodes: [
      { id: 'start', type: 'start', label: '开始', position: { x: 0, y: 0 } },
      { id: 'closed', type: 'end', label: '已关闭', status: 'closed', position: { x: 480, y: 0 } },
    ],
    edges: [],
  };
}

/** Renames a node and every edge that touches it. */
export function renameNode(doc: FlowDoc, from: string, to: string): FlowDoc {
  const nodes = doc.nodes.map((n) => (n.id === from ? { ...n, id: to, data: { node: { ...n.data.node, id: to } } } : n));
  const byId = new Map(nodes.map((n) => [n.id, n.data.node]));
  const edges = doc.edges.map((e) => {
    if (e.source !== from && e.target !== from) return e;
    const edge = {
      ...e.data!.edge,
      from: e.data!.edge.from === from ? to : e.data!.edge.from,
      to: e.data!.edge.to === from ? to : e.data!.edge.to,
    };
    return { ...toRfEdge(edge, byId.get(edge.from)), selected: e.selected };
  });
  return { ...doc, nodes, edges };
}

/** Replaces the flow edge of an RF edge, keeping its selection. */
export function withEdge(doc: FlowDoc, edge: FlowEdge): FlowDoc {
  const byId = new Map(doc.nodes.map((n) => [n.id, n.data.node]));
  return { ...doc, edges: doc.edges.map((e) => (e.id === edge.id ? { ...toRfEdge(edge, byId.get(edge.from)), selected: e.selected } : e)) };
}

export function withNode(doc: FlowDoc, body: NodeBody): FlowDoc {
  const nodes = doc.nodes.map((n) => (n.id === body.id ? { ...n, data: { node: body } } : n));
  // a node's ports may change (an action gains a call): redraw its edges from the right port
  const edges = doc.edges.map((e) => (e.source === body.id ? { ...toRfEdge(e.data!.edge, body), selected: e.selected } : e));
  return { ...doc, nodes, edges };
}

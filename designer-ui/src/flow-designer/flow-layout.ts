import dagre from '@dagrejs/dagre';
import type { LayoutDirection } from './flow-decorations';
import type { FlowRfEdge, FlowRfNode } from './flow-graph';

const DEFAULT_W = 200;
const DEFAULT_H = 80;

/**
 * Layered layout (dagre), top-down or left-to-right. Only the selected nodes move when some are selected, so an
 * admin can tidy one branch without losing the arrangement of the rest.
 */
export function autoLayout(nodes: FlowRfNode[], edges: FlowRfEdge[], direction: LayoutDirection): FlowRfNode[] {
  const selected = nodes.filter((n) => n.selected);
  const moving = selected.length > 1 ? new Set(selected.map((n) => n.id)) : null;
  const g = new dagre.graphlib.Graph();
  g.setGraph({
    rankdir: direction,
    nodesep: direction === 'LR' ? 40 : 50,
    ranksep: direction === 'LR' ? 90 : 60,
    edgesep: 20,
    marginx: 20,
    marginy: 20,
  });
  g.setDefaultEdgeLabel(() => ({}));
  const part = moving ? nodes.filter((n) => moving.has(n.id)) : nodes;
  for (const n of part) g.setNode(n.id, { width: n.measured?.width ?? DEFAULT_W, height: n.measured?.height ?? DEFAULT_H });
  for (const e of edges) if (g.hasNode(e.source) && g.hasNode(e.target) && e.source !== e.target) g.setEdge(e.source, e.target);
  dagre.layout(g);
  // keep the moved part where it was: anchor its top-left corner
  const minX = Math.min(...part.map((n) => n.position.x));
  const minY = Math.min(...part.map((n) => n.position.y));
  let laidMinX = Infinity;
  let laidMinY = Infinity;
  for (const n of part) {
    const p = g.node(n.id);
    laidMinX = Math.min(laidMinX, p.x - p.width / 2);
    laidMinY = Math.min(laidMinY, p.y - p.height / 2);
  }
  const dx = moving ? minX - laidMinX : 0;
  const dy = moving ? minY - laidMinY : 0;
  return nodes.map((n) => {
    if (moving && !moving.has(n.id)) return n;
    const p = g.node(n.id);
    return { ...n, position: { x: Math.round(p.x - p.width / 2 + dx), y: Math.round(p.y - p.height / 2 + dy) } };
  });
}

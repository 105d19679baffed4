import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultRmaFlow } from './default-rma-flow';
import { defaultTicketFlow } from './default-ticket-flow';
import { defaultVisitFlow } from './default-visit-flow';
import type { FlowDefinitionInput } from './flow-definition';
import {
  checkConnection,
  checkDefaultBranch,
  checkReconnection,
  portOfEdge,
  sourcePorts,
  type ConnectionEdge,
  type ConnectionGraph,
} from './flow-connection-rules';

const graph = (edges: ConnectionEdge[] = []): ConnectionGraph => ({
  nodes: [
    { id: 'start', type: 'start' },
    { id: 's1', type: 'state' },
    { id: 's2', type: 'state' },
    { id: 'd', type: 'decision' },
    { id: 'a', type: 'action', steps: [{ do: 'notify' }] },
    { id: 'call', type: 'action', steps: [{ do: 'call' }] },
    { id: 'ap', type: 'approval' },
    { id: 'sub', type: 'subflow' },
    { id: 't', type: 'timer' },
    { id: 'end', type: 'end' },
  ],
  edges,
});
const reason = (v: ReturnType<typeof checkConnection>) => (v.ok ? 'ok' : v.reason);

describe('flow connection rules', () => {
  it('refuses edges out of an end node and into the start node', () => {
    assert.equal(reason(checkConnection(graph(), { from: 'end', to: 's1' })), 'from_end');
    assert.equal(reason(checkConnection(graph(), { from: 's1', to: 'start' })), 'into_start');
    assert.equal(reason(checkConnection(graph(), { from: 's1', to: 'nope' })), 'unknown_node');
  });

  it('allows a self-loop on a state only', () => {
    assert.equal(reason(checkConnection(graph(), { from: 's1', to: 's1' })), 'ok');
    for (const id of ['d', 'a', 'ap', 't', 'sub']) assert.equal(reason(checkConnection(graph(), { from: id, to: id })), 'self_loop', id);
  });

  it('gives start, timer and a plain action node exactly one way on', () => {
    const g = graph([
      { id: 'e1', from: 'start', to: 's1' },
      { id: 'e2', from: 't', to: 's1' },
      { id: 'e3', from: 'a', to: 's1' },
    ]);
    assert.equal(reason(checkConnection(g, { from: 'start', to: 's2' })), 'start_one_edge');
    assert.equal(reason(checkConnection(g, { from: 't', to: 's2' })), 'timer_one_edge');
    assert.equal(reason(checkConnection(g, { from: 'a', to: 's2' })), 'action_one_edge');
    // moving the one edge elsewhere is fine
    assert.equal(reason(checkReconnection(g, 'e1', { from: 'start', to: 's2' })), 'ok');
  });

  it("lets a calling action node have its way on and one 'failed' edge", () => {
    let g = graph();
    const first = checkConnection(g, { from: 'call', to: 's1' });
    assert.deepEqual(first, { ok: true, edge: {} });
    const failed = checkConnection(g, { from: 'call', to: 's2', port: 'failed' });
    assert.deepEqual(failed, { ok: true, edge: { on: { outcome: 'failed' } } });
    g = graph([
      { id: 'e1', from: 'call', to: 's1' },
      { id: 'e2', from: 'call', to: 's2', on: { outcome: 'failed' } },
    ]);
    assert.equal(reason(checkConnection(g, { from: 'call', to: 'end', port: 'failed' })), 'duplicate_outcome');
    assert.equal(reason(checkConnection(g, { from: 'call', to: 'end' })), 'action_one_edge');
    // a plain action node has no 'failed' port
    assert.equal(reason(checkConnection(graph(), { from: 'a', to: 's1', port: 'failed' })), 'wrong_port');
  });

  it('makes approval ports outcomes, one edge each', () => {
    const ok = checkConnection(graph(), { from: 'ap', to: 's1', port: 'approved' });
    assert.deepEqual(ok, { ok: true, edge: { on: { outcome: 'approved' } } });
    const g = graph([{ id: 'e1', from: 'ap', to: 's1', on: { outcome: 'approved' } }]);
    assert.equal(reason(checkConnection(g, { from: 'ap', to: 's2', port: 'approved' })), 'duplicate_outcome');
    assert.equal(reason(checkConnection(g, { from: 'ap', to: 's2', port: 'rejected' })), 'ok');
    assert.equal(reason(checkConnection(g, { from: 'ap', to: 's2', port: 'failed' })), 'wrong_port');
    assert.equal(reason(checkConnection(g, { from: 'ap', to: 's2' })), 'ok'); // a cancel or a timeout
  });

  it("makes a decision's first branch its default and refuses a second default", () => {
    assert.deepEqual(checkConnection(graph(), { from: 'd', to: 's1' }), { ok: true, edge: { default: true } });
    const g = graph([
      { id: 'e1', from: 'd', to: 's1', default: true },
      { id: 'e2', from: 'd', to: 's2' },
    ]);
    assert.deepEqual(checkConnection(g, { from: 'd', to: 'end' }), { ok: true, edge: {} });
    assert.equal(reason(checkConnection(g, { from: 'd', to: 's1' })), 'duplicate_branch');
    assert.equal(reason(checkDefaultBranch(g, 'e2')), 'second_default');
    assert.equal(reason(checkDefaultBranch(g, 'e1')), 'ok');
    assert.equal(reason(checkDefaultBranch(graph([{ id: 'x', from: 's1', to: 's2' }]), 'x')), 'wrong_port');
  });

  it("gives a subflow's first edge the catch-all outcome", () => {
    assert.deepEqual(checkConnection(graph(), { from: 'sub', to: 's1' }), { ok: true, edge: { on: { outcome: '*' } } });
    const g = graph([{ id: 'e1', from: 'sub', to: 's1', on: { outcome: '*' } }]);
    assert.deepEqual(checkConnection(g, { from: 'sub', to: 's2' }), { ok: true, edge: {} });
  });

  it('lists ports per node type and maps edges back to them', () => {
    const g = graph();
    const node = (id: string) => g.nodes.find((n) => n.id === id)!;
    assert.deepEqual(sourcePorts(node('end')), []);
    assert.deepEqual(sourcePorts(node('ap')), ['approved', 'rejected', 'out']);
    assert.deepEqual(sourcePorts(node('call')), ['out', 'failed']);
    assert.deepEqual(sourcePorts(node('a')), ['out']);
    assert.equal(portOfEdge(node('ap'), { id: 'x', from: 'ap', to: 's1', on: { outcome: 'rejected' } }), 'rejected');
    assert.equal(portOfEdge(node('call'), { id: 'x', from: 'call', to: 's1', on: { outcome: 'failed' } }), 'failed');
    assert.equal(portOfEdge(node('s1'), { id: 'x', from: 's1', to: 's2', on: { action: 'assign' } }), 'out');
  });

  // Every edge of the shipped flows, drawn one after another from its port, is accepted: the
  // rules refuse nothing a valid flow contains.
  for (const flow of [defaultTicketFlow, defaultRmaFlow, defaultVisitFlow] as FlowDefinitionInput[]) {
    it(`accepts drawing ${flow.key} edge by edge`, () => {
      const nodes = flow.nodes.map((n) => ({ id: n.id, type: n.type, steps: 'steps' in n ? n.steps : undefined }));
      const drawn: ConnectionEdge[] = [];
      for (const e of flow.edges) {
        const port = portOfEdge(
          nodes.find((n) => n.id === e.from),
          e,
        );
        const v = checkConnection({ nodes, edges: drawn }, { from: e.from, to: e.to, port });
        assert.ok(v.ok, `${e.id}: ${v.ok ? '' : v.message}`);
        drawn.push(e);
      }
    });
  }
});

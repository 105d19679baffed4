import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultTicketFlow } from './default-ticket-flow';
import { canonicalJson, diffFlows } from './flow-diff';

const clone = () => structuredClone(defaultTicketFlow) as any;

describe('flow diff', () => {
  it('finds nothing between a flow and itself, even with its keys reordered (as jsonb returns them)', () => {
    const a = clone();
    const reordered = JSON.parse(canonicalJson(a));
    const d = diffFlows(a, reordered);
    assert.equal(d.same, true);
    assert.deepEqual(d.nodes, { added: [], removed: [], changed: [] });
    assert.deepEqual(d.edges, { added: [], removed: [], changed: [] });
    assert.deepEqual(d.params.changed, []);
  });

  it('lists nodes and edges added, removed and changed, with the fields that changed', () => {
    const a = clone();
    const b = clone();
    b.nodes = b.nodes.filter((n: any) => n.id !== 'reopened');
    b.edges = b.edges.filter((e: any) => e.from !== 'reopened' && e.to !== 'reopened');
    b.nodes.push({ id: 'qa_check', type: 'state', status: 'pending_review', label: '质检' });
    b.edges.push({ id: 'e_qa', from: 'in_progress', to: 'qa_check', on: { action: 'start' } });
    b.nodes.find((n: any) => n.id === 'in_progress').label = '处理中 (改)';
    b.edges.find((e: any) => e.id === 'e_accept_timeout').on = { timeoutMinutes: 60 };

    const d = diffFlows(a, b);
    assert.equal(d.same, false);
    assert.deepEqual(
      d.nodes.added.map((n) => n.id),
      ['qa_check'],
    );
    assert.deepEqual(
      d.nodes.removed.map((n) => n.id),
      ['reopened'],
    );
    assert.deepEqual(
      d.nodes.changed.map((c) => [c.id, c.fields]),
      [['in_progress', ['label']]],
    );
    assert.equal(d.nodes.changed[0]!.before.label, '处理中');
    assert.equal(d.nodes.changed[0]!.after.label, '处理中 (改)');
    assert.deepEqual(
      d.edges.added.map((e) => e.id),
      ['e_qa'],
    );
    assert.deepEqual(d.edges.removed.map((e) => e.id).sort(), ['e_reopen', 'e_reopened_assign', 'e_reopened_start']);
    assert.deepEqual(
      d.edges.changed.map((c) => [c.id, c.fields]),
      [['e_accept_timeout', ['on']]],
    );
  });

  it('marks a node that only moved as a layout change, which leaves the flow the same', () => {
    const a = clone();
    const b = clone();
    b.nodes[1].position = { x: 10, y: 20 };
    const d = diffFlows(a, b);
    assert.deepEqual(
      d.nodes.changed.map((c) => [c.id, c.fields, c.layoutOnly]),
      [['intake', ['position'], true]],
    );
    assert.equal(d.same, true);
  });

  it('reports params added, removed and changed, and the flow fields', () => {
    const a = { ...clone(), params: { acceptMinutes: 30, oldParam: true } };
    const b = { ...clone(), name: '新名字', params: { acceptMinutes: 45, newParam: 'x' } };
    const d = diffFlows(a, b);
    assert.deepEqual(d.params.changed, [
      { name: 'acceptMinutes', before: 30, after: 45 },
      { name: 'newParam', before: null, after: 'x' },
      { name: 'oldParam', before: true, after: null },
    ]);
    assert.deepEqual(
      d.flow.changed.map((c) => c.name),
      ['name'],
    );
  });

  it('copes with drafts that are not valid flows yet', () => {
    const d = diffFlows({ nodes: [{ id: 'a' }, { nope: 1 }], edges: 'x' }, null);
    assert.deepEqual(
      d.nodes.removed.map((n) => n.id),
      ['a'],
    );
    assert.deepEqual(d.edges, { added: [], removed: [], changed: [] });
  });
});

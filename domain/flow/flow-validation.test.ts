import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TICKET_ACTIONS } from '../ticket/ticket-actions';
import { defaultTicketFlow } from './default-ticket-flow';
import { validateFlow } from './flow-validation';

const opts = { knownActions: TICKET_ACTIONS, knownFields: ['priority', 'finance', 'customerTier', 'region', 'channel'] };
const clone = () => structuredClone(defaultTicketFlow) as any;
const problemsOf = (flow: unknown) => {
  const r = validateFlow(flow, opts);
  return r.ok ? [] : r.problems;
};

describe('flow validation', () => {
  it('accepts the default ticket flow', () => {
    assert.deepEqual(problemsOf(defaultTicketFlow), []);
  });

  it('reports schema errors with their path', () => {
    const f = clone();
    f.nodes[2].status = '';
    f.edges.push({ id: 'Bad Id', from: 'start', to: 'closed' });
    const paths = problemsOf(f).map((p) => p.path);
    assert.ok(paths.includes('nodes[2].status'), paths.join());
    assert.ok(paths.includes(`edges[${f.edges.length - 1}].id`), paths.join());
  });

  it('finds unreachable nodes, dead ends and edges to nowhere', () => {
    const f = clone();
    f.nodes.push({ id: 'orphan', type: 'state', status: 'on_hold' });
    f.edges.push({ id: 'e_orphan', from: 'orphan', to: 'closed', on: { action: 'close' } });
    assert.match(
      problemsOf(f)
        .map((p) => p.message)
        .join('\n'),
      /node 'orphan' cannot be reached/,
    );

    const g = clone();
    g.nodes.push({ id: 'trap', type: 'state', status: 'on_hold' }, { id: 'trap2', type: 'state', status: 'on_hold' });
    g.edges.push({ id: 'e_to_trap', from: 'in_progress', to: 'trap', on: { action: 'hold' }, condition: { '==': [1, 1] } });
    g.edges.push(
      { id: 'e_trap', from: 'trap', to: 'trap2', on: { action: 'resume' } },
      { id: 'e_trap2', from: 'trap2', to: 'trap', on: { action: 'resume' } },
    );
    assert.match(
      problemsOf(g)
        .map((p) => p.message)
        .join('\n'),
      /dead end: no path from 'trap' leads to an end/,
    );

    const h = clone();
    h.edges.push({ id: 'e_ghost', from: 'in_progress', to: 'ghost', on: { action: 'close' } });
    assert.deepEqual(
      problemsOf(h).find((p) => p.edgeId === 'e_ghost'),
      { path: `edges[${h.edges.length - 1}].to`, message: "no node 'ghost'", edgeId: 'e_ghost' },
    );
  });

  it('requires exactly one default on a decision, and conditions on the others', () => {
    const f = clone();
    f.edges.find((e: any) => e.id === 'e_no_review').default = false;
    const msgs = problemsOf(f).map((p) => p.message);
    assert.ok(
      msgs.some((m) => /exactly one default edge \(found 0\)/.test(m)),
      msgs.join('\n'),
    );
    assert.ok(msgs.some((m) => /needs a condition/.test(m)));
  });

  it('checks conditions: unknown operations and variables, with the path at fault', () => {
    const f = clone();
    const e = f.edges.find((x: any) => x.id === 'e_review_needed');
    e.condition = { and: [{ '==': [{ var: 'ticket.priorty' }, 'P1'] }, { regex: ['a', 'b'] }] };
    const idx = f.edges.indexOf(e);
    const ps = problemsOf(f);
    assert.deepEqual(
      ps.map((p) => [p.path, p.message]),
      [
        [`edges[${idx}].condition.and[0].==[0].var`, "unknown variable 'ticket.priorty'"],
        [`edges[${idx}].condition.and[1].regex`, "unknown operation 'regex'"],
      ],
    );
  });

  it('refuses unknown actions, ambiguous edges, state edges without a trigger and self-loops off states', () => {
    const f = clone();
    f.edges.push({ id: 'e_fly', from: 'in_progress', to: 'resolved', on: { action: 'fly' } });
    f.edges.push({ id: 'e_close2', from: 'resolved', to: 'closed', on: { action: 'close' } });
    f.edges.push({ id: 'e_silent', from: 'on_hold', to: 'in_progress' });
    f.edges.push({ id: 'e_loop', from: 'needs_review', to: 'needs_review', condition: true });
    const msgs = problemsOf(f).map((p) => p.message);
    assert.ok(msgs.includes("unknown action 'fly'"), msgs.join('\n'));
    assert.ok(msgs.some((m) => /action 'close' has 2 unconditional edges/.test(m)));
    assert.ok(msgs.includes('an edge leaving a state needs an action or a timeout'));
    assert.ok(msgs.includes('only a state may loop back to itself'));
  });

  it('refuses loops made only of decisions and actions', () => {
    const f = clone();
    f.nodes.push({ id: 'a1', type: 'action', steps: [{ do: 'escalate' }] }, { id: 'd1', type: 'decision' });
    f.edges.push(
      { id: 'e_a1', from: 'in_progress', to: 'a1', on: { action: 'escalate' }, condition: { '==': [1, 2] } },
      { id: 'e_a1_d1', from: 'a1', to: 'd1' },
      { id: 'e_d1_a1', from: 'd1', to: 'a1', default: true },
      { id: 'e_d1_out', from: 'd1', to: 'resolved', condition: { '==': [1, 1] } },
    );
    assert.match(
      problemsOf(f)
        .map((p) => p.message)
        .join('\n'),
      /loop without a waiting state: .*a1 → d1 → a1/,
    );
  });
});

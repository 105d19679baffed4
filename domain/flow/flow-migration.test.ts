import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultTicketFlow } from './default-ticket-flow';
import { flowDefinitionSchema, type FlowDefinition } from './flow-definition';
import type { FlowState } from './flow-interpreter';
import { flowMigrationRefusal, timersAfterMigration } from './flow-migration';

const flow = (): FlowDefinition => flowDefinitionSchema.parse(structuredClone(defaultTicketFlow));
const at = (nodeId: string, status = nodeId): FlowState => ({
  nodeId,
  status,
  path: ['start', 'intake', nodeId],
  enteredAt: '2026-11-02T01:00:00.000Z',
  ended: false,
});

describe('flow migration', () => {
  it('lets work move when its node exists in the target as the same node with the same status', () => {
    const to = flow();
    to.nodes.find((n) => n.id === 'in_progress')!.label = '处理中（新）';
    assert.equal(flowMigrationRefusal(flow(), to, at('in_progress')), null);
  });

  it('refuses with the reason when the node is missing, changed kind or status, or the work has ended', () => {
    const to = flow();
    to.nodes = to.nodes.filter((n) => n.id !== 'pending_customer');
    assert.match(flowMigrationRefusal(flow(), to, at('pending_customer'))!, /'pending_customer'.*does not exist in the target/);

    const retyped = flow();
    retyped.nodes = retyped.nodes.map((n) => (n.id === 'on_hold' ? { id: 'on_hold', type: 'timer', minutes: 5 } : n));
    assert.match(flowMigrationRefusal(flow(), retyped, at('on_hold'))!, /is a state here but a timer/);

    const renamed = flow();
    (renamed.nodes.find((n) => n.id === 'escalated') as { status: string }).status = 'in_progress';
    assert.match(flowMigrationRefusal(flow(), renamed, at('escalated'))!, /shows status 'escalated' here but 'in_progress'/);

    assert.match(flowMigrationRefusal(flow(), flow(), { ...at('closed'), ended: true })!, /has ended/);
    assert.match(flowMigrationRefusal(flow(), { ...flow(), key: 'other' }, at('in_progress'))!, /belongs to flow 'other'/);
  });

  it('arms the target’s time limits at the node, counted from when the work entered it', () => {
    const to = flow();
    to.edges.find((e) => e.id === 'e_accept_timeout')!.on = { timeoutMinutes: 45 };
    assert.deepEqual(timersAfterMigration(to, at('pending_acceptance')), [
      { edgeId: 'e_accept_timeout', dueAt: '2026-11-02T01:45:00.000Z' },
    ]);
    assert.deepEqual(timersAfterMigration(to, at('in_progress')), []);
  });
});

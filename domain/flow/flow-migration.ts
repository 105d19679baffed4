import type { FlowDefinition, FlowNode } from './flow-definition';
import { timeoutMinutesOf, type FlowState } from './flow-interpreter';
import { canonicalJson } from './flow-diff';

/**
 * Moving running work to another published version of its flow (an explicit, audited migration).
 * Pure, shared by the workflow that repins and the API that reports. The work stays where it is:
 * the node it waits at must exist in the target version, as the same kind of node showing the same
 * status, and nothing it waits for there may depend on the old version.
 */
export function flowMigrationRefusal(from: FlowDefinition, to: FlowDefinition, state: FlowState): string | null {
  if (state.ended) return `the work has ended (${state.status})`;
  if (to.key !== from.key) return `version belongs to flow '${to.key}', not '${from.key}'`;
  if (to.kind !== from.kind) return `the target is a ${to.kind} flow, not ${from.kind}`;
  const here = from.nodes.find((n) => n.id === state.nodeId);
  const there = to.nodes.find((n) => n.id === state.nodeId);
  if (!there) return `node '${state.nodeId}' where the work waits does not exist in the target version`;
  if (here && here.type !== there.type) return `node '${state.nodeId}' is a ${here.type} here but a ${there.type} in the target version`;
  const status = (n: FlowNode) => ('status' in n ? n.status : undefined);
  if (here && status(here) !== undefined && status(here) !== status(there))
    return `node '${state.nodeId}' shows status '${status(here)}' here but '${status(there)}' in the target version`;
  if (state.waiting)
    return `the work waits at '${state.nodeId}' for ${state.waiting.for === 'activity' ? 'an outside call' : 'a child flow'}`;
  if (state.approval && here?.type === 'approval' && there.type === 'approval') {
    const rule = (n: typeof here) => canonicalJson({ amountVar: n.amountVar, levels: n.levels, distinct: n.distinctApprovers ?? null });
    if (rule(here) !== rule(there)) return `an approval is in progress at '${state.nodeId}' and its levels differ in the target version`;
  }
  return null;
}

/**
 * The target version's time limits at the node the work waits at, counted from when it entered
 * the node (a limit already passed fires at once).
 */
export function timersAfterMigration(to: FlowDefinition, state: FlowState): { edgeId: string; dueAt: string }[] {
  const node = to.nodes.find((n) => n.id === state.nodeId);
  if (!node || state.ended) return [];
  const entered = Date.parse(state.enteredAt);
  const due = (minutes: number) => new Date(entered + minutes * 60_000).toISOString();
  const out = to.edges.filter((e) => e.from === node.id);
  if (node.type === 'timer') return out.slice(0, 1).map((e) => ({ edgeId: e.id, dueAt: due(node.minutes) }));
  if (node.type !== 'state' && node.type !== 'approval' && node.type !== 'subflow') return [];
  return out.flatMap((e) => {
    const minutes = timeoutMinutesOf(to, e);
    return minutes === null ? [] : [{ edgeId: e.id, dueAt: due(minutes) }];
  });
}

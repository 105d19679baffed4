import { ApplicationFailure } from '@temporalio/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { FlowWorkEvent, FlowWorkKind, FlowWorkSnapshot } from '../workflows/flow-work/flow-work';
import { projectRma } from './rma-projection';
import { projectVisit } from './visit-projection';

export interface RecordFlowWorkEventInput {
  kind: FlowWorkKind;
  state: Omit<FlowWorkSnapshot, 'availableActions'>;
  event: FlowWorkEvent;
}

/**
 * Writes one event of a flow-interpreted work item and its new snapshot, in one transaction. A
 * projector must be idempotent: the event keyed by (work id, seq), the snapshot guarded by its
 * last seq, so a retried or late write never doubles an event nor rolls the row back.
 */
export type FlowWorkProjector = (tx: EntityManager, input: RecordFlowWorkEventInput) => Promise<{ inserted: boolean }>;

/** One projector per kind, in one place (visits add theirs here). */
const PROJECTORS: Partial<Record<FlowWorkKind, FlowWorkProjector>> = {
  rma: projectRma,
  visit: projectVisit,
};

export function createFlowWorkActivities(deps: { dataSource: DataSource }) {
  return {
    async recordFlowWorkEvent(input: RecordFlowWorkEventInput): Promise<{ inserted: boolean }> {
      const project = PROJECTORS[input.kind];
      if (!project) throw ApplicationFailure.nonRetryable(`no projection for ${input.kind} work`, 'ProjectionMissing');
      return deps.dataSource.transaction((tx) => project(tx, input));
    },
  };
}

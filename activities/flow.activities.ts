import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import type { PinnedFlow } from '../domain/flow/flow-definition';
import { latestPublished } from '../db/flow-store';

export type { PinnedFlow };

/** Flow lookups for workflows: a workflow loads its flow once, at start, and keeps it (pinned). */
export function createFlowActivities(deps: { dataSource: DataSource }) {
  return {
    async loadPublishedFlow(flowKey: string): Promise<PinnedFlow> {
      const row = await latestPublished(deps.dataSource, flowKey);
      if (!row) throw ApplicationFailure.nonRetryable(`no published version of flow '${flowKey}'`, 'FlowNotPublished');
      return { key: row.flowKey, version: row.version, definition: row.definition };
    },
  };
}

import { defineSearchAttributeKey } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { MaintenanceRunOutcome, MaintenanceTrigger } from '../../domain/maintenance/maintenance-run';

const { maintenanceRunTargets } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});
const { openMaintenanceTicket } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '1m',
  // Opening is idempotent per plan + asset + firing time, so retry for as long as it takes
  // (Temporal or PostgreSQL away); a ticket the dictionaries refuse comes back as `failed`.
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m' },
});

/** Set by Temporal on every workflow a Schedule starts: the firing's nominal time (backfills too). */
const ScheduledStartTimeKey = defineSearchAttributeKey('TemporalScheduledStartTime', 'DATETIME');

export interface MaintenanceRunInput {
  planId: string;
  /** the firing's time; a Schedule leaves it out and Temporal's TemporalScheduledStartTime says */
  scheduledAt?: string;
  /** the assets to open tickets for; the plan's targets when left out */
  assetIds?: string[];
  trigger?: MaintenanceTrigger;
  /** why it fired, e.g. the readings of a condition */
  reason?: string;
}

export interface MaintenanceRunResult {
  planId: string;
  scheduledAt: string;
  skipped: string | null;
  outcomes: MaintenanceRunOutcome[];
}

/** How many assets get their ticket at the same time; a site or a model may cover hundreds. */
const PARALLEL_OPENINGS = 8;

/**
 * One firing of a maintenance plan: a ticket per target asset, each opened through the normal
 * intake, keyed by plan + asset + firing time so that a retried, re-triggered or backfilled
 * firing never opens a second one.
 */
export async function maintenanceRunWorkflow(input: MaintenanceRunInput): Promise<MaintenanceRunResult> {
  const info = wf.workflowInfo();
  const scheduled = info.typedSearchAttributes.get(ScheduledStartTimeKey);
  const scheduledAt = input.scheduledAt ?? (scheduled ?? info.startTime).toISOString();
  const trigger: MaintenanceTrigger = input.trigger ?? (scheduled ? 'schedule' : 'manual');

  const targets = input.assetIds
    ? { assetIds: input.assetIds, skipped: null }
    : await maintenanceRunTargets({ planId: input.planId, scheduledAt, trigger });
  const outcomes: MaintenanceRunOutcome[] = [];
  for (let i = 0; i < targets.assetIds.length; i += PARALLEL_OPENINGS) {
    const batch = targets.assetIds.slice(i, i + PARALLEL_OPENINGS);
    outcomes.push(
      ...(await Promise.all(
        batch.map((assetId) => openMaintenanceTicket({ planId: input.planId, assetId, scheduledAt, trigger, reason: input.reason })),
      )),
    );
  }
  return { planId: input.planId, scheduledAt, skipped: targets.skipped, outcomes };
}

import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import {
  openMaintenanceTicket,
  type MaintenanceRunOutcome,
  type MaintenanceTrigger,
  type OpenMaintenanceTicketInput,
} from '../api/maintenance/open-maintenance-ticket';
import type { IntakeDeps } from '../api/tickets/ticket-intake';

export type { MaintenanceRunOutcome, MaintenanceTrigger };

/** A site or a model may cover many assets; one firing opens at most this many tickets. */
export const MAX_ASSETS_PER_FIRING = 500;

/**
 * The activities of a maintenance firing. They open tickets through the same intake as the API,
 * so the worker carries intake's dependencies (a Temporal client, the dictionaries).
 */
export function createMaintenanceActivities(deps: { dataSource: DataSource; intake?: IntakeDeps }) {
  const intake = (): IntakeDeps => {
    if (!deps.intake) throw ApplicationFailure.nonRetryable('this worker was built without intake dependencies', 'WorkerMisconfigured');
    return deps.intake;
  };
  return {
    /** The assets a firing covers now (a site's or a model's assets change over time). */
    async maintenanceRunTargets(input: {
      planId: string;
      scheduledAt: string;
      trigger: MaintenanceTrigger;
    }): Promise<{ assetIds: string[]; skipped: string | null }> {
      const [plan] = (await deps.dataSource.query(
        `SELECT target_type, asset_id, site_id, customer_id, model, skipped_times, deleted_at FROM maintenance_plans WHERE id = $1`,
        [input.planId],
      )) as {
        target_type: 'asset' | 'site' | 'model';
        asset_id: string | null;
        site_id: string | null;
        customer_id: string;
        model: string | null;
        skipped_times: Date[];
        deleted_at: Date | null;
      }[];
      if (!plan || plan.deleted_at) return { assetIds: [], skipped: 'the plan was deleted' };
      // The schedule's skip calendars already leave these out; this covers a firing that was in
      // flight when the skip was asked for.
      if (input.trigger === 'schedule' && plan.skipped_times.some((t) => new Date(t).getTime() === Date.parse(input.scheduledAt))) {
        return { assetIds: [], skipped: 'this firing was skipped' };
      }
      const where =
        plan.target_type === 'asset'
          ? { sql: 'id = $1', args: [plan.asset_id] }
          : plan.target_type === 'site'
            ? { sql: 'site_id = $1', args: [plan.site_id] }
            : { sql: 'customer_id = $1 AND model = $2', args: [plan.customer_id, plan.model] };
      const rows = (await deps.dataSource.query(
        `SELECT id FROM assets WHERE ${where.sql} AND status <> 'retired' ORDER BY id LIMIT ${MAX_ASSETS_PER_FIRING}`,
        where.args,
      )) as { id: string }[];
      return { assetIds: rows.map((r) => r.id), skipped: rows.length ? null : 'the plan covers no asset in service' };
    },

    async openMaintenanceTicket(input: OpenMaintenanceTicketInput): Promise<MaintenanceRunOutcome> {
      return openMaintenanceTicket(intake(), input);
    },
  };
}

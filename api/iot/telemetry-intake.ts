import type { EntityManager } from 'typeorm';
import { conditionHolds, decideCondition, readingsNamed, type ConditionTrigger } from '../../domain/maintenance/plan-condition';
import type { IotEvent } from '../../domain/iot/iot-event.schema';
import { maintenanceRunWorkflow } from '../../workflows/maintenance/maintenance-run.workflow';
import type { ApiContext } from '../context';
import { scheduleProblem } from '../maintenance/plan-schedule';
import type { DeviceAsset } from './device-asset';

type TelemetryEvent = Extract<IotEvent, { kind: 'telemetry' }>;

export interface ConditionOutcome {
  planId: string;
  fired: boolean;
  reason: string;
  /** the run that opens the ticket; its ticket shows in GET /api/v1/maintenance-plans/:id/runs */
  runWorkflowId?: string;
}

export interface TelemetryResult {
  kind: 'telemetry';
  assetId: string;
  /** false for a reading older than the latest one kept: recorded, but the latest values stay */
  applied: boolean;
  readings: Record<string, unknown>;
  maintenance: ConditionOutcome[];
}

interface Firing {
  planId: string;
  workflowId: string;
  reason: string;
  previousLastFiredAt: Date | null;
}

async function evaluateConditionPlans(
  tx: Pick<EntityManager, 'query'>,
  asset: DeviceAsset,
  readings: Record<string, unknown>,
  at: Date,
): Promise<{ outcomes: ConditionOutcome[]; firings: Firing[] }> {
  const plans = (await tx.query(
    `SELECT id, condition FROM maintenance_plans
      WHERE deleted_at IS NULL AND status = 'active' AND trigger_type = 'condition'
        AND (asset_id = $1 OR site_id = $2 OR (target_type = 'model' AND customer_id = $3 AND model = $4))
      ORDER BY id`,
    [asset.id, asset.site_id, asset.customer_id, asset.model],
  )) as { id: string; condition: ConditionTrigger }[];
  const outcomes: ConditionOutcome[] = [];
  const firings: Firing[] = [];
  const data = {
    readings,
    asset: {
      id: asset.id,
      serialNo: asset.serial_no,
      model: asset.model,
      sku: asset.sku,
      status: asset.status,
      customerId: asset.customer_id,
      siteId: asset.site_id,
    },
  };
  for (const plan of plans) {
    const [state] = (await tx.query(
      `SELECT matched, last_fired_at FROM maintenance_condition_state WHERE plan_id = $1 AND asset_id = $2 FOR UPDATE`,
      [plan.id, asset.id],
    )) as { matched: boolean; last_fired_at: Date | null }[];
    const memory = { matched: state?.matched ?? null, lastFiredAt: state?.last_fired_at ? new Date(state.last_fired_at) : null };
    const decision = decideCondition(memory, conditionHolds(plan.condition.rule, data), at, plan.condition.minIntervalHours);
    await tx.query(
      `INSERT INTO maintenance_condition_state (plan_id, asset_id, matched, evaluated_at, last_fired_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (plan_id, asset_id) DO UPDATE SET matched = $3, evaluated_at = $4,
         last_fired_at = COALESCE($5, maintenance_condition_state.last_fired_at)`,
      [plan.id, asset.id, decision.matched, at, decision.fire ? at : null],
    );
    const outcome: ConditionOutcome = { planId: plan.id, fired: decision.fire, reason: decision.reason };
    if (decision.fire) {
      const named = readingsNamed(plan.condition.rule, readings);
      outcome.runWorkflowId = `maintenance-run-${plan.id}-condition-${asset.id}-${at.toISOString()}`;
      firings.push({
        planId: plan.id,
        workflowId: outcome.runWorkflowId,
        reason: named ? `触发读数：${named}` : 'condition met',
        previousLastFiredAt: memory.lastFiredAt,
      });
    }
    outcomes.push(outcome);
  }
  return { outcomes, firings };
}

/**
 * Telemetry: the readings become the asset's latest (unless an newer reading is already kept),
 * then the condition plans covering the asset are checked against them; a plan whose condition
 * started to hold starts a maintenance run for this asset, keyed by the reading's time.
 */
export async function ingestTelemetry(
  ctx: Pick<ApiContext, 'dataSource' | 'temporal'>,
  sourceId: string,
  asset: DeviceAsset,
  e: TelemetryEvent,
): Promise<{ eventId: string; result: TelemetryResult }> {
  const at = new Date(e.occurredAt);
  const { eventId, result, firings } = await ctx.dataSource.transaction(async (tx) => {
    // One reading at a time per asset: the merge and the rising-edge decisions depend on the previous one.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`iot-telemetry:${asset.id}`]);
    const applied = (await tx.query(
      `INSERT INTO asset_telemetry (asset_id, readings, occurred_at, source_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (asset_id) DO UPDATE SET readings = asset_telemetry.readings || EXCLUDED.readings,
         occurred_at = EXCLUDED.occurred_at, received_at = now(), source_id = EXCLUDED.source_id
       WHERE asset_telemetry.occurred_at <= EXCLUDED.occurred_at
       RETURNING readings`,
      [asset.id, JSON.stringify(e.readings), at, sourceId],
    )) as { readings: Record<string, unknown> }[];
    let readings = applied[0]?.readings;
    let evaluated: { outcomes: ConditionOutcome[]; firings: Firing[] } = { outcomes: [], firings: [] };
    if (readings) {
      if (asset.status !== 'retired') evaluated = await evaluateConditionPlans(tx, asset, readings, at);
    } else {
      readings = (
        (await tx.query(`SELECT readings FROM asset_telemetry WHERE asset_id = $1`, [asset.id])) as { readings: Record<string, unknown> }[]
      )[0]!.readings;
    }
    const result: TelemetryResult = {
      kind: 'telemetry',
      assetId: asset.id,
      applied: applied.length > 0,
      readings,
      maintenance: evaluated.outcomes,
    };
    const [event] = (await tx.query(
      `INSERT INTO iot_events (source_id, message_id, asset_id, kind, readings, occurred_at, outcome, result)
       VALUES ($1, $2, $3, 'telemetry', $4, $5, $6, $7) RETURNING id`,
      [
        sourceId,
        e.messageId ?? null,
        asset.id,
        JSON.stringify(e.readings),
        at,
        result.applied ? (evaluated.firings.length ? 'maintenance_fired' : 'applied') : 'stale',
        JSON.stringify(result),
      ],
    )) as { id: string }[];
    return { eventId: String(event!.id), result, firings: evaluated.firings };
  });

  // Handing the firing to Temporal happens after the commit (no connection held across the call);
  // if Temporal is away the decision is taken back, so the platform's retry fires it again.
  for (const [i, f] of firings.entries()) {
    try {
      await ctx.temporal.connection.withDeadline(Date.now() + ctx.temporal.callTimeoutMs, () =>
        ctx.temporal.client.workflow.start(maintenanceRunWorkflow, {
          taskQueue: ctx.temporal.taskQueue,
          workflowId: f.workflowId,
          workflowIdConflictPolicy: 'USE_EXISTING',
          args: [{ planId: f.planId, scheduledAt: at.toISOString(), assetIds: [asset.id], trigger: 'condition', reason: f.reason }],
        }),
      );
    } catch (err) {
      await ctx.dataSource.transaction(async (tx) => {
        for (const undo of firings.slice(i)) {
          await tx.query(
            `UPDATE maintenance_condition_state SET matched = false, last_fired_at = $3 WHERE plan_id = $1 AND asset_id = $2 AND last_fired_at = $4`,
            [undo.planId, asset.id, undo.previousLastFiredAt, at],
          );
        }
        // A retry of this message must be processed again, not answered from this record.
        await tx.query(`UPDATE iot_events SET message_id = NULL, outcome = 'maintenance_failed' WHERE id = $1`, [eventId]);
      });
      throw scheduleProblem(err, 'the reading is recorded but its maintenance run could not start; send it again');
    }
  }
  return { eventId, result };
}

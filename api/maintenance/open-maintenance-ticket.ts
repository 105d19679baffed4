import type { EntityManager } from 'typeorm';
import { maintenanceTicket, type TicketTemplate } from '../../domain/maintenance/maintenance-ticket';
import type { MaintenanceCycle } from '../../domain/maintenance/maintenance-cycle';
import type { MaintenanceRunOutcome, MaintenanceTrigger } from '../../domain/maintenance/maintenance-run';
import type { CreateTicketInput } from '../../domain/ticket/ticket.schema';
import { HttpProblem } from '../http/problem';
import { intakeTicket, type IntakeDeps } from '../tickets/ticket-intake';
import { claimTicketNumber, normaliseTicket } from './claim-ticket-number';

export type { MaintenanceRunOutcome, MaintenanceTrigger };

export interface OpenMaintenanceTicketInput {
  planId: string;
  assetId: string;
  /** the firing's nominal time (ISO 8601) */
  scheduledAt: string;
  trigger: MaintenanceTrigger;
  reason?: string;
}

/** Idempotency scope of maintenance tickets: a system source, apart from every token's keys. */
export const MAINTENANCE_SCOPE = 'system:maintenance';

interface RunRow {
  ticket_id: string | null;
  ticket_body: CreateTicketInput;
  idempotency_key: string;
  status: 'opening' | 'opened' | 'failed';
  error: string | null;
}

interface FiringSource {
  plan_name: string;
  trigger_type: 'cycle' | 'condition';
  cycle: MaintenanceCycle | null;
  ticket: TicketTemplate;
  plan_customer_id: string;
  asset_id: string | null;
  serial_no: string;
  model: string;
  sku: string | null;
  asset_name: string | null;
  asset_customer_id: string | null;
  site_id: string | null;
  site_name: string | null;
  site_address: string | null;
  site_region: string | null;
  customer_id: string;
  customer_name: string;
  customer_region: string | null;
  customer_tier: string | null;
}

const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

async function loadFiringSource(
  tx: Pick<EntityManager, 'query'>,
  planId: string,
  assetId: string,
): Promise<FiringSource | 'plan_gone' | 'asset_gone'> {
  const [plan] = (await tx.query(`SELECT id FROM maintenance_plans WHERE id = $1 AND deleted_at IS NULL`, [planId])) as unknown[];
  if (!plan) return 'plan_gone';
  const [row] = (await tx.query(
    `SELECT p.name AS plan_name, p.trigger_type, p.cycle, p.ticket, p.customer_id AS plan_customer_id,
            a.id AS asset_id, a.serial_no, a.model, a.sku, a.name AS asset_name, a.customer_id AS asset_customer_id,
            s.id AS site_id, s.name AS site_name, s.address AS site_address, s.region AS site_region,
            c.id AS customer_id, c.name AS customer_name, c.region AS customer_region, c.tier AS customer_tier
       FROM maintenance_plans p
       JOIN assets a ON a.id = $2
       LEFT JOIN sites s ON s.id = a.site_id
       JOIN customers c ON c.id = COALESCE(a.customer_id, p.customer_id)
      WHERE p.id = $1`,
    [planId, assetId],
  )) as FiringSource[];
  return row ?? 'asset_gone';
}

/**
 * Opens the ticket of one plan firing for one asset, through the normal intake. The first attempt
 * records the run (ticket number, the ticket as built then) under plan + asset + firing time;
 * every later attempt of the same firing (activity retry, re-delivered condition, backfill over
 * a time that already fired) finds that row and replays the same intake, so it never opens a
 * second ticket, even if the plan's template changed in between.
 */
export async function openMaintenanceTicket(deps: IntakeDeps, input: OpenMaintenanceTicketInput): Promise<MaintenanceRunOutcome> {
  const scheduledAt = new Date(input.scheduledAt);
  const key = `maintenance:${input.planId}:${input.assetId}:${scheduledAt.toISOString()}`;
  const decided = await deps.dataSource.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [key]);
    const [existing] = (await tx.query(
      `SELECT ticket_id, ticket_body, idempotency_key, status, error FROM maintenance_runs
        WHERE plan_id = $1 AND asset_id = $2 AND scheduled_at = $3`,
      [input.planId, input.assetId, scheduledAt],
    )) as RunRow[];
    if (existing) return { run: existing, created: false };
    const source = await loadFiringSource(tx, input.planId, input.assetId);
    if (typeof source === 'string') return { gone: source };
    const ticket = normaliseTicket(
      maintenanceTicket({
        plan: {
          id: input.planId,
          name: source.plan_name,
          triggerType: source.trigger_type,
          timeZone: source.cycle?.timeZone ?? DEFAULT_TIME_ZONE,
          ticket: source.ticket,
        },
        asset: { id: source.asset_id!, serialNo: source.serial_no, model: source.model, sku: source.sku, name: source.asset_name },
        site: source.site_id
          ? { id: source.site_id, name: source.site_name!, address: source.site_address!, region: source.site_region }
          : null,
        customer: { id: source.customer_id, name: source.customer_name, region: source.customer_region, tier: source.customer_tier },
        scheduledAt,
        reason: input.reason,
      }),
    );
    // A ticket the dictionaries refuse is recorded as a failed run, not retried for ever.
    const fieldErrors = await deps.dictionaries.checkTicketFields(ticket);
    const error = fieldErrors.length ? fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; ') : null;
    const ticketId = error ? null : (await claimTicketNumber(tx, { scope: MAINTENANCE_SCOPE, key, ticket })).ticketId;
    const [run] = (await tx.query(
      `INSERT INTO maintenance_runs (plan_id, asset_id, scheduled_at, trigger, ticket_id, ticket_body, idempotency_key, status, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING ticket_id, ticket_body, idempotency_key, status, error`,
      [input.planId, input.assetId, scheduledAt, input.trigger, ticketId, JSON.stringify(ticket), key, error ? 'failed' : 'opening', error],
    )) as RunRow[];
    return { run: run!, created: true };
  });
  if ('gone' in decided) return { assetId: input.assetId, status: decided.gone!, ticketId: null, created: false };
  const { run, created } = decided;
  if (run.status === 'failed')
    return { assetId: input.assetId, status: 'failed', ticketId: null, created: false, error: run.error ?? undefined };
  if (run.status === 'opening') {
    try {
      const result = await intakeTicket(deps, {
        ticket: normaliseTicket(run.ticket_body),
        actor: `maintenance:${input.planId}`,
        idempotencyScope: MAINTENANCE_SCOPE,
        idempotencyKey: run.idempotency_key,
      });
      if (result.ticketId !== run.ticket_id) throw new Error(`intake answered ${result.ticketId} for run claimed as ${run.ticket_id}`);
    } catch (err) {
      // 4xx: intake will never take this ticket (e.g. a category deactivated meanwhile); 5xx: retry.
      if (err instanceof HttpProblem && err.status < 500) {
        await deps.dataSource.query(
          `UPDATE maintenance_runs SET status = 'failed', error = $2, updated_at = now() WHERE idempotency_key = $1`,
          [run.idempotency_key, err.detail ?? err.title],
        );
        return { assetId: input.assetId, status: 'failed', ticketId: null, created: false, error: err.detail ?? err.title };
      }
      throw err;
    }
    await deps.dataSource.query(`UPDATE maintenance_runs SET status = 'opened', updated_at = now() WHERE idempotency_key = $1`, [
      run.idempotency_key,
    ]);
  }
  return { assetId: input.assetId, status: 'opened', ticketId: run.ticket_id, created };
}

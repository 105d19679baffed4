import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { MaintenanceCycle } from '../../domain/maintenance/maintenance-cycle';
import type { TicketTemplate } from '../../domain/maintenance/maintenance-ticket';
import type { ConditionTrigger } from '../../domain/maintenance/plan-condition';
import { HttpProblem } from '../http/problem';
import type { PlanTarget, PlanTrigger } from './plan-schema';
import { audit as writeAudit } from '../../db/audit-log';

/** Maintenance plan rows, their API shape, and the checks that need the archives. */
export const PLAN_COLUMNS = `id, name, target_type, asset_id, site_id, customer_id, model, trigger_type, cycle, condition, ticket,
  status, status_note, skipped_times, schedule_id, deleted_at, version, created_by, created_at, updated_by, updated_at`;

export interface PlanRow {
  id: string;
  name: string;
  target_type: 'asset' | 'site' | 'model';
  asset_id: string | null;
  site_id: string | null;
  customer_id: string;
  model: string | null;
  trigger_type: 'cycle' | 'condition';
  cycle: MaintenanceCycle | null;
  condition: ConditionTrigger | null;
  ticket: TicketTemplate;
  status: 'active' | 'paused';
  status_note: string | null;
  skipped_times: Date[];
  schedule_id: string | null;
  deleted_at: Date | null;
  version: number;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

export function newPlanId(): string {
  return `mp_${randomBytes(10).toString('hex')}`;
}

export const scheduleIdFor = (planId: string) => `maintenance-plan-${planId}`;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function planTarget(r: PlanRow): PlanTarget {
  if (r.target_type === 'asset') return { type: 'asset', assetId: r.asset_id! };
  if (r.target_type === 'site') return { type: 'site', siteId: r.site_id! };
  return { type: 'model', customerId: r.customer_id, model: r.model! };
}

export function planTrigger(r: PlanRow): PlanTrigger {
  return r.trigger_type === 'cycle' ? { type: 'cycle', ...r.cycle! } : { type: 'condition', ...r.condition! };
}

export function skippedTimes(r: PlanRow): Date[] {
  return (r.skipped_times ?? []).map((t) => new Date(t));
}

export function planView(r: PlanRow) {
  return {
    id: r.id,
    name: r.name,
    target: planTarget(r),
    customerId: r.customer_id,
    trigger: planTrigger(r),
    ticket: r.ticket,
    status: r.status,
    statusNote: r.status_note,
    skippedTimes: skippedTimes(r).map((d) => d.toISOString()),
    scheduleId: r.schedule_id,
    version: r.version,
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    updatedBy: r.updated_by,
    updatedAt: iso(r.updated_at),
  };
}

export async function loadPlan(db: Pick<EntityManager, 'query'>, id: string, opts: { forUpdate?: boolean } = {}): Promise<PlanRow> {
  const [row] = (await db.query(
    `SELECT ${PLAN_COLUMNS} FROM maintenance_plans WHERE id = $1 AND deleted_at IS NULL${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  )) as PlanRow[];
  if (!row) throw HttpProblem.notFound(`maintenance plan ${id} does not exist`);
  return row;
}

/** The customer a target belongs to, checked against the archives; a 422 names the field at fault. */
export async function resolveTarget(
  db: Pick<EntityManager, 'query'>,
  target: PlanTarget,
): Promise<{ customerId: string; assetId: string | null; siteId: string | null; model: string | null }> {
  const refuse = (field: string, message: string) =>
    new HttpProblem(422, 'validation_failed', 'The request is not valid', `${field}: ${message}`, [{ field, message }]);
  if (target.type === 'asset') {
    const [a] = (await db.query(`SELECT customer_id, status FROM assets WHERE id = $1`, [target.assetId])) as {
      customer_id: string | null;
      status: string;
    }[];
    if (!a) throw refuse('target.assetId', `asset ${target.assetId} does not exist`);
    if (!a.customer_id) throw refuse('target.assetId', 'the asset has no owner customer; a maintenance ticket needs one');
    if (a.status === 'retired') throw refuse('target.assetId', 'the asset is retired');
    return { customerId: a.customer_id, assetId: target.assetId, siteId: null, model: null };
  }
  if (target.type === 'site') {
    const [s] = (await db.query(`SELECT customer_id FROM sites WHERE id = $1`, [target.siteId])) as { customer_id: string }[];
    if (!s) throw refuse('target.siteId', `site ${target.siteId} does not exist`);
    return { customerId: s.customer_id, assetId: null, siteId: target.siteId, model: null };
  }
  const [c] = (await db.query(`SELECT id FROM customers WHERE id = $1`, [target.customerId])) as unknown[];
  if (!c) throw refuse('target.customerId', `customer ${target.customerId} does not exist`);
  return { customerId: target.customerId, assetId: null, siteId: null, model: target.model };
}

export async function audit(
  db: Pick<EntityManager, 'query'>,
  actor: string,
  action: string,
  targetId: string,
  details: Record<string, unknown>,
  targetType = 'maintenance_plan',
): Promise<void> {
  await writeAudit(db, actor, action, targetType, targetId, details);
}

/** TypeORM answers an UPDATE … RETURNING with [rows, affected]; this gives the rows. */
export async function updateReturning<T>(db: Pick<EntityManager, 'query'>, sql: string, params: unknown[]): Promise<T[]> {
  const out: unknown = await db.query(sql, params);
  return (Array.isArray(out) && Array.isArray(out[0]) ? out[0] : out) as T[];
}

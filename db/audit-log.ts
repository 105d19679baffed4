import type { EntityManager } from 'typeorm';

/**
 * One row of the audit trail: who did what to which record. Written with the same connection
 * (usually the transaction) as the change it records, so neither lands without the other.
 */
export async function audit(
  db: Pick<EntityManager, 'query'>,
  actor: string,
  action: string,
  targetType: string,
  targetId: string,
  details: unknown,
): Promise<void> {
  await db.query(`INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5)`, [
    actor,
    action,
    targetType,
    targetId,
    JSON.stringify(details),
  ]);
}

import { DataSource, type EntityManager } from 'typeorm';
import type { QuotaKind, UsageSourceType } from '../../domain/contracts/contract';
import { contractDay, quotaDecision, type QuotaOutcome } from '../../domain/contracts/entitlement';
import { contractTerms, loadUsages, type ContractRow, CONTRACT_COLUMNS } from './contract-queries';

export interface ConsumeQuotaInput {
  contractId: string;
  kind: QuotaKind;
  sourceType: UsageSourceType;
  sourceId: string;
  /** when the work used it; its China-time day decides the quota period */
  at: Date;
  /** who used it, as recorded: `token:<name>`, `system` … */
  actor?: string;
}

/**
 * Takes one unit of a contract's quota for a ticket or visit. The contract row is locked while
 * counting, so two uses racing for the last unit cannot both get it; the same source asking again
 * is answered `already_consumed` and writes nothing. Runs in the caller's transaction when given
 * one (so it commits or rolls back with the work), else in its own.
 */
export async function consumeQuota(db: DataSource | EntityManager, input: ConsumeQuotaInput): Promise<QuotaOutcome> {
  if (db instanceof DataSource || !db.queryRunner?.isTransactionActive) return db.transaction((tx) => consumeIn(tx, input));
  return consumeIn(db, input);
}

async function consumeIn(tx: EntityManager, input: ConsumeQuotaInput): Promise<QuotaOutcome> {
  const [row] = (await tx.query(`SELECT ${CONTRACT_COLUMNS} FROM contracts c WHERE c.id = $1 FOR UPDATE`, [
    input.contractId,
  ])) as ContractRow[];
  if (!row) return { consumed: false, covered: false, reason: 'contract_not_found', quota: null };
  const terms = contractTerms(row);
  const on = contractDay(input.at);
  const usages = await loadUsages(tx, [terms.id], input.kind);
  const decision = quotaDecision(terms, input.kind, usages, on, { type: input.sourceType, id: input.sourceId });
  const { take, ...outcome } = decision;
  if (!take) return { ...outcome, consumed: false };
  const inserted: unknown[] = await tx.query(
    `INSERT INTO contract_usages (contract_id, quota_kind, source_type, source_id, period_start, used_on, used_at, used_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (contract_id, quota_kind, source_type, source_id) DO NOTHING RETURNING id`,
    [terms.id, input.kind, input.sourceType, input.sourceId, outcome.quota!.periodStart, on, input.at, input.actor ?? 'system'],
  );
  return { ...outcome, consumed: inserted.length > 0 };
}

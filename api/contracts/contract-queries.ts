import type { DataSource, EntityManager } from 'typeorm';
import type {
  ContractKind,
  ContractQuota,
  ContractScope,
  ContractStatus,
  ContractTerms,
  QuotaKind,
  QuotaUsage,
} from '../../domain/contracts/contract';
import { contractDay, contractInForce, quotaCheck } from '../../domain/contracts/entitlement';
import { HttpProblem } from '../http/problem';

export type Db = Pick<DataSource, 'query'> | Pick<EntityManager, 'query'>;

export interface ContractRow {
  id: string;
  customer_id: string;
  kind: ContractKind;
  name: string;
  starts_on: string;
  ends_on: string;
  status: ContractStatus;
  entitlement: string;
  sla_policy_id: string | null;
  response_minutes: number | null;
  coverage: ContractScope;
  quotas: ContractQuota[];
  notes: string | null;
  terminated_on: string | null;
  termination_reason: string | null;
  version: number;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

/** Dates as the YYYY-MM-DD text they were signed as (not instants), whatever the session time zone. */
export const CONTRACT_COLUMNS = `c.id, c.customer_id, c.kind, c.name, to_char(c.starts_on, 'YYYY-MM-DD') AS starts_on,
  to_char(c.ends_on, 'YYYY-MM-DD') AS ends_on, c.status, c.entitlement, c.sla_policy_id, c.response_minutes, c.coverage, c.quotas,
  c.notes, to_char(c.terminated_on, 'YYYY-MM-DD') AS terminated_on, c.termination_reason, c.version, c.created_by, c.created_at,
  c.updated_by, c.updated_at`;

export function contractTerms(r: ContractRow): ContractTerms {
  return {
    id: r.id,
    customerId: r.customer_id,
    kind: r.kind,
    name: r.name,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    status: r.status,
    entitlement: r.entitlement,
    slaPolicyId: r.sla_policy_id,
    responseMinutes: r.response_minutes,
    coverage: { assetIds: [], models: [], skus: [], regions: [], ...(r.coverage as Partial<ContractScope>) },
    quotas: r.quotas ?? [],
  };
}

/** A contract as the API shows it; `inForce` and `quotaStatus` are as of `now`. */
export function contractView(r: ContractRow, now = new Date(), usages?: readonly QuotaUsage[]) {
  const today = contractDay(now);
  const terms = contractTerms(r);
  return {
    ...terms,
    notes: r.notes,
    terminatedOn: r.terminated_on,
    terminationReason: r.termination_reason,
    /** true when the contract covers work today (active and within its term) */
    inForce: contractInForce(terms, today) === null,
    daysLeft: Math.max(0, Math.round((Date.parse(r.ends_on) - Date.parse(today)) / 86_400_000)),
    ...(usages ? { quotaStatus: terms.quotas.map((q) => quotaCheck(terms, q, usages, today)) } : {}),
    version: r.version,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    updatedBy: r.updated_by,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}
export type ContractView = ReturnType<typeof contractView>;

/** The contract, locked for update inside a transaction when asked; 404 when missing. */
export async function loadContract(db: Db, id: string, lock = false): Promise<ContractRow> {
  const [row] = (await db.query(`SELECT ${CONTRACT_COLUMNS} FROM contracts c WHERE c.id = $1${lock ? ' FOR UPDATE' : ''}`, [
    id,
  ])) as ContractRow[];
  if (!row) throw HttpProblem.notFound(`contract ${id} does not exist`);
  return row;
}

interface UsageRow {
  contract_id: string;
  quota_kind: QuotaKind;
  source_type: QuotaUsage['sourceType'];
  source_id: string;
  used_on: string;
}

/** The quota used on these contracts (of one kind, when given). */
export async function loadUsages(db: Db, contractIds: readonly string[], kind?: QuotaKind): Promise<QuotaUsage[]> {
  if (!contractIds.length) return [];
  const rows = (await db.query(
    `SELECT contract_id, quota_kind, source_type, source_id, to_char(used_on, 'YYYY-MM-DD') AS used_on
     FROM contract_usages WHERE contract_id = ANY($1) AND ($2::text IS NULL OR quota_kind = $2)`,
    [contractIds, kind ?? null],
  )) as UsageRow[];
  return rows.map((r) => ({
    contractId: r.contract_id,
    kind: r.quota_kind,
    sourceType: r.source_type,
    sourceId: r.source_id,
    usedOn: r.used_on,
  }));
}

/**
 * Every contract of a customer, newest term first, each with what is left of its quotas today —
 * for the customer 360 view.
 */
export async function contractsOfCustomer(db: Db, customerId: string, now = new Date()): Promise<ContractView[]> {
  const rows = (await db.query(`SELECT ${CONTRACT_COLUMNS} FROM contracts c WHERE c.customer_id = $1 ORDER BY c.ends_on DESC, c.id`, [
    customerId,
  ])) as ContractRow[];
  const usages = await loadUsages(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => contractView(r, now, usages));
}

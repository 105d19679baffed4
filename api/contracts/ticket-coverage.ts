import type { EntityManager } from 'typeorm';
import { contractDay, decideCoverage, type CoveredAsset, type TicketCoverage } from '../../domain/contracts/entitlement';
import type { CreateTicketInput } from '../../domain/ticket/ticket.schema';
import { consumeQuota } from './consume-quota';
import { invalidField } from './contract-params';
import { contractTerms, loadUsages, CONTRACT_COLUMNS, type ContractRow, type Db } from './contract-queries';

/** The asset a ticket is about, with what coverage needs to know of it. */
export interface TicketAsset extends CoveredAsset {
  serialNo: string;
  customerId: string | null;
  /** the region of the site it is installed at */
  region: string | null;
}

interface AssetRow {
  id: string;
  serial_no: string;
  customer_id: string | null;
  model: string;
  sku: string | null;
  warranty_ends_on: string | null;
  site_region: string | null;
}

/**
 * The asset named by `assetId` or `serialNo` (either identifies it; both must then agree). Unknown,
 * or owned by another customer, is a 422 on the field that named it. Null when neither is given.
 */
export async function resolveTicketAsset(
  db: Db,
  t: Pick<CreateTicketInput, 'customerId' | 'assetId' | 'serialNo'>,
): Promise<TicketAsset | null> {
  if (!t.assetId && !t.serialNo) return null;
  const field = t.assetId ? 'assetId' : 'serialNo';
  const [row] = (await db.query(
    `SELECT a.id, a.serial_no, a.customer_id, a.model, a.sku, to_char(a.warranty_ends_on, 'YYYY-MM-DD') AS warranty_ends_on,
            s.region AS site_region
     FROM assets a LEFT JOIN sites s ON s.id = a.site_id
     WHERE ${t.assetId ? 'a.id = $1' : 'a.serial_no = $1'}`,
    [t.assetId ?? t.serialNo],
  )) as AssetRow[];
  if (!row) throw invalidField(field, t.assetId ? `no asset ${t.assetId}` : `no asset with serial number ${t.serialNo}`);
  if (t.assetId && t.serialNo && row.serial_no !== t.serialNo)
    throw invalidField('serialNo', `asset ${row.id} has serial number ${row.serial_no}, not ${t.serialNo}`);
  // An asset nobody owns yet (in stock) may be reported by whoever has it; one sold to someone else may not.
  if (row.customer_id && row.customer_id !== t.customerId) throw invalidField(field, `asset ${row.id} belongs to another customer`);
  return {
    id: row.id,
    serialNo: row.serial_no,
    customerId: row.customer_id,
    model: row.model,
    sku: row.sku,
    warrantyEndsOn: row.warranty_ends_on,
    region: row.site_region,
  };
}

export interface CoverTicketInput {
  ticket: CreateTicketInput;
  asset: TicketAsset | null;
  ticketId: string;
  at: Date;
  actor: string;
}

/**
 * Decides a new ticket's coverage and takes one unit of its contract's ticket quota, if it has one,
 * inside the intake transaction: the customer's contracts in force are locked while deciding, so
 * two tickets cannot both get the last unit, and a rolled-back intake uses nothing. Consuming is
 * keyed by the ticket number, so a retried intake (same Idempotency-Key, same number) uses none again.
 */
export async function coverTicket(tx: EntityManager, input: CoverTicketInput): Promise<TicketCoverage> {
  const { ticket, asset } = input;
  const on = contractDay(input.at);
  const query = {
    customerId: ticket.customerId,
    on,
    asset,
    sku: ticket.sku ?? null,
    region: ticket.region ?? asset?.region ?? null,
    need: 'ticket' as const,
    source: { type: 'ticket' as const, id: input.ticketId },
    // The caller's entitlement wins: integrators (OMS, ERP) that send one have decided it from the
    // order or invoice they hold, and their tickets keep the SLA they had before contracts existed.
    explicitEntitlement: ticket.entitlement ?? null,
  };
  if (query.explicitEntitlement) return decideCoverage(query, [], []);
  const rows = (await tx.query(
    `SELECT ${CONTRACT_COLUMNS} FROM contracts c
     WHERE c.customer_id = $1 AND c.status = 'active' AND c.starts_on <= $2 AND c.ends_on >= $2
     ORDER BY c.id FOR UPDATE`,
    [ticket.customerId, on],
  )) as ContractRow[];
  const contracts = rows.map(contractTerms);
  const usages = await loadUsages(
    tx,
    contracts.map((c) => c.id),
    'ticket',
  );
  const coverage: TicketCoverage = decideCoverage(query, contracts, usages);
  if (coverage.contractId && coverage.quota) {
    const outcome = await consumeQuota(tx, {
      contractId: coverage.contractId,
      kind: 'ticket',
      sourceType: 'ticket',
      sourceId: input.ticketId,
      at: input.at,
      actor: input.actor,
    });
    coverage.quota = outcome.quota;
  }
  return coverage;
}

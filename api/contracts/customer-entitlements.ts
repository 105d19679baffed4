import { contractApplies, contractDay, decideCoverage, quotaCheck, type CoverageQuery } from '../../domain/contracts/entitlement';
import { contractTerms, loadUsages, CONTRACT_COLUMNS, type ContractRow, type Db } from './contract-queries';

interface AssetRow {
  id: string;
  serial_no: string;
  model: string;
  sku: string | null;
  name: string | null;
  warranty_ends_on: string | null;
  site_region: string | null;
}

/**
 * What a customer is entitled to on `now`'s day: for each of their assets the coverage a new ticket
 * would get (contract, entitlement, warranty) and the quota left on every contract covering it;
 * `general` is a ticket naming no asset. Null when there is no such customer. Also used by the
 * customer 360 view.
 */
export async function customerEntitlements(db: Db, customerId: string, now = new Date()) {
  const [customer] = (await db.query(`SELECT id, name, tier, region FROM customers WHERE id = $1`, [customerId])) as {
    id: string;
    name: string;
    tier: string;
    region: string | null;
  }[];
  if (!customer) return null;
  const rows = (await db.query(`SELECT ${CONTRACT_COLUMNS} FROM contracts c WHERE c.customer_id = $1 ORDER BY c.id`, [
    customer.id,
  ])) as ContractRow[];
  const contracts = rows.map(contractTerms);
  const usages = await loadUsages(
    db,
    contracts.map((c) => c.id),
  );
  const assets = (await db.query(
    `SELECT a.id, a.serial_no, a.model, a.sku, a.name, to_char(a.warranty_ends_on, 'YYYY-MM-DD') AS warranty_ends_on, s.region AS site_region
     FROM assets a LEFT JOIN sites s ON s.id = a.site_id WHERE a.customer_id = $1 ORDER BY a.id`,
    [customer.id],
  )) as AssetRow[];
  const on = contractDay(now);
  const entitlement = (q: CoverageQuery) => ({
    coverage: decideCoverage(q, contracts, usages),
    /** every contract covering it (the one chosen is coverage.contractId), each with its quotas today */
    contracts: contracts
      .filter((c) => contractApplies(c, q) === null)
      .map((c) => ({
        contractId: c.id,
        kind: c.kind,
        entitlement: c.entitlement,
        endsOn: c.endsOn,
        quotas: c.quotas.map((quota) => quotaCheck(c, quota, usages, on)),
      })),
  });
  return {
    customerId: customer.id,
    customerName: customer.name,
    tier: customer.tier,
    on,
    general: entitlement({ customerId: customer.id, on, asset: null, region: customer.region }),
    assets: assets.map((a) => ({
      assetId: a.id,
      serialNo: a.serial_no,
      model: a.model,
      sku: a.sku,
      name: a.name,
      warrantyEndsOn: a.warranty_ends_on,
      ...entitlement({
        customerId: customer.id,
        on,
        asset: { id: a.id, model: a.model, sku: a.sku, warrantyEndsOn: a.warranty_ends_on },
        region: a.site_region ?? customer.region,
      }),
    })),
  };
}

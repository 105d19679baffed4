import type { CostLine, ServiceDashboard } from '../../domain/dashboards/service-dashboard';
import type { DashboardFilters } from './dashboard-filters';
import { dimensionWhere, inPeriod, ticketColumns } from './dashboard-filters';
import { int, startStatement, type Db } from './ticket-cohort';

/**
 * Cost of the work created within the period, by SKU and by region (of the work's ticket; an RMA's
 * own SKU wins over its ticket's), in fen:
 * - visitFeesFen / visitPartsFen: the fee items and the parts (at their unit prices) of each
 *   visit's receipt (visit_receipts);
 * - rmaRefundFen: refunds the ERP took (vars.refund with a refund number, not failed);
 * - rmaSettlementFen: price differences settled (vars.settlement, signed: positive is paid to the
 *   customer).
 * Work without a ticket and without a SKU shows under a null key.
 */
export async function costBreakdown(db: Db, f: DashboardFilters): Promise<ServiceDashboard['cost']> {
  const { p, period } = startStatement(f);
  const rmaCols = { ...ticketColumns('t'), sku: 'coalesce(m.sku, t.sku)' };
  const rows: {
    sku: string | null;
    region: string | null;
    sku_rolled: number;
    region_rolled: number;
    fees: string;
    parts: string;
    refund: string;
    settlement: string;
  }[] = await db.query(
    `WITH lines AS (
         SELECT t.sku, t.region,
                coalesce((rc.receipt ->> 'feesFen')::bigint, 0) AS fees, coalesce((rc.receipt ->> 'partsFen')::bigint, 0) AS parts,
                0::bigint AS refund, 0::bigint AS settlement
           FROM visits v JOIN visit_receipts rc ON rc.visit_id = v.visit_id
           LEFT JOIN tickets t ON t.ticket_id = v.ticket_id
          WHERE ${inPeriod('v.created_at', period)} AND ${dimensionWhere(p, f, ticketColumns('t'))}
         UNION ALL
         SELECT coalesce(m.sku, t.sku), t.region, 0, 0,
                CASE WHEN m.data -> 'vars' -> 'refund' ? 'refundNo' AND m.data -> 'vars' -> 'refund' ->> 'status' IS DISTINCT FROM 'failed'
                     THEN coalesce((m.data -> 'vars' -> 'refund' ->> 'amountFen')::bigint, 0) ELSE 0 END,
                CASE WHEN m.data -> 'vars' -> 'settlement' ? 'settlementNo'
                     THEN coalesce((m.data -> 'vars' -> 'settlement' ->> 'amountFen')::bigint, 0) ELSE 0 END
           FROM rmas m LEFT JOIN tickets t ON t.ticket_id = m.ticket_id
          WHERE ${inPeriod('m.created_at', period)} AND ${dimensionWhere(p, f, rmaCols)}
       )
       SELECT sku, region, GROUPING(sku) AS sku_rolled, GROUPING(region) AS region_rolled,
              sum(fees) AS fees, sum(parts) AS parts, sum(refund) AS refund, sum(settlement) AS settlement
         FROM lines GROUP BY GROUPING SETS ((sku), (region), ())`,
    p.values,
  );
  const line = (key: string | null, r: (typeof rows)[number]): CostLine => {
    const c = { visitFeesFen: int(r.fees), visitPartsFen: int(r.parts), rmaRefundFen: int(r.refund), rmaSettlementFen: int(r.settlement) };
    return { key, ...c, totalFen: c.visitFeesFen + c.visitPartsFen + c.rmaRefundFen + c.rmaSettlementFen };
  };
  const byTotal = (a: CostLine, b: CostLine) => b.totalFen - a.totalFen || String(a.key).localeCompare(String(b.key));
  // GROUPING(x) is 1 on the rows where x was rolled up: a SKU row rolls up the region, and so on.
  const bySku = rows.filter((r) => Number(r.sku_rolled) === 0 && Number(r.region_rolled) === 1).map((r) => line(r.sku, r));
  const byRegion = rows.filter((r) => Number(r.sku_rolled) === 1 && Number(r.region_rolled) === 0).map((r) => line(r.region, r));
  // The () grouping set answers a row even when nothing matched (its sums are then NULL, read as 0).
  const total = rows.find((r) => Number(r.sku_rolled) === 1 && Number(r.region_rolled) === 1)!;
  const { key: _k, ...totals } = line(null, total);
  return { bySku: bySku.sort(byTotal), byRegion: byRegion.sort(byTotal), totals };
}

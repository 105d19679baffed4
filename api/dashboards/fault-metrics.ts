import { percent, type ServiceDashboard } from '../../domain/dashboards/service-dashboard';
import type { DashboardFilters } from './dashboard-filters';
import { int, startStatement, ticketCohortSql, type Db } from './ticket-cohort';

const TOP = 10;

/**
 * Top fault categories: the ticket cohort counted by its first two category levels (故障大类 ›
 * 小类), most frequent first (ties by name), the first ten; share = of all tickets in the cohort.
 */
export async function topFaultCategories(db: Db, f: DashboardFilters): Promise<ServiceDashboard['topFaults']> {
  const { p, period } = startStatement(f);
  const rows: { category1: string | null; category2: string | null; n: string; total: string }[] = await db.query(
    `WITH cohort AS (${ticketCohortSql(p, f, period)})
     SELECT category1, category2, count(*) AS n, sum(count(*)) OVER () AS total
       FROM cohort GROUP BY category1, category2
      ORDER BY n DESC, category1 NULLS LAST, category2 NULLS LAST LIMIT ${p.add(TOP)}`,
    p.values,
  );
  return rows.map((r) => ({ category1: r.category1, category2: r.category2, count: int(r.n), sharePct: percent(int(r.n), int(r.total)) }));
}

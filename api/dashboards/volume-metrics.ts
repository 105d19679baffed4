import type { DashboardFilters } from './dashboard-filters';
import { dimensionWhere, inPeriod, ticketColumns } from './dashboard-filters';
import { int, startStatement, type Db } from './ticket-cohort';
import type { ServiceDashboard } from '../../domain/dashboards/service-dashboard';

/**
 * Volume trend, per calendar day of the period in `tz` (every day listed, zero when quiet):
 * - created: tickets created that day;
 * - resolved: tickets whose resolution (their latest one — a reopened ticket's earlier resolution
 *   is undone) fell on that day;
 * - closed: tickets closed that day.
 * A ticket created before the period still counts on the day it was resolved or closed.
 */
export async function volumeTrend(db: Db, f: DashboardFilters): Promise<ServiceDashboard['volume']> {
  const { p, period } = startStatement(f);
  const rows: { day: string; created: string; resolved: string; closed: string }[] = await db.query(
    `WITH scoped AS (
       SELECT t.created_at, t.resolved_at, t.closed_at FROM tickets t
        WHERE t.created_at < ${period.end}
          AND (t.created_at >= ${period.start} OR t.resolved_at >= ${period.start} OR t.closed_at >= ${period.start})
          AND ${dimensionWhere(p, f, ticketColumns('t'))}
     ), happened AS (
       SELECT 'created' AS what, created_at AS at FROM scoped
       UNION ALL SELECT 'resolved', resolved_at FROM scoped WHERE resolved_at IS NOT NULL
       UNION ALL SELECT 'closed', closed_at FROM scoped WHERE closed_at IS NOT NULL
     ), days AS (
       SELECT d::date AS day FROM generate_series(${period.fromDay}, ${period.toDay}, interval '1 day') d
     )
     SELECT to_char(days.day, 'YYYY-MM-DD') AS day,
            count(*) FILTER (WHERE h.what = 'created') AS created,
            count(*) FILTER (WHERE h.what = 'resolved') AS resolved,
            count(*) FILTER (WHERE h.what = 'closed') AS closed
       FROM days
       LEFT JOIN happened h ON ${inPeriod('h.at', period)} AND (h.at AT TIME ZONE ${period.tz})::date = days.day
      GROUP BY days.day ORDER BY days.day`,
    p.values,
  );
  const days = rows.map((r) => ({ day: r.day, created: int(r.created), resolved: int(r.resolved), closed: int(r.closed) }));
  const sum = (k: 'created' | 'resolved' | 'closed') => days.reduce((s, d) => s + d[k], 0);
  return { days, totals: { created: sum('created'), resolved: sum('resolved'), closed: sum('closed') } };
}

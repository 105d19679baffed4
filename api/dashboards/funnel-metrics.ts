import { TICKET_STATUSES } from '../../domain/ticket/ticket.schema';
import { minutes, type ServiceDashboard } from '../../domain/dashboards/service-dashboard';
import type { DashboardFilters } from './dashboard-filters';
import { int, startStatement, ticketCohortSql, type Db } from './ticket-cohort';

/**
 * Funnel by status, for the ticket cohort (created in the period), from the status transitions in
 * ticket_events (an event whose to_status differs from its from_status; the creation counts as
 * entering `new`). For each status:
 * - reached: tickets that entered it at least once;
 * - timed: tickets that also left it at least once — time in a status is the sum of the ticket's
 *   completed stays there (entered → the next transition), a stay still running is not counted;
 * - p50/p90: the median and 90th percentile of that time over the timed tickets, in minutes,
 *   interpolated (percentile_cont).
 * Statuses are listed in lifecycle order (TICKET_STATUSES), then any a custom flow adds.
 */
export async function funnelByStatus(db: Db, f: DashboardFilters): Promise<ServiceDashboard['funnel']> {
  const { p, period } = startStatement(f);
  const rows: { status: string; reached: string; timed: string; p50: number | null; p90: number | null }[] = await db.query(
    `WITH cohort AS (${ticketCohortSql(p, f, period)}),
     moves AS (
       SELECT e.ticket_id, e.to_status AS status, e.occurred_at AS entered_at,
              lead(e.occurred_at) OVER (PARTITION BY e.ticket_id ORDER BY e.seq) AS left_at
         FROM cohort c JOIN ticket_events e ON e.ticket_id = c.ticket_id
        WHERE e.to_status IS NOT NULL AND e.to_status IS DISTINCT FROM e.from_status
     ),
     stays AS (
       SELECT ticket_id, status,
              sum(extract(epoch FROM left_at - entered_at) / 60) FILTER (WHERE left_at IS NOT NULL) AS minutes
         FROM moves GROUP BY ticket_id, status
     )
     SELECT status, count(*) AS reached, count(minutes) AS timed,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS p50,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY minutes) AS p90
       FROM stays GROUP BY status`,
    p.values,
  );
  const byStatus = new Map(rows.map((r) => [r.status, r]));
  const order = [
    ...TICKET_STATUSES,
    ...rows
      .map((r) => r.status)
      .filter((s) => !(TICKET_STATUSES as readonly string[]).includes(s))
      .sort(),
  ];
  return order.map((status) => {
    const r = byStatus.get(status);
    return { status, reached: int(r?.reached), timed: int(r?.timed), p50Minutes: minutes(r?.p50), p90Minutes: minutes(r?.p90) };
  });
}

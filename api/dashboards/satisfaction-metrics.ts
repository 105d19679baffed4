import { percent, type ServiceDashboard } from '../../domain/dashboards/service-dashboard';
import type { DashboardFilters } from './dashboard-filters';
import { dimensionWhere, inPeriod, ticketColumns } from './dashboard-filters';
import { int, startStatement, type Db } from './ticket-cohort';

/**
 * Customer satisfaction from the ratings given within the period (service_ratings.rated_at), of any
 * piece of work (ticket, RMA, visit), filtered by the dimensions of the work's ticket. A visit's
 * own follow-up rating (1–5, visits.rating) counts as a CSAT too, dated when the visit closed,
 * unless the customer also rated that visit on the H5 page (the H5 rating wins: one per visit).
 * - CSAT: average of the 1–5 scores (two decimals), and the share of 4s and 5s ("satisfied");
 * - NPS: promoters (9–10) minus detractors (0–6), as a percentage of the NPS answers, one decimal;
 *   passives are 7–8.
 */
export async function satisfaction(db: Db, f: DashboardFilters): Promise<ServiceDashboard['satisfaction']> {
  const { p, period } = startStatement(f);
  const [row]: Record<'csat_n' | 'csat_avg' | 'satisfied' | 'nps_n' | 'promoters' | 'passives' | 'detractors', string | null>[] =
    await db.query(
      `WITH scores AS (
         SELECT r.csat, r.nps
           FROM service_ratings r
           LEFT JOIN visits v ON r.work_kind = 'visit' AND v.visit_id = r.work_id
           LEFT JOIN rmas m ON r.work_kind = 'rma' AND m.rma_id = r.work_id
           LEFT JOIN tickets t ON t.ticket_id = CASE r.work_kind WHEN 'ticket' THEN r.work_id WHEN 'visit' THEN v.ticket_id ELSE m.ticket_id END
          WHERE ${inPeriod('r.rated_at', period)} AND ${dimensionWhere(p, f, ticketColumns('t'))}
         UNION ALL
         SELECT v.rating, NULL
           FROM visits v LEFT JOIN tickets t ON t.ticket_id = v.ticket_id
          WHERE v.rating IS NOT NULL AND ${inPeriod('v.closed_at', period)} AND ${dimensionWhere(p, f, ticketColumns('t'))}
            AND NOT EXISTS (SELECT 1 FROM service_ratings r WHERE r.work_kind = 'visit' AND r.work_id = v.visit_id)
       )
       SELECT count(csat) AS csat_n, round(avg(csat), 2) AS csat_avg, count(*) FILTER (WHERE csat >= 4) AS satisfied,
              count(nps) AS nps_n, count(*) FILTER (WHERE nps >= 9) AS promoters,
              count(*) FILTER (WHERE nps BETWEEN 7 AND 8) AS passives, count(*) FILTER (WHERE nps <= 6) AS detractors
         FROM scores`,
      p.values,
    );
  const csatN = int(row?.csat_n);
  const satisfied = int(row?.satisfied);
  const npsN = int(row?.nps_n);
  const promoters = int(row?.promoters);
  const detractors = int(row?.detractors);
  return {
    csat: {
      count: csatN,
      average: row?.csat_avg == null ? null : Number(row.csat_avg),
      satisfied,
      satisfiedPct: percent(satisfied, csatN),
    },
    nps: { count: npsN, promoters, passives: int(row?.passives), detractors, score: percent(promoters - detractors, npsN) },
  };
}

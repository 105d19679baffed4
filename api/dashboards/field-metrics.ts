import { percent, type ServiceDashboard } from '../../domain/dashboards/service-dashboard';
import type { DashboardFilters } from './dashboard-filters';
import { dimensionWhere, inPeriod, ticketColumns } from './dashboard-filters';
import { int, startStatement, type Db } from './ticket-cohort';

/**
 * On-site visits created within the period, filtered by the dimensions of their ticket.
 * - punctuality: of the visits with a promised window that were checked in (their first
 *   `check-in`), on time = checked in within the window (start and end included); early and late
 *   are before and after it. The window is the visit's last one (a reschedule replaces it).
 * - parts hit rate: of the visits that needed parts and had them checked, hit = reserved at once:
 *   no shortage ever had to be supplied (purchase or transfer) and the reservation succeeded. A check
 *   that failed outright is not a check.
 */
export async function fieldService(
  db: Db,
  f: DashboardFilters,
): Promise<{ punctuality: ServiceDashboard['punctuality']; partsHit: ServiceDashboard['partsHit'] }> {
  const { p, period } = startStatement(f);
  const [row]: Record<'checked_in' | 'on_time' | 'early' | 'late' | 'parts_checked' | 'parts_hit', string>[] = await db.query(
    `WITH scoped AS (
       SELECT v.visit_id, v.window_start, v.window_end, v.parts,
              (SELECT min(e.at) FROM visit_events e WHERE e.visit_id = v.visit_id AND e.type = 'visit.check-in') AS checked_in_at,
              coalesce(jsonb_array_length(CASE WHEN jsonb_typeof(v.parts -> 'needed') = 'array' THEN v.parts -> 'needed' END), 0) > 0
                AND jsonb_typeof(v.parts -> 'check') = 'object' AND NOT (v.parts -> 'check' ? 'error') AS parts_checked
         FROM visits v LEFT JOIN tickets t ON t.ticket_id = v.ticket_id
        WHERE ${inPeriod('v.created_at', period)} AND ${dimensionWhere(p, f, ticketColumns('t'))}
     )
     SELECT
       count(*) FILTER (WHERE window_start IS NOT NULL AND window_end IS NOT NULL AND checked_in_at IS NOT NULL) AS checked_in,
       count(*) FILTER (WHERE checked_in_at BETWEEN window_start AND window_end) AS on_time,
       count(*) FILTER (WHERE window_end IS NOT NULL AND checked_in_at < window_start) AS early,
       count(*) FILTER (WHERE window_start IS NOT NULL AND checked_in_at > window_end) AS late,
       count(*) FILTER (WHERE parts_checked) AS parts_checked,
       count(*) FILTER (WHERE parts_checked AND coalesce(jsonb_typeof(parts -> 'supply'), 'null') = 'null'
                          AND jsonb_typeof(parts -> 'reservation') = 'object' AND NOT (parts -> 'reservation' ? 'error')) AS parts_hit
       FROM scoped`,
    p.values,
  );
  const checkedIn = int(row?.checked_in);
  const onTime = int(row?.on_time);
  const checked = int(row?.parts_checked);
  const hit = int(row?.parts_hit);
  return {
    punctuality: { checkedIn, onTime, early: int(row?.early), late: int(row?.late), ratePct: percent(onTime, checkedIn) },
    partsHit: { checked, hit, ratePct: percent(hit, checked) },
  };
}

import {
  FRT_BUCKET_EDGES_MIN,
  histogram,
  minutes,
  percent,
  TTR_BUCKET_EDGES_MIN,
  type DurationDistribution,
  type ServiceDashboard,
} from '../../domain/dashboards/service-dashboard';
import { PRIORITIES } from '../../domain/ticket/ticket.schema';
import type { DashboardFilters, SqlParams } from './dashboard-filters';
import { int, startStatement, ticketCohortSql, type Db } from './ticket-cohort';
import { slaResolvedWithDeadline, slaResolvedWithin } from './sla-attainment-sql';

/** Who counts as a person: a signed-in user or an API token acting for one — not `system`, `rule:…` or `routing:auto`. */
const BY_PERSON = `(e.actor LIKE 'user:%' OR e.actor LIKE 'token:%')`;

/** p50/p90 (interpolated) and the histogram of `minutes` over the rows of `measuredSql` that have one. */
async function distribution(db: Db, p: SqlParams, measuredSql: string, edges: readonly number[]): Promise<DurationDistribution> {
  const e = p.add(edges);
  const [row]: { n: string; p50: number | null; p90: number | null; buckets: Record<string, number> }[] = await db.query(
    `WITH measured AS (${measuredSql})
     SELECT count(minutes) AS n,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS p50,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY minutes) AS p90,
            (SELECT coalesce(json_object_agg(b, n), '{}'::json)
               FROM (SELECT width_bucket(minutes, ${e}::float8[]) AS b, count(*) AS n
                       FROM measured WHERE minutes IS NOT NULL GROUP BY 1) x) AS buckets
       FROM measured`,
    p.values,
  );
  const counts = new Map(Object.entries(row?.buckets ?? {}).map(([b, n]) => [Number(b), Number(n)]));
  return { count: int(row?.n), p50Minutes: minutes(row?.p50), p90Minutes: minutes(row?.p90), buckets: histogram(edges, counts) };
}

/**
 * FRT (first response time), for the ticket cohort: from the ticket's creation to the first
 * `accept` or `assign` by a person (automatic routing and rules do not respond to anyone). Tickets
 * nobody has responded to yet are not measured. Histogram: <15 min, 15–60 min, 1–4 h, 4–24 h, ≥24 h.
 */
export async function firstResponseTimes(db: Db, f: DashboardFilters): Promise<DurationDistribution> {
  const { p, period } = startStatement(f);
  const cohort = ticketCohortSql(p, f, period);
  return distribution(
    db,
    p,
    `SELECT extract(epoch FROM (SELECT min(e.occurred_at) FROM ticket_events e
                                 WHERE e.ticket_id = c.ticket_id AND e.type IN ('ticket.accept', 'ticket.assign') AND ${BY_PERSON})
                        - c.created_at) / 60 AS minutes
       FROM (${cohort}) c`,
    FRT_BUCKET_EDGES_MIN,
  );
}

/**
 * TTR (time to resolve), for the ticket cohort: from creation to the ticket's resolution (its
 * latest; a ticket reopened and not resolved again is not measured). Histogram: <4 h, 4–24 h,
 * 1–3 d, 3–7 d, ≥7 d. Wall-clock time, not business hours (the SLA below judges by the deadline).
 */
export async function resolutionTimes(db: Db, f: DashboardFilters): Promise<DurationDistribution> {
  const { p, period } = startStatement(f);
  return distribution(
    db,
    p,
    `SELECT extract(epoch FROM c.resolved_at - c.created_at) / 60 AS minutes FROM (${ticketCohortSql(p, f, period)}) c
      WHERE c.resolved_at IS NOT NULL`,
    TTR_BUCKET_EDGES_MIN,
  );
}

/**
 * SLA, for the ticket cohort:
 * - attainment: of the resolved tickets with a resolution deadline (ttr_due_at, which the SLA clock
 *   already moved for pauses and business hours), the share resolved at or before it;
 * - per priority: tickets; ttrBreached — past the resolution deadline when resolved, closed, or
 *   (still open) now; flagged — tickets the workflow marked breached (resolution or first response).
 */
export async function slaAttainment(db: Db, f: DashboardFilters): Promise<ServiceDashboard['sla']> {
  const { p, period } = startStatement(f);
  const rows: {
    priority: string;
    is_total: number;
    tickets: string;
    ttr_breached: string;
    flagged: string;
    resolved: string;
    within: string;
  }[] = await db.query(
    `WITH cohort AS (${ticketCohortSql(p, f, period)})
       SELECT priority, GROUPING(priority) AS is_total, count(*) AS tickets,
              count(*) FILTER (WHERE ttr_due_at IS NOT NULL AND coalesce(resolved_at, closed_at, now()) > ttr_due_at) AS ttr_breached,
              count(*) FILTER (WHERE sla_breached) AS flagged,
              count(*) FILTER (WHERE ${slaResolvedWithDeadline('cohort')}) AS resolved,
              count(*) FILTER (WHERE ${slaResolvedWithin('cohort')}) AS within
         FROM cohort GROUP BY GROUPING SETS ((priority), ())`,
    p.values,
  );
  const total = rows.find((r) => Number(r.is_total) === 1);
  const perPriority = new Map(rows.filter((r) => Number(r.is_total) === 0).map((r) => [r.priority, r]));
  const order = [...PRIORITIES, ...[...perPriority.keys()].filter((k) => !(PRIORITIES as readonly string[]).includes(k)).sort()];
  const resolved = int(total?.resolved);
  const within = int(total?.within);
  return {
    resolved,
    withinTarget: within,
    attainmentPct: percent(within, resolved),
    breachesByPriority: order
      .filter((k) => perPriority.has(k))
      .map((k) => {
        const r = perPriority.get(k)!;
        return { priority: k, tickets: int(r.tickets), ttrBreached: int(r.ttr_breached), flagged: int(r.flagged) };
      }),
  };
}

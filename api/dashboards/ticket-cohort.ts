import type { DataSource } from 'typeorm';
import { dimensionWhere, inPeriod, periodSql, SqlParams, ticketColumns, type DashboardFilters, type PeriodSql } from './dashboard-filters';

export type Db = Pick<DataSource, 'query'>;

/**
 * The ticket cohort most measures are about: tickets created within the period (tickets_created
 * serves the range) that match the dimension filters. A CTE body; its params go into `p`.
 */
export function ticketCohortSql(p: SqlParams, f: DashboardFilters, period: PeriodSql): string {
  return `SELECT t.ticket_id, t.priority, t.created_at, t.resolved_at, t.closed_at, t.ttr_due_at, t.sla_breached,
            t.category1, t.category2
       FROM tickets t
      WHERE ${inPeriod('t.created_at', period)} AND ${dimensionWhere(p, f, ticketColumns('t'))}`;
}

/** A fresh statement's params with the period already bound. */
export function startStatement(f: DashboardFilters): { p: SqlParams; period: PeriodSql } {
  const p = new SqlParams();
  return { p, period: periodSql(p, f) };
}

/** Counts come back from pg as strings (bigint); read them as numbers. */
export const int = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

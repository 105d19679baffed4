import { z } from 'zod';
import { HttpProblem } from '../http/problem';

/**
 * The filters of the service dashboard, and the one SQL builder that turns them into a WHERE —
 * shared: the report centre (api/reports) imports it too, so both count the same work for the same
 * filter. Parameters only, never interpolated values.
 *
 * Period: `from` and `to` are calendar days in `tz` (both included), i.e. the half-open instant range
 * [from 00:00 tz, to+1 00:00 tz). Dimensions are the ticket's: region, product line (the SKU family,
 * as domain/routing/routing-model.ts productLineOfSku derives it), intake channel and group. Work
 * without a ticket (a visit or RMA raised on its own) has no such dimensions, so it is counted only
 * when no dimension filter is set.
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 366;

function validDay(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Today as a calendar day in `tz`. */
export function dayIn(tz: string, at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function addDaysTo(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const dim = z.string().trim().min(1).max(100).optional();
const day = z.string().regex(DAY, 'a day as YYYY-MM-DD').refine(validDay, 'not a calendar day').optional();

export const dashboardFiltersSchema = z
  .object({
    from: day,
    to: day,
    region: dim,
    productLine: dim,
    channel: dim,
    groupId: dim,
    tz: z.string().trim().min(1).max(64).refine(validTimeZone, 'not an IANA time zone').default('Asia/Shanghai'),
  })
  .strict()
  .transform((f, ctx) => {
    // Default period: the last 30 days up to today (in tz).
    const to = f.to ?? dayIn(f.tz);
    const from = f.from ?? addDaysTo(to, -29);
    if (from > to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from is after to' });
    else if (Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1 > MAX_DAYS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_DAYS} days` });
    return { ...f, from, to };
  });

export type DashboardFilters = z.output<typeof dashboardFiltersSchema>;

/** Parses the query; filters that do not make sense are 422 with the field at fault (`query.from`, …). */
export function parseDashboardFilters(query: unknown): DashboardFilters {
  const out = dashboardFiltersSchema.safeParse(query ?? {});
  if (out.success) return out.data;
  const p = HttpProblem.validation(out.error, 'query');
  throw new HttpProblem(422, p.code, p.title, p.detail, p.errors);
}

/** Positional parameters of one statement: `add(v)` returns its placeholder. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The SQL for the product line of a SKU column, the same as productLineOfSku (NULL for no SKU). */
export const productLineSql = (sku: string) => `upper(CASE WHEN strpos(${sku}, '-') > 1 THEN split_part(${sku}, '-', 1) ELSE ${sku} END)`;

/** Where each dimension lives in the statement at hand (column expressions, usually of the ticket). */
export interface DimensionColumns {
  region: string;
  sku: string;
  channel: string;
  groupId: string;
}

export const ticketColumns = (alias: string): DimensionColumns => ({
  region: `${alias}.region`,
  sku: `${alias}.sku`,
  channel: `${alias}.channel`,
  groupId: `${alias}.group_id`,
});

export interface PeriodSql {
  /** the first and last calendar day (date), for day series */
  fromDay: string;
  toDay: string;
  /** the first instant of the period (timestamptz) */
  start: string;
  /** the first instant after the period (timestamptz) */
  end: string;
  /** the time zone placeholder, for day buckets: `(col AT TIME ZONE tz)::date` */
  tz: string;
}

/** The period's bounds as placeholders; the timestamptz arithmetic is PostgreSQL's, DST-safe. */
export function periodSql(p: SqlParams, f: DashboardFilters): PeriodSql {
  const tz = p.add(f.tz);
  const fromDay = `${p.add(f.from)}::date`;
  const toDay = `${p.add(f.to)}::date`;
  return {
    fromDay,
    toDay,
    start: `((${fromDay})::timestamp AT TIME ZONE ${tz})`,
    end: `((${toDay} + 1)::timestamp AT TIME ZONE ${tz})`,
    tz,
  };
}

/** `col` falls within the period (half-open, so an index on col serves it). */
export const inPeriod = (col: string, period: PeriodSql) => `${col} >= ${period.start} AND ${col} < ${period.end}`;

/** The dimension conditions that are set, ANDed ('TRUE' when none). */
export function dimensionWhere(p: SqlParams, f: DashboardFilters, cols: DimensionColumns): string {
  const conds: string[] = [];
  if (f.region) conds.push(`${cols.region} = ${p.add(f.region)}`);
  if (f.productLine) conds.push(`${productLineSql(cols.sku)} = upper(${p.add(f.productLine)})`);
  if (f.channel) conds.push(`${cols.channel} = ${p.add(f.channel)}`);
  if (f.groupId) conds.push(`${cols.groupId} = ${p.add(f.groupId)}`);
  return conds.length ? conds.join(' AND ') : 'TRUE';
}

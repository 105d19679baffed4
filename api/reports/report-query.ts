import { z } from 'zod';
import type { DataSource } from 'typeorm';
import {
  dashboardFiltersSchema,
  dimensionWhere,
  inPeriod,
  periodSql,
  SqlParams,
  ticketColumns,
  type DashboardFilters,
} from '../dashboards/dashboard-filters';
import { HttpProblem, type FieldError } from '../http/problem';
import {
  DIMENSIONS,
  FACTS,
  JOIN_ORDER,
  MEASURES,
  dimensionByKey,
  filterByKey,
  measureByKey,
  reportByKey,
  type Fact,
  type FieldSql,
  type Label,
  type ReportDefinition,
  TZ,
} from './report-catalogue';

const key = z.string().trim().min(1).max(64);
const filterValue = z.union([z.string().trim().min(1).max(200), z.array(z.string().trim().min(1).max(200)).min(1).max(100)]);
export const MAX_ROWS = 5000;
const sortSchema = z.array(z.object({ field: key, direction: z.enum(['asc', 'desc']).default('asc') }).strict()).max(4);
const limitSchema = z.number().int().min(1).max(MAX_ROWS);

type Sort = z.output<typeof sortSchema>;
type Filters = Record<string, string | string[]>;
export type RunBody =
  | { report: string; filters?: Filters; sort?: Sort; limit?: number }
  | { dimensions: string[]; measures: string[]; filters: Filters; sort: Sort; limit: number };

/**
 * `{report, filters?, sort?, limit?}` for a standard report, or `{dimensions, measures, filters, sort,
 * limit}` for the builder: keys only, checked against the whitelist after this shape check. One
 * object rather than a union, so a mistake is reported at its field rather than as "invalid input".
 */
export const runBodySchema = z
  .object({
    report: key.optional(),
    dimensions: z.array(key).max(4).optional(),
    measures: z.array(key).min(1).max(16).optional(),
    filters: z.record(key, filterValue).optional(),
    sort: sortSchema.optional(),
    limit: limitSchema.optional(),
  })
  .strict()
  .superRefine((b, c) => {
    if (b.report !== undefined) {
      for (const f of ['dimensions', 'measures'] as const)
        if (b[f] !== undefined) c.addIssue({ code: 'custom', path: [f], message: 'name a report or build one, not both' });
    } else if (b.measures === undefined) {
      c.addIssue({ code: 'custom', path: ['measures'], message: 'required (or name a standard report)' });
    }
  })
  .transform((b): RunBody => {
    if (b.report !== undefined) {
      // no defaults here: an absent sort is the report's own
      const { report, filters, sort, limit } = b;
      return { report, ...(filters ? { filters } : {}), ...(sort ? { sort } : {}), ...(limit ? { limit } : {}) };
    }
    return {
      dimensions: b.dimensions ?? [],
      measures: b.measures ?? [],
      filters: b.filters ?? {},
      sort: b.sort ?? [],
      limit: b.limit ?? 500,
    };
  });

export interface ReportColumn {
  key: string;
  label: Label;
  kind: 'dimension' | 'measure';
  type: 'text' | 'number';
  unit?: Label;
}

export interface ReportResult {
  /** the standard report's key, or null for a built one */
  report: string | null;
  title: Label;
  definition: Required<ReportDefinition>;
  columns: ReportColumn[];
  rows: Record<string, string | number | null>[];
  /** each measure over every row matching the filters (not only the rows shown), computed in SQL */
  totals: Record<string, number | null>;
  /** rows before `limit` cut them */
  rowCount: number;
  truncated: boolean;
}

/** Resolves a standard report or takes a built definition, then checks every key against the whitelist (422 naming each field at fault). */
export function resolveDefinition(body: RunBody): {
  report: string | null;
  title: Label;
  definition: Required<ReportDefinition>;
  shared: DashboardFilters;
} {
  let report: string | null = null;
  let title: Label = { zh: '自定义报表', en: 'Custom report' };
  let def: Required<ReportDefinition>;
  if ('report' in body) {
    const std = reportByKey.get(body.report);
    if (!std) {
      throw invalid([{ field: 'report', message: `unknown report '${body.report}'; known: ${[...reportByKey.keys()].join(', ')}` }]);
    }
    report = std.key;
    title = std.label;
    def = {
      dimensions: std.definition.dimensions,
      measures: std.definition.measures,
      filters: body.filters ?? {},
      sort: body.sort ?? std.definition.sort ?? [],
      limit: body.limit ?? 500,
    };
  } else {
    def = body;
  }
  const shared = checkDefinition(def);
  // the period as run (the default fills in when none was given), so the caller sees what was counted
  return { report, title, definition: { ...def, filters: { ...def.filters, from: shared.from, to: shared.to } }, shared };
}

function invalid(errors: FieldError[]): HttpProblem {
  return new HttpProblem(
    422,
    'validation_failed',
    'The request is not valid',
    errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    errors,
  );
}

function factsOf(measures: readonly string[]): Fact[] {
  return [...new Set(measures.map((m) => measureByKey.get(m)!.fact))];
}

/** Checks every key against the whitelist; answers the dashboard filters among them, parsed. */
export function checkDefinition(def: Required<ReportDefinition>): DashboardFilters {
  const errors: FieldError[] = [];
  def.measures.forEach((m, i) => {
    if (!measureByKey.has(m))
      errors.push({ field: `measures.${i}`, message: `unknown measure '${m}'; known: ${MEASURES.map((x) => x.key).join(', ')}` });
  });
  def.dimensions.forEach((d, i) => {
    if (!dimensionByKey.has(d))
      errors.push({ field: `dimensions.${i}`, message: `unknown dimension '${d}'; known: ${DIMENSIONS.map((x) => x.key).join(', ')}` });
  });
  const repeated = (list: string[], what: string) =>
    list.forEach((k, i) => {
      if (list.indexOf(k) !== i) errors.push({ field: `${what}.${i}`, message: `'${k}' is listed twice` });
    });
  repeated(def.dimensions, 'dimensions');
  repeated(def.measures, 'measures');
  const sharedInput: Record<string, string> = {};
  for (const [k, v] of Object.entries(def.filters)) {
    const f = filterByKey.get(k);
    if (!f) errors.push({ field: `filters.${k}`, message: `unknown filter '${k}'; known: ${[...filterByKey.keys()].join(', ')}` });
    else if (f.shared && typeof v !== 'string') errors.push({ field: `filters.${k}`, message: 'one value' });
    else if (f.shared) sharedInput[k] = v as string;
  }
  const sharedOut = dashboardFiltersSchema.safeParse(sharedInput);
  if (!sharedOut.success) {
    for (const i of sharedOut.error.issues) errors.push({ field: ['filters', ...i.path.map(String)].join('.'), message: i.message });
  }
  if (errors.length || !sharedOut.success) throw invalid(errors);

  // Every field must be readable from every fact the measures come from.
  const facts = factsOf(def.measures);
  const measureOf = (fact: Fact) => def.measures.find((m) => measureByKey.get(m)!.fact === fact)!;
  def.dimensions.forEach((d, i) => {
    for (const fact of facts) {
      if (!dimensionByKey.get(d)!.on[fact])
        errors.push({ field: `dimensions.${i}`, message: `dimension '${d}' cannot be combined with measure '${measureOf(fact)}'` });
    }
  });
  for (const k of Object.keys(def.filters)) {
    const f = filterByKey.get(k)!;
    if (f.shared) continue;
    for (const fact of facts) {
      if (!dimensionByKey.get(f.dimension)!.on[fact])
        errors.push({ field: `filters.${k}`, message: `filter '${k}' cannot be combined with measure '${measureOf(fact)}'` });
    }
  }
  const sortable = new Set([...def.dimensions, ...def.measures]);
  def.sort.forEach((s, i) => {
    if (!sortable.has(s.field)) errors.push({ field: `sort.${i}.field`, message: `'${s.field}' is not a chosen dimension or measure` });
  });
  if (errors.length) throw invalid(errors);
  return sharedOut.data;
}

interface FactQuery {
  sql: string;
  params: unknown[];
}

/**
 * One fact's figures, per group and in total, in one scan: GROUPING SETS ((dimensions), ()). The
 * grand-total row is the one where GROUPING() says the dimensions were rolled up.
 */
export function factQuery(fact: Fact, def: Required<ReportDefinition>, shared: DashboardFilters): FactQuery {
  const spec = FACTS[fact];
  const p = new SqlParams();
  const period = periodSql(p, shared);
  const joins = new Set<string>();
  const use = (f: FieldSql) => {
    for (const j of f.joins ?? []) joins.add(j);
    return f.sql.replaceAll(TZ, period.tz);
  };
  const dims = def.dimensions.map((d) => use(dimensionByKey.get(d)!.on[fact]!));
  const names = def.dimensions.map((d) => {
    const n = dimensionByKey.get(d)!.name?.on[fact];
    return n ? `max(${use(n)})` : 'NULL';
  });
  const measures = def.measures.map((m) => {
    const spec = measureByKey.get(m)!;
    if (spec.fact !== fact) return 'NULL';
    for (const j of spec.joins ?? []) joins.add(j);
    return spec.sql;
  });
  // the dashboard's dimensions are the ticket's: a visit or RMA reads them through its ticket (a join by key)
  if (fact !== 'ticket') joins.add('ticket');
  const where: string[] = [inPeriod(spec.at, period), dimensionWhere(p, shared, ticketColumns('t'))];
  for (const [k, v] of Object.entries(def.filters)) {
    const f = filterByKey.get(k)!;
    if (f.shared) continue;
    where.push(`${use(dimensionByKey.get(f.dimension)!.on[fact]!)} = ANY(${p.add(Array.isArray(v) ? v : [v])}::text[])`);
  }
  const select = [
    ...dims.map((d, i) => `${d} AS d${i}`),
    ...names.map((n, i) => `${n} AS n${i}`),
    ...measures.map((m, i) => `${m} AS m${i}`),
    dims.length ? `GROUPING(${dims.join(', ')}) <> 0 AS total` : 'true AS total',
  ];
  const from = [spec.from, ...JOIN_ORDER.filter((j) => joins.has(j)).map((j) => spec.joins[j]!)];
  const sql =
    `SELECT ${select.join(', ')} FROM ${from.join(' ')} WHERE ${where.join(' AND ')}` +
    (dims.length ? ` GROUP BY GROUPING SETS ((${dims.join(', ')}), ())` : '');
  return { sql, params: p.values };
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Runs the definition: one query per fact its measures read, merged on the dimension values. */
export async function runReport(ds: DataSource, body: RunBody): Promise<ReportResult> {
  const { report, title, definition: def, shared } = resolveDefinition(body);
  const dimSpecs = def.dimensions.map((d) => dimensionByKey.get(d)!);
  const measureSpecs = def.measures.map((m) => measureByKey.get(m)!);

  const rowsByKey = new Map<string, Record<string, string | number | null>>();
  const totals: Record<string, number | null> = Object.fromEntries(measureSpecs.map((m) => [m.key, m.empty]));
  for (const fact of factsOf(def.measures)) {
    const q = factQuery(fact, def, shared);
    const result = (await ds.query(q.sql, q.params)) as Record<string, unknown>[];
    for (const r of result) {
      const own = (i: number) => measureSpecs[i]!.fact === fact;
      if (r.total === true) {
        measureSpecs.forEach((m, i) => {
          if (own(i)) totals[m.key] = num(r[`m${i}`]) ?? m.empty;
        });
        // with no dimensions the one row is both the table and its total
        if (dimSpecs.length) continue;
      }
      const dimValues = dimSpecs.map((_, i) => (r[`d${i}`] ?? null) as string | null);
      const k = JSON.stringify(dimValues);
      let row = rowsByKey.get(k);
      if (!row) {
        row = {};
        dimSpecs.forEach((d, i) => {
          row![d.key] = dimValues[i]!;
          if (d.name) row![`${d.key}Name`] = null;
        });
        measureSpecs.forEach((m) => (row![m.key] = m.empty));
        rowsByKey.set(k, row);
      }
      dimSpecs.forEach((d, i) => {
        if (d.name && row![`${d.key}Name`] === null) row![`${d.key}Name`] = (r[`n${i}`] ?? null) as string | null;
      });
      measureSpecs.forEach((m, i) => {
        if (own(i)) row![m.key] = num(r[`m${i}`]) ?? m.empty;
      });
    }
  }

  const rows = [...rowsByKey.values()];
  const order = def.sort.length ? def.sort : def.dimensions.map((field) => ({ field, direction: 'asc' as const }));
  rows.sort((a, b) => {
    for (const s of order) {
      const c = compare(a[s.field] ?? null, b[s.field] ?? null, s.direction);
      if (c) return c;
    }
    // ties in a stable, readable order: by the dimensions
    for (const d of def.dimensions) {
      const c = compare(a[d] ?? null, b[d] ?? null, 'asc');
      if (c) return c;
    }
    return 0;
  });

  const columns: ReportColumn[] = [];
  for (const d of dimSpecs) {
    columns.push({ key: d.key, label: d.label, kind: 'dimension', type: 'text' });
    if (d.name) columns.push({ key: `${d.key}Name`, label: d.name.label, kind: 'dimension', type: 'text' });
  }
  for (const m of measureSpecs)
    columns.push({ key: m.key, label: m.label, kind: 'measure', type: 'number', ...(m.unit ? { unit: m.unit } : {}) });

  return {
    report,
    title,
    definition: def,
    columns,
    rows: rows.slice(0, def.limit),
    totals,
    rowCount: rows.length,
    truncated: rows.length > def.limit,
  };
}

/** Nulls last whichever the direction: "no group" / "no figure" never leads a ranking. */
function compare(a: string | number | null, b: string | number | null, dir: 'asc' | 'desc'): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  return dir === 'asc' ? c : -c;
}

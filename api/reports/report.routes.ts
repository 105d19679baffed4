import type { ColumnSpec } from '../../domain/import/columns';
import { actorOf } from '../auth/api-tokens';
import type { ApiContext } from '../context';
import { streamExport } from '../exports/stream-export';
import { defineRoute, type RouteSpec } from '../http/route';
import { DIMENSIONS, FILTERS, MEASURES, STANDARD_REPORTS, FACTS, type Fact } from './report-catalogue';
import { runBodySchema, runReport, type ReportResult } from './report-query';
import { savedReportRoutes } from './saved-report.routes';

/** The catalogue as the console shows it: keys, zh/en labels, which facts each reads (never SQL). */
function catalogue() {
  const facts = Object.keys(FACTS) as Fact[];
  return {
    reports: STANDARD_REPORTS.map((r) => ({ key: r.key, label: r.label, description: r.description, definition: r.definition })),
    dimensions: DIMENSIONS.map((d) => ({
      key: d.key,
      label: d.label,
      facts: facts.filter((f) => d.on[f]),
      ...(d.name ? { nameLabel: d.name.label } : {}),
    })),
    measures: MEASURES.map((m) => ({ key: m.key, label: m.label, fact: m.fact, note: m.note, ...(m.unit ? { unit: m.unit } : {}) })),
    filters: FILTERS.map((f) => ({
      key: f.key,
      type: f.type,
      label: f.label,
      multiple: !f.shared,
      // the dashboard's filters reach every fact through the ticket; the others only where their dimension is
      facts: f.shared ? facts : facts.filter((x) => DIMENSIONS.find((d) => d.key === f.dimension)!.on[x]),
    })),
  };
}

/** The sheet's columns: zh-CN headers with the unit, numbers as number cells. */
function sheetColumns(result: ReportResult): ColumnSpec[] {
  return result.columns.map((c) => ({
    field: c.key,
    zh: c.unit ? `${c.label.zh}（${c.unit.zh}）` : c.label.zh,
    en: c.unit ? `${c.label.en} (${c.unit.en})` : c.label.en,
    type: c.type === 'number' ? 'number' : 'text',
  }));
}

export function reportRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/reports',
      permission: 'reports:read',
      summary: 'The report centre catalogue: standard reports, and the builder’s dimensions, measures and filters with zh/en labels.',
      async handler() {
        return { body: catalogue(), headers: { 'Cache-Control': 'private, max-age=60' } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/reports/run',
      permission: 'reports:read',
      summary:
        'Run a standard report {report, filters?} or a built one {dimensions, measures, filters, sort, limit} → {columns, rows, totals}; ' +
        'every key from the catalogue (422 naming the field otherwise), computed in PostgreSQL.',
      body: runBodySchema,
      async handler({ body }) {
        return { body: await runReport(ctx.dataSource, body), headers: { 'Cache-Control': 'no-store' } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/reports/export',
      permission: 'reports:read',
      summary: 'The same body as /run, as an .xlsx download (zh-CN headers, a 合计 row of the totals); audited as an export.',
      body: runBodySchema,
      async handler({ res, body, principal }) {
        // Run first: a bad definition is still a problem+json answer, not a broken download.
        const result = await runReport(ctx.dataSource, body);
        const columns = sheetColumns(result);
        const rows: Record<string, unknown>[] = [...result.rows];
        if (result.definition.dimensions.length) rows.push({ ...result.totals, [columns[0]!.field]: '合计' });
        await streamExport(ctx, res, {
          kind: result.report ?? 'report',
          fileName: result.title.zh,
          format: 'xlsx',
          filters: result.definition as unknown as Record<string, unknown>,
          masked: false,
          actor: actorOf(principal),
          columns,
          sheetName: result.title.zh,
          batches: (async function* () {
            yield rows;
          })(),
        });
        return { body: null };
      },
    }),
    ...savedReportRoutes(ctx),
  ];
}

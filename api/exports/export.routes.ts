import { z } from 'zod';
import { ARCHIVE_COLUMNS } from '../../domain/import/archive-columns';
import type { ArchiveKind } from '../../domain/archives/archive-schemas';
import { viewFor } from '../archives/archive-http';
import {
  assetFilters,
  assetListQuery,
  customerFilters,
  customerListQuery,
  projectFilters,
  projectListQuery,
  providerFilters,
  providerListQuery,
  siteFilters,
  siteListQuery,
} from '../archives/archive-filters';
import { ARCHIVES } from '../archives/archive-kinds';
import { listRecords, SqlWhere } from '../archives/archive-queries';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { piiRowMasker } from '../pii/pii-export-masker';
import { exportTicketsRoute } from './export-tickets.route';
import { exportFormat, streamExport } from './stream-export';
import type { ExportFormat } from './sheet-writer';
import { actorOf } from '../auth/api-tokens';

const BATCH = 1000;

/**
 * The export's query: `format` plus exactly the filters of the list route (its paging parameters
 * are accepted and ignored, since an export has every page). Problems in the filters are reported
 * as the list reports them.
 */
function exportQuery<Q>(list: z.ZodType<Q>) {
  return z.record(z.string(), z.unknown()).transform((raw, c): { format: ExportFormat; filters: Q } => {
    const { format, ...rest } = raw;
    const f = exportFormat.safeParse(format);
    if (!f.success) c.addIssue({ code: 'custom', path: ['format'], message: 'csv or xlsx' });
    const filters = list.safeParse(rest);
    if (!filters.success) {
      for (const issue of filters.error.issues) {
        const keys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys : undefined;
        if (keys?.length) for (const k of keys) c.addIssue({ code: 'custom', path: [k], message: 'unknown filter' });
        else c.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      }
    }
    if (!f.success || !filters.success) return z.NEVER;
    return { format: f.data, filters: filters.data };
  });
}

const SHEETS: Record<ArchiveKind, string> = { customers: '客户', projects: '工程', sites: '安装点', assets: '设备', providers: '服务商' };

function archiveExportRoute<Q extends { limit?: number; cursor?: string }>(
  ctx: ApiContext,
  kind: ArchiveKind,
  list: z.ZodType<Q>,
  filters: (w: SqlWhere, q: Q) => void,
) {
  const spec = ARCHIVES[kind];
  return defineRoute({
    method: 'get',
    path: `/api/v1/exports/${kind}`,
    permission: 'archives:read',
    summary:
      `Every ${spec.noun} matching the filters of GET ${spec.path} (not one page), as CSV (UTF-8 with BOM) or .xlsx with zh-CN ` +
      'headers that the import reads back; phones and emails masked as the list masks them; audited.',
    query: exportQuery(list),
    async handler({ res, query, principal }) {
      const { limit: _limit, cursor: _cursor, ...shown } = query.filters;
      const pii = await piiRowMasker(ctx.dataSource, principal);
      async function* batches() {
        let cursor: string | undefined;
        do {
          // A fresh condition set per page: listRecords adds the cursor's condition to it.
          const where = new SqlWhere();
          filters(where, query.filters);
          const page = await listRecords(ctx.dataSource, spec, where, { limit: BATCH, ...(cursor ? { cursor } : {}) });
          yield pii.mask(page.items.map((v) => viewFor(spec, principal, v)));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
      }
      await streamExport(ctx, res, {
        kind,
        format: query.format,
        filters: shown,
        masked: pii.masked,
        actor: actorOf(principal),
        columns: ARCHIVE_COLUMNS[kind],
        sheetName: SHEETS[kind],
        batches: batches(),
      });
      return { body: null };
    },
  });
}

export function exportRoutes(ctx: ApiContext) {
  return [
    archiveExportRoute(ctx, 'customers', customerListQuery, customerFilters),
    archiveExportRoute(ctx, 'projects', projectListQuery, projectFilters),
    archiveExportRoute(ctx, 'sites', siteListQuery, siteFilters),
    archiveExportRoute(ctx, 'assets', assetListQuery, assetFilters),
    archiveExportRoute(ctx, 'providers', providerListQuery, providerFilters),
    exportTicketsRoute(ctx),
  ];
}

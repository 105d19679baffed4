import type { Response } from 'express';
import { z } from 'zod';
import type { ColumnSpec } from '../../domain/import/columns';
import type { ApiContext } from '../context';
import { auditExport } from './export-audit';
import { openSheet, type ExportFormat } from './sheet-writer';

export const exportFormat = z.enum(['csv', 'xlsx']).default('csv');

/** 客户-20261125 … : the file is named after what it holds and the day (Beijing time). */
const FILE_NAMES: Record<string, string> = {
  customers: '客户',
  projects: '工程',
  sites: '安装点',
  assets: '设备',
  providers: '服务商',
  tickets: '工单',
};

/**
 * Streams every row the batches yield as one download, audited: the audit record is written
 * before the first byte, and completed with the row count at the end. Headers are sent once the
 * first batch has been read, so a query that fails at once is still a problem+json answer.
 */
export async function streamExport(
  ctx: Pick<ApiContext, 'dataSource' | 'log'>,
  res: Response,
  opts: {
    kind: string;
    format: ExportFormat;
    filters: Record<string, unknown>;
    masked: boolean;
    actor: string;
    columns: readonly ColumnSpec[];
    sheetName: string;
    batches: AsyncIterable<Record<string, unknown>[]>;
    /** the file's name before the day, when not the kind's (a report's title) */
    fileName?: string;
  },
): Promise<void> {
  const audit = await auditExport(ctx.dataSource, opts);
  const iterator = opts.batches[Symbol.asyncIterator]();
  let next: IteratorResult<Record<string, unknown>[]>;
  try {
    next = await iterator.next();
  } catch (err) {
    await audit.finish(0, false);
    throw err;
  }
  const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  res.setHeader('X-Export-Id', audit.exportId);
  const sheet = openSheet(res, {
    format: opts.format,
    columns: opts.columns,
    fileName: `${opts.fileName ?? FILE_NAMES[opts.kind] ?? opts.kind}-${day}`,
    asciiFileName: `${opts.kind}-${day}`,
    sheetName: opts.sheetName,
  });
  let rows = 0;
  try {
    while (!next.done) {
      for (const record of next.value) {
        await sheet.row(record);
        rows++;
      }
      next = await iterator.next();
    }
    // On record before the last bytes go out, so a client holding the whole file finds its export audited.
    await audit.finish(rows, true);
    await sheet.end();
  } catch (err) {
    // The download has begun; all that is left is to cut it short so the client sees it incomplete.
    ctx.log.warn('export stopped', { kind: opts.kind, rows, error: String(err) });
    await audit.finish(rows, false).catch(() => undefined);
    res.destroy(err as Error);
  }
}

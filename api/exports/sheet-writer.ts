import { once } from 'node:events';
import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { cellText, type ColumnSpec } from '../../domain/import/columns';
import { csvLine } from '../../domain/import/csv';

export type ExportFormat = 'csv' | 'xlsx';

/** Rows out to the client as they are read: CSV lines, or an .xlsx written by exceljs's streaming writer. */
export interface SheetWriter {
  row(record: Record<string, unknown>): Promise<void>;
  end(): Promise<void>;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Waits until the client has taken what was written; a client that went away stops the export. */
async function drained(res: Response): Promise<void> {
  if (res.destroyed) throw new Error('the client closed the download');
  await Promise.race([once(res, 'drain'), once(res, 'close')]);
  if (res.destroyed) throw new Error('the client closed the download');
}

/** Sends the download headers and the header row; the zh-CN headers are what the import reads back. */
export function openSheet(
  res: Response,
  opts: { format: ExportFormat; columns: readonly ColumnSpec[]; fileName: string; asciiFileName: string; sheetName: string },
): SheetWriter {
  const { format, columns } = opts;
  const file = `${opts.fileName}.${format}`;
  res.status(200);
  res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE);
  // ASCII fallback for old clients, UTF-8 name (RFC 6266 / 5987) for the rest.
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${opts.asciiFileName}.${format}"; filename*=UTF-8''${encodeURIComponent(file)}`,
  );
  res.setHeader('Cache-Control', 'no-store');

  if (format === 'csv') {
    const write = async (text: string) => {
      if (!res.write(text)) await drained(res);
    };
    // The byte order mark makes Excel read the file as UTF-8 rather than the system code page.
    res.write('\ufeff' + csvLine(columns.map((c) => c.zh)));
    return {
      row: (record) => write(csvLine(columns.map((c) => cellText(record[c.field], c.type, c.labels)))),
      end: async () => {
        res.end();
      },
    };
  }

  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(opts.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: c.zh,
    key: c.field,
    width: Math.max(10, Math.min(40, c.zh.length * 2 + 4)),
    ...(c.type === 'date' ? { style: { numFmt: 'yyyy-mm-dd' } } : {}),
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  return {
    async row(record) {
      // Numbers and dates as real cells, so the sheet sorts and sums; the rest as the text the CSV would hold.
      const values = columns.map((c) => {
        const v = record[c.field];
        if (v === null || v === undefined) return null;
        if (c.type === 'number') return typeof v === 'number' ? v : Number(v);
        if (c.type === 'date') return new Date(`${cellText(v, 'date')}T00:00:00Z`);
        return cellText(v, c.type, c.labels);
      });
      ws.addRow(values).commit();
      // Let the zip stream drain before queueing more rows.
      if (res.writableNeedDrain) await drained(res);
    },
    async end() {
      ws.commit();
      await wb.commit();
    },
  };
}

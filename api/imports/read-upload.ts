import type { Request } from 'express';
import ExcelJS from 'exceljs';
import { parseCsv, restoreCell } from '../../domain/import/csv';
import { HttpProblem } from '../http/problem';

/** Limits of one import: what a service team's spreadsheet holds, not a data migration. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 20_000;

export interface UploadedTable {
  format: 'csv' | 'xlsx';
  /** how the CSV text was decoded */
  encoding?: 'utf-8' | 'gb18030';
  header: string[];
  /** data rows with their number as the spreadsheet shows it (the header is row 1 in a CSV) */
  rows: { row: number; cells: string[] }[];
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'text/tab-separated-values'];

function tooLarge(detail: string, code = 'body_too_large'): HttpProblem {
  return new HttpProblem(413, code, 'Import too large', detail);
}

/** The raw body, refused with 413 as soon as it passes the limit (before reading the rest). */
export async function readRawBody(req: Request, limit = IMPORT_MAX_BYTES): Promise<Buffer> {
  const declared = Number(req.header('content-length'));
  const limitText = `${limit / 1024 / 1024} MiB`;
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge(`the file is ${(declared / 1024 / 1024).toFixed(1)} MiB; one import takes at most ${limitText} — split it`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw tooLarge(`the file exceeds ${limitText}; split it`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function detectFormat(req: Request, body: Buffer): 'csv' | 'xlsx' {
  const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const zip = body.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const ole = body.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
  if (ole) {
    throw new HttpProblem(
      415,
      'unsupported_media_type',
      'Unsupported media type',
      'this is an old .xls workbook; save it as .xlsx or CSV UTF-8',
    );
  }
  if (type === XLSX_TYPE) return 'xlsx';
  if (CSV_TYPES.includes(type)) return 'csv';
  // Browsers send .csv files as application/vnd.ms-excel on Windows, and uploads as octet-stream.
  if (type === '' || type === 'application/octet-stream' || type === 'application/vnd.ms-excel') return zip ? 'xlsx' : 'csv';
  throw new HttpProblem(
    415,
    'unsupported_media_type',
    'Unsupported media type',
    `send the file as text/csv (UTF-8) or ${XLSX_TYPE}; got ${type || 'no Content-Type'}`,
  );
}

/**
 * CSV text: UTF-8 (with or without a byte order mark) unless the Content-Type names a charset.
 * Excel on Chinese Windows saves "CSV" in GBK; bytes that are not UTF-8 are read as GB18030 (a
 * superset of GBK) rather than refused.
 */
function decodeCsv(req: Request, body: Buffer): { text: string; encoding: 'utf-8' | 'gb18030' } {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(req.header('content-type') ?? '')?.[1]?.toLowerCase();
  if (charset && ['gbk', 'gb2312', 'gb18030'].includes(charset))
    return { text: new TextDecoder('gb18030').decode(body), encoding: 'gb18030' };
  if (charset && !['utf-8', 'utf8'].includes(charset)) {
    throw new HttpProblem(415, 'unsupported_media_type', 'Unsupported media type', `charset ${charset} is not supported; send UTF-8`);
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(body), encoding: 'gb18030' };
  }
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

function fromRecords(records: { row: number; cells: string[] }[]): Pick<UploadedTable, 'header' | 'rows'> {
  const headerAt = records.findIndex((r) => !isBlank(r.cells));
  if (headerAt < 0)
    throw new HttpProblem(422, 'validation_failed', 'The request is not valid', 'the file is empty', [
      { row: 1, field: '(file)', message: 'no header row' },
    ]);
  const rows = records.slice(headerAt + 1).filter((r) => !isBlank(r.cells));
  if (rows.length > IMPORT_MAX_ROWS) {
    throw tooLarge(`the file has ${rows.length} rows; one import takes at most ${IMPORT_MAX_ROWS} — split it`, 'too_many_rows');
  }
  return { header: records[headerAt]!.cells.map((c) => c.trim()), rows };
}

/** A cell of a workbook as the text a user sees: dates as YYYY-MM-DD, rich text and links as their text, formulas as their result. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in v) return String((v as ExcelJS.CellHyperlinkValue).text);
    if ('error' in v) return '';
  }
  return String(v);
}

async function readXlsx(body: Buffer): Promise<Pick<UploadedTable, 'header' | 'rows'>> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(body as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch (err) {
    throw new HttpProblem(
      422,
      'validation_failed',
      'The request is not valid',
      `not a readable .xlsx workbook: ${(err as Error).message}`,
      [{ row: 1, field: '(file)', message: 'not a readable .xlsx workbook' }],
    );
  }
  const ws = wb.worksheets[0];
  if (!ws) return fromRecords([]);
  if (ws.actualRowCount > IMPORT_MAX_ROWS + 1) {
    throw tooLarge(`the sheet has ${ws.actualRowCount - 1} rows; one import takes at most ${IMPORT_MAX_ROWS} — split it`, 'too_many_rows');
  }
  const width = ws.columnCount;
  const records: { row: number; cells: string[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    records.push({ row: rowNumber, cells });
  });
  return fromRecords(records);
}

/** The uploaded CSV or workbook (first sheet) as a header and numbered rows. */
export async function readUploadedTable(req: Request): Promise<UploadedTable> {
  const body = await readRawBody(req);
  const format = detectFormat(req, body);
  if (format === 'xlsx') return { format, ...(await readXlsx(body)) };
  const { text, encoding } = decodeCsv(req, body);
  const records = parseCsv(text).map((cells, i) => ({ row: i + 1, cells: cells.map(restoreCell) }));
  return { format, encoding, ...fromRecords(records) };
}

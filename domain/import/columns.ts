/**
 * Spreadsheet columns of an archive: the field of the API schema a column fills, its zh-CN header
 * (what exports write and what Chinese users type), and how a cell's text becomes a value.
 */
export type CellType = 'text' | 'number' | 'date' | 'list' | 'json' | 'bool' | 'enum';

export interface ColumnSpec {
  /** the field of the create/update schema */
  field: string;
  /** zh-CN header, written by exports */
  zh: string;
  /** English header, for the English UI */
  en: string;
  type: CellType;
  /** other headers people use for it (简称, old template names) */
  aliases?: readonly string[];
  /** for an enum: the code of each zh-CN label (exports write the first label of a code; the code itself is read too) */
  labels?: Readonly<Record<string, string>>;
}

export interface RowError {
  /** the row as the spreadsheet numbers it: the header is row 1 */
  row: number;
  field: string;
  /** the column's header as the file wrote it */
  column?: string;
  message: string;
}

/** Header text compared loosely: case, spaces, underscores, hyphens, a required-mark and a note in brackets do not matter. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[（(【[].*?[）)】\]]/g, '')
    .replace(/[\s_\-*＊:：]/g, '')
    .toLowerCase();
}

function snake(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export interface HeaderMapping {
  /** per column of the file: its spec, or null for a blank header column that is ignored */
  columns: (ColumnSpec | null)[];
  errors: RowError[];
}

/**
 * Matches the file's header row to columns: the field name (serialNo / serial_no), the zh-CN or
 * English header, or an alias. An unknown or repeated column is an error rather than silently
 * dropped, as a misspelt JSON field would be.
 */
export function mapHeaders(headers: readonly string[], specs: readonly ColumnSpec[]): HeaderMapping {
  const byName = new Map<string, ColumnSpec>();
  for (const s of specs) {
    for (const name of [s.field, snake(s.field), s.zh, s.en, ...(s.aliases ?? [])]) byName.set(normaliseHeader(name), s);
  }
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  const columns = headers.map((h, i) => {
    if (h.trim() === '') return null;
    const spec = byName.get(normaliseHeader(h));
    if (!spec) {
      errors.push({ row: 1, field: h, message: `unknown column; known: ${specs.map((s) => s.zh).join(', ')}` });
      return null;
    }
    const earlier = seen.get(spec.field);
    if (earlier !== undefined) {
      errors.push({ row: 1, field: h, message: `the same column as "${headers[earlier]}"` });
      return null;
    }
    seen.set(spec.field, i);
    return spec;
  });
  return { columns, errors };
}

const DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]00:00(?::00(?:\.0+)?)?Z?)?$/;

/**
 * A cell's text as the value the schema expects. Empty cells are absent. Text that cannot be
 * converted is passed on unchanged, so the schema reports it against its field.
 */
export function cellValue(text: string, type: CellType, labels?: ColumnSpec['labels']): unknown {
  const s = text.trim();
  if (s === '') return undefined;
  switch (type) {
    case 'enum':
      return labels?.[s] ?? labels?.[s.toUpperCase()] ?? s;
    case 'text':
      return s;
    case 'number': {
      const n = Number(s.replace(/[,，\s]/g, ''));
      return Number.isFinite(n) ? n : s;
    }
    case 'date': {
      const m = DATE.exec(s);
      return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : s;
    }
    case 'list':
      return s
        .split(/[,，;；|、\n]/)
        .map((v) => v.trim())
        .filter(Boolean);
    case 'bool':
      if (/^(true|yes|y|1|是|有效|启用)$/i.test(s)) return true;
      if (/^(false|no|n|0|否|无效|停用)$/i.test(s)) return false;
      return s;
    case 'json':
      try {
        return JSON.parse(s);
      } catch {
        return s;
      }
  }
}

/** A value as the text an export writes, so that `cellValue` reads it back to the same value. */
export function cellText(value: unknown, type: CellType, labels?: ColumnSpec['labels']): string {
  if (value === null || value === undefined) return '';
  switch (type) {
    case 'enum':
      return Object.entries(labels ?? {}).find(([, code]) => code === value)?.[0] ?? String(value);
    case 'list':
      return Array.isArray(value) ? value.join(', ') : String(value);
    case 'json':
      return (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && Object.keys(value as object).length === 0)
        ? ''
        : JSON.stringify(value);
    case 'date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
    case 'bool':
      return value ? '是' : '否';
    default:
      return value instanceof Date ? value.toISOString() : String(value);
  }
}

/** One data row as the input object of the schema: only the columns the file has, empty cells left out. */
export function rowInput(cells: readonly string[], columns: readonly (ColumnSpec | null)[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  columns.forEach((spec, i) => {
    if (!spec) return;
    const v = cellValue(cells[i] ?? '', spec.type, spec.labels);
    if (v !== undefined) input[spec.field] = v;
  });
  return input;
}

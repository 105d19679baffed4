/**
 * CSV as spreadsheets write it (RFC 4180): quoted fields may hold commas, doubled quotes and line
 * breaks; lines end in CRLF, LF or CR; a UTF-8 byte order mark (Excel's "CSV UTF-8") is dropped.
 * A file whose header holds tabs and no commas is read as tab-separated (a paste from Excel).
 */
export function parseCsv(text: string): string[][] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = src.slice(0, src.search(/[\r\n]|$/));
  const sep = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) endField();
    else if (ch === '\r' || ch === '\n') {
      endRecord();
      if (ch === '\r' && src[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  // The last record has no line break after it unless the file ends with one.
  if (field !== '' || record.length > 0 || quoted) endRecord();
  return records;
}

/**
 * A cell a spreadsheet would run as a formula (=, @, or +/- not followed by a number) gets a
 * leading apostrophe on export, so opening an export cannot execute what a customer typed (CSV
 * injection); `restoreCell` removes it again on import so an export imports back unchanged.
 */
const FORMULA_LIKE = /^(?:[=@\t\r]|[+-][^\d\s.])/;

export function neutraliseCell(value: string): string {
  return FORMULA_LIKE.test(value) ? `'${value}` : value;
}

export function restoreCell(value: string): string {
  return value.startsWith("'") && FORMULA_LIKE.test(value.slice(1)) ? value.slice(1) : value;
}

function quote(value: string): string {
  const v = neutraliseCell(value);
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One CSV line (CRLF-terminated, as Excel writes it). */
export function csvLine(cells: readonly string[]): string {
  return cells.map(quote).join(',') + '\r\n';
}

import type { DbColumn } from '../imports/archive-tables';
import type { ArchiveSpec } from './archive-kinds';
import { newQrToken } from './archive-ids';
import type { Db } from './archive-queries';

type Obj = Record<string, unknown>;

/** A field's value as a query parameter, the column's default when absent. */
function param(c: DbColumn, v: unknown): unknown {
  const value = v === undefined || v === null ? (c.default ?? null) : v;
  return c.type === 'jsonb' && value !== null ? JSON.stringify(value) : value;
}

/**
 * Inserts a validated record unless its id (or, for an asset, its serial number) is taken.
 * Returns whether it was inserted; a taken key is the caller's to compare, not an error.
 */
export async function insertRecord(db: Db, spec: ArchiveSpec, id: string, value: Obj, actor: string): Promise<boolean> {
  const cols = spec.table.columns;
  const args: unknown[] = cols.map((c) => (c.field === 'id' ? id : param(c, value[c.field])));
  const names = cols.map((c) => c.column);
  const values = cols.map((c, i) => `$${i + 1}::${c.type}`);
  args.push(actor);
  names.push('created_by', 'updated_by');
  values.push(`$${args.length}`, `$${args.length}`);
  if (spec.kind === 'assets') {
    names.push('qr_token');
    values.push(`$${args.push(newQrToken())}`);
  }
  const rows = (await db.query(
    `INSERT INTO ${spec.table.table} (${names.join(', ')}) VALUES (${values.join(', ')}) ON CONFLICT DO NOTHING RETURNING id`,
    args,
  )) as unknown[];
  return rows.length === 1;
}

/** Writes every field of a validated record and moves its version on. */
export async function updateRecord(db: Db, spec: ArchiveSpec, id: string, value: Obj, actor: string): Promise<void> {
  const cols = spec.table.columns.filter((c) => c.field !== 'id');
  const args: unknown[] = [id, ...cols.map((c) => param(c, value[c.field])), actor];
  await db.query(
    `UPDATE ${spec.table.table} SET ${cols.map((c, i) => `${c.column} = $${i + 2}::${c.type}`).join(', ')},
       version = version + 1, updated_by = $${args.length}, updated_at = now() WHERE id = $1`,
    args,
  );
}

/** Stable JSON (keys sorted, absent and null alike) so a stored record and a posted one compare by content. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Obj)[k] !== undefined && (v as Obj)[k] !== null)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Obj)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** The fields (id aside) where a stored record differs from a validated one, defaults applied to what was left out. */
export function differingFields(spec: ArchiveSpec, stored: Obj, value: Obj): string[] {
  return spec.table.columns
    .filter((c) => c.field !== 'id')
    .filter((c) => canonical(stored[c.field] ?? c.default ?? null) !== canonical(value[c.field] ?? c.default ?? null))
    .map((c) => c.field);
}

/** The stored fields of a record row, without nulls: what the create schema reads back as the same record. */
export function storedFields(spec: ArchiveSpec, row: Obj): Obj {
  return Object.fromEntries(
    spec.table.columns
      .filter((c) => c.field !== 'id' && row[c.field] !== null && row[c.field] !== undefined)
      .map((c) => [c.field, row[c.field]]),
  );
}

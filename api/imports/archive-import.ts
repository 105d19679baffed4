import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { ARCHIVE_COLUMNS, type ImportKind } from '../../domain/import/archive-columns';
import { mapHeaders, rowInput, type RowError } from '../../domain/import/columns';
import { newArchiveId, newQrToken } from '../archives/archive-ids';
import { HttpProblem } from '../http/problem';
import { ARCHIVE_TABLES, jsonbField, type ArchiveTable, type DbColumn } from './archive-tables';
import type { UploadedTable } from './read-upload';

/** At most this many row errors go back; `errorCount` says how many there were. */
const MAX_ERRORS_SHOWN = 1000;

export interface ImportReport {
  /** the audit record of a real import; null for a dry run or a refused one */
  importId: string | null;
  kind: ImportKind;
  dryRun: boolean;
  format: UploadedTable['format'];
  encoding?: UploadedTable['encoding'];
  rows: number;
  valid: number;
  invalid: number;
  /** rows that add a record (would add, in a dry run) */
  inserted: number;
  /** rows that change an existing record, matched by id */
  updated: number;
  /** rows identical to the record already there: nothing written, no version bump */
  unchanged: number;
  errorCount: number;
  errors: RowError[];
}

/** The create schema of each archive (domain/archives); an import row is validated as the record it will be. */
export type ArchiveSchemas = Record<ImportKind, z.ZodType<Record<string, unknown>>>;

type Db = Pick<EntityManager, 'query'>;
type Obj = Record<string, unknown>;

interface Candidate {
  row: number;
  input: Obj;
  /** the record as stored, for a row whose id exists */
  existing?: Obj;
  value?: Obj;
}

/** Stable JSON (keys sorted) so a record read back from the database compares equal to the same record parsed from a file. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Obj)[k] !== undefined && (v as Obj)[k] !== null)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Obj)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function selectList(t: ArchiveTable): string {
  return t.columns
    .map((c) => {
      if (c.type === 'date') return `to_char(${c.column}, 'YYYY-MM-DD') AS "${c.field}"`;
      if (c.type === 'numeric') return `${c.column}::float8 AS "${c.field}"`;
      return `${c.column} AS "${c.field}"`;
    })
    .join(', ');
}

/** Records by id as the API shows them (absent fields left out, so the create schema reads them as the file would give them). */
export async function loadRecords(db: Db, t: ArchiveTable, ids: string[], forUpdate = false): Promise<Map<string, Obj>> {
  if (ids.length === 0) return new Map();
  const rows = (await db.query(`SELECT ${selectList(t)} FROM ${t.table} WHERE id = ANY($1)${forUpdate ? ' FOR UPDATE' : ''}`, [
    ids,
  ])) as Obj[];
  return new Map(rows.map((r) => [String(r.id), Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null))]));
}

/** The column's value from the row, or its default when the row has none (a list read from JSON is never null). */
function valueExpr(c: DbColumn): string {
  const read = jsonbField(c);
  if (c.default === undefined || c.type === 'text[]') return read;
  return `COALESCE(${read}, '${c.type === 'jsonb' ? JSON.stringify(c.default) : String(c.default)}'::${c.type})`;
}

async function insertRows(db: Db, kind: ImportKind, t: ArchiveTable, values: Obj[], actor: string): Promise<void> {
  const cols = t.columns;
  const extra = kind === 'assets' ? ', qr_token' : '';
  const extraExpr = kind === 'assets' ? `, x.j->>'qrToken'` : '';
  // The asset's QR code token is opaque and unguessable, minted as the archive API mints it.
  const rows = kind === 'assets' ? values.map((v) => ({ ...v, qrToken: newQrToken() })) : values;
  for (let i = 0; i < rows.length; i += 5000) {
    await db.query(
      `INSERT INTO ${t.table} (${cols.map((c) => c.column).join(', ')}, created_by, updated_by${extra})
       SELECT ${cols.map(valueExpr).join(', ')}, $2, $2${extraExpr} FROM jsonb_array_elements($1::jsonb) AS x(j)`,
      [JSON.stringify(rows.slice(i, i + 5000)), actor],
    );
  }
}

async function updateRows(db: Db, t: ArchiveTable, values: Obj[], actor: string): Promise<void> {
  const cols = t.columns.filter((c) => c.field !== 'id');
  for (let i = 0; i < values.length; i += 5000) {
    await db.query(
      `UPDATE ${t.table} AS t SET ${cols.map((c) => `${c.column} = ${valueExpr(c)}`).join(', ')},
         version = t.version + 1, updated_by = $2, updated_at = now()
       FROM jsonb_array_elements($1::jsonb) AS x(j) WHERE t.id = x.j->>'id'`,
      [JSON.stringify(values.slice(i, i + 5000)), actor],
    );
  }
}

/**
 * The rules of the archive API's reference check (api/archives/archive-references.ts), for a whole
 * file in three queries: what a row names exists and belongs to the row's customer, and an asset's
 * site is in the asset's project.
 */
async function checkReferences(db: Db, kind: ImportKind, rows: Candidate[], err: (c: Candidate, field: string, message: string) => void) {
  const valid = rows.filter((c) => c.value);
  const collect = (field: string) => [...new Set(valid.map((c) => c.value![field]).filter((v): v is string => typeof v === 'string'))];
  const owners = async (table: 'customers' | 'projects' | 'sites', ids: string[]) => {
    if (ids.length === 0) return new Map<string, { customerId: string; projectId: string | null }>();
    const cols =
      table === 'customers'
        ? 'id AS "customerId", NULL AS "projectId"'
        : table === 'sites'
          ? 'customer_id AS "customerId", project_id AS "projectId"'
          : 'customer_id AS "customerId", NULL AS "projectId"';
    // Share-locked, so what a row names cannot be deleted before the import commits.
    const found = (await db.query(`SELECT id, ${cols} FROM ${table} WHERE id = ANY($1) FOR KEY SHARE`, [ids])) as {
      id: string;
      customerId: string;
      projectId: string | null;
    }[];
    return new Map(found.map((r) => [r.id, r]));
  };
  const customers = await owners('customers', collect('customerId'));
  const projects = kind === 'sites' || kind === 'assets' ? await owners('projects', collect('projectId')) : new Map();
  const sites = kind === 'assets' ? await owners('sites', collect('siteId')) : new Map();

  for (const c of valid) {
    const v = c.value!;
    const customerId = (v.customerId as string | null | undefined) ?? undefined;
    const projectId = (v.projectId as string | null | undefined) ?? undefined;
    const siteId = (v.siteId as string | null | undefined) ?? undefined;
    if (customerId && !customers.has(customerId)) err(c, 'customerId', `no customer ${customerId}`);
    if (projectId && (kind === 'sites' || kind === 'assets')) {
      const p = projects.get(projectId);
      if (!p) err(c, 'projectId', `no project ${projectId}`);
      else if (customerId && p.customerId !== customerId)
        err(c, 'projectId', `project ${projectId} belongs to customer ${p.customerId}, not ${customerId}`);
    }
    if (siteId && kind === 'assets') {
      const site = sites.get(siteId);
      if (!site) err(c, 'siteId', `no site ${siteId}`);
      else {
        if (customerId && site.customerId !== customerId)
          err(c, 'siteId', `site ${siteId} belongs to customer ${site.customerId}, not ${customerId}`);
        if (projectId && site.projectId && site.projectId !== projectId)
          err(c, 'projectId', `site ${siteId} is part of project ${site.projectId}, not ${projectId}`);
      }
    }
  }

  if (kind === 'assets') {
    // A serial number names one asset: once in the file, and not already on another asset.
    const firstRow = new Map<string, Candidate>();
    for (const c of valid) {
      const serial = String(c.value!.serialNo);
      const first = firstRow.get(serial);
      if (first) err(c, 'serialNo', `serial number ${serial} is also in row ${first.row}`);
      else firstRow.set(serial, c);
    }
    const taken = (await db.query(`SELECT id, serial_no FROM assets WHERE serial_no = ANY($1)`, [[...firstRow.keys()]])) as {
      id: string;
      serial_no: string;
    }[];
    for (const t of taken) {
      const c = firstRow.get(t.serial_no)!;
      if (c.value!.id !== t.id) err(c, 'serialNo', `serial number ${t.serial_no} belongs to asset ${t.id}; give that id to update it`);
    }
  }
}

/**
 * Imports one sheet of one archive kind, all or nothing. Every row is validated as the record it
 * will be (a row whose id exists is merged over the stored record first, so a file may carry only
 * the columns it changes), then references are checked against the database and within the file.
 * A dry run, or a file with any error, writes nothing; otherwise every row is written in one
 * transaction with one audit record carrying the counts.
 */
export async function importArchive(
  ds: DataSource,
  schemas: ArchiveSchemas,
  opts: { kind: ImportKind; upload: UploadedTable; dryRun: boolean; actor: string },
): Promise<ImportReport> {
  const { kind, upload, dryRun, actor } = opts;
  const t = ARCHIVE_TABLES[kind];
  const mapping = mapHeaders(upload.header, ARCHIVE_COLUMNS[kind]);
  const headerOf = new Map(mapping.columns.map((c, i) => [c?.field, upload.header[i]]));
  const errors: RowError[] = [...mapping.errors];
  const badRows = new Set<number>();
  const err = (c: Candidate, field: string, message: string) => {
    badRows.add(c.row);
    const column = headerOf.get(field);
    errors.push({ row: c.row, field, ...(column ? { column } : {}), message });
  };
  const candidates: Candidate[] = upload.rows.map((r) => ({ row: r.row, input: rowInput(r.cells, mapping.columns) }));

  const report = await ds.transaction(async (tx) => {
    // One import of a kind at a time, so two files cannot both claim the same serial number or id.
    if (!dryRun) await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`archive-import:${kind}`]);
    const ids = candidates.map((c) => c.input.id).filter((id): id is string => typeof id === 'string');
    // Locked for a real import, so an edit made meanwhile is not overwritten with what was read before it.
    const stored = await loadRecords(tx, t, ids, !dryRun);
    const idRow = new Map<string, number>();
    for (const c of candidates) {
      const id = typeof c.input.id === 'string' ? c.input.id : undefined;
      if (id !== undefined) {
        const first = idRow.get(id);
        if (first !== undefined) {
          err(c, 'id', `id ${id} is also in row ${first}`);
          continue;
        }
        idRow.set(id, c.row);
        c.existing = stored.get(id);
      }
      const parsed = schemas[kind].safeParse(c.existing ? { ...c.existing, ...c.input } : c.input);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const keys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys : undefined;
          const field = keys?.length ? keys.join(', ') : issue.path.map(String).join('.') || '(row)';
          err(c, field, issue.message);
        }
        continue;
      }
      c.value = parsed.data;
    }
    await checkReferences(tx, kind, candidates, err);

    const good = candidates.filter((c) => c.value && !badRows.has(c.row));
    const inserts = good
      .filter((c) => !c.existing)
      .map((c) => ({ ...c.value!, id: (c.value!.id as string | undefined) ?? newArchiveId(t.idPrefix) }));
    const updates = good.filter((c) => c.existing && canonical(pick(c.value!, t)) !== canonical(pick(c.existing, t)));
    const base: ImportReport = {
      importId: null,
      kind,
      dryRun,
      format: upload.format,
      ...(upload.encoding ? { encoding: upload.encoding } : {}),
      rows: candidates.length,
      valid: candidates.length - badRows.size,
      invalid: badRows.size,
      inserted: inserts.length,
      updated: updates.length,
      unchanged: good.length - inserts.length - updates.length,
      errorCount: errors.length,
      errors: errors.sort((a, b) => a.row - b.row).slice(0, MAX_ERRORS_SHOWN),
    };
    if (dryRun || errors.length > 0) return base;

    await insertRows(tx, kind, t, inserts, actor);
    await updateRows(
      tx,
      t,
      updates.map((c) => c.value!),
      actor,
    );
    const importId = randomUUID();
    await tx.query(`INSERT INTO audit_log (actor, action, target_type, target_id, details) VALUES ($1, 'archive.imported', $2, $3, $4)`, [
      actor,
      kind,
      importId,
      JSON.stringify({ format: upload.format, rows: base.rows, inserted: base.inserted, updated: base.updated, unchanged: base.unchanged }),
    ]);
    return { ...base, importId };
  });
  return report;
}

/** The stored fields of a record, for comparing a row with what is there. */
function pick(v: Obj, t: ArchiveTable): Obj {
  return Object.fromEntries(t.columns.map((c) => [c.field, v[c.field]]));
}

/** A serial number or id taken by a write that raced this import: a conflict to retry, not a 500. */
export function importConflict(err: unknown): HttpProblem | null {
  const e = err as { code?: string; detail?: string };
  if (e.code !== '23505') return null;
  return new HttpProblem(
    409,
    'conflict',
    'Conflict',
    `a record was created meanwhile with the same key (${e.detail ?? 'unique'}); retry the import`,
  );
}

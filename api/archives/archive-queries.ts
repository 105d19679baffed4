import type { DataSource, EntityManager } from 'typeorm';
import type { ArchiveKind } from '../../domain/archives/archive-schemas';
import { OPEN_STATUSES, TICKET_STATUSES } from '../../domain/ticket/ticket.schema';
import { HttpProblem } from '../http/problem';
import type { ArchiveTable } from '../imports/archive-tables';
import { ARCHIVES, type ArchiveSpec } from './archive-kinds';

/**
 * The SQL of the archives, shared by the archive routes, the customer 360 and exports: records as
 * the API shows them, keyset pages, and a customer's assets, sites and projects.
 */
export type Db = Pick<DataSource, 'query'> | Pick<EntityManager, 'query'>;
type Obj = Record<string, unknown>;

/** Accumulates WHERE conditions with numbered parameters. */
export class SqlWhere {
  readonly args: unknown[] = [];
  private readonly parts: string[] = [];
  arg(value: unknown): string {
    return `$${this.args.push(value)}`;
  }
  add(condition: string): this {
    this.parts.push(condition);
    return this;
  }
  sql(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

/** LIKE pattern for text containing `s` literally. */
export const likeContaining = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
export const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

const closed = TICKET_STATUSES.filter((s) => !(OPEN_STATUSES as readonly string[]).includes(s));
/** A ticket `t` still being worked. */
export const OPEN_TICKET = `t.status NOT IN (${closed.map((s) => `'${s}'`).join(', ')})`;

const customerName = `(SELECT c.name FROM customers c WHERE c.id = r."customerId") AS "customerName"`;

/** Counts and names shown with each record (over `r`, a record row), computed for the rows of a page only. */
const EXTRAS: Record<ArchiveKind, string> = {
  customers: `(SELECT count(*)::int FROM assets a WHERE a.customer_id = r.id) AS "assetCount",
    (SELECT count(*)::int FROM tickets t WHERE t.customer_id = r.id AND ${OPEN_TICKET}) AS "openTicketCount"`,
  projects: `${customerName}, (SELECT count(*)::int FROM sites s WHERE s.project_id = r.id) AS "siteCount",
    (SELECT count(*)::int FROM assets a WHERE a.project_id = r.id) AS "assetCount"`,
  sites: `${customerName}, (SELECT count(*)::int FROM assets a WHERE a.site_id = r.id) AS "assetCount",
    (SELECT count(*)::int FROM tickets t JOIN assets a ON a.id = t.asset_id WHERE a.site_id = r.id AND ${OPEN_TICKET}) AS "openTicketCount",
    -- P1 < P4 as text too: the map colours a site's ticket badge by its most urgent open ticket
    (SELECT min(t.priority) FROM tickets t JOIN assets a ON a.id = t.asset_id WHERE a.site_id = r.id AND ${OPEN_TICKET}) AS "worstOpenPriority"`,
  assets: `${customerName}, (SELECT s.name FROM sites s WHERE s.id = r."siteId") AS "siteName",
    (SELECT count(*)::int FROM tickets t WHERE t.asset_id = r.id AND ${OPEN_TICKET}) AS "openTicketCount"`,
  providers: `(SELECT count(*)::int FROM tickets t WHERE t.provider_id = r.id AND ${OPEN_TICKET}) AS "openTicketCount"`,
};
const EXTRA_FIELDS: Record<ArchiveKind, string[]> = {
  customers: ['assetCount', 'openTicketCount'],
  projects: ['customerName', 'siteCount', 'assetCount'],
  sites: ['customerName', 'assetCount', 'openTicketCount', 'worstOpenPriority'],
  assets: ['customerName', 'siteName', 'openTicketCount'],
  providers: ['openTicketCount'],
};

/** The columns of a record row of `x`, named as the API fields; dates as YYYY-MM-DD, amounts and coordinates as numbers. */
function recordColumns(t: ArchiveTable): string {
  const fields = t.columns.map((c) => {
    if (c.type === 'date') return `to_char(x.${c.column}, 'YYYY-MM-DD') AS "${c.field}"`;
    if (c.type === 'numeric') return `x.${c.column}::float8 AS "${c.field}"`;
    return `x.${c.column} AS "${c.field}"`;
  });
  return [
    ...fields,
    ...(t.table === 'assets' ? [`x.qr_token AS "qrToken"`] : []),
    `x.version`,
    `x.created_by AS "createdBy"`,
    `x.created_at AS "createdAt"`,
    `x.updated_by AS "updatedBy"`,
    `x.updated_at AS "updatedAt"`,
    // microseconds, so a page boundary inside one millisecond (an import) neither skips nor repeats rows
    `to_char(x.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"`,
  ].join(', ');
}

/** A record as the API shows it (unmasked; mask with the spec for callers without archives:manage). */
export function recordView(spec: ArchiveSpec, row: Obj): Obj {
  const view: Obj = {};
  for (const c of spec.table.columns) view[c.field] = row[c.field] ?? null;
  for (const f of EXTRA_FIELDS[spec.kind]) if (row[f] !== undefined) view[f] = row[f];
  if (spec.kind === 'assets') {
    view.qr = { svg: `/api/v1/assets/${encodeURIComponent(String(row.id))}/qr.svg`, h5Path: `/h5/assets/${row.qrToken}` };
  }
  view.version = row.version;
  view.createdBy = row.createdBy;
  view.createdAt = new Date(row.createdAt as string).toISOString();
  view.updatedBy = row.updatedBy;
  view.updatedAt = new Date(row.updatedAt as string).toISOString();
  return view;
}

/** One record row by id, locked for update inside a transaction when asked; null when missing. */
export async function loadRecord(db: Db, spec: ArchiveSpec, id: string, opts: { lock?: boolean } = {}): Promise<Obj | null> {
  const [row] = (await db.query(
    `SELECT ${recordColumns(spec.table)} FROM ${spec.table.table} x WHERE x.id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
    [id],
  )) as Obj[];
  return row ?? null;
}

export async function findAssetBySerial(db: Db, serialNo: string): Promise<Obj | null> {
  const [row] = (await db.query(`SELECT ${recordColumns(ARCHIVES.assets.table)} FROM assets x WHERE x.serial_no = $1`, [
    serialNo,
  ])) as Obj[];
  return row ?? null;
}

interface Cursor {
  at: string;
  id: string;
}

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.at === 'string' && typeof c.id === 'string' && !Number.isNaN(Date.parse(c.at))) return c;
  } catch {
    /* fall through */
  }
  throw new HttpProblem(400, 'validation_failed', 'The request is not valid', 'query.cursor: not a cursor from a previous page', [
    { field: 'query.cursor', message: 'not a cursor from a previous page' },
  ]);
}

/**
 * Records matching `where` (conditions over `x`), newest first, with their counts, one keyset page
 * at a time. Views are unmasked.
 */
export async function listRecords(
  db: Db,
  spec: ArchiveSpec,
  where: SqlWhere,
  page: { limit: number; cursor?: string },
): Promise<{ items: Obj[]; nextCursor: string | null }> {
  if (page.cursor) {
    const c = decodeCursor(page.cursor);
    where.add(`(x.created_at, x.id) < (${where.arg(c.at)}::timestamptz, ${where.arg(c.id)})`);
  }
  const limit = where.arg(page.limit + 1);
  const rows = (await db.query(
    `SELECT r.*, ${EXTRAS[spec.kind]} FROM (
       SELECT ${recordColumns(spec.table)} FROM ${spec.table.table} x ${where.sql()}
       ORDER BY x.created_at DESC, x.id DESC LIMIT ${limit}
     ) r ORDER BY r."cursorAt" DESC, r.id DESC`,
    where.args,
  )) as Obj[];
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > page.limit && last ? Buffer.from(JSON.stringify({ at: last.cursorAt, id: last.id })).toString('base64url') : null;
  return { items: items.map((r) => recordView(spec, r)), nextCursor };
}

/** One record as the API shows it, with its counts (unmasked); null when missing. */
export async function getRecordView(db: Db, spec: ArchiveSpec, id: string): Promise<Obj | null> {
  const where = new SqlWhere();
  where.add(`x.id = ${where.arg(id)}`);
  const { items } = await listRecords(db, spec, where, { limit: 1 });
  return items[0] ?? null;
}

/** Everything of one kind a customer owns, newest first (up to `limit`), as the API shows it (unmasked). */
async function ofCustomer(db: Db, kind: ArchiveKind, customerId: string, limit: number): Promise<Obj[]> {
  const where = new SqlWhere();
  where.add(`x.customer_id = ${where.arg(customerId)}`);
  return (await listRecords(db, ARCHIVES[kind], where, { limit })).items;
}

export const assetsOfCustomer = (db: Db, customerId: string, limit = 500) => ofCustomer(db, 'assets', customerId, limit);
export const sitesOfCustomer = (db: Db, customerId: string, limit = 500) => ofCustomer(db, 'sites', customerId, limit);
export const projectsOfCustomer = (db: Db, customerId: string, limit = 500) => ofCustomer(db, 'projects', customerId, limit);

/** What the public page of an asset may show, found by the token in its QR code. */
export async function findAssetByQrToken(db: Db, qrToken: string) {
  const [row] = (await db.query(
    `SELECT a.name, a.model, a.sku, a.serial_no AS "serialNo", to_char(a.warranty_ends_on, 'YYYY-MM-DD') AS "warrantyEndsOn",
            s.city AS "siteCity", s.region AS "siteRegion"
       FROM assets a LEFT JOIN sites s ON s.id = a.site_id WHERE a.qr_token = $1`,
    [qrToken],
  )) as {
    name: string | null;
    model: string;
    sku: string | null;
    serialNo: string;
    warrantyEndsOn: string | null;
    siteCity: string | null;
    siteRegion: string | null;
  }[];
  return row ?? null;
}

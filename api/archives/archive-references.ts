import type { ArchiveKind } from '../../domain/archives/archive-schemas';
import { HttpProblem, type FieldError } from '../http/problem';
import type { Db } from './archive-queries';

type Obj = Record<string, unknown>;

/** The referenced row's owner, share-locked so it cannot be deleted before this transaction commits. */
async function owner(
  db: Db,
  table: 'customers' | 'projects' | 'sites',
  id: string,
): Promise<{ customerId: string; projectId?: string | null } | null> {
  const cols =
    table === 'customers'
      ? 'id AS "customerId"'
      : table === 'sites'
        ? 'customer_id AS "customerId", project_id AS "projectId"'
        : 'customer_id AS "customerId"';
  const [row] = (await db.query(`SELECT ${cols} FROM ${table} WHERE id = $1 FOR KEY SHARE`, [id])) as {
    customerId: string;
    projectId?: string | null;
  }[];
  return row ?? null;
}

/**
 * A record names only records that exist, and they belong to the same customer: a site of a
 * project is that project's customer's site, an asset installed at a site belongs to the site's
 * customer and project. Answers 422 naming each field at fault.
 */
export async function checkReferences(db: Db, kind: ArchiveKind, v: Obj): Promise<void> {
  const errors: FieldError[] = [];
  const customerId = v.customerId as string | null | undefined;
  if (customerId && !(await owner(db, 'customers', customerId))) errors.push({ field: 'customerId', message: `no customer ${customerId}` });

  const projectId = v.projectId as string | null | undefined;
  if (projectId && (kind === 'sites' || kind === 'assets')) {
    const p = await owner(db, 'projects', projectId);
    if (!p) errors.push({ field: 'projectId', message: `no project ${projectId}` });
    else if (customerId && p.customerId !== customerId)
      errors.push({ field: 'projectId', message: `project ${projectId} belongs to customer ${p.customerId}, not ${customerId}` });
  }

  const siteId = v.siteId as string | null | undefined;
  if (siteId && kind === 'assets') {
    const s = await owner(db, 'sites', siteId);
    if (!s) errors.push({ field: 'siteId', message: `no site ${siteId}` });
    else {
      if (customerId && s.customerId !== customerId)
        errors.push({ field: 'siteId', message: `site ${siteId} belongs to customer ${s.customerId}, not ${customerId}` });
      if (projectId && s.projectId && s.projectId !== projectId)
        errors.push({ field: 'projectId', message: `site ${siteId} is part of project ${s.projectId}, not ${projectId}` });
    }
  }
  if (errors.length) {
    throw new HttpProblem(
      422,
      'validation_failed',
      'The request is not valid',
      errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    );
  }
}

/**
 * Moving a project or a site to another customer would leave its sites or assets with the old
 * owner; refused until they are moved first.
 */
export async function checkOwnerChange(db: Db, kind: ArchiveKind, id: string, from: Obj, to: Obj): Promise<void> {
  if ((kind !== 'projects' && kind !== 'sites') || from.customerId === to.customerId) return;
  const [row] = (await db.query(
    kind === 'projects'
      ? `SELECT (SELECT count(*) FROM sites WHERE project_id = $1 AND customer_id IS DISTINCT FROM $2)::int
              + (SELECT count(*) FROM assets WHERE project_id = $1 AND customer_id IS DISTINCT FROM $2)::int AS n`
      : `SELECT count(*)::int AS n FROM assets WHERE site_id = $1 AND customer_id IS DISTINCT FROM $2`,
    [id, to.customerId],
  )) as { n: number }[];
  if (row!.n > 0) {
    throw new HttpProblem(
      409,
      'still_referenced',
      'Conflict',
      `${row!.n} ${kind === 'projects' ? 'sites or assets' : 'assets'} of ${id} belong to customer ${String(from.customerId)}; move them first`,
      [{ field: 'customerId', message: 'the records under it belong to the current customer' }],
    );
  }
}

/** Who still points at a record, per kind: [label, table, column]. Tickets keep ids without foreign keys, so they are counted here. */
const DEPENDENTS: Record<ArchiveKind, [string, string, string][]> = {
  customers: [
    ['projects', 'projects', 'customer_id'],
    ['sites', 'sites', 'customer_id'],
    ['assets', 'assets', 'customer_id'],
    ['tickets', 'tickets', 'customer_id'],
  ],
  projects: [
    ['sites', 'sites', 'project_id'],
    ['assets', 'assets', 'project_id'],
  ],
  sites: [['assets', 'assets', 'site_id']],
  assets: [['tickets', 'tickets', 'asset_id']],
  providers: [
    ['tickets', 'tickets', 'provider_id'],
    ['API tokens', 'api_tokens', 'provider_id'],
  ],
};

/**
 * Deletes a record no one refers to. What still refers to it is named in a 409: the archive's own
 * references and tickets by count, anything else (plans, contracts, IoT data) by the foreign key
 * PostgreSQL reports.
 */
export async function deleteUnreferenced(db: Db, kind: ArchiveKind, table: string, noun: string, id: string): Promise<void> {
  const counts = DEPENDENTS[kind];
  const [row] = (await db.query(
    `SELECT ${counts.map(([, t, c], i) => `(SELECT count(*) FROM ${t} WHERE ${c} = $1)::int AS n${i}`).join(', ')}`,
    [id],
  )) as Record<string, number>[];
  const held = counts.flatMap(([label], i) => (row![`n${i}`]! > 0 ? [`${label} (${row![`n${i}`]})`] : []));
  if (held.length) {
    throw new HttpProblem(
      409,
      'still_referenced',
      'Conflict',
      `${noun} ${id} is still referenced by ${held.join(', ')}; it cannot be deleted`,
    );
  }
  try {
    await db.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
  } catch (err) {
    // The transaction is lost with this error; the caller's rollback undoes its audit row too.
    const e = err as { code?: string; detail?: string };
    if (e.code !== '23503') throw err;
    const from = /from table "([^"]+)"/.exec(e.detail ?? '')?.[1] ?? 'another table';
    throw new HttpProblem(409, 'still_referenced', 'Conflict', `${noun} ${id} is still referenced from ${from}; it cannot be deleted`);
  }
}

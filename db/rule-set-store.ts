import type { DataSource, EntityManager } from 'typeorm';
import type { Rule } from '../rules/rule.schema';

/** Rule sets in PostgreSQL (table rule_sets, migration 1764900000000-rules). */

export type RuleSetStatus = 'draft' | 'published' | 'archived';

export interface RuleSetRow {
  key: string;
  version: number;
  status: RuleSetStatus;
  rules: Rule[];
  notes: string | null;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
  publishedBy: string | null;
  publishedAt: Date | null;
  archivedAt: Date | null;
}

const columns = `key, version, status, rules, notes, created_by AS "createdBy", created_at AS "createdAt", updated_by AS "updatedBy",
  updated_at AS "updatedAt", published_by AS "publishedBy", published_at AS "publishedAt", archived_at AS "archivedAt"`;

type Db = DataSource | EntityManager;

/** Serialises writes to one rule set (per-rule edits of the draft, publishing) within the caller's transaction. */
export async function lockRuleSet(tx: EntityManager, key: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`rule_set:${key}`]);
}

export async function getDraft(db: Db, key: string): Promise<RuleSetRow | null> {
  const rows: RuleSetRow[] = await db.query(`SELECT ${columns} FROM rule_sets WHERE key = $1 AND status = 'draft'`, [key]);
  return rows[0] ?? null;
}

/** The version new tickets start with. */
export async function latestPublished(db: Db, key: string): Promise<RuleSetRow | null> {
  const rows: RuleSetRow[] = await db.query(
    `SELECT ${columns} FROM rule_sets WHERE key = $1 AND status = 'published' ORDER BY version DESC LIMIT 1`,
    [key],
  );
  return rows[0] ?? null;
}

export async function getVersion(db: Db, key: string, version: number): Promise<RuleSetRow | null> {
  const rows: RuleSetRow[] = await db.query(`SELECT ${columns} FROM rule_sets WHERE key = $1 AND version = $2`, [key, version]);
  return rows[0] ?? null;
}

export async function listVersions(db: Db, key: string, opts: { limit: number; before?: number }): Promise<RuleSetRow[]> {
  return db.query(`SELECT ${columns} FROM rule_sets WHERE key = $1 AND ($2::int IS NULL OR version < $2) ORDER BY version DESC LIMIT $3`, [
    key,
    opts.before ?? null,
    opts.limit,
  ]);
}

/** The draft to edit: the existing one, or a new one holding the rules of the published version. */
export async function ensureDraft(tx: EntityManager, key: string, actor: string): Promise<RuleSetRow> {
  const draft = await getDraft(tx, key);
  if (draft) return draft;
  const [row]: RuleSetRow[] = await tx.query(
    `INSERT INTO rule_sets (key, version, status, rules, created_by, updated_by)
     VALUES ($1, COALESCE((SELECT max(version) FROM rule_sets WHERE key = $1), 0) + 1, 'draft',
             COALESCE((SELECT rules FROM rule_sets WHERE key = $1 AND status = 'published'), '[]'::jsonb), $2, $2)
     RETURNING ${columns}`,
    [key, actor],
  );
  return row!;
}

export async function saveDraftRules(tx: EntityManager, key: string, rules: Rule[], actor: string): Promise<void> {
  await tx.query(`UPDATE rule_sets SET rules = $2, updated_by = $3, updated_at = now() WHERE key = $1 AND status = 'draft'`, [
    key,
    JSON.stringify(rules),
    actor,
  ]);
}

/**
 * The draft becomes the published version; the version published before is archived (still
 * readable, and still run by tickets pinned to it). The caller holds the lock and has validated.
 */
export async function publishDraft(tx: EntityManager, key: string, actor: string, notes: string | null): Promise<RuleSetRow | null> {
  const draft = await getDraft(tx, key);
  if (!draft) return null;
  await tx.query(`UPDATE rule_sets SET status = 'archived', archived_at = now() WHERE key = $1 AND status = 'published'`, [key]);
  const [rows]: [RuleSetRow[], number] = await tx.query(
    `UPDATE rule_sets SET status = 'published', published_by = $2, published_at = now(), updated_by = $2, updated_at = now(),
       notes = COALESCE($3, notes)
     WHERE key = $1 AND status = 'draft' RETURNING ${columns}`,
    [key, actor, notes],
  );
  return rows[0] ?? null;
}

/** Reference data: publishes `rules` as version 1 of a rule set that has no versions yet (idempotent). */
export async function seedRuleSet(ds: DataSource, key: string, rules: Rule[], notes: string): Promise<boolean> {
  return ds.transaction(async (tx) => {
    await lockRuleSet(tx, key);
    const [any] = (await tx.query(`SELECT 1 FROM rule_sets WHERE key = $1 LIMIT 1`, [key])) as unknown[];
    if (any) return false;
    await tx.query(
      `INSERT INTO rule_sets (key, version, status, rules, notes, created_by, updated_by, published_by, published_at)
       VALUES ($1, 1, 'published', $2, $3, 'system', 'system', 'system', now())`,
      [key, JSON.stringify(rules), notes],
    );
    return true;
  });
}

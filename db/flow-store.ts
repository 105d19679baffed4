import type { DataSource, EntityManager } from 'typeorm';
import type { FlowDefinition, FlowDefinitionInput, FlowKind } from '../domain/flow/flow-definition';

export interface FlowVersionRow {
  flowKey: string;
  version: number;
  kind: FlowKind;
  name: string;
  status: 'draft' | 'published' | 'archived';
  definition: FlowDefinition;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  publishedBy: string | null;
  publishedAt: Date | null;
  /** bumped by every save of the draft, unique across the flow's rows (the designer's ETag) */
  revision: number;
  /** who saved the draft last (for a published version: who last saved it as a draft) */
  updatedBy: string;
  /** the publish message; null for versions published before messages (the seeded v1) */
  message: string | null;
  /** a roll-back: the older version this one republished */
  republishedFrom: number | null;
}

const columns = `flow_key AS "flowKey", version, kind, name, status, definition, created_by AS "createdBy", created_at AS "createdAt",
  updated_at AS "updatedAt", published_by AS "publishedBy", published_at AS "publishedAt", revision, updated_by AS "updatedBy",
  message, republished_from AS "republishedFrom"`;

type Db = DataSource | EntityManager;

/** The newest published version of a flow, or null. */
export async function latestPublished(db: Db, flowKey: string): Promise<FlowVersionRow | null> {
  const rows: FlowVersionRow[] = await db.query(
    `SELECT ${columns} FROM flow_versions WHERE flow_key = $1 AND status = 'published' ORDER BY version DESC LIMIT 1`,
    [flowKey],
  );
  return rows[0] ?? null;
}

export async function getVersion(db: Db, flowKey: string, version: number): Promise<FlowVersionRow | null> {
  const rows: FlowVersionRow[] = await db.query(`SELECT ${columns} FROM flow_versions WHERE flow_key = $1 AND version = $2`, [
    flowKey,
    version,
  ]);
  return rows[0] ?? null;
}

export async function listVersions(db: Db, flowKey: string): Promise<FlowVersionRow[]> {
  return db.query(`SELECT ${columns} FROM flow_versions WHERE flow_key = $1 ORDER BY version DESC`, [flowKey]);
}

export async function getDraft(db: Db, flowKey: string): Promise<FlowVersionRow | null> {
  const rows: FlowVersionRow[] = await db.query(`SELECT ${columns} FROM flow_versions WHERE flow_key = $1 AND status = 'draft'`, [flowKey]);
  return rows[0] ?? null;
}

export async function listFlows(
  db: Db,
): Promise<{ flowKey: string; kind: string; name: string; publishedVersion: number | null; draftVersion: number | null }[]> {
  return db.query(`
    SELECT flow_key AS "flowKey", (array_agg(kind ORDER BY version DESC))[1] AS kind, (array_agg(name ORDER BY version DESC))[1] AS name,
           max(version) FILTER (WHERE status = 'published') AS "publishedVersion",
           max(version) FILTER (WHERE status = 'draft') AS "draftVersion"
    FROM flow_versions GROUP BY flow_key ORDER BY flow_key`);
}

/**
 * Saves (creates or replaces) the draft of a flow; a new draft takes the next version number. Each
 * save takes a new revision from one sequence (never reused, so an ETag of a published or
 * discarded draft never matches a new one). The caller holds the flow's lock and checked If-Match.
 */
export async function saveDraft(tx: EntityManager, definition: FlowDefinitionInput, actor: string): Promise<FlowVersionRow> {
  const [row]: FlowVersionRow[] = await tx.query(
    `INSERT INTO flow_versions (flow_key, version, kind, name, status, definition, created_by, updated_by, revision)
     VALUES ($1, COALESCE((SELECT max(version) FROM flow_versions WHERE flow_key = $1), 0) + 1, $2, $3, 'draft', $4, $5, $5,
             nextval('flow_revision_seq'))
     ON CONFLICT (flow_key) WHERE status = 'draft'
     DO UPDATE SET definition = EXCLUDED.definition, name = EXCLUDED.name, kind = EXCLUDED.kind, updated_at = now(),
                   updated_by = EXCLUDED.updated_by, revision = EXCLUDED.revision
     RETURNING ${columns}`,
    [definition.key, definition.kind, definition.name, JSON.stringify(definition), actor],
  );
  return row!;
}

/** Publishes the draft as an immutable version. The caller has validated it. */
export async function publishDraft(tx: EntityManager, flowKey: string, actor: string, message?: string): Promise<FlowVersionRow | null> {
  // TypeORM answers an UPDATE … RETURNING on PostgreSQL with [rows, affectedCount].
  const [rows]: [FlowVersionRow[], number] = await tx.query(
    `UPDATE flow_versions SET status = 'published', published_by = $2, published_at = now(), updated_at = now(), message = $3
     WHERE flow_key = $1 AND status = 'draft' RETURNING ${columns}`,
    [flowKey, actor, message ?? null],
  );
  return rows[0] ?? null;
}

/** Discards the draft; false when there was none. */
export async function deleteDraft(tx: EntityManager, flowKey: string): Promise<boolean> {
  const [, count]: [unknown[], number] = await tx.query(`DELETE FROM flow_versions WHERE flow_key = $1 AND status = 'draft'`, [flowKey]);
  return count > 0;
}

/**
 * A roll-back: publishes the definition of an older version anew, as the next version number. A
 * draft in progress keeps being the next thing to publish, so it moves one number up.
 */
export async function republishVersion(tx: EntityManager, source: FlowVersionRow, actor: string, message: string): Promise<FlowVersionRow> {
  await tx.query(`UPDATE flow_versions SET version = version + 1 WHERE flow_key = $1 AND status = 'draft'`, [source.flowKey]);
  const [row]: FlowVersionRow[] = await tx.query(
    `INSERT INTO flow_versions (flow_key, version, kind, name, status, definition, created_by, updated_by, revision,
                                published_by, published_at, message, republished_from)
     VALUES ($1, (SELECT max(version) FROM flow_versions WHERE flow_key = $1 AND status <> 'draft') + 1, $2, $3, 'published', $4, $5, $5,
             nextval('flow_revision_seq'), $5, now(), $6, $7)
     RETURNING ${columns}`,
    [source.flowKey, source.kind, source.name, JSON.stringify(source.definition), actor, message, source.version],
  );
  return row!;
}

/** Serialises writes to one flow (saves, publishes, roll-backs) for the rest of the transaction. */
export async function lockFlow(tx: EntityManager, flowKey: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`flow:${flowKey}`]);
}

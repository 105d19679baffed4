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
}

const columns = `flow_key AS "flowKey", version, kind, name, status, definition, created_by AS "createdBy", created_at AS "createdAt",
  updated_at AS "updatedAt", published_by AS "publishedBy", published_at AS "publishedAt"`;

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

/** Saves (creates or replaces) the draft of a flow; the draft's version is the next number. */
export async function saveDraft(tx: EntityManager, definition: FlowDefinitionInput, actor: string): Promise<FlowVersionRow> {
  const [row]: FlowVersionRow[] = await tx.query(
    `INSERT INTO flow_versions (flow_key, version, kind, name, status, definition, created_by)
     VALUES ($1, COALESCE((SELECT max(version) FROM flow_versions WHERE flow_key = $1), 0) + 1, $2, $3, 'draft', $4, $5)
     ON CONFLICT (flow_key) WHERE status = 'draft'
     DO UPDATE SET definition = EXCLUDED.definition, name = EXCLUDED.name, kind = EXCLUDED.kind, updated_at = now()
     RETURNING ${columns}`,
    [definition.key, definition.kind, definition.name, JSON.stringify(definition), actor],
  );
  return row!;
}

/** Publishes the draft as an immutable version. The caller has validated it. */
export async function publishDraft(tx: EntityManager, flowKey: string, actor: string): Promise<FlowVersionRow | null> {
  // TypeORM answers an UPDATE … RETURNING on PostgreSQL with [rows, affectedCount].
  const [rows]: [FlowVersionRow[], number] = await tx.query(
    `UPDATE flow_versions SET status = 'published', published_by = $2, published_at = now(), updated_at = now()
     WHERE flow_key = $1 AND status = 'draft' RETURNING ${columns}`,
    [flowKey, actor],
  );
  return rows[0] ?? null;
}

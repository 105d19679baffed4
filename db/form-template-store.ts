import type { DataSource, EntityManager } from 'typeorm';
import { formTemplateSchema, resolveTemplate, type FormTemplate } from '../domain/forms/form-template';
import { STANDARD_FORM_TEMPLATES } from '../domain/forms/standard-templates';

export interface FormTemplateRow {
  key: string;
  version: number;
  status: 'draft' | 'published';
  definition: FormTemplate;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  publishedBy: string | null;
  publishedAt: Date | null;
}

type Db = DataSource | EntityManager;

const columns = `key, version, status, definition, created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt",
  published_by AS "publishedBy", published_at AS "publishedAt"`;

export async function getTemplateVersion(db: Db, key: string, version: number): Promise<FormTemplateRow | null> {
  const rows: FormTemplateRow[] = await db.query(`SELECT ${columns} FROM form_templates WHERE key = $1 AND version = $2`, [key, version]);
  return rows[0] ?? null;
}

export async function getTemplateDraft(db: Db, key: string): Promise<FormTemplateRow | null> {
  const rows: FormTemplateRow[] = await db.query(`SELECT ${columns} FROM form_templates WHERE key = $1 AND status = 'draft'`, [key]);
  return rows[0] ?? null;
}

export async function latestPublishedTemplate(db: Db, key: string): Promise<FormTemplateRow | null> {
  const rows: FormTemplateRow[] = await db.query(
    `SELECT ${columns} FROM form_templates WHERE key = $1 AND status = 'published' ORDER BY version DESC LIMIT 1`,
    [key],
  );
  return rows[0] ?? null;
}

export async function listTemplateVersions(db: Db, key: string): Promise<FormTemplateRow[]> {
  return db.query(`SELECT ${columns} FROM form_templates WHERE key = $1 ORDER BY version DESC`, [key]);
}

/** The newest published version of every template that could apply to these categories. */
export async function candidateTemplates(
  db: Db,
  c: { category1?: string | null; category2?: string | null; category3?: string | null },
): Promise<FormTemplateRow[]> {
  return db.query(
    `SELECT DISTINCT ON (key) ${columns} FROM form_templates
     WHERE status = 'published'
       AND (category1 IS NULL OR category1 = $1)
       AND (category2 IS NULL OR category2 = $2)
       AND (category3 IS NULL OR category3 = $3)
     ORDER BY key, version DESC`,
    [c.category1 ?? null, c.category2 ?? null, c.category3 ?? null],
  );
}

/**
 * The published template for a ticket's categories (most specific wins), with its version; null
 * when not even a default is published.
 */
export async function templateFor(
  db: Db,
  c: { category1?: string | null; category2?: string | null; category3?: string | null },
): Promise<(FormTemplate & { version: number }) | null> {
  const rows = await candidateTemplates(db, c);
  const best = resolveTemplate(
    rows.map((r) => ({ ...r.definition, version: r.version })),
    c,
  );
  return best;
}

/** Another key published for exactly this category path, if any: two would make resolution ambiguous. */
export async function keyWithSamePath(db: Db, t: FormTemplate): Promise<string | null> {
  const rows: { key: string }[] = await db.query(
    `SELECT DISTINCT key FROM form_templates f WHERE status = 'published' AND key <> $1
       AND category1 IS NOT DISTINCT FROM $2 AND category2 IS NOT DISTINCT FROM $3 AND category3 IS NOT DISTINCT FROM $4
       AND version = (SELECT max(version) FROM form_templates g WHERE g.key = f.key AND g.status = 'published')`,
    [t.key, t.category1 ?? null, t.category2 ?? null, t.category3 ?? null],
  );
  return rows[0]?.key ?? null;
}

/** Creates or replaces the draft of a template; its version is the next number. */
export async function saveTemplateDraft(tx: EntityManager, t: FormTemplate, actor: string): Promise<FormTemplateRow> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`form-template:${t.key}`]);
  const args = [t.key, t.name.zh, t.name.en, t.category1 ?? null, t.category2 ?? null, t.category3 ?? null, JSON.stringify(t), actor];
  // as a SELECT, so that the driver answers rows (an UPDATE answers [rows, count])
  const updated: unknown[] = await tx.query(
    `WITH u AS (UPDATE form_templates SET name_zh = $2, name_en = $3, category1 = $4, category2 = $5, category3 = $6, definition = $7,
       updated_at = now() WHERE key = $1 AND status = 'draft' RETURNING key) SELECT key FROM u`,
    args.slice(0, 7),
  );
  if (!updated.length) {
    await tx.query(
      `INSERT INTO form_templates (key, version, status, name_zh, name_en, category1, category2, category3, definition, created_by)
       VALUES ($1, COALESCE((SELECT max(version) FROM form_templates WHERE key = $1), 0) + 1, 'draft', $2, $3, $4, $5, $6, $7, $8)`,
      args,
    );
  }
  return (await getTemplateDraft(tx, t.key))!;
}

/** Publishes the draft as it stands; from then on that version never changes. */
export async function publishTemplateDraft(tx: EntityManager, key: string, actor: string): Promise<FormTemplateRow | null> {
  const rows: { version: number }[] = await tx.query(
    `WITH u AS (UPDATE form_templates SET status = 'published', published_by = $2, published_at = now(), updated_at = now()
     WHERE key = $1 AND status = 'draft' RETURNING version) SELECT version FROM u`,
    [key, actor],
  );
  return rows[0] ? getTemplateVersion(tx, key, rows[0].version) : null;
}

/** Standard templates, published as version 1 when their key has none (idempotent). */
export async function seedStandardFormTemplates(ds: DataSource): Promise<string[]> {
  const seeded: string[] = [];
  for (const input of STANDARD_FORM_TEMPLATES) {
    const t = formTemplateSchema.parse(input);
    await ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`form-template:${t.key}`]);
      if (await latestPublishedTemplate(tx, t.key)) return;
      await saveTemplateDraft(tx, t, 'system');
      await publishTemplateDraft(tx, t.key, 'system');
      seeded.push(`form template ${t.key} v1`);
    });
  }
  return seeded;
}

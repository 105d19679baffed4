import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Form templates per category (issue 5 item 7, seed 002 §6): versions of each template, at most
 * one draft per key; a published version is never changed or removed (the trigger makes that a
 * database fact), so a ticket can always be checked against the version it was opened under.
 */
export class FormTemplates1764930000000 implements MigrationInterface {
  name = 'FormTemplates1764930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE form_templates (
        key text NOT NULL,
        version int NOT NULL CHECK (version >= 1),
        status text NOT NULL CHECK (status IN ('draft', 'published')),
        name_zh text NOT NULL,
        name_en text NOT NULL,
        category1 text,
        category2 text,
        category3 text,
        -- the whole template as domain/forms/form-template.ts parses it
        definition jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        published_by text,
        published_at timestamptz,
        PRIMARY KEY (key, version),
        CHECK (category2 IS NULL OR category1 IS NOT NULL),
        CHECK (category3 IS NULL OR category2 IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX form_templates_one_draft ON form_templates (key) WHERE status = 'draft'`);
    await q.query(`CREATE INDEX form_templates_by_category ON form_templates (category1, category2, category3) WHERE status = 'published'`);
    await q.query(`
      CREATE FUNCTION form_templates_published_immutable() RETURNS trigger AS $$
      BEGIN
        IF OLD.status = 'published' THEN
          RAISE EXCEPTION 'form template %.v% is published and cannot change', OLD.key, OLD.version;
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$ LANGUAGE plpgsql`);
    await q.query(`
      CREATE TRIGGER form_templates_published_immutable BEFORE UPDATE OR DELETE ON form_templates
      FOR EACH ROW EXECUTE FUNCTION form_templates_published_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE form_templates`);
    await q.query(`DROP FUNCTION form_templates_published_immutable()`);
  }
}

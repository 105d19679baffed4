import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The flow store: one row per version of a flow. A draft is editable; once published a version
 * is immutable (enforced by a trigger, not just by the API), and may only be archived.
 */
export class FlowStore1763900000000 implements MigrationInterface {
  name = 'FlowStore1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE flow_versions (
        flow_key text NOT NULL,
        version int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('ticket', 'rma', 'visit')),
        name text NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
        definition jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        published_by text,
        published_at timestamptz,
        PRIMARY KEY (flow_key, version)
      )`);
    await q.query(`CREATE UNIQUE INDEX flow_versions_one_draft ON flow_versions (flow_key) WHERE status = 'draft'`);
    await q.query(`
      CREATE FUNCTION flow_versions_immutable() RETURNS trigger AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status <> 'draft' THEN RAISE EXCEPTION 'published flow % v% cannot be deleted', OLD.flow_key, OLD.version; END IF;
          RETURN OLD;
        END IF;
        IF OLD.status <> 'draft' AND (NEW.definition IS DISTINCT FROM OLD.definition OR NEW.version <> OLD.version
            OR NEW.flow_key <> OLD.flow_key OR NEW.kind <> OLD.kind OR NEW.status = 'draft') THEN
          RAISE EXCEPTION 'published flow % v% is immutable', OLD.flow_key, OLD.version;
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await q.query(
      `CREATE TRIGGER flow_versions_immutable BEFORE UPDATE OR DELETE ON flow_versions FOR EACH ROW EXECUTE FUNCTION flow_versions_immutable()`,
    );
    await q.query(`ALTER TABLE tickets ADD COLUMN flow_key text, ADD COLUMN flow_version int`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tickets DROP COLUMN flow_key, DROP COLUMN flow_version`);
    await q.query(`DROP TABLE flow_versions`);
    await q.query(`DROP FUNCTION flow_versions_immutable`);
  }
}

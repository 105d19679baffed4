import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the flow designer needs of the flow store (issue 7): a draft `revision` that every save
 * bumps (the designer's ETag, so a second admin's save is a conflict, not a silent overwrite),
 * who saved it last, the publish `message`, and for a roll-back the version it republished. The
 * immutability trigger now also covers the message and the republished-from version.
 */
export class FlowDesigner1765045000000 implements MigrationInterface {
  name = 'FlowDesigner1765045000000';

  async up(q: QueryRunner): Promise<void> {
    // One sequence for all revisions: a draft started after a publish or a discard never reuses a
    // number, so a stale ETag never matches it.
    await q.query(`CREATE SEQUENCE flow_revision_seq AS int`);
    await q.query(`
      ALTER TABLE flow_versions
        ADD COLUMN revision int NOT NULL DEFAULT nextval('flow_revision_seq'),
        ADD COLUMN updated_by text,
        ADD COLUMN message text CHECK (message IS NULL OR char_length(message) BETWEEN 1 AND 500),
        ADD COLUMN republished_from int`);
    await q.query(`UPDATE flow_versions SET updated_by = created_by`);
    await q.query(`ALTER TABLE flow_versions ALTER COLUMN updated_by SET NOT NULL`);
    await q.query(`
      CREATE OR REPLACE FUNCTION flow_versions_immutable() RETURNS trigger AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status <> 'draft' THEN RAISE EXCEPTION 'published flow % v% cannot be deleted', OLD.flow_key, OLD.version; END IF;
          RETURN OLD;
        END IF;
        IF OLD.status <> 'draft' AND (NEW.definition IS DISTINCT FROM OLD.definition OR NEW.version <> OLD.version
            OR NEW.flow_key <> OLD.flow_key OR NEW.kind <> OLD.kind OR NEW.status = 'draft'
            OR NEW.message IS DISTINCT FROM OLD.message OR NEW.republished_from IS DISTINCT FROM OLD.republished_from
            OR NEW.published_by IS DISTINCT FROM OLD.published_by OR NEW.published_at IS DISTINCT FROM OLD.published_at) THEN
          RAISE EXCEPTION 'published flow % v% is immutable', OLD.flow_key, OLD.version;
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    // usage counts per pinned version
    await q.query(`CREATE INDEX tickets_flow_version ON tickets (flow_key, flow_version) WHERE flow_key IS NOT NULL`);
    await q.query(`CREATE INDEX rmas_flow_version ON rmas (flow_key, flow_version)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rmas_flow_version`);
    await q.query(`DROP INDEX tickets_flow_version`);
    await q.query(`
      CREATE OR REPLACE FUNCTION flow_versions_immutable() RETURNS trigger AS $$
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
      `ALTER TABLE flow_versions DROP COLUMN revision, DROP COLUMN updated_by, DROP COLUMN message, DROP COLUMN republished_from`,
    );
    await q.query(`DROP SEQUENCE flow_revision_seq`);
  }
}

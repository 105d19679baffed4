import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rule sets: one row per version of a set of rules (key 'ticket' for the rules tickets run). The
 * draft (at most one per key) is edited rule by rule; publishing turns it into an immutable
 * version and archives the one before, which stays readable and runnable by tickets pinned to it.
 * Immutability is enforced by a trigger, not only by the API.
 */
export class Rules1764900000000 implements MigrationInterface {
  name = 'Rules1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rule_sets (
        key text NOT NULL,
        version int NOT NULL CHECK (version >= 1),
        status text NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
        rules jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(rules) = 'array'),
        notes text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        published_by text,
        published_at timestamptz,
        archived_at timestamptz,
        PRIMARY KEY (key, version)
      )`);
    await q.query(`CREATE UNIQUE INDEX rule_sets_one_draft ON rule_sets (key) WHERE status = 'draft'`);
    await q.query(`CREATE UNIQUE INDEX rule_sets_one_published ON rule_sets (key) WHERE status = 'published'`);
    await q.query(`
      CREATE FUNCTION rule_sets_immutable() RETURNS trigger AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status <> 'draft' THEN RAISE EXCEPTION 'rule set % v% is published and cannot be deleted', OLD.key, OLD.version; END IF;
          RETURN OLD;
        END IF;
        IF OLD.status <> 'draft' AND (NEW.rules IS DISTINCT FROM OLD.rules OR NEW.version <> OLD.version OR NEW.key <> OLD.key
            OR NEW.status = 'draft' OR (OLD.status = 'archived' AND NEW.status <> 'archived')
            OR NEW.published_at IS DISTINCT FROM OLD.published_at OR NEW.notes IS DISTINCT FROM OLD.notes) THEN
          RAISE EXCEPTION 'rule set % v% is published and immutable', OLD.key, OLD.version;
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await q.query(
      `CREATE TRIGGER rule_sets_immutable BEFORE UPDATE OR DELETE ON rule_sets FOR EACH ROW EXECUTE FUNCTION rule_sets_immutable()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rule_sets`);
    await q.query(`DROP FUNCTION IF EXISTS rule_sets_immutable`);
  }
}

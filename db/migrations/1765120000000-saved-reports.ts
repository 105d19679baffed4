import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report definitions a person saved in the report centre (报表中心): the builder's body as it would be
 * run (dimensions, measures, filters, sort, limit), checked against the whitelist when saved and again
 * when run, so a definition whose field was later withdrawn answers 422 rather than wrong figures.
 * `owner` is the audit actor (user:<name> or token:<name>); names are unique per owner.
 */
export class SavedReports1765120000000 implements MigrationInterface {
  name = 'SavedReports1765120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saved_reports (
        id bigserial PRIMARY KEY,
        owner text NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        definition jsonb NOT NULL,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (owner, name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS saved_reports`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saved filters of the agent workbench (issue 8 item 2): a named ticket-list query per person. The
 * owner is the caller's principal id (a user's id, or an API token's), never chosen by the caller,
 * and nobody else sees or changes it.
 */
export class SavedFilters1765130000000 implements MigrationInterface {
  name = 'SavedFilters1765130000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saved_filters (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id text NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        -- the ticket list's query parameters (queue, status, q, sort …), as checked by the API
        query jsonb NOT NULL,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX saved_filters_owner_name ON saved_filters (owner_id, lower(name))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE saved_filters`);
  }
}

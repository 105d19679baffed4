import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customer's rating of a ticket, RMA or visit (CSAT 1–5, NPS 0–10): one per piece of work, given
 * once from the customer H5 page (or by an agent on a follow-up call), read by the dashboards.
 */
export class ServiceRatings1765100000000 implements MigrationInterface {
  name = 'ServiceRatings1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_ratings (
        id bigserial PRIMARY KEY,
        work_kind text NOT NULL CHECK (work_kind IN ('ticket', 'rma', 'visit')),
        work_id text NOT NULL,
        csat smallint CHECK (csat BETWEEN 1 AND 5),
        nps smallint CHECK (nps BETWEEN 0 AND 10),
        comment text,
        -- 'h5' (the customer's page), 'agent' (a follow-up call), 'visit' (the engineer's follow-up step)
        channel text NOT NULL,
        rated_by text NOT NULL,
        rated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (csat IS NOT NULL OR nps IS NOT NULL),
        UNIQUE (work_kind, work_id)
      )`);
    await q.query(`CREATE INDEX service_ratings_rated_at ON service_ratings (rated_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS service_ratings`);
  }
}

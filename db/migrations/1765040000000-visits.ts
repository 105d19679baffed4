import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * On-site visits (上门, issue 6 item 2): the projection of each VisitWorkflow (its latest snapshot
 * and its numbered events, written idempotently by seq), the engineer bookings it made on the
 * roster (one per visit + call, so a retried activity books once), and its receipt.
 */
export class Visits1765040000000 implements MigrationInterface {
  name = 'Visits1765040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE visits (
        visit_id text PRIMARY KEY,
        ticket_id text,
        site_id text,
        asset_id text,
        customer_id text,
        engineer_id text,
        window_start timestamptz,
        window_end timestamptz,
        status text NOT NULL,
        check_in_lat numeric(9, 6),
        check_in_lng numeric(9, 6),
        check_in_distance_m numeric(12, 1),
        check_in_flagged boolean NOT NULL DEFAULT false,
        parts jsonb NOT NULL DEFAULT '[]',
        receipt jsonb,
        rating smallint CHECK (rating BETWEEN 1 AND 5),
        data jsonb NOT NULL DEFAULT '{}',
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        last_seq int NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX visits_status ON visits (status, updated_at DESC)`);
    await q.query(`CREATE INDEX visits_engineer ON visits (engineer_id, window_start)`);
    await q.query(`CREATE INDEX visits_ticket ON visits (ticket_id) WHERE ticket_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE visit_events (
        visit_id text NOT NULL,
        seq int NOT NULL,
        type text NOT NULL,
        actor text NOT NULL,
        at timestamptz NOT NULL,
        from_status text,
        to_status text,
        payload jsonb NOT NULL DEFAULT '{}',
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (visit_id, seq)
      )`);
    await q.query(`
      CREATE TABLE visit_bookings (
        key text PRIMARY KEY,
        visit_id text NOT NULL,
        engineer_id text NOT NULL,
        roster_entry_id bigint,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        cancelled_at timestamptz,
        CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX visit_bookings_visit ON visit_bookings (visit_id)`);
    await q.query(`
      CREATE TABLE visit_receipts (
        receipt_no text PRIMARY KEY,
        visit_id text NOT NULL UNIQUE,
        receipt jsonb NOT NULL,
        total_fen bigint NOT NULL CHECK (total_fen >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE visit_receipts`);
    await q.query(`DROP TABLE visit_bookings`);
    await q.query(`DROP TABLE visit_events`);
    await q.query(`DROP TABLE visits`);
  }
}

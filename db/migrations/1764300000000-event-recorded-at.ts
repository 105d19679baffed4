import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each ticket event reached the database, next to when it happened in the workflow: the gap
 * is what a worker outage or a slow database cost, and what the SLA benchmark measures.
 */
export class EventRecordedAt1764300000000 implements MigrationInterface {
  name = 'EventRecordedAt1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ticket_events ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ticket_events DROP COLUMN recorded_at`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The log of every message and call sent to customers and staff, keyed for idempotency. */
export class Notifications1764100000000 implements MigrationInterface {
  name = 'Notifications1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id bigserial PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        ticket_id text,
        kind text NOT NULL CHECK (kind IN ('message', 'call')),
        channel text NOT NULL,
        target text NOT NULL,
        template text,
        subject text,
        body text,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'skipped', 'failed')),
        provider_ref text,
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX notifications_ticket ON notifications (ticket_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
  }
}

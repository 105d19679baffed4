import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outgoing webhooks: who wants which ticket events (subscriptions), and one delivery row per
 * (subscription, ticket event) — the outbox the delivery activity works through and the log the
 * API shows. A delivery row is written in the same transaction as its ticket event.
 */
export class Webhooks1764000000000 implements MigrationInterface {
  name = 'Webhooks1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        description text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id bigserial PRIMARY KEY,
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id),
        ticket_id text NOT NULL,
        seq int NOT NULL,
        event_type text NOT NULL,
        body jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        last_status int,
        next_attempt_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        CONSTRAINT webhook_deliveries_subscription_ticket_seq UNIQUE (subscription_id, ticket_id, seq)
      )`);
    await q.query(
      `CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (ticket_id, subscription_id, seq) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX webhook_deliveries_log ON webhook_deliveries (subscription_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_subscriptions`);
  }
}

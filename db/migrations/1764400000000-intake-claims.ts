import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which ticket an intake opened for a customer + order, written in the same short transaction that
 * decides between "new ticket" and "repeat contact". The projection row appears only once the
 * workflow has recorded the ticket, so without this a second contact arriving meanwhile would open
 * a second ticket. Backfilled from the tickets already there.
 */
export class IntakeClaims1764400000000 implements MigrationInterface {
  name = 'IntakeClaims1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE intake_claims (
        ticket_id text PRIMARY KEY,
        customer_id text NOT NULL,
        order_id text NOT NULL,
        category1 text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX intake_claims_contact ON intake_claims (customer_id, order_id, created_at DESC)`);
    await q.query(`
      INSERT INTO intake_claims (ticket_id, customer_id, order_id, category1, created_at)
      SELECT ticket_id, customer_id, order_id, category1, created_at FROM tickets WHERE order_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake_claims`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * RMAs (寄修退换, issue 6 item 1): the read model of RmaWorkflow, written only by its projection
 * activity. `last_seq` guards the snapshot (a late write never rolls it back) and
 * (rma_id, seq) makes every event write idempotent. Money is integer fen.
 */
export class Rmas1765030000000 implements MigrationInterface {
  name = 'Rmas1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rmas (
        rma_id text PRIMARY KEY CHECK (rma_id ~ '^RMA-[0-9]{8}-[0-9A-Z]{8}$'),
        workflow_id text NOT NULL,
        ticket_id text,
        status text NOT NULL,
        order_id text NOT NULL,
        customer_id text NOT NULL,
        sku text,
        serial_no text,
        asset_id text,
        resolution_requested text NOT NULL CHECK (resolution_requested IN ('replace', 'repair', 'refund', 'price_change')),
        resolution text,
        claim_amount_fen bigint NOT NULL CHECK (claim_amount_fen >= 0),
        approvals jsonb NOT NULL DEFAULT '[]',
        flow_key text NOT NULL,
        flow_version int NOT NULL,
        data jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        closed_at timestamptz,
        last_seq int NOT NULL
      )`);
    await q.query(`CREATE INDEX rmas_status ON rmas (status, created_at DESC)`);
    await q.query(`CREATE INDEX rmas_ticket ON rmas (ticket_id) WHERE ticket_id IS NOT NULL`);
    await q.query(`CREATE INDEX rmas_customer ON rmas (customer_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE rma_events (
        id bigserial PRIMARY KEY,
        rma_id text NOT NULL,
        seq int NOT NULL,
        type text NOT NULL,
        actor text NOT NULL,
        occurred_at timestamptz NOT NULL,
        from_status text,
        to_status text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        UNIQUE (rma_id, seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rma_events`);
    await q.query(`DROP TABLE rmas`);
  }
}

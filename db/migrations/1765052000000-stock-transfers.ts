import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transfers between warehouses that take time (issue 6, visits waiting for parts): shipped, the
 * stock leaves the source at once (transfer_out) and is in transit — on no shelf, promised to no
 * one — until the destination receives it (transfer_in). The row says what is on its way, where,
 * and for which visit; the ledger keeps both movements. A van refill stays the one-step transfer.
 *
 * What an engineer carries is their van's stock in the ledger, which dispatch now reads: the
 * agents' hand-kept parts list (agent_parts, `partsOnHand`) goes, so there is one truth.
 */
export class StockTransfers1765052000000 implements MigrationInterface {
  name = 'StockTransfers1765052000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stock_transfers (
        id bigserial PRIMARY KEY,
        -- the ledger op of the shipment (its movements share it); a client key makes it repeatable
        op text NOT NULL UNIQUE,
        from_location_id text NOT NULL REFERENCES stock_locations (id),
        to_location_id text NOT NULL REFERENCES stock_locations (id),
        -- [{partCode, qty}]
        lines jsonb NOT NULL CHECK (jsonb_typeof(lines) = 'array' AND jsonb_array_length(lines) > 0),
        status text NOT NULL DEFAULT 'in_transit' CHECK (status IN ('in_transit', 'received')),
        -- what it was sent for (a visit short of parts), if anything
        ref_type text,
        ref_id text,
        note text,
        received_op text UNIQUE,
        received_by text,
        received_at timestamptz,
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (from_location_id <> to_location_id),
        CHECK ((status = 'received') = (received_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX stock_transfers_status ON stock_transfers (status, to_location_id, id)`);
    await q.query(`CREATE INDEX stock_transfers_ref ON stock_transfers (ref_type, ref_id) WHERE ref_id IS NOT NULL`);
    await q.query(`DROP TABLE agent_parts`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agent_parts (
        agent_id text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        part_code text NOT NULL,
        qty int NOT NULL CHECK (qty >= 0),
        PRIMARY KEY (agent_id, part_code)
      )`);
    await q.query(`DROP TABLE stock_transfers`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spare parts (issue 6 item 3): the catalogue with substitutes, stock per warehouse and per
 * engineer's van, reservations for visits, an append-only ledger of every movement and purchase
 * requests. Stock can never go negative or be promised twice: the CHECKs refuse it even if a bug
 * in the service tried. Money is integer fen.
 */
export class SpareParts1765000000000 implements MigrationInterface {
  name = 'SpareParts1765000000000';

  async up(q: QueryRunner): Promise<void> {
    const audit = `
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()`;
    await q.query(`
      CREATE TABLE parts (
        code text PRIMARY KEY,
        name text NOT NULL,
        name_en text,
        unit text NOT NULL,
        category text NOT NULL,
        unit_cost_fen bigint NOT NULL DEFAULT 0 CHECK (unit_cost_fen >= 0),
        reorder_point int NOT NULL DEFAULT 0 CHECK (reorder_point >= 0),
        reorder_qty int NOT NULL DEFAULT 1 CHECK (reorder_qty >= 1),
        active boolean NOT NULL DEFAULT true,
        ${audit}
      )`);
    await q.query(`CREATE INDEX parts_category ON parts (category, code)`);
    await q.query(`
      CREATE TABLE part_substitutes (
        part_code text NOT NULL REFERENCES parts (code) ON DELETE CASCADE,
        substitute_code text NOT NULL REFERENCES parts (code) ON DELETE CASCADE,
        priority int NOT NULL DEFAULT 1 CHECK (priority BETWEEN 1 AND 99),
        PRIMARY KEY (part_code, substitute_code),
        CHECK (part_code <> substitute_code)
      )`);
    await q.query(`
      CREATE TABLE stock_locations (
        id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('warehouse', 'engineer')),
        name text NOT NULL,
        region text,
        -- the engineer whose van this is
        agent_id text REFERENCES agents (id) ON DELETE SET NULL,
        active boolean NOT NULL DEFAULT true,
        ${audit},
        CHECK (kind = 'engineer' OR agent_id IS NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX stock_locations_agent ON stock_locations (agent_id) WHERE agent_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE stock_levels (
        location_id text NOT NULL REFERENCES stock_locations (id),
        part_code text NOT NULL REFERENCES parts (code),
        on_hand int NOT NULL DEFAULT 0,
        reserved int NOT NULL DEFAULT 0,
        -- returned defective, kept apart and never sellable or reservable
        defective int NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (location_id, part_code),
        CONSTRAINT stock_not_negative CHECK (on_hand >= 0 AND reserved >= 0 AND defective >= 0),
        CONSTRAINT stock_not_overpromised CHECK (reserved <= on_hand)
      )`);
    await q.query(`CREATE INDEX stock_levels_part ON stock_levels (part_code)`);
    await q.query(`
      CREATE TABLE stock_reservations (
        id bigserial PRIMARY KEY,
        key text NOT NULL,
        request_hash text NOT NULL,
        ref_type text NOT NULL,
        ref_id text NOT NULL,
        part_code text NOT NULL REFERENCES parts (code),
        qty int NOT NULL CHECK (qty > 0),
        -- where the parts are now (the van once issued), and where they were reserved
        location_id text NOT NULL REFERENCES stock_locations (id),
        source_location_id text NOT NULL REFERENCES stock_locations (id),
        status text NOT NULL CHECK (status IN ('reserved', 'issued', 'consumed', 'released', 'returned')),
        consumed_qty int NOT NULL DEFAULT 0 CHECK (consumed_qty >= 0 AND consumed_qty <= qty),
        returned_qty int NOT NULL DEFAULT 0 CHECK (returned_qty >= 0),
        return_condition text CHECK (return_condition IN ('good', 'defective')),
        note text,
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (key, part_code)
      )`);
    await q.query(`CREATE INDEX stock_reservations_ref ON stock_reservations (ref_type, ref_id)`);
    await q.query(`
      CREATE TABLE stock_movements (
        id bigserial PRIMARY KEY,
        -- the request that made it: every movement of one receipt, transfer or step shares it
        op text NOT NULL,
        idempotency_key text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('receive', 'reserve', 'release', 'issue', 'consume', 'return_good', 'return_defective',
          'transfer_out', 'transfer_in')),
        location_id text NOT NULL REFERENCES stock_locations (id),
        part_code text NOT NULL REFERENCES parts (code),
        qty int NOT NULL CHECK (qty > 0),
        on_hand_delta int NOT NULL,
        reserved_delta int NOT NULL,
        defective_delta int NOT NULL,
        on_hand_after int NOT NULL,
        reserved_after int NOT NULL,
        defective_after int NOT NULL,
        -- the other end of an issue, transfer or return
        peer_location_id text REFERENCES stock_locations (id),
        reservation_id bigint REFERENCES stock_reservations (id),
        ref_type text,
        ref_id text,
        note text,
        actor text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX stock_movements_part ON stock_movements (part_code, id)`);
    await q.query(`CREATE INDEX stock_movements_location ON stock_movements (location_id, id)`);
    await q.query(`CREATE INDEX stock_movements_ref ON stock_movements (ref_id, id) WHERE ref_id IS NOT NULL`);
    await q.query(`CREATE INDEX stock_movements_op ON stock_movements (op)`);
    // The ledger is append-only: a mistake is corrected by a new movement, never by editing history.
    await q.query(`
      CREATE FUNCTION stock_movements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'stock_movements is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER stock_movements_append_only BEFORE UPDATE OR DELETE ON stock_movements
        FOR EACH ROW EXECUTE FUNCTION stock_movements_append_only()`);
    await q.query(`
      CREATE TRIGGER stock_movements_no_truncate BEFORE TRUNCATE ON stock_movements
        FOR EACH STATEMENT EXECUTE FUNCTION stock_movements_append_only()`);
    await q.query(`
      CREATE TABLE purchase_requests (
        id bigserial PRIMARY KEY,
        part_code text NOT NULL REFERENCES parts (code),
        location_id text NOT NULL REFERENCES stock_locations (id),
        qty int NOT NULL CHECK (qty > 0),
        reason text NOT NULL CHECK (reason IN ('low_stock', 'shortage')),
        ref_type text,
        ref_id text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'ordered', 'received', 'cancelled')),
        received_qty int CHECK (received_qty > 0),
        note text,
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One purchase on its way per part and place: low stock seen by a hundred movements orders once.
    await q.query(
      `CREATE UNIQUE INDEX purchase_requests_outstanding ON purchase_requests (part_code, location_id) WHERE status IN ('open', 'ordered')`,
    );
    await q.query(`CREATE INDEX purchase_requests_status ON purchase_requests (status, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE purchase_requests`);
    await q.query(`DROP TABLE stock_movements`);
    await q.query(`DROP FUNCTION stock_movements_append_only()`);
    await q.query(`DROP TABLE stock_reservations`);
    await q.query(`DROP TABLE stock_levels`);
    await q.query(`DROP TABLE stock_locations`);
    await q.query(`DROP TABLE part_substitutes`);
    await q.query(`DROP TABLE parts`);
  }
}

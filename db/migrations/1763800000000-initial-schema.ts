import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        roles text[] NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE tickets (
        ticket_id text PRIMARY KEY,
        workflow_id text NOT NULL,
        status text NOT NULL,
        priority text NOT NULL,
        channel text NOT NULL,
        customer_id text NOT NULL,
        order_id text,
        sku text,
        category1 text,
        category2 text,
        category3 text,
        region text,
        entitlement text,
        assignee_id text,
        group_id text,
        description text NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        frt_due_at timestamptz,
        ttr_due_at timestamptz,
        sla_breached boolean NOT NULL DEFAULT false,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        resolved_at timestamptz,
        closed_at timestamptz,
        last_seq int NOT NULL,
        data jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX tickets_status_created ON tickets (status, created_at DESC)`);
    await q.query(`CREATE INDEX tickets_customer_order ON tickets (customer_id, order_id)`);
    await q.query(`CREATE INDEX tickets_assignee ON tickets (assignee_id) WHERE assignee_id IS NOT NULL`);
    await q.query(`CREATE INDEX tickets_created ON tickets (created_at DESC, ticket_id DESC)`);
    await q.query(`
      CREATE TABLE ticket_events (
        id bigserial PRIMARY KEY,
        ticket_id text NOT NULL,
        seq int NOT NULL,
        type text NOT NULL,
        actor text NOT NULL,
        occurred_at timestamptz NOT NULL,
        from_status text,
        to_status text,
        changes jsonb NOT NULL,
        payload jsonb NOT NULL,
        CONSTRAINT ticket_events_ticket_seq UNIQUE (ticket_id, seq)
      )`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        resource_type text NOT NULL,
        resource_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        actor text NOT NULL,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        details jsonb NOT NULL DEFAULT '{}'
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_log', 'idempotency_keys', 'ticket_events', 'tickets', 'api_tokens']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}

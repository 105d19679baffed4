import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments (issue 6 item 6): the record of each uploaded photo, video, signature or document.
 * The bytes live in the blob store (local disk or S3) under `storage_key`; this row says whose it
 * is, what it is (the type found by sniffing its content, not the client's word) and its hash.
 * Deleting is soft: the row stays, with `deleted_at`, for the audit trail.
 */
export class Attachments1765010000000 implements MigrationInterface {
  name = 'Attachments1765010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachments (
        id text PRIMARY KEY,
        owner_type text NOT NULL CHECK (owner_type IN ('ticket', 'rma', 'visit', 'asset', 'customer')),
        owner_id text NOT NULL,
        kind text NOT NULL,
        mime text NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        duration_sec numeric(10, 3),
        storage_key text NOT NULL UNIQUE,
        original_name text,
        uploaded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX attachments_by_owner ON attachments (owner_type, owner_id, created_at) WHERE deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attachments`);
  }
}

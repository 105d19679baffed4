import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Failed progress look-ups by the public, so guessing a four-digit code is slowed to a crawl. */
export class PublicLookups1765020000000 implements MigrationInterface {
  name = 'PublicLookups1765020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE public_lookup_failures (
        id bigserial PRIMARY KEY,
        -- 'number:TK-…' or 'ip:203.0.113.7'
        subject text NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX public_lookup_failures_subject ON public_lookup_failures (subject, failed_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS public_lookup_failures`);
  }
}

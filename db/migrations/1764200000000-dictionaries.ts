import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Standard dictionaries (seed 002 §9): the three-level category tree, priorities, statuses,
 * sub-statuses and pause reasons, with zh-CN and English labels. Admins extend them over the API.
 */
export class Dictionaries1764200000000 implements MigrationInterface {
  name = 'Dictionaries1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dictionary_entries (
        type text NOT NULL CHECK (type IN ('category', 'priority', 'status', 'substatus', 'pause_reason', 'channel')),
        code text NOT NULL,
        parent_code text,
        level int NOT NULL DEFAULT 1 CHECK (level BETWEEN 1 AND 3),
        label_zh text NOT NULL,
        label_en text NOT NULL,
        sort int NOT NULL DEFAULT 0,
        active boolean NOT NULL DEFAULT true,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (type, code),
        FOREIGN KEY (type, parent_code) REFERENCES dictionary_entries (type, code)
      )`);
    await q.query(`CREATE INDEX dictionary_entries_parent ON dictionary_entries (type, parent_code)`);
    await q.query(
      `CREATE INDEX tickets_repeat_contact ON tickets (customer_id, order_id, created_at DESC) WHERE status NOT IN ('resolved', 'closed')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tickets_repeat_contact`);
    await q.query(`DROP TABLE dictionary_entries`);
  }
}

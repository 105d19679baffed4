import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The decision record of automation rules: one row per evaluation a ticket's workflow made (which
 * event, which pinned rule-set version, each rule matched or not and why, what was done, whether
 * the loop guard stopped anything). Written by the workflow through an activity, keyed by the
 * workflow's own decision number so a retried write lands once.
 */
export class RuleDecisions1764910000000 implements MigrationInterface {
  name = 'RuleDecisions1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rule_decisions (
        ticket_id text NOT NULL,
        decision_no integer NOT NULL,
        event_seq integer NOT NULL,
        origin_seq integer NOT NULL,
        depth integer NOT NULL,
        events text[] NOT NULL,
        rule_set_key text NOT NULL,
        rule_set_version integer NOT NULL,
        results jsonb NOT NULL,
        actions jsonb NOT NULL,
        guard jsonb NOT NULL DEFAULT '[]',
        decided_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (ticket_id, decision_no)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rule_decisions`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A queue either hands its tickets out itself (派单) or leaves them for its agents to take (抢单). */
export class RoutingAutoAssign1764950000000 implements MigrationInterface {
  name = 'RoutingAutoAssign1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE routing_groups ADD COLUMN auto_assign boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE routing_groups DROP COLUMN IF EXISTS auto_assign`);
  }
}

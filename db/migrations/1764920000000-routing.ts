import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Routing and field dispatch (issue 5 items 5 and 6): queues (routing_groups) with their strategy
 * and round-robin cursor, agents with skills and working calendar, roster entries (shifts, on-duty,
 * leave, booked visits) and the parts each field engineer carries (a plain table until spare parts
 * get their own issue).
 */
export class Routing1764920000000 implements MigrationInterface {
  name = 'Routing1764920000000';

  async up(q: QueryRunner): Promise<void> {
    const audit = `
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()`;
    await q.query(`
      CREATE TABLE routing_groups (
        id text PRIMARY KEY,
        name text NOT NULL,
        -- {productLine?, region?, issueType?, minLevel}
        required_skills jsonb NOT NULL,
        strategy text NOT NULL CHECK (strategy IN ('round_robin', 'fewest_open', 'weighted')),
        -- the agent the round robin served last; advanced under a row lock
        rr_cursor text,
        ${audit}
      )`);
    await q.query(`
      CREATE TABLE agents (
        id text PRIMARY KEY,
        name text NOT NULL,
        groups text[] NOT NULL DEFAULT '{}',
        -- [{productLine, region, issueType, level}]
        skills jsonb NOT NULL DEFAULT '[]',
        hired_on date,
        -- null: derived from hired_on (domain/routing/agent-profile.ts); true/false: set by a lead
        new_hire boolean,
        mentor_id text REFERENCES agents (id),
        max_concurrent int NOT NULL CHECK (max_concurrent BETWEEN 1 AND 200),
        status text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'away', 'offline')),
        field_engineer boolean NOT NULL DEFAULT false,
        lat numeric(9, 6) CHECK (lat BETWEEN -90 AND 90),
        lng numeric(9, 6) CHECK (lng BETWEEN -180 AND 180),
        -- {weekdays, start, end} in China time
        calendar jsonb NOT NULL,
        -- issue type → minutes; '*' = default
        expected_minutes jsonb NOT NULL DEFAULT '{}',
        ${audit}
      )`);
    await q.query(`CREATE INDEX agents_groups ON agents USING gin (groups)`);
    await q.query(`
      CREATE TABLE agent_parts (
        agent_id text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        part_code text NOT NULL,
        qty int NOT NULL CHECK (qty >= 0),
        PRIMARY KEY (agent_id, part_code)
      )`);
    await q.query(`
      CREATE TABLE roster_entries (
        id bigserial PRIMARY KEY,
        agent_id text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        group_id text REFERENCES routing_groups (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('shift', 'on_duty', 'leave', 'busy')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        note text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX roster_entries_window ON roster_entries (kind, starts_at, ends_at)`);
    await q.query(`CREATE INDEX roster_entries_agent ON roster_entries (agent_id, starts_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE roster_entries`);
    await q.query(`DROP TABLE agent_parts`);
    await q.query(`DROP TABLE agents`);
    await q.query(`DROP TABLE routing_groups`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in and people (issue 8 item 1): console users with roles and a bcrypt password, their
 * cookie sessions (only a hash of the session id is stored), and the failed sign-in count per
 * username. A user who works tickets is the same person as a routing agent / field engineer: the
 * user row points at the `agents` row (agent_id), which keeps the groups and skills.
 */
export class UsersSessions1765090000000 implements MigrationInterface {
  name = 'UsersSessions1765090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
        display_name text NOT NULL,
        phone text,
        email text,
        roles text[] NOT NULL DEFAULT '{}',
        -- the routing agent / field engineer this person is (groups, skills, calendar live there)
        agent_id text UNIQUE REFERENCES agents (id) ON DELETE SET NULL,
        -- staff of a service provider (outlet): they see that provider's tickets only
        provider_id text REFERENCES service_providers (id),
        active boolean NOT NULL DEFAULT true,
        password_hash text NOT NULL,
        must_change_password boolean NOT NULL DEFAULT true,
        password_changed_at timestamptz,
        last_sign_in_at timestamptz,
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_username ON users (lower(username))`);
    await q.query(`
      CREATE TABLE user_sessions (
        -- sha256 of the cookie's random id; the id itself is never stored
        id_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX user_sessions_user ON user_sessions (user_id)`);
    await q.query(`CREATE INDEX user_sessions_expiry ON user_sessions (expires_at)`);
    // Keyed by the lower-cased name as typed, whether or not such a user exists, so a lock-out
    // looks the same for unknown names (no enumeration).
    await q.query(`
      CREATE TABLE sign_in_failures (
        username text PRIMARY KEY,
        failures int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sign_in_failures`);
    await q.query(`DROP TABLE user_sessions`);
    await q.query(`DROP TABLE users`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API tokens bound to a service provider / agent (服务商/代理商): such a token sees and acts only on
 * the tickets assigned to its provider. Null for the platform's own tokens.
 */
export class ProviderTokens1764520000000 implements MigrationInterface {
  name = 'ProviderTokens1764520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_tokens ADD COLUMN provider_id text REFERENCES service_providers (id)`);
    await q.query(`CREATE INDEX api_tokens_provider ON api_tokens (provider_id) WHERE provider_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX api_tokens_provider`);
    await q.query(`ALTER TABLE api_tokens DROP COLUMN provider_id`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Service contracts, warranties and extended warranties with their coverage and quotas, and the
 * quota used (issue 4 item 3). A contract's id is its number as printed on the paper contract.
 *
 * `contract_usages` holds one row per unit of quota used; the unique key makes consuming twice
 * for the same source (a retried intake, a replayed activity) a no-op. `used_on` is the China-time
 * day of the use, which is what quota periods count.
 */
export class Contracts1764600000000 implements MigrationInterface {
  name = 'Contracts1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contracts (
        id text PRIMARY KEY,
        customer_id text NOT NULL REFERENCES customers (id),
        kind text NOT NULL CHECK (kind IN ('service_agreement', 'warranty', 'extended_warranty')),
        name text NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'terminated')),
        -- what goes into a covered ticket's entitlement (premium / vip / 24x7 buy round-the-clock SLA clocks)
        entitlement text NOT NULL,
        sla_policy_id text,
        response_minutes int CHECK (response_minutes > 0),
        -- {assetIds, models, skus, regions}; an empty list means all
        coverage jsonb NOT NULL DEFAULT '{"assetIds": [], "models": [], "skus": [], "regions": []}',
        -- [{kind: visit | ticket, limit, period: contract | year}], one per kind
        quotas jsonb NOT NULL DEFAULT '[]',
        notes text,
        terminated_on date,
        termination_reason text,
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on >= starts_on),
        CHECK ((status = 'terminated') = (terminated_on IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX contracts_customer ON contracts (customer_id)`);
    await q.query(`CREATE INDEX contracts_active_ends ON contracts (ends_on) WHERE status = 'active'`);

    await q.query(`
      CREATE TABLE contract_usages (
        id bigserial PRIMARY KEY,
        contract_id text NOT NULL REFERENCES contracts (id),
        quota_kind text NOT NULL CHECK (quota_kind IN ('visit', 'ticket')),
        source_type text NOT NULL CHECK (source_type IN ('ticket', 'visit')),
        source_id text NOT NULL,
        -- first day of the quota period the use counted in, as it was when used
        period_start date NOT NULL,
        used_on date NOT NULL,
        used_at timestamptz NOT NULL,
        used_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (contract_id, quota_kind, source_type, source_id)
      )`);
    await q.query(`CREATE INDEX contract_usages_day ON contract_usages (contract_id, quota_kind, used_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE contract_usages`);
    await q.query(`DROP TABLE contracts`);
  }
}

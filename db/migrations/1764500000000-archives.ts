import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service archives (MISSION §8, seed 001 §3.1.5–§3.1.9): customers, projects (工程),
 * installation sites (安装点), assets/products and service providers (服务商/代理商).
 *
 * Ids are text so integrators can keep their CRM/ERP numbers (tickets already carry `customerId`
 * as the caller knows it); the API generates one when none is given. Every row carries who made
 * and last changed it and a `version` for optimistic concurrency (If-Match).
 */
export class Archives1764500000000 implements MigrationInterface {
  name = 'Archives1764500000000';

  async up(q: QueryRunner): Promise<void> {
    const audit = `
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()`;

    await q.query(`
      CREATE TABLE customers (
        id text PRIMARY KEY,
        name text NOT NULL,
        type text NOT NULL CHECK (type IN ('person', 'company')),
        tier text NOT NULL DEFAULT 'standard' CHECK (tier IN ('standard', 'vip', 'premium')),
        phone text,
        email text,
        fax text,
        region text,
        province text,
        city text,
        -- [{label, province, city, district, detail, primary}]
        addresses jsonb NOT NULL DEFAULT '[]',
        -- [{name, phone, email, role}]
        contacts jsonb NOT NULL DEFAULT '[]',
        tags text[] NOT NULL DEFAULT '{}',
        ${audit}
      )`);
    await q.query(`CREATE INDEX customers_region ON customers (region, province)`);
    await q.query(`CREATE INDEX customers_phone ON customers (phone)`);

    await q.query(`
      CREATE TABLE service_providers (
        id text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('provider', 'agent')),
        regions text[] NOT NULL DEFAULT '{}',
        skills text[] NOT NULL DEFAULT '{}',
        contact_name text,
        contact_phone text,
        email text,
        active boolean NOT NULL DEFAULT true,
        ${audit}
      )`);

    await q.query(`
      CREATE TABLE projects (
        id text PRIMARY KEY,
        name text NOT NULL,
        customer_id text NOT NULL REFERENCES customers (id),
        region text,
        province text,
        amount numeric(16, 2),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('planned', 'active', 'completed', 'cancelled')),
        started_on date,
        completed_on date,
        ${audit}
      )`);
    await q.query(`CREATE INDEX projects_customer ON projects (customer_id)`);

    await q.query(`
      CREATE TABLE sites (
        id text PRIMARY KEY,
        name text NOT NULL,
        customer_id text NOT NULL REFERENCES customers (id),
        project_id text REFERENCES projects (id),
        region text,
        province text,
        city text,
        district text,
        address text NOT NULL,
        lat numeric(9, 6) CHECK (lat BETWEEN -90 AND 90),
        lng numeric(9, 6) CHECK (lng BETWEEN -180 AND 180),
        contact_name text,
        contact_phone text,
        photos text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('planned', 'active', 'fault', 'inactive')),
        ${audit}
      )`);
    await q.query(`CREATE INDEX sites_customer ON sites (customer_id)`);
    await q.query(`CREATE INDEX sites_project ON sites (project_id)`);
    await q.query(`CREATE INDEX sites_region ON sites (region, province, city)`);

    await q.query(`
      CREATE TABLE assets (
        id text PRIMARY KEY,
        serial_no text NOT NULL UNIQUE,
        model text NOT NULL,
        sku text,
        name text,
        customer_id text REFERENCES customers (id),
        project_id text REFERENCES projects (id),
        site_id text REFERENCES sites (id),
        produced_on date,
        installed_on date,
        warranty_ends_on date,
        status text NOT NULL DEFAULT 'in_service' CHECK (status IN ('in_stock', 'in_service', 'faulty', 'under_repair', 'retired')),
        -- opaque token printed in the asset's QR code; opens the customer H5 for this asset
        qr_token text NOT NULL UNIQUE,
        attributes jsonb NOT NULL DEFAULT '{}',
        ${audit}
      )`);
    await q.query(`CREATE INDEX assets_customer ON assets (customer_id)`);
    await q.query(`CREATE INDEX assets_site ON assets (site_id)`);
    await q.query(`CREATE INDEX assets_project ON assets (project_id)`);
    await q.query(`CREATE INDEX assets_warranty ON assets (warranty_ends_on)`);

    // Tickets may name the asset they are about; the 360 view and entitlement checks use it.
    await q.query(`ALTER TABLE tickets ADD COLUMN asset_id text`);
    await q.query(`ALTER TABLE tickets ADD COLUMN provider_id text`);
    await q.query(`CREATE INDEX tickets_asset ON tickets (asset_id) WHERE asset_id IS NOT NULL`);
    await q.query(`CREATE INDEX tickets_provider ON tickets (provider_id) WHERE provider_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tickets_provider`);
    await q.query(`DROP INDEX tickets_asset`);
    await q.query(`ALTER TABLE tickets DROP COLUMN provider_id`);
    await q.query(`ALTER TABLE tickets DROP COLUMN asset_id`);
    await q.query(`DROP TABLE assets`);
    await q.query(`DROP TABLE sites`);
    await q.query(`DROP TABLE projects`);
    await q.query(`DROP TABLE service_providers`);
    await q.query(`DROP TABLE customers`);
  }
}

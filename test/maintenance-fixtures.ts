import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** Archive rows for the maintenance and IoT tests, written straight to the tables (unique per call). */
export interface Fixture {
  customerId: string;
  siteId: string;
  assetIds: string[];
  serials: string[];
  model: string;
}

export async function archiveFixture(
  ds: DataSource,
  opts: { assets?: number; tier?: 'standard' | 'vip'; deviceIds?: boolean; customer?: boolean } = {},
): Promise<Fixture> {
  const u = randomUUID().slice(0, 8);
  const customerId = `c_mt_${u}`;
  const siteId = `st_mt_${u}`;
  const model = `AC-${u}`;
  await ds.query(
    `INSERT INTO customers (id, name, type, tier, region, province, city, created_by, updated_by)
     VALUES ($1, $2, 'company', $3, '华东', '江苏', '苏州', 'test', 'test')`,
    [customerId, `苏州精工 ${u}`, opts.tier ?? 'standard'],
  );
  await ds.query(
    `INSERT INTO sites (id, name, customer_id, region, province, city, address, created_by, updated_by)
     VALUES ($1, $2, $3, '华东', '江苏', '苏州', '苏州工业园区星湖街 328 号', 'test', 'test')`,
    [siteId, `苏州工厂 ${u}`, customerId],
  );
  const assetIds: string[] = [];
  const serials: string[] = [];
  for (let i = 0; i < (opts.assets ?? 1); i++) {
    const id = `as_mt_${u}_${i}`;
    const serial = `SN-${u}-${i}`;
    await ds.query(
      `INSERT INTO assets (id, serial_no, model, sku, customer_id, site_id, installed_on, warranty_ends_on, qr_token, attributes, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, '2025-06-01', '2028-06-01', $7, $8, 'test', 'test')`,
      [
        id,
        serial,
        model,
        `SKU-${model}`,
        opts.customer === false ? null : customerId,
        siteId,
        `qr_${u}_${i}`,
        JSON.stringify(opts.deviceIds ? { deviceId: `dev-${u}-${i}` } : {}),
      ],
    );
    assetIds.push(id);
    serials.push(serial);
  }
  return { customerId, siteId, assetIds, serials, model };
}

/** The tickets opened for an asset, from the projection. */
export async function ticketsOfAsset(ds: DataSource, assetId: string): Promise<{ ticket_id: string; status: string; priority: string }[]> {
  return ds.query(`SELECT ticket_id, status, priority FROM tickets WHERE asset_id = $1 ORDER BY created_at`, [assetId]);
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { z } from 'zod';
import { createAssetSchema, updateAssetSchema } from './asset.schema';
import { createCustomerSchema } from './customer.schema';
import { createProjectSchema } from './project.schema';
import { createProviderSchema } from './provider.schema';
import { createSiteSchema } from './site.schema';

function fieldsAtFault(schema: z.ZodType, value: unknown): string[] {
  const out = schema.safeParse(value);
  assert.equal(out.success, false, 'expected a refusal');
  return out.error!.issues.map((i) => i.path.join('.'));
}

describe('archive schemas', () => {
  it('applies defaults and normalises a customer', () => {
    const c = createCustomerSchema.parse({
      name: '杭州恒温冷链有限公司',
      type: 'company',
      phone: '0571 8765 4321',
      contacts: [{ name: '李工', phone: '139-1234-5678', role: '设备科' }],
      tags: ['冷链', '冷链', '重点'],
    });
    assert.equal(c.tier, 'standard');
    assert.equal(c.phone, '0571-87654321');
    assert.equal(c.contacts[0]!.phone, '13912345678');
    assert.deepEqual(c.tags, ['冷链', '重点']);
    assert.deepEqual(c.addresses, []);
  });

  it('names the field at fault, nested ones by path', () => {
    assert.deepEqual(fieldsAtFault(createCustomerSchema, { name: 'x', type: 'company', contacts: [{ name: '李工', phone: '12345' }] }), [
      'contacts.0.phone',
    ]);
    assert.deepEqual(fieldsAtFault(createCustomerSchema, { name: 'x', type: 'shop' }), ['type']);
    assert.deepEqual(fieldsAtFault(createCustomerSchema, { name: 'x', type: 'company', vip: true }), ['']);
    assert.deepEqual(
      fieldsAtFault(createCustomerSchema, {
        name: 'x',
        type: 'company',
        addresses: [
          { detail: '总部', primary: true },
          { detail: '仓库', primary: true },
        ],
      }),
      ['addresses.1.primary'],
    );
  });

  it('checks asset dates against each other', () => {
    const base = { serialNo: 'SN-2026-0001', model: 'KX-5' };
    assert.deepEqual(fieldsAtFault(createAssetSchema, { ...base, producedOn: '2026-03-01', installedOn: '2026-02-28' }), ['installedOn']);
    assert.deepEqual(fieldsAtFault(createAssetSchema, { ...base, producedOn: '2026-03-01', warrantyEndsOn: '2025-03-01' }), [
      'warrantyEndsOn',
    ]);
    const ok = createAssetSchema.parse({ ...base, producedOn: '2026-03-01', installedOn: '2026-03-01', warrantyEndsOn: '2029-03-01' });
    assert.equal(ok.status, 'in_service');
    assert.deepEqual(fieldsAtFault(createAssetSchema, { ...base, serialNo: 'SN 0001' }), ['serialNo']);
    assert.deepEqual(fieldsAtFault(updateAssetSchema, { producedOn: '2026-03-01', installedOn: '2026-01-01' }), ['installedOn']);
  });

  it('keeps coordinates in range and in pairs', () => {
    const base = { name: '滨江站', customerId: 'CU-1', address: '杭州市滨江区江南大道 1 号' };
    assert.deepEqual(fieldsAtFault(createSiteSchema, { ...base, lat: 91, lng: 120 }), ['lat']);
    assert.deepEqual(fieldsAtFault(createSiteSchema, { ...base, lat: 30, lng: -181 }), ['lng']);
    assert.deepEqual(fieldsAtFault(createSiteSchema, { ...base, lat: 30.2 }), ['lng']);
    assert.equal(createSiteSchema.parse({ ...base, lat: 30.19, lng: 120.2 }).status, 'active');
  });

  it('checks project amount and dates, provider kind', () => {
    const base = { name: '冷库改造', customerId: 'CU-1' };
    assert.deepEqual(fieldsAtFault(createProjectSchema, { ...base, amount: 12.345 }), ['amount']);
    assert.deepEqual(fieldsAtFault(createProjectSchema, { ...base, amount: -1 }), ['amount']);
    assert.deepEqual(fieldsAtFault(createProjectSchema, { ...base, startedOn: '2026-05-01', completedOn: '2026-04-30' }), ['completedOn']);
    assert.equal(createProjectSchema.parse({ ...base, amount: 1280000.5 }).amount, 1280000.5);
    assert.deepEqual(fieldsAtFault(createProviderSchema, { name: '粤安', kind: 'vendor' }), ['kind']);
    assert.equal(createProviderSchema.parse({ name: '粤安', kind: 'agent' }).active, true);
  });
});

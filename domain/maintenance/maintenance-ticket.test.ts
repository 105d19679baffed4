import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTicketSchema } from '../ticket/ticket.schema';
import {
  DEFAULT_DESCRIPTION_TEMPLATE,
  maintenanceTicket,
  renderTemplate,
  unknownPlaceholders,
  type MaintenanceFiring,
} from './maintenance-ticket';

const firing: MaintenanceFiring = {
  plan: {
    id: 'mp_0123456789abcdef0123',
    name: '空压机季度保养',
    triggerType: 'cycle',
    timeZone: 'Asia/Shanghai',
    ticket: {
      category1: '预防性维护',
      category2: '定期保养',
      category3: '周期保养',
      priority: 'P3',
      descriptionTemplate: DEFAULT_DESCRIPTION_TEMPLATE,
    },
  },
  asset: { id: 'as_1', serialNo: 'SN-0001', model: 'AC-300', sku: 'SKU-AC-300', name: null },
  site: { id: 'st_1', name: '苏州工厂', address: '苏州工业园区星湖街 328 号', region: '华东' },
  customer: { id: 'c_1', name: '苏州精工', region: '华南', tier: 'vip' },
  scheduledAt: new Date('2026-04-15T01:30:00Z'),
};

describe('maintenance ticket', () => {
  it('renders placeholders by path; unknown ones become empty', () => {
    assert.equal(renderTemplate('{{a.b}}-{{ c }}-{{missing.x}}', { a: { b: 1 }, c: 'x' }), '1-x-');
  });

  it('names the placeholders a template may not use', () => {
    assert.deepEqual(unknownPlaceholders('{{asset.serialNo}} {{asset.owner}} {{plan.name}} {{foo}}'), ['asset.owner', 'foo']);
    assert.deepEqual(unknownPlaceholders(DEFAULT_DESCRIPTION_TEMPLATE), []);
  });

  it('builds a valid intake ticket from the plan, the asset, its site and customer', () => {
    const t = maintenanceTicket(firing);
    assert.equal(createTicketSchema.safeParse(t).success, true);
    assert.equal(t.channel, 'api');
    assert.equal(t.customerId, 'c_1');
    assert.deepEqual([t.category1, t.category2, t.category3, t.priority], ['预防性维护', '定期保养', '周期保养', 'P3']);
    assert.equal(t.region, '华东', "the site's region before the customer's");
    assert.equal(t.sku, 'SKU-AC-300');
    assert.equal(t.customerTier, 'vip');
    assert.deepEqual(t.tags, ['preventive-maintenance', 'plan:mp_0123456789abcdef0123']);
    assert.equal(t.assetId, 'as_1');
    // the firing time in the customer's zone, not UTC
    assert.equal(
      t.description,
      '预防性维护（空压机季度保养）：AC-300 序列号 SN-0001，安装点 苏州工厂（苏州工业园区星湖街 328 号），计划时间 2026-04-15 09:30 (Asia/Shanghai)。',
    );
  });

  it('without a site or categories, and with a condition reason', () => {
    const t = maintenanceTicket({
      ...firing,
      site: null,
      plan: { ...firing.plan, ticket: { priority: 'P2', descriptionTemplate: '{{asset.serialNo}}: {{trigger.reason}}' } },
      reason: '触发读数：runHours=2100',
    });
    assert.equal(t.description, 'SN-0001: 触发读数：runHours=2100');
    assert.equal(t.category1, undefined);
    assert.equal(t.region, '华南');
    assert.equal(t.priority, 'P2');
  });
});

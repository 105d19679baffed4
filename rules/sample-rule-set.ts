import { parseRule, type Rule } from './rule.schema';
import { SEED_VIP_P1_RULE } from './seed-rules';

/**
 * A realistic rule set of 20 rules with nested conditions, as an after-sales operation would write
 * them: routing by region, category and SKU, VIP and renewal handling, after-hours cover, repeat
 * contacts, aged tickets, SLA events. Used by the rule benchmark and the sandbox-equivalence test;
 * the customer ids of `scope` keep it from matching anyone else's tickets when it is published in
 * a shared test database.
 */
export function sampleRuleSet(scope?: string): Rule[] {
  const mine = scope ? [{ '==': [{ var: 'ticket.customerId' }, scope] }] : [];
  const t = (field: string) => ({ var: `ticket.${field}` });
  const raw: unknown[] = [
    SEED_VIP_P1_RULE,
    {
      key: 'east_quality',
      name: '华东质量问题进华东质量组',
      kind: 'routing',
      priority: 10,
      condition: { and: [...mine, { in_region: [t('region'), ['华东']] }, { '==': [t('category1'), '质量问题'] }] },
      actions: [{ action: 'assign', group: 'east_quality' }],
    },
    {
      key: 'south_quality',
      name: '华南质量问题',
      kind: 'routing',
      priority: 11,
      condition: { and: [...mine, { in_region: [t('region'), ['华南']] }, { '==': [t('category1'), '质量问题'] }] },
      actions: [{ action: 'assign', group: 'south_quality' }],
    },
    {
      key: 'boot_failure_l2',
      name: '开机失败直达二线',
      kind: 'routing',
      priority: 20,
      condition: {
        and: [
          ...mine,
          { '==': [t('category3'), '开机失败'] },
          { or: [{ contains: [t('description'), '蜂鸣'] }, { contains: [t('description'), '黑屏'] }] },
        ],
      },
      actions: [
        { action: 'assign', group: 'l2_hardware' },
        { action: 'add_tags', tags: ['hardware'] },
      ],
    },
    {
      key: 'premium_sku',
      name: '旗舰机型优先',
      kind: 'routing',
      priority: 30,
      condition: { and: [...mine, { in: [t('sku'), ['ABC-123', 'ABC-900', 'XYZ-1']] }, { '!': { '==': [t('priority'), 'P1'] } }] },
      actions: [{ action: 'set_priority', priority: 'P2' }],
    },
    {
      key: 'refund_approval',
      name: '退款需审批',
      kind: 'approval',
      priority: 40,
      condition: { and: [...mine, { '==': [t('category2'), '退款'] }, { '>': [{ var: 'ticket.finance.amount' }, 500] }] },
      actions: [{ action: 'request_approval', level: 'team_lead', reason: '退款超过 500 元' }],
    },
    {
      key: 'large_refund',
      name: '大额退款经理审批',
      kind: 'approval',
      priority: 41,
      condition: { and: [...mine, { '==': [t('category2'), '退款'] }, { '>=': [{ var: 'ticket.finance.amount' }, 5000] }] },
      actions: [{ action: 'request_approval', level: 'manager', reason: '退款超过 5000 元' }],
      stopProcessing: true,
    },
    {
      key: 'vip_sla',
      name: 'VIP 全天候',
      kind: 'sla',
      priority: 50,
      condition: { and: [...mine, { in: [{ lower: t('customerTier') }, ['vip', 'premium']] }, { in: [t('priority'), ['P1', 'P2']] }] },
      actions: [{ action: 'set_sla_policy', sla: 'p1-standard' }],
    },
    {
      key: 'after_hours_p2',
      name: '非工作时间 P2 通知值班',
      kind: 'automation',
      on: ['ticket.created'],
      priority: 60,
      condition: { and: [...mine, { '==': [t('priority'), 'P2'] }, { '!': { business_hours: [{ var: 'now' }, 'cn-business'] } }] },
      actions: [{ action: 'notify', channel: 'wecom', target: 'on_duty', template: 'ticket_created' }],
    },
    {
      key: 'repeat_reopen',
      name: '多次重开升级',
      kind: 'automation',
      on: ['status.changed'],
      priority: 70,
      condition: { and: [...mine, { '>=': [t('reopenCount'), 2] }, { '==': [t('status'), 'reopened'] }] },
      actions: [{ action: 'escalate', level: 'L2' }],
    },
    {
      key: 'aged_ticket',
      name: '超过 5 天未解决',
      kind: 'automation',
      on: ['timer', 'ticket.updated'],
      priority: 80,
      condition: {
        and: [
          ...mine,
          { '>': [{ days_between: [t('createdAt'), { var: 'now' }] }, 5] },
          { '!': { in: [t('status'), ['resolved', 'closed']] } },
        ],
      },
      actions: [{ action: 'add_tags', tags: ['aged'] }],
    },
    {
      key: 'breach_p1',
      name: 'P1 超时通知经理',
      kind: 'automation',
      on: ['sla.breached'],
      priority: 90,
      condition: { and: [...mine, { '==': [t('priority'), 'P1'] }] },
      actions: [{ action: 'notify', channel: 'dingtalk', target: 'manager', template: 'sla_breached' }],
    },
    {
      key: 'warning_vip',
      name: 'VIP 预警',
      kind: 'automation',
      on: ['sla.warning'],
      priority: 91,
      condition: { and: [...mine, { '==': [{ lower: t('customerTier') }, 'vip'] }] },
      actions: [{ action: 'escalate', group: 'team_lead' }],
    },
    {
      key: 'iot_visit',
      name: 'IoT 告警派上门',
      kind: 'automation',
      on: ['ticket.created'],
      priority: 100,
      condition: { and: [...mine, { '==': [t('channel'), 'iot'] }, { '!!': [t('details.assetId')] }] },
      actions: [{ action: 'create_visit', reason: '设备告警' }],
    },
    {
      key: 'doa_rma',
      name: '开箱即损换货',
      kind: 'automation',
      on: ['ticket.created'],
      priority: 110,
      condition: {
        and: [
          ...mine,
          { contains: [t('description'), '开箱'] },
          { '<=': [{ days_between: [{ var: 'ticket.details.purchasedAt' }, { var: 'now' }] }, 7] },
        ],
      },
      actions: [{ action: 'create_rma', reason: '7 天内开箱即损' }],
    },
    {
      key: 'ecommerce_webhook',
      name: '电商渠道回传',
      kind: 'automation',
      on: ['status.changed'],
      priority: 120,
      condition: { and: [...mine, { '==': [t('channel'), 'ecommerce'] }, { in: [t('status'), ['resolved', 'closed']] }] },
      actions: [{ action: 'call_webhook', url: 'https://oms.example.com/hooks/fixflow', event: 'ticket.resolved' }],
    },
    {
      key: 'warranty_tag',
      name: '保外标记',
      kind: 'automation',
      priority: 130,
      condition: { and: [...mine, { in: [t('entitlement'), ['out_of_warranty', 'expired']] }] },
      actions: [{ action: 'add_tags', tags: ['out_of_warranty'] }],
    },
    {
      key: 'remove_vip_tag',
      name: '非 VIP 去标签',
      kind: 'automation',
      on: ['ticket.updated'],
      priority: 140,
      condition: { and: [...mine, { in: ['vip', { var: 'ticket.tags' }] }, { '!': { '==': [{ lower: t('customerTier') }, 'vip'] } }] },
      actions: [{ action: 'remove_tags', tags: ['vip'] }],
    },
    {
      key: 'northwest_field',
      name: '西北偏远地区延长',
      kind: 'sla',
      priority: 150,
      condition: {
        and: [
          ...mine,
          { or: [{ in_region: [t('region'), '西北'] }, { in_region: [t('region'), '西南'] }] },
          { '>=': [t('priority'), 'P3'] },
        ],
      },
      actions: [{ action: 'set_sla_policy', sla: 'p4-standard' }],
    },
    {
      key: 'complaint_escalate',
      name: '投诉关键词升级',
      kind: 'automation',
      on: ['ticket.created', 'ticket.updated'],
      priority: 160,
      condition: {
        and: [
          ...mine,
          {
            or: [
              { contains: [t('description'), '投诉'] },
              { contains: [t('description'), '12315'] },
              { contains: [t('description'), '媒体'] },
            ],
          },
          { '!': { '==': [t('escalationLevel'), 'L3'] } },
        ],
      },
      actions: [
        { action: 'escalate', level: 'L3' },
        { action: 'set_priority', priority: 'P1' },
      ],
    },
  ];
  return raw.map((r) => {
    const rule = parseRule(r);
    // the seed rule is scoped like the others when a scope is given
    return scope && rule.key === 'vip_p1_auto_escalate' ? { ...rule, condition: { and: [...mine, rule.condition] } } : rule;
  });
}

/** Ticket facts that exercise the sample set: some match several rules, some none. */
export function sampleFacts(customerId = 'c_sample'): { ticket: Record<string, unknown>; now: string; event?: string }[] {
  const base = {
    ticketId: 'TK-20261125-SAMPLE01',
    customerId,
    channel: 'chat',
    category1: '质量问题',
    category2: '功能异常',
    category3: '开机失败',
    priority: 'P2',
    description: '开机后黑屏伴随蜂鸣，已重启无效',
    region: '华东',
    sku: 'ABC-123',
    entitlement: 'in_warranty',
    status: 'pending_assignment',
    tags: [],
    reopenCount: 0,
    createdAt: '2026-11-18T01:00:00Z',
  };
  return [
    { ticket: base, now: '2026-11-25T02:00:00Z', event: 'ticket.created' },
    { ticket: { ...base, priority: 'P1', customerTier: 'VIP' }, now: '2026-11-25T13:00:00Z', event: 'sla.breached' },
    { ticket: { ...base, region: '上海', category2: '退款', finance: { amount: 6000 } }, now: '2026-11-28T02:00:00Z' },
    {
      ticket: { ...base, region: '四川', priority: 'P4', description: '我要投诉到12315', escalationLevel: null },
      now: '2026-11-25T12:00:00Z',
    },
    {
      ticket: { ...base, channel: 'iot', details: { assetId: 'as_1', purchasedAt: '2026-11-22T00:00:00Z' }, description: '开箱即损' },
      now: '2026-11-25T02:00:00Z',
      event: 'ticket.created',
    },
    {
      ticket: { ...base, customerTier: 'gold', tags: ['vip'], status: 'reopened', reopenCount: 3 },
      now: '2026-11-25T02:00:00Z',
      event: 'status.changed',
    },
  ];
}

import { RMA_FIELDS, TICKET_FIELDS, VISIT_FIELDS } from '../flow/flow-vocabulary';
import type { FieldType } from './condition-tree';

/**
 * The variables conditions read, typed for the condition builder: what rules see (`ticket.<field>`,
 * `previous.<field>`, `event`, `now`, see rules/rule-evaluator.ts) and what flow conditions see
 * (`ticket.` / `rma.` / `visit.<field>`, flow-vocabulary.ts). An enum names the dictionary its
 * values come from (api/dictionaries) or lists them when they are codes of the code base. Pure.
 */
export interface ConditionVariable {
  name: string;
  type: FieldType;
  zh: string;
  en: string;
  /** the dictionary (GET /api/v1/dictionaries/:type) whose entries are the values; category levels 1-3 */
  dictionary?: { type: 'priority' | 'status' | 'substatus' | 'channel' | 'category'; level?: 1 | 2 | 3 };
  /** fixed values of code enums */
  values?: readonly string[];
}

type Spec = Omit<ConditionVariable, 'name'>;

const s = (zh: string, en: string, type: FieldType = 'string'): Spec => ({ zh, en, type });

// Values duplicated from modules the browser should not pull in (zod schemas): rule.schema's
// RULE_EVENTS and ESCALATION_LEVELS, routing-model's tiers, entitlement's coverage reasons.
const RULE_EVENTS = ['ticket.created', 'ticket.updated', 'status.changed', 'sla.warning', 'sla.breached', 'timer'];
const TIERS = ['standard', 'vip', 'premium'];
const ENTITLEMENTS = ['in_warranty', 'out_of_warranty', 'contract', 'no_coverage', 'expired'];

/** Ticket fields by name (without the `ticket.` prefix); nested fields rules commonly read too. */
const TICKET: Record<string, Spec> = {
  ticketId: s('工单号', 'Ticket id'),
  status: { ...s('状态', 'Status', 'enum'), dictionary: { type: 'status' } },
  substatus: { ...s('子状态', 'Sub-status', 'enum'), dictionary: { type: 'substatus' } },
  priority: { ...s('优先级', 'Priority', 'enum'), dictionary: { type: 'priority' } },
  channel: { ...s('渠道', 'Channel', 'enum'), dictionary: { type: 'channel' } },
  customerId: s('客户编号', 'Customer id'),
  customerTier: { ...s('客户等级', 'Customer tier', 'enum'), values: TIERS },
  orderId: s('订单号', 'Order id'),
  sku: s('SKU', 'SKU'),
  category1: { ...s('一级分类', 'Category 1', 'enum'), dictionary: { type: 'category', level: 1 } },
  category2: { ...s('二级分类', 'Category 2', 'enum'), dictionary: { type: 'category', level: 2 } },
  category3: { ...s('三级分类', 'Category 3', 'enum'), dictionary: { type: 'category', level: 3 } },
  region: s('地区', 'Region', 'region'),
  entitlement: { ...s('保修权益', 'Entitlement', 'enum'), values: ENTITLEMENTS },
  assigneeId: s('处理人', 'Assignee'),
  groupId: s('处理组', 'Group'),
  escalationLevel: { ...s('升级级别', 'Escalation level', 'enum'), values: ['L2', 'L3', 'vendor'] },
  tags: s('标签', 'Tags', 'tags'),
  description: s('问题描述', 'Description'),
  reopenCount: s('重开次数', 'Times reopened', 'number'),
  createdAt: s('创建时间', 'Created at', 'date'),
  resolvedAt: s('解决时间', 'Resolved at', 'date'),
  'finance.amount': s('金额', 'Amount', 'number'),
  'finance.refundAmount': s('退款金额', 'Refund amount', 'number'),
  'details.assetId': s('设备编号', 'Asset id'),
  'details.purchasedAt': s('购买时间', 'Purchased at', 'date'),
};

/** Object-valued ticket fields: conditions read their parts (finance.amount), not the whole. */
const TICKET_OBJECTS = new Set(['details', 'logistics', 'finance', 'contacts', 'notes', 'attachments']);

const RMA: Record<string, Spec> = {
  claimAmount: s('索赔金额', 'Claim amount', 'number'),
  requestedResolution: { ...s('客户诉求', 'Requested resolution', 'enum'), values: ['replace', 'repair', 'refund', 'price_change'] },
  resolution: { ...s('处理方式', 'Resolution', 'enum'), values: ['replace', 'repair', 'refund', 'price_change'] },
  region: s('地区', 'Region', 'region'),
  customerTier: { ...s('客户等级', 'Customer tier', 'enum'), values: TIERS },
  createdAt: s('创建时间', 'Created at', 'date'),
};

const VISIT: Record<string, Spec> = {
  region: s('地区', 'Region', 'region'),
  priority: { ...s('优先级', 'Priority', 'enum'), dictionary: { type: 'priority' } },
  partsStatus: { ...s('备件状态', 'Parts status', 'enum'), values: ['requested', 'reserved', 'released'] },
  checkInDistanceM: s('签到距离(米)', 'Check-in distance (m)', 'number'),
  checkInFlagged: s('签到异常', 'Check-in flagged', 'boolean'),
  rescheduleCount: s('改约次数', 'Times rescheduled', 'number'),
  rating: s('评分', 'Rating', 'number'),
  windowStart: s('预约开始', 'Window start', 'date'),
  windowEnd: s('预约结束', 'Window end', 'date'),
  createdAt: s('创建时间', 'Created at', 'date'),
  customerTier: { ...s('客户等级', 'Customer tier', 'enum'), values: TIERS },
};

function scoped(prefix: string, names: readonly string[], specs: Record<string, Spec>, skip = new Set<string>()): ConditionVariable[] {
  const listed = names.filter((n) => !skip.has(n) && !specs[n]).map((n) => ({ name: `${prefix}.${n}`, ...s(n, n) }));
  return [...Object.entries(specs).map(([n, spec]) => ({ name: `${prefix}.${n}`, ...spec })), ...listed];
}

/** What rule conditions read (the facts of rules/rule-evaluator.ts). */
export function ruleVariables(): ConditionVariable[] {
  const ticket = scoped('ticket', TICKET_FIELDS, TICKET, TICKET_OBJECTS);
  const previous = ['status', 'priority', 'assigneeId', 'groupId'].map((n) => ({
    ...TICKET[n]!,
    name: `previous.${n}`,
    zh: `变更前${TICKET[n]!.zh}`,
    en: `Previous ${TICKET[n]!.en.toLowerCase()}`,
  }));
  return [
    ...ticket,
    ...previous,
    { name: 'event', type: 'enum', zh: '事件', en: 'Event', values: RULE_EVENTS },
    { name: 'now', type: 'date', zh: '当前时间', en: 'Now' },
  ];
}

/** What conditions of a flow of this kind read (their record's fields; `vars.*` results are typed by hand). */
export function flowVariables(kind: 'ticket' | 'rma' | 'visit'): ConditionVariable[] {
  if (kind === 'rma') return scoped('rma', RMA_FIELDS, RMA);
  if (kind === 'visit') return scoped('visit', VISIT_FIELDS, VISIT);
  return scoped('ticket', TICKET_FIELDS, TICKET, TICKET_OBJECTS);
}

import { productLineSql } from '../dashboards/dashboard-filters';
import { slaResolvedWithDeadline, slaResolvedWithin } from '../dashboards/sla-attainment-sql';

/**
 * The report centre's whitelist (报表中心, seed 000 §3): every dimension, measure and filter a report
 * may use, with the SQL it stands for on each fact table it can be read from. Clients name keys;
 * only the expressions written here ever reach PostgreSQL, and every value travels as a parameter.
 * The period, region, product line, channel and group filters are the dashboard's
 * (api/dashboards/dashboard-filters.ts), so a report and the dashboard count the same work.
 */

export type Fact = 'ticket' | 'visit' | 'rma';
export interface Label {
  zh: string;
  en: string;
}

/** A LEFT JOIN a fact may need; added only when a chosen field reads it. */
type JoinKey = 'ticket' | 'site' | 'asset' | 'agent' | 'group' | 'rating';

export interface FactSpec {
  from: string;
  /** the instant a row belongs to (the date filters and time dimensions) */
  at: string;
  joins: Partial<Record<JoinKey, string>>;
}

/**
 * Tickets with their rating; visits and RMAs with the ticket they serve (region, fault category) and
 * their own rating. service_ratings is unique per (work_kind, work_id), so no join multiplies rows.
 */
export const FACTS: Record<Fact, FactSpec> = {
  ticket: {
    from: 'tickets t',
    at: 't.created_at',
    joins: {
      rating: `LEFT JOIN service_ratings r ON r.work_kind = 'ticket' AND r.work_id = t.ticket_id`,
      asset: 'LEFT JOIN assets ast ON ast.id = t.asset_id',
      agent: 'LEFT JOIN agents ag ON ag.id = t.assignee_id',
      group: 'LEFT JOIN routing_groups rg ON rg.id = t.group_id',
    },
  },
  visit: {
    from: 'visits v',
    at: 'v.created_at',
    joins: {
      ticket: 'LEFT JOIN tickets t ON t.ticket_id = v.ticket_id',
      site: 'LEFT JOIN sites s ON s.id = v.site_id',
      rating: `LEFT JOIN service_ratings r ON r.work_kind = 'visit' AND r.work_id = v.visit_id`,
      asset: 'LEFT JOIN assets ast ON ast.id = v.asset_id',
      agent: 'LEFT JOIN agents ag ON ag.id = v.engineer_id',
      group: 'LEFT JOIN routing_groups rg ON rg.id = t.group_id',
    },
  },
  rma: {
    from: 'rmas m',
    at: 'm.created_at',
    joins: {
      ticket: 'LEFT JOIN tickets t ON t.ticket_id = m.ticket_id',
      asset: 'LEFT JOIN assets ast ON ast.id = m.asset_id',
      group: 'LEFT JOIN routing_groups rg ON rg.id = t.group_id',
    },
  },
};
/** Joins are written in this order, so a join may use the one before it (the visit's ticket). */
export const JOIN_ORDER: readonly JoinKey[] = ['ticket', 'site', 'asset', 'agent', 'group', 'rating'];

export interface FieldSql {
  sql: string;
  joins?: JoinKey[];
}

export interface DimensionSpec {
  key: string;
  label: Label;
  /** the expression per fact it can be read from; a fact not listed cannot be grouped by it */
  on: Partial<Record<Fact, FieldSql>>;
  /** a display name shown next to the id (a person's or group's name), read with max() */
  name?: { label: Label; on: Partial<Record<Fact, FieldSql>> };
}

/** `TZ` stands for the report's time zone parameter (the dashboard filters' tz, Asia/Shanghai by default). */
export const TZ = '{tz}';
const bj = (col: string, fmt: string) => `to_char(${col} AT TIME ZONE ${TZ}, '${fmt}')`;
const allFacts = (fmt: string): Partial<Record<Fact, FieldSql>> => ({
  ticket: { sql: bj(FACTS.ticket.at, fmt) },
  visit: { sql: bj(FACTS.visit.at, fmt) },
  rma: { sql: bj(FACTS.rma.at, fmt) },
});
const viaTicket = (sql: string): Partial<Record<Fact, FieldSql>> => ({
  ticket: { sql },
  visit: { sql, joins: ['ticket'] },
  rma: { sql, joins: ['ticket'] },
});

export const DIMENSIONS: readonly DimensionSpec[] = [
  { key: 'month', label: { zh: '月份', en: 'Month' }, on: allFacts('YYYY-MM') },
  { key: 'day', label: { zh: '日期', en: 'Day' }, on: allFacts('YYYY-MM-DD') },
  {
    // the ticket's assignee and the visit's engineer: one person's work across both
    key: 'person',
    label: { zh: '处理人', en: 'Person' },
    on: { ticket: { sql: 't.assignee_id' }, visit: { sql: 'v.engineer_id' } },
    name: {
      label: { zh: '处理人姓名', en: 'Person name' },
      on: { ticket: { sql: 'ag.name', joins: ['agent'] }, visit: { sql: 'ag.name', joins: ['agent'] } },
    },
  },
  {
    // the group, region, channel and priority of a visit or RMA are its ticket's, as on the dashboard
    key: 'group',
    label: { zh: '服务组', en: 'Group' },
    on: viaTicket('t.group_id'),
    name: {
      label: { zh: '服务组名称', en: 'Group name' },
      on: {
        ticket: { sql: 'rg.name', joins: ['group'] },
        visit: { sql: 'rg.name', joins: ['ticket', 'group'] },
        rma: { sql: 'rg.name', joins: ['ticket', 'group'] },
      },
    },
  },
  { key: 'region', label: { zh: '区域', en: 'Region' }, on: viaTicket('t.region') },
  {
    key: 'productLine',
    label: { zh: '产品线', en: 'Product line' },
    on: viaTicket(productLineSql('t.sku')),
  },
  {
    // an RMA names its own product; a visit's is its ticket's
    key: 'sku',
    label: { zh: '产品 SKU', en: 'SKU' },
    on: { ticket: { sql: 't.sku' }, visit: { sql: 't.sku', joins: ['ticket'] }, rma: { sql: 'm.sku' } },
  },
  {
    key: 'model',
    label: { zh: '型号', en: 'Model' },
    on: {
      ticket: { sql: 'ast.model', joins: ['asset'] },
      visit: { sql: 'ast.model', joins: ['asset'] },
      rma: { sql: 'ast.model', joins: ['asset'] },
    },
  },
  { key: 'category1', label: { zh: '故障大类', en: 'Fault category' }, on: viaTicket('t.category1') },
  { key: 'category2', label: { zh: '故障小类', en: 'Fault subcategory' }, on: viaTicket('t.category2') },
  { key: 'channel', label: { zh: '渠道', en: 'Channel' }, on: viaTicket('t.channel') },
  { key: 'priority', label: { zh: '优先级', en: 'Priority' }, on: viaTicket('t.priority') },
  { key: 'ticketStatus', label: { zh: '工单状态', en: 'Ticket status' }, on: { ticket: { sql: 't.status' } } },
  { key: 'visitStatus', label: { zh: '上门状态', en: 'Visit status' }, on: { visit: { sql: 'v.status' } } },
  { key: 'rmaReason', label: { zh: '寄修原因（申请方式）', en: 'RMA reason (requested)' }, on: { rma: { sql: 'm.resolution_requested' } } },
  { key: 'rmaStatus', label: { zh: '寄修状态', en: 'RMA status' }, on: { rma: { sql: 'm.status' } } },
];

export interface MeasureSpec {
  key: string;
  label: Label;
  fact: Fact;
  sql: string;
  joins?: JoinKey[];
  /** what the figure is where the fact has no row for a group: 0 for a count, null for an average */
  empty: 0 | null;
  unit?: Label;
  /** one line saying how it is counted, shown in the catalogue */
  note: Label;
}

const resolved = 't.resolved_at IS NOT NULL';
const reopened = `EXISTS (SELECT 1 FROM ticket_events te WHERE te.ticket_id = t.ticket_id AND te.to_status = 'reopened')`;
const pct = (num: string, den: string) => `round(100.0 * (${num}) / NULLIF(${den}, 0), 1)`;
const cnt = (where: string) => `count(*) FILTER (WHERE ${where})`;
const VISIT_DONE = `v.status IN ('pending_followup', 'closed')`;

export const MEASURES: readonly MeasureSpec[] = [
  {
    key: 'ticketsCreated',
    label: { zh: '工单数', en: 'Tickets' },
    fact: 'ticket',
    sql: 'count(*)',
    empty: 0,
    note: { zh: '期间创建的工单', en: 'tickets created in the period' },
  },
  {
    key: 'ticketsHandled',
    label: { zh: '处理工单数', en: 'Tickets handled' },
    fact: 'ticket',
    sql: cnt('t.assignee_id IS NOT NULL'),
    empty: 0,
    note: { zh: '有处理人的工单', en: 'tickets with an assignee' },
  },
  {
    key: 'ticketsResolved',
    label: { zh: '已解决工单数', en: 'Tickets resolved' },
    fact: 'ticket',
    sql: cnt(resolved),
    empty: 0,
    note: { zh: '已解决或已关闭', en: 'resolved or closed' },
  },
  {
    key: 'avgHandleHours',
    label: { zh: '平均处理时长', en: 'Avg handling time' },
    fact: 'ticket',
    sql: `round((avg(extract(epoch FROM t.resolved_at - t.created_at)) FILTER (WHERE ${resolved}) / 3600)::numeric, 2)`,
    empty: null,
    unit: { zh: '小时', en: 'h' },
    note: { zh: '已解决工单从创建到解决的平均自然时长', en: 'created → resolved, wall-clock, resolved tickets' },
  },
  {
    key: 'slaBreached',
    label: { zh: 'SLA 超时工单数', en: 'SLA breached' },
    fact: 'ticket',
    sql: cnt('t.sla_breached'),
    empty: 0,
    note: { zh: '任一时限（首响或解决）超时', en: 'first response or resolution breached' },
  },
  {
    key: 'slaAttainment',
    label: { zh: 'SLA 达成率', en: 'SLA attainment' },
    fact: 'ticket',
    // the dashboard's definition (api/dashboards/sla-attainment-sql.ts), so both pages show one figure
    sql: pct(cnt(slaResolvedWithin('t')), cnt(slaResolvedWithDeadline('t'))),
    empty: null,
    unit: { zh: '%', en: '%' },
    note: {
      zh: '有解决时限的已解决工单中，在时限（已扣除暂停与非工作时间）内解决的占比',
      en: 'of resolved tickets with a resolution deadline, the share resolved by it (pauses and off-hours already excluded)',
    },
  },
  {
    key: 'reopened',
    label: { zh: '重开工单数', en: 'Reopened tickets' },
    fact: 'ticket',
    sql: cnt(reopened),
    empty: 0,
    note: { zh: '曾被重开的工单', en: 'tickets reopened at least once' },
  },
  {
    key: 'reopenRate',
    label: { zh: '重开率', en: 'Reopen rate' },
    fact: 'ticket',
    sql: pct(cnt(reopened), cnt(resolved)),
    empty: null,
    unit: { zh: '%', en: '%' },
    note: { zh: '重开工单 ÷ 已解决工单', en: 'reopened ÷ resolved tickets' },
  },
  {
    key: 'csatAvg',
    label: { zh: 'CSAT 均分', en: 'CSAT average' },
    fact: 'ticket',
    sql: 'round(avg(r.csat), 2)',
    joins: ['rating'],
    empty: null,
    note: { zh: '工单评价 1–5 分的平均', en: 'mean ticket rating, 1–5' },
  },
  {
    key: 'csatSatisfied',
    label: { zh: '满意率', en: 'Satisfied' },
    fact: 'ticket',
    sql: pct('count(*) FILTER (WHERE r.csat >= 4)', 'count(r.csat)'),
    joins: ['rating'],
    empty: null,
    unit: { zh: '%', en: '%' },
    note: { zh: 'CSAT 4–5 分 ÷ 有 CSAT 的评价', en: 'CSAT 4–5 ÷ ratings with a CSAT' },
  },
  {
    key: 'nps',
    label: { zh: 'NPS', en: 'NPS' },
    fact: 'ticket',
    sql: `round(100.0 * (count(*) FILTER (WHERE r.nps >= 9) - count(*) FILTER (WHERE r.nps <= 6)) / NULLIF(count(r.nps), 0), 1)`,
    joins: ['rating'],
    empty: null,
    note: { zh: '推荐者% − 贬损者%（9–10 / 0–6）', en: 'promoters % − detractors % (9–10 / 0–6)' },
  },
  {
    key: 'ratings',
    label: { zh: '评价数', en: 'Ratings' },
    fact: 'ticket',
    sql: 'count(r.id)',
    joins: ['rating'],
    empty: 0,
    note: { zh: '有客户评价的工单', en: 'tickets the customer rated' },
  },
  {
    key: 'visits',
    label: { zh: '上门单数', en: 'Visits' },
    fact: 'visit',
    sql: 'count(*)',
    empty: 0,
    note: { zh: '期间创建的上门单', en: 'visits created in the period' },
  },
  {
    key: 'visitsDone',
    label: { zh: '完成上门数', en: 'Visits done' },
    fact: 'visit',
    sql: cnt(VISIT_DONE),
    empty: 0,
    note: { zh: '已签字出回执（待回访或已完成）', en: 'signed and receipted (awaiting follow-up or closed)' },
  },
  {
    key: 'visitCsatAvg',
    label: { zh: '上门 CSAT 均分', en: 'Visit CSAT average' },
    fact: 'visit',
    sql: 'round(avg(r.csat), 2)',
    joins: ['rating'],
    empty: null,
    note: { zh: '上门评价 1–5 分的平均', en: 'mean visit rating, 1–5' },
  },
  {
    key: 'rmas',
    label: { zh: '寄修单数', en: 'RMAs' },
    fact: 'rma',
    sql: 'count(*)',
    empty: 0,
    note: { zh: '期间创建的寄修退换单', en: 'RMAs opened in the period' },
  },
  {
    key: 'rmaClaimYuan',
    label: { zh: '寄修索赔金额', en: 'RMA claims' },
    fact: 'rma',
    sql: 'round(sum(m.claim_amount_fen) / 100.0, 2)',
    empty: 0,
    unit: { zh: '元', en: 'CNY' },
    note: { zh: '申请的索赔金额合计', en: 'sum of claimed amounts' },
  },
];

export type FilterSpec =
  /** the dashboard's filters, one value each, checked and turned into SQL by api/dashboards/dashboard-filters.ts */
  | { key: string; type: 'date' | 'text'; label: Label; shared: true }
  /** the report centre's own: any of a list of values of a dimension */
  | { key: string; type: 'values'; label: Label; shared: false; dimension: string };

const SHARED_FILTERS: readonly FilterSpec[] = [
  { key: 'from', type: 'date', label: { zh: '开始日期', en: 'From' }, shared: true },
  { key: 'to', type: 'date', label: { zh: '结束日期', en: 'To' }, shared: true },
  { key: 'tz', type: 'text', label: { zh: '时区', en: 'Time zone' }, shared: true },
  { key: 'region', type: 'text', label: { zh: '区域', en: 'Region' }, shared: true },
  { key: 'productLine', type: 'text', label: { zh: '产品线', en: 'Product line' }, shared: true },
  { key: 'channel', type: 'text', label: { zh: '渠道', en: 'Channel' }, shared: true },
  { key: 'groupId', type: 'text', label: { zh: '服务组', en: 'Group' }, shared: true },
];
const OWN_FILTER_DIMENSIONS = [
  'person',
  'sku',
  'model',
  'category1',
  'category2',
  'priority',
  'ticketStatus',
  'visitStatus',
  'rmaReason',
  'rmaStatus',
];

/**
 * The period (Beijing days by default, both included; the last 30 days when not given) and the
 * dashboard's dimensions, then a value list for the other dimensions that name a thing.
 */
export const FILTERS: readonly FilterSpec[] = [
  ...SHARED_FILTERS,
  ...OWN_FILTER_DIMENSIONS.map((k): FilterSpec => ({
    key: k,
    type: 'values',
    label: DIMENSIONS.find((d) => d.key === k)!.label,
    shared: false,
    dimension: k,
  })),
];

export const dimensionByKey = new Map(DIMENSIONS.map((d) => [d.key, d]));
export const measureByKey = new Map(MEASURES.map((m) => [m.key, m]));
export const filterByKey = new Map(FILTERS.map((f) => [f.key, f]));

export interface ReportDefinition {
  dimensions: string[];
  measures: string[];
  filters?: Record<string, string | string[]>;
  sort?: { field: string; direction: 'asc' | 'desc' }[];
  limit?: number;
}

export interface StandardReport {
  key: string;
  label: Label;
  description: Label;
  definition: ReportDefinition;
}

/** The three reports of seed 000 §3 (服务人效、服务质量、产品故障), plus RMA reasons on their own. */
export const STANDARD_REPORTS: readonly StandardReport[] = [
  {
    key: 'productivity',
    label: { zh: '服务人效', en: 'Service productivity' },
    description: {
      zh: '每位处理人/技师：处理与解决的工单、完成的上门、平均处理时长',
      en: 'Per agent/engineer: tickets handled and resolved, visits done, average handling time',
    },
    definition: {
      dimensions: ['person'],
      measures: ['ticketsHandled', 'ticketsResolved', 'avgHandleHours', 'visitsDone'],
      sort: [{ field: 'ticketsResolved', direction: 'desc' }],
    },
  },
  {
    key: 'quality',
    label: { zh: '服务质量', en: 'Service quality' },
    description: {
      zh: '每个服务组：SLA 达成率、重开率、CSAT 与 NPS',
      en: 'Per group: SLA attainment, reopen rate, CSAT and NPS',
    },
    definition: {
      dimensions: ['group'],
      measures: ['ticketsResolved', 'slaAttainment', 'reopened', 'reopenRate', 'csatAvg', 'nps'],
      sort: [{ field: 'group', direction: 'asc' }],
    },
  },
  {
    key: 'faults',
    label: { zh: '产品故障', en: 'Product faults' },
    description: {
      zh: '故障大类 × SKU × 区域：报修工单与寄修单',
      en: 'Fault category × SKU × region: fault tickets and RMAs',
    },
    definition: {
      dimensions: ['category1', 'sku', 'region'],
      measures: ['ticketsCreated', 'rmas'],
      sort: [{ field: 'ticketsCreated', direction: 'desc' }],
    },
  },
  {
    key: 'rmaReasons',
    label: { zh: '寄修原因', en: 'RMA reasons' },
    description: { zh: '寄修申请方式 × 型号：单数与索赔金额', en: 'Requested resolution × model: RMAs and claims' },
    definition: {
      dimensions: ['rmaReason', 'model'],
      measures: ['rmas', 'rmaClaimYuan'],
      sort: [{ field: 'rmas', direction: 'desc' }],
    },
  },
];
export const reportByKey = new Map(STANDARD_REPORTS.map((r) => [r.key, r]));

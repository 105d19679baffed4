import { evaluateLogic, isTruthy, validateLogic, type JsonLogic, type LogicProblem } from '../../rules/json-logic';
import type { Priority } from '../ticket/ticket.schema';

/**
 * Which device alarms open a ticket: an ordered list of JSON-Logic rules over the alarm, its
 * asset and the asset's customer. The first active rule whose condition holds decides; when none
 * does, the alarm is only recorded. Pure.
 */
export const ALARM_SEVERITIES = ['critical', 'major', 'minor', 'warning', 'info'] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];
export const ALARM_ACTIONS = ['open_ticket', 'record'] as const;
export type AlarmAction = (typeof ALARM_ACTIONS)[number];

export interface AlarmRule {
  id: string;
  name: string;
  position: number;
  condition: JsonLogic;
  action: AlarmAction;
  priority: Priority | null;
  category1: string | null;
  category2: string | null;
  category3: string | null;
  active: boolean;
}

export interface AlarmData {
  event: { kind: 'alarm'; faultCode: string; severity: AlarmSeverity | null; readings: Record<string, unknown>; occurredAt: string };
  asset: {
    id: string;
    serialNo: string;
    model: string;
    sku: string | null;
    status: string;
    customerId: string | null;
    siteId: string | null;
    /** warranty end date still ahead on the alarm's day */
    inWarranty: boolean;
  };
  customer: { id: string | null; tier: string | null; region: string | null; province: string | null };
}

const VARIABLES: Record<string, ReadonlySet<string> | 'any'> = {
  event: new Set(['kind', 'faultCode', 'severity', 'readings', 'occurredAt']),
  asset: new Set(['id', 'serialNo', 'model', 'sku', 'status', 'customerId', 'siteId', 'inWarranty']),
  customer: new Set(['id', 'tier', 'region', 'province']),
};

function knownAlarmVariable(name: string): boolean {
  const [root, field, ...rest] = name.split('.');
  const fields = VARIABLES[root ?? ''];
  if (!fields || field === undefined) return false;
  if (fields !== 'any' && !fields.has(field)) return false;
  // event.readings.<name> reaches into the readings; other fields are flat.
  return rest.length === 0 || (root === 'event' && field === 'readings');
}

export function checkAlarmCondition(condition: JsonLogic): LogicProblem[] {
  if (condition === true) return [];
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) {
    return [{ path: '/', message: 'a JSON-Logic operation such as {"==": [{"var": "event.severity"}, "critical"]}, or true' }];
  }
  return validateLogic(condition, { knownVariable: knownAlarmVariable });
}

export type AlarmDecision =
  | { action: 'open_ticket'; rule: AlarmRule; priority: Priority; reason: string }
  | { action: 'record'; rule: AlarmRule | null; reason: string };

export function decideAlarm(rules: readonly AlarmRule[], data: AlarmData): AlarmDecision {
  const ordered = rules.filter((r) => r.active).sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
  for (const rule of ordered) {
    let holds: boolean;
    try {
      holds = isTruthy(evaluateLogic(rule.condition, data));
    } catch {
      holds = false;
    }
    if (!holds) continue;
    if (rule.action === 'open_ticket') {
      const priority = rule.priority ?? 'P3';
      return { action: 'open_ticket', rule, priority, reason: `rule '${rule.name}' matched: open a ${priority} ticket` };
    }
    return { action: 'record', rule, reason: `rule '${rule.name}' matched: record only, no ticket` };
  }
  return { action: 'record', rule: null, reason: 'no alarm rule matched: recorded only' };
}

/** The rules every installation starts with (seeded by the migration; admins change them). */
export const DEFAULT_ALARM_RULES: Omit<AlarmRule, 'active'>[] = [
  {
    id: 'ar_critical_p1',
    name: '严重告警 → P1 工单 (critical → P1)',
    position: 10,
    condition: { '==': [{ var: 'event.severity' }, 'critical'] },
    action: 'open_ticket',
    priority: 'P1',
    category1: '设备告警',
    category2: '故障码',
    category3: null,
  },
  {
    id: 'ar_major_p2',
    name: '主要告警 → P2 工单 (major → P2)',
    position: 20,
    condition: { '==': [{ var: 'event.severity' }, 'major'] },
    action: 'open_ticket',
    priority: 'P2',
    category1: '设备告警',
    category2: '故障码',
    category3: null,
  },
  {
    id: 'ar_minor_record',
    name: '次要告警 → 仅记录 (minor, warning, info → record only)',
    position: 30,
    condition: { in: [{ var: 'event.severity' }, ['minor', 'warning', 'info']] },
    action: 'record',
    priority: null,
    category1: null,
    category2: null,
    category3: null,
  },
];

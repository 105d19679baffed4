import jsonLogic from 'json-logic-js';
import { businessTimeBetween, STANDARD_CALENDARS } from '../domain/sla/business-calendar';

/**
 * Fixflow's own JSON-Logic operations. Each is pure and deterministic — no clock: a rule that needs
 * "now" reads `{"var": "now"}`, which the caller puts in the facts — so the workflow sandbox, the
 * API and the designer give the same answer. Invalid input (a date that does not parse, an unknown
 * calendar) gives null/false rather than throwing, as the standard operations do.
 *
 * | operation        | arguments                          | result                                                          |
 * | ---------------- | ---------------------------------- | --------------------------------------------------------------- |
 * | `lower`          | value                              | the string lower-cased; other values unchanged                  |
 * | `contains`       | haystack, needle                   | string: contains (case-insensitive); array: has the element     |
 * | `in_region`      | region, region list (or one)       | the region is one of them, or a province/city inside one (上海 ⊂ 华东) |
 * | `business_hours` | instant (ISO), calendar id?        | the instant is working time on the calendar (default cn-business) |
 * | `days_between`   | from (ISO), to (ISO)               | (to − from) in days, fractional; null if either does not parse  |
 * | `hours_between`  | from (ISO), to (ISO)               | (to − from) in hours, fractional                                 |
 * | `add_days`       | instant (ISO), days                | the instant plus that many days, as ISO                          |
 */

/** China's seven service regions (大区) and the provinces and municipalities in each. */
export const REGIONS: Record<string, readonly string[]> = {
  华东: ['上海', '江苏', '浙江', '安徽', '福建', '江西', '山东'],
  华南: ['广东', '广西', '海南', '深圳', '广州'],
  华北: ['北京', '天津', '河北', '山西', '内蒙古'],
  华中: ['河南', '湖北', '湖南'],
  西南: ['重庆', '四川', '贵州', '云南', '西藏'],
  西北: ['陕西', '甘肃', '青海', '宁夏', '新疆'],
  东北: ['辽宁', '吉林', '黑龙江'],
};

const DAY_MS = 86_400_000;

function instant(v: unknown): number | null {
  if (typeof v !== 'string' && !(v instanceof Date)) return null;
  const t = v instanceof Date ? v.getTime() : Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

/** "上海市" and "上海" are the same place; "华东/上海" is 上海 in 华东. */
function place(v: string): string {
  return v.trim().replace(/(省|市|自治区|特别行政区|地区)$/, '');
}

export function inRegion(region: unknown, regions: unknown): boolean {
  if (typeof region !== 'string' || !region.trim()) return false;
  const list = (Array.isArray(regions) ? regions : [regions]).filter((r): r is string => typeof r === 'string').map(place);
  const parts = region.split('/').map(place);
  return parts.some((p) => list.includes(p) || list.some((r) => REGIONS[r]?.includes(p)));
}

export const RULE_OPERATIONS = {
  lower: (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase() : v),
  contains: (haystack: unknown, needle: unknown): boolean => {
    if (Array.isArray(haystack)) return haystack.includes(needle);
    if (typeof haystack === 'string' && (typeof needle === 'string' || typeof needle === 'number'))
      return haystack.toLowerCase().includes(String(needle).toLowerCase());
    return false;
  },
  in_region: inRegion,
  business_hours: (at: unknown, calendarId?: unknown): boolean => {
    const t = instant(at);
    const cal = STANDARD_CALENDARS[typeof calendarId === 'string' ? calendarId : 'cn-business'];
    if (t === null || !cal) return false;
    return businessTimeBetween(cal, new Date(t), new Date(t + 1)) > 0;
  },
  days_between: (from: unknown, to: unknown): number | null => {
    const a = instant(from);
    const b = instant(to);
    return a === null || b === null ? null : (b - a) / DAY_MS;
  },
  hours_between: (from: unknown, to: unknown): number | null => {
    const a = instant(from);
    const b = instant(to);
    return a === null || b === null ? null : (b - a) / 3_600_000;
  },
  add_days: (at: unknown, days: unknown): string | null => {
    const t = instant(at);
    const n = typeof days === 'number' ? days : Number(days);
    return t === null || !Number.isFinite(n) ? null : new Date(t + n * DAY_MS).toISOString();
  },
} satisfies Record<string, (...args: any[]) => unknown>;

export const RULE_OPERATION_NAMES = Object.keys(RULE_OPERATIONS) as (keyof typeof RULE_OPERATIONS)[];

let registered = false;

/**
 * Adds the operations to json-logic-js (one shared instance per JS realm). Idempotent; called when
 * the evaluator module loads, so the workflow bundle, which imports the evaluator, registers them
 * in its own sandbox too.
 */
export function registerRuleOperations(): void {
  if (registered) return;
  for (const [name, fn] of Object.entries(RULE_OPERATIONS)) jsonLogic.add_operation(name, fn as (...args: unknown[]) => unknown);
  registered = true;
}

registerRuleOperations();

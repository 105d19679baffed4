import { evaluateLogic, isTruthy, validateLogic, type JsonLogic, type LogicProblem } from '../../rules/json-logic';

/**
 * Condition-based maintenance: a JSON-Logic rule over an asset's latest readings, checked each
 * time telemetry arrives. It fires on the rising edge (the condition holds now and did not at the
 * previous reading), and not again within `minIntervalHours` of the last firing, so a device
 * that keeps reporting a high value opens one ticket, not one per reading. Pure.
 */
export interface ConditionTrigger {
  rule: JsonLogic;
  minIntervalHours: number;
}

export interface ConditionData {
  /** the asset's latest value of every reading, this event's merged in */
  readings: Record<string, unknown>;
  asset: {
    id: string;
    serialNo: string;
    model: string;
    sku: string | null;
    status: string;
    customerId: string | null;
    siteId: string | null;
  };
}

export const CONDITION_VARIABLE_ROOTS = ['readings', 'asset'] as const;
const ASSET_FIELDS = new Set(['id', 'serialNo', 'model', 'sku', 'status', 'customerId', 'siteId']);

function knownConditionVariable(name: string): boolean {
  const [root, field] = name.split('.');
  if (root === 'readings') return field !== undefined && field !== '';
  if (root === 'asset') return field !== undefined && ASSET_FIELDS.has(field);
  return false;
}

export function checkCondition(rule: JsonLogic): LogicProblem[] {
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) {
    return [{ path: '/', message: 'a JSON-Logic operation such as {">": [{"var": "readings.temperature"}, 80]}' }];
  }
  return validateLogic(rule, { knownVariable: knownConditionVariable });
}

export function conditionHolds(rule: JsonLogic, data: ConditionData): boolean {
  try {
    return isTruthy(evaluateLogic(rule, data));
  } catch {
    // A rule that cannot be evaluated on this data (e.g. arithmetic on a missing reading) does not hold.
    return false;
  }
}

export interface ConditionMemory {
  /** did the condition hold at the previous reading? null: never evaluated */
  matched: boolean | null;
  lastFiredAt: Date | null;
}

export interface ConditionDecision {
  matched: boolean;
  fire: boolean;
  reason: string;
}

export function decideCondition(memory: ConditionMemory, matchedNow: boolean, at: Date, minIntervalHours: number): ConditionDecision {
  if (!matchedNow) return { matched: false, fire: false, reason: 'condition does not hold' };
  if (memory.matched) return { matched: true, fire: false, reason: 'condition already held at the previous reading' };
  if (memory.lastFiredAt && at.getTime() - memory.lastFiredAt.getTime() < minIntervalHours * 3_600_000) {
    return { matched: true, fire: false, reason: `fired less than ${minIntervalHours} h ago (${memory.lastFiredAt.toISOString()})` };
  }
  return { matched: true, fire: true, reason: 'condition started to hold' };
}

/** The readings named by a rule, for the ticket's description ("temperature=92"). */
export function readingsNamed(rule: JsonLogic, readings: Record<string, unknown>): string {
  const names = new Set<string>();
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n === null || typeof n !== 'object') return;
    for (const [op, args] of Object.entries(n)) {
      const name = op === 'var' ? (Array.isArray(args) ? args[0] : args) : undefined;
      if (typeof name === 'string' && name.startsWith('readings.')) names.add(name.slice('readings.'.length));
      else walk(args);
    }
  };
  walk(rule);
  return [...names].map((k) => `${k}=${JSON.stringify(readings[k] ?? null)}`).join(', ');
}

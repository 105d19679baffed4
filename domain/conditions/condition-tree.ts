/**
 * JSON-Logic ↔ an editable condition tree, for the visual condition builder (designer-ui) and
 * anything else that shows conditions to people. Pure (no I/O, no zod): the browser bundle, the API
 * and workflows may import it.
 *
 * The tree knows groups (all / any / not), comparisons of one operand against a value, and the
 * rule operations of rules/rule-operations.ts that read as a comparison (`contains`, `in_region`,
 * `business_hours`, `lower(…)`, `days_between(…)` / `hours_between(…)` as a measured operand,
 * `add_days(…)` as a relative date value). Whatever it cannot show that way stays a `raw` node
 * holding the JSON-Logic as written, so `toJsonLogic(fromJsonLogic(x))` never loses anything.
 */

export type FieldType = 'enum' | 'string' | 'number' | 'date' | 'region' | 'tags' | 'boolean';

/** A variable a condition may read, as the builder offers it. */
export interface ConditionField {
  /** the `var` path, e.g. ticket.priority */
  name: string;
  label: string;
  type: FieldType;
  /** enum values (from the dictionaries) or suggestions */
  options?: { value: string; label: string }[];
}

export const OPERATORS = [
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'between',
  'in',
  'includes',
  'contains',
  'in_region',
  'is_set',
  'business_hours',
] as const;
export type Operator = (typeof OPERATORS)[number];

/**
 * What a comparison looks at: a variable (optionally lower-cased, optionally with a default as in
 * `{"var": ["x", 0]}`), or the time from one date variable to another in days or hours.
 */
export type Operand =
  | { kind: 'var'; name: string; lower?: boolean; fallback?: unknown }
  | { kind: 'elapsed'; unit: 'days' | 'hours'; from: string; to: string };

export interface ConditionRule {
  type: 'rule';
  left: Operand;
  op: Operator;
  /**
   * The JSON-Logic literal compared with (an array for in / in_region / between [low, high]), or
   * `{"var": …}` (another variable) or `{"add_days": [date, n]}` (a relative date). Absent for
   * is_set; the calendar id (or absent) for business_hours.
   */
  value?: unknown;
}

export interface ConditionGroup {
  type: 'group';
  /** all = and, any = or, not = the negation of all its children */
  combinator: 'all' | 'any' | 'not';
  children: ConditionNode[];
  /**
   * Set by asRootGroup when the condition was not a group: the builder still shows a group, and
   * rootToJsonLogic gives back the single child (or no condition) so nothing is wrapped.
   */
  implicit?: boolean;
}

/** JSON-Logic the tree cannot show as a rule or group, kept verbatim. */
export interface ConditionRaw {
  type: 'raw';
  logic: unknown;
}

export type ConditionNode = ConditionGroup | ConditionRule | ConditionRaw;

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const ELAPSED = { days_between: 'days', hours_between: 'hours' } as const;

type Json = unknown;

function opOf(node: Json): [string, Json] | null {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return null;
  const keys = Object.keys(node);
  if (keys.length !== 1) return null;
  return [keys[0]!, (node as Record<string, Json>)[keys[0]!]];
}

const isPrimitive = (v: Json) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isLiteral = (v: Json): boolean => isPrimitive(v) || (Array.isArray(v) && v.every(isPrimitive));

/** A plain variable: {"var": "x"} or {"var": ["x"]}, with a default {"var": ["x", d]} when allowed. */
function varName(node: Json, allowDefault = false): { name: string; fallback?: Json } | null {
  const o = opOf(node);
  if (!o || o[0] !== 'var') return null;
  const args = o[1];
  if (typeof args === 'string' && args) return { name: args };
  if (Array.isArray(args) && typeof args[0] === 'string' && args[0]) {
    if (args.length === 1) return { name: args[0] };
    if (args.length === 2 && allowDefault && isPrimitive(args[1])) return { name: args[0], fallback: args[1] };
  }
  return null;
}

/** The operand of a comparison, or null when it is not one the builder shows. */
export function parseOperand(node: Json): Operand | null {
  const v = varName(node, true);
  if (v) return v.fallback === undefined ? { kind: 'var', name: v.name } : { kind: 'var', name: v.name, fallback: v.fallback };
  const o = opOf(node);
  if (!o) return null;
  const [op, args] = o;
  if (op === 'lower') {
    const inner = varName(Array.isArray(args) && args.length === 1 ? args[0] : args);
    return inner ? { kind: 'var', name: inner.name, lower: true } : null;
  }
  if (op === 'days_between' || op === 'hours_between') {
    if (!Array.isArray(args) || args.length !== 2) return null;
    const from = varName(args[0]);
    const to = varName(args[1]);
    return from && to ? { kind: 'elapsed', unit: ELAPSED[op], from: from.name, to: to.name } : null;
  }
  return null;
}

export function operandToJsonLogic(left: Operand): Json {
  if (left.kind === 'elapsed') return { [`${left.unit}_between`]: [{ var: left.from }, { var: left.to }] };
  const v = left.fallback === undefined ? { var: left.name } : { var: [left.name, left.fallback] };
  return left.lower ? { lower: v } : v;
}

/** A value the builder can edit: a literal, another variable, or add_days(variable or date, n). */
export function isEditableValue(v: Json): boolean {
  if (isLiteral(v)) return true;
  if (varName(v)) return true;
  const o = opOf(v);
  if (o?.[0] === 'add_days' && Array.isArray(o[1]) && o[1].length === 2) {
    const [at, n] = o[1];
    return (varName(at) !== null || typeof at === 'string') && typeof n === 'number';
  }
  return false;
}

function parseRule(op: string, args: Json): ConditionRule | null {
  const list = Array.isArray(args) ? args : [args];
  if (COMPARISONS.has(op) && Array.isArray(args)) {
    if (args.length === 2) {
      const left = parseOperand(args[0]);
      return left && isEditableValue(args[1]) ? { type: 'rule', left, op: op as Operator, value: args[1] } : null;
    }
    if (args.length === 3 && op === '<=') {
      const left = parseOperand(args[1]);
      return left && isLiteral(args[0]) && isLiteral(args[2]) && !Array.isArray(args[0]) && !Array.isArray(args[2])
        ? { type: 'rule', left, op: 'between', value: [args[0], args[2]] }
        : null;
    }
    return null;
  }
  if (op === 'in' && Array.isArray(args) && args.length === 2) {
    const left = parseOperand(args[0]);
    if (left && Array.isArray(args[1]) && isLiteral(args[1])) return { type: 'rule', left, op: 'in', value: args[1] };
    // {"in": ["vip", {"var": "ticket.tags"}]}: the list (or text) variable includes the value
    const right = parseOperand(args[1]);
    if (right && isPrimitive(args[0]) && args[0] !== null) return { type: 'rule', left: right, op: 'includes', value: args[0] };
    return null;
  }
  if ((op === 'contains' || op === 'in_region') && Array.isArray(args) && args.length === 2) {
    const left = parseOperand(args[0]);
    return left && isLiteral(args[1]) ? { type: 'rule', left, op, value: args[1] } : null;
  }
  if (op === '!!' && list.length === 1) {
    const left = parseOperand(list[0]);
    return left ? { type: 'rule', left, op: 'is_set' } : null;
  }
  if (op === 'business_hours' && list.length >= 1 && list.length <= 2) {
    const left = parseOperand(list[0]);
    if (!left || (list.length === 2 && typeof list[1] !== 'string')) return null;
    return list.length === 2 ? { type: 'rule', left, op, value: list[1] } : { type: 'rule', left, op };
  }
  return null;
}

/** JSON-Logic → tree. Never throws: what it cannot represent becomes a raw node. */
export function fromJsonLogic(logic: Json): ConditionNode {
  const o = opOf(logic);
  if (o) {
    const [op, args] = o;
    if ((op === 'and' || op === 'or') && Array.isArray(args))
      return { type: 'group', combinator: op === 'and' ? 'all' : 'any', children: args.map(fromJsonLogic) };
    if (op === '!') {
      const list = Array.isArray(args) ? args : [args];
      if (list.length === 1) return { type: 'group', combinator: 'not', children: [fromJsonLogic(list[0])] };
    }
    const rule = parseRule(op, args);
    if (rule) return rule;
  }
  return { type: 'raw', logic };
}

/** Tree → JSON-Logic. */
export function toJsonLogic(node: ConditionNode): Json {
  switch (node.type) {
    case 'raw':
      return node.logic;
    case 'group': {
      const children = node.children.map(toJsonLogic);
      if (node.combinator === 'not') return { '!': children.length === 1 ? children[0] : { and: children } };
      return { [node.combinator === 'all' ? 'and' : 'or']: children };
    }
    case 'rule': {
      const left = operandToJsonLogic(node.left);
      switch (node.op) {
        case 'between': {
          const [low, high] = Array.isArray(node.value) ? node.value : [null, null];
          return { '<=': [low ?? null, left, high ?? null] };
        }
        case 'includes':
          return { in: [node.value ?? '', left] };
        case 'is_set':
          return { '!!': [left] };
        case 'business_hours':
          return { business_hours: node.value === undefined ? [left] : [left, node.value] };
        default:
          return { [node.op]: [left, node.value ?? null] };
      }
    }
  }
}

/** The builder always edits a group: a condition that is not one is shown inside an implicit group. */
export function asRootGroup(logic: Json): ConditionGroup {
  if (logic === undefined || logic === null) return { type: 'group', combinator: 'all', children: [], implicit: true };
  const node = fromJsonLogic(logic);
  return node.type === 'group' ? node : { type: 'group', combinator: 'all', children: [node], implicit: true };
}

/**
 * The condition of a root group: an implicit group gives its only child back unwrapped, and no
 * condition (undefined) when it is empty; a group made visible by the user (two children, a
 * change to any/not) is written as the group.
 */
export function rootToJsonLogic(root: ConditionGroup): Json {
  if (root.implicit && root.combinator === 'all') {
    if (root.children.length === 0) return undefined;
    if (root.children.length === 1) return toJsonLogic(root.children[0]!);
  }
  return toJsonLogic(root);
}

/** Operators that make sense for a field type (the first is the default for a new rule). */
export function operatorsFor(type: FieldType): Operator[] {
  switch (type) {
    case 'enum':
      return ['==', '!=', 'in', 'is_set'];
    case 'string':
      return ['==', '!=', 'contains', 'in', 'includes', 'is_set'];
    case 'number':
      return ['==', '!=', '>', '>=', '<', '<=', 'between', 'is_set'];
    case 'date':
      return ['<', '<=', '>', '>=', 'between', 'business_hours', 'is_set'];
    case 'region':
      return ['in_region', '==', '!=', 'is_set'];
    case 'tags':
      return ['includes', 'is_set'];
    case 'boolean':
      return ['==', '!=', 'is_set'];
  }
}

/** The type a comparison works on: an elapsed time is a number whatever its dates are. */
export function operandType(left: Operand, fields: readonly ConditionField[]): FieldType {
  if (left.kind === 'elapsed') return 'number';
  return fields.find((f) => f.name === left.name)?.type ?? 'string';
}

/** The value a new comparison starts with for an operator on a type. */
export function defaultValue(op: Operator, type: FieldType, field?: ConditionField): unknown {
  const first = field?.options?.[0]?.value;
  switch (op) {
    case 'is_set':
    case 'business_hours':
      return undefined;
    case 'in':
      return first !== undefined ? [first] : [];
    case 'in_region':
      return [];
    case 'between':
      return type === 'date' ? ['2026-01-01T00:00:00Z', '2026-12-31T23:59:59Z'] : [0, 10];
    default:
      if (type === 'number') return 0;
      if (type === 'boolean') return true;
      if (type === 'date') return { var: 'now' };
      return first ?? '';
  }
}

/** A new comparison on a field, with its type's default operator and value. */
export function newRule(field: ConditionField): ConditionRule {
  const op = operatorsFor(field.type)[0]!;
  const value = defaultValue(op, field.type, field);
  return value === undefined
    ? { type: 'rule', left: { kind: 'var', name: field.name }, op }
    : { type: 'rule', left: { kind: 'var', name: field.name }, op, value };
}

/** Every variable a condition reads (for checks against a vocabulary). */
export function variablesOf(logic: Json, out = new Set<string>()): Set<string> {
  if (Array.isArray(logic)) logic.forEach((n) => variablesOf(n, out));
  else if (typeof logic === 'object' && logic !== null)
    for (const [k, v] of Object.entries(logic)) {
      const name = k === 'var' ? (Array.isArray(v) ? v[0] : v) : undefined;
      if (typeof name === 'string' && name) out.add(name);
      else variablesOf(v, out);
    }
  return out;
}

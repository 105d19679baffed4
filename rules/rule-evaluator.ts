import { evaluateLogic, isTruthy } from './json-logic';
import type { Action, Rule, RuleKind } from './rule.schema';
import { registerRuleOperations } from './rule-operations';

// explicit (not a bare side-effect import) so no bundler drops it from the workflow bundle
registerRuleOperations();

/**
 * Evaluates rules against a ticket and explains each outcome. Pure and deterministic (no clock, no
 * I/O): the ticket workflow runs it inside its sandbox, the API runs it for tests and back-tests,
 * and both give the same answer for the same facts.
 */

/** What a condition sees: `ticket.<field>` (TICKET_FIELDS), `event`, `now` (ISO) and `previous.<field>`. */
export interface RuleFacts {
  ticket: Record<string, unknown>;
  event?: string;
  /** the evaluation instant, ISO 8601; rules never read a clock */
  now: string;
  /** the ticket before the change being evaluated */
  previous?: Record<string, unknown>;
}

export interface RuleResult {
  ruleKey: string;
  ruleVersion?: number;
  matched: boolean;
  /** for a match, the condition that held; otherwise the first false sub-condition with its path and the values seen */
  why: string;
  /** the rule's actions when it matched */
  actions: Action[];
  /** a matched rule that does not act, and why (an earlier rule stopped processing) */
  skipped?: string;
}

export interface RuleEvaluation {
  results: RuleResult[];
  /** the actions of the matched rules, in priority order, honouring stopProcessing */
  actions: Action[];
}

export interface EvaluateOptions {
  /** exposed to conditions as `event` when the facts carry none */
  event?: string;
  /** only rules of this kind are evaluated */
  kind?: RuleKind;
}

const MAX_RENDER = 120;

function isOp(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && Object.keys(node).length === 1;
}

/** The operation of a node that isOp accepted, and its arguments. */
function opOf(node: Record<string, unknown>): [string, unknown] {
  for (const op in node) return [op, node[op]];
  return ['', undefined];
}

function literal(v: unknown): string {
  const s = v === undefined ? 'undefined' : JSON.stringify(v);
  return s.length > MAX_RENDER ? `${s.slice(0, MAX_RENDER - 1)}…` : s;
}

const INFIX = new Set(['==', '===', '!=', '!==', '>', '>=', '<', '<=', 'in', '+', '-', '*', '/', '%']);

/** A condition as a person reads it: `ticket.priority == "P1"`, `lower(ticket.customerTier) == "vip"`. */
export function renderLogic(node: unknown): string {
  if (typeof node !== 'object' || node === null) return literal(node);
  // rule conditions are the same objects evaluation after evaluation: render each node once
  let text = rendered.get(node);
  if (text === undefined) rendered.set(node, (text = render(node)));
  return text;
}

const rendered = new WeakMap<object, string>();

function render(node: object): string {
  if (Array.isArray(node)) return `[${node.map(renderLogic).join(', ')}]`;
  if (!isOp(node)) return literal(node);
  const [op, raw] = opOf(node);
  const args = Array.isArray(raw) ? raw : [raw];
  if (op === 'var') return typeof args[0] === 'string' && args[0] !== '' ? args[0] : 'data';
  if (INFIX.has(op) && args.length === 2) return `${renderLogic(args[0])} ${op} ${renderLogic(args[1])}`;
  if (op === '<' || op === '<=') return args.map(renderLogic).join(` ${op} `);
  if (op === '!') return `not (${renderLogic(args[0])})`;
  if (op === '!!') return `(${renderLogic(args[0])}) is set`;
  if (op === 'and' || op === 'or') return args.map((a) => `(${renderLogic(a)})`).join(` ${op} `);
  return `${op}(${args.map(renderLogic).join(', ')})`;
}

/** The variables a node reads (cached per node, like its rendering). */
function varsOf(node: unknown): string[] {
  if (typeof node !== 'object' || node === null) return [];
  let names = readVars.get(node);
  if (names) return names;
  const found = new Set<string>();
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!isOp(n)) return;
    const [op, raw] = opOf(n);
    if (op !== 'var') return walk(raw);
    const name = Array.isArray(raw) ? raw[0] : raw;
    if (typeof name === 'string' && name !== '') found.add(name);
  };
  walk(node);
  readVars.set(node, (names = [...found]));
  return names;
}

const readVars = new WeakMap<object, string[]>();

/** `var`'s lookup of a dotted path, without building a JSON-Logic expression for it. */
function lookup(data: unknown, name: string): unknown {
  let v: unknown = data;
  for (const part of name.split('.')) {
    if (v === null || v === undefined) return null;
    v = (v as Record<string, unknown>)[part];
  }
  return v ?? null;
}

/** The variables a node reads, with the values the facts hold: `ticket.customerTier = "gold"`. */
function valuesSeen(node: unknown, data: unknown): string {
  return varsOf(node)
    .map((k) => {
      const v = lookup(data, k);
      return `${k} = ${v === null ? 'null (not set)' : literal(v)}`;
    })
    .join(', ');
}

function childPath(path: string, op: string, i: number): string {
  return `${path}.${op}[${i}]`;
}

interface Explained {
  value: unknown;
  /** why the value is falsy; built only when asked, so matching rules pay nothing for it */
  explain: () => string;
}

/**
 * Evaluates a condition once, the way JSON-Logic does (`and` stops at the first falsy operand,
 * `or` at the first truthy one), keeping enough to say why it is false: the first false operand
 * of `and`, every operand of `or` having been false (the first is explained), down to the
 * comparison that failed, named by its path in the condition with the values it read.
 */
function evaluateExplained(node: unknown, data: unknown, path: string): Explained {
  if (isOp(node)) {
    const [op, raw] = opOf(node);
    if ((op === 'and' || op === 'or') && Array.isArray(raw) && raw.length) {
      let last: Explained | undefined;
      let first: Explained | undefined;
      for (let i = 0; i < raw.length; i++) {
        last = evaluateExplained(raw[i], data, childPath(path, op, i));
        first ??= last;
        if (isTruthy(last.value) === (op === 'or')) return last;
      }
      if (op === 'and' || raw.length === 1) return last!;
      const head = first!;
      return { value: last!.value, explain: () => `none of the ${raw.length} alternatives of ${path} holds; the first: ${head.explain()}` };
    }
  }
  const value = evaluateLogic(node, data);
  return {
    value,
    explain: () => {
      const values = valuesSeen(node, data);
      return `${path}: ${renderLogic(node)} is false${values ? ` (${values})` : ''}`;
    },
  };
}

/** Why a condition is false (see evaluateExplained); for a condition that holds, the same text of its falsy parts. */
export function explainFalse(node: unknown, data: unknown, path = 'condition'): string {
  return evaluateExplained(node, data, path).explain();
}

function byPriority(rules: readonly Rule[]): Rule[] {
  return rules
    .map((rule, i) => ({ rule, i }))
    .sort((a, b) => (a.rule.priority ?? 100) - (b.rule.priority ?? 100) || a.i - b.i)
    .map((x) => x.rule);
}

/** Evaluates one condition; an evaluation error is a non-match with the error as the reason. */
export function evaluateCondition(condition: unknown, data: unknown): { matched: boolean; why: string } {
  try {
    const out = evaluateExplained(condition, data, 'condition');
    if (isTruthy(out.value)) return { matched: true, why: `condition holds: ${renderLogic(condition)}` };
    return { matched: false, why: out.explain() };
  } catch (err) {
    return { matched: false, why: `condition could not be evaluated: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * Evaluates the rules (of `opts.kind`, if given) in priority order (lower first; ties keep the
 * given order). Every rule gets a result; the actions of matched rules are collected until a
 * matched rule with `stopProcessing`. Disabled rules do not match. Never throws.
 */
export function evaluateRules(rules: readonly Rule[], facts: RuleFacts, opts: EvaluateOptions = {}): RuleEvaluation {
  const data = facts.event === undefined && opts.event !== undefined ? { ...facts, event: opts.event } : facts;
  const results: RuleResult[] = [];
  const actions: Action[] = [];
  let stoppedBy: string | null = null;
  for (const rule of byPriority(rules)) {
    if (opts.kind && rule.kind !== opts.kind) continue;
    const { matched, why } =
      rule.enabled === false ? { matched: false, why: 'the rule is disabled' } : evaluateCondition(rule.condition, data);
    const result: RuleResult = { ruleKey: rule.key, matched, why, actions: matched ? rule.actions : [] };
    if (rule.version !== undefined) result.ruleVersion = rule.version;
    if (matched) {
      if (stoppedBy) result.skipped = `an earlier rule (${stoppedBy}) stops processing`;
      else {
        for (const a of rule.actions) actions.push(a);
        if (rule.stopProcessing) stoppedBy = rule.key;
      }
    }
    results.push(result);
  }
  return { results, actions };
}

/** One node of a condition as evaluated: what it says, where it is, what it gave. */
export interface TraceNode {
  path: string;
  expr: string;
  value: unknown;
  /** the variables it read and their values */
  reads?: Record<string, unknown>;
  /** operands of and / or / ! / if, each traced */
  children?: TraceNode[];
}

const LOGICAL = new Set(['and', 'or', '!', 'if', '?:']);

/**
 * The whole evaluation of a condition as a tree, for "test a rule": every logical operand with its
 * value, down to the comparisons and the values they read. Errors become the node's value.
 */
export function traceCondition(node: unknown, data: unknown, path = 'condition'): TraceNode {
  let value: unknown;
  try {
    value = evaluateLogic(node, data);
  } catch (err) {
    value = { error: err instanceof Error ? err.message : String(err) };
  }
  const out: TraceNode = { path, expr: renderLogic(node), value };
  if (isOp(node)) {
    const [op, raw] = opOf(node);
    if (LOGICAL.has(op)) {
      const args = Array.isArray(raw) ? raw : [raw];
      out.children = args.map((a, i) => traceCondition(a, data, childPath(path, op, i)));
      return out;
    }
  }
  const reads: Record<string, unknown> = {};
  for (const name of varsOf(node)) reads[name] = lookup(data, name);
  if (Object.keys(reads).length) out.reads = reads;
  return out;
}

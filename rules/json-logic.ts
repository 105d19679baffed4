import jsonLogic from 'json-logic-js';

/**
 * JSON-Logic as Fixflow uses it: the standard operations minus `log` (a side effect), checked
 * before use so that an unknown operation or a variable the data does not have is reported with
 * its path instead of silently evaluating to null. Pure and deterministic: runs in workflows, the
 * API and the designer alike.
 */
export type JsonLogic = unknown;

export const STANDARD_OPERATIONS = [
  '==',
  '===',
  '!=',
  '!==',
  '>',
  '>=',
  '<',
  '<=',
  '!!',
  '!',
  '%',
  'in',
  'cat',
  'substr',
  '+',
  '*',
  '-',
  '/',
  'min',
  'max',
  'merge',
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  'and',
  'or',
  'filter',
  'map',
  'reduce',
  'all',
  'none',
  'some',
] as const;

/** Operations whose arguments introduce a scope where `var` refers to the current element. */
const SCOPED = new Set(['filter', 'map', 'reduce', 'all', 'none', 'some']);

export interface LogicProblem {
  path: string;
  message: string;
}

export interface ValidateOptions {
  /** true when `name` (dotted path) is a variable the data will have */
  knownVariable?: (name: string) => boolean;
  /** extra operations registered by the rules module */
  extraOperations?: readonly string[];
}

function isOperation(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && Object.keys(node).length === 1;
}

export function validateLogic(logic: JsonLogic, opts: ValidateOptions = {}, basePath = ''): LogicProblem[] {
  const known = new Set<string>([...STANDARD_OPERATIONS, ...(opts.extraOperations ?? [])]);
  const problems: LogicProblem[] = [];
  const walk = (node: unknown, path: string, scoped: boolean): void => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => walk(n, `${path}[${i}]`, scoped));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    if (!isOperation(node)) {
      problems.push({ path: path || '/', message: 'an operation is an object with exactly one key' });
      return;
    }
    const [op, args] = Object.entries(node)[0]!;
    const here = `${path}.${op}`;
    if (!known.has(op)) {
      problems.push({ path: here, message: `unknown operation '${op}'` });
      return;
    }
    if (op === 'var' && !scoped) {
      const name = Array.isArray(args) ? args[0] : args;
      if (typeof name === 'string' && name !== '' && opts.knownVariable && !opts.knownVariable(name)) {
        problems.push({ path: here, message: `unknown variable '${name}'` });
      }
      return;
    }
    if (SCOPED.has(op) && Array.isArray(args)) {
      walk(args[0], `${here}[0]`, scoped);
      args.slice(1).forEach((a, i) => walk(a, `${here}[${i + 1}]`, true));
      return;
    }
    walk(args, here, scoped);
  };
  walk(logic, basePath, false);
  return problems;
}

export function evaluateLogic(logic: JsonLogic, data: unknown): unknown {
  return jsonLogic.apply(logic as Parameters<typeof jsonLogic.apply>[0], data);
}

export function isTruthy(value: unknown): boolean {
  return jsonLogic.truthy(value);
}

import { z } from 'zod';
import { PRIORITIES } from '../domain/ticket/ticket.schema';

/**
 * A rule: a JSON-Logic condition over the ticket facts (see rule-evaluator) and the actions to take
 * when it holds. Rules are data: stored in rule sets, versioned, diffed, tested and evaluated the
 * same way in the workflow, the API and the designer.
 *
 * The canonical form is what the store keeps. `parseRule` also accepts the dialect of seed 002 §14
 * (`name`, `if`, `then`, `{"eq": ["priority", "P1"]}`) and normalises it to the canonical form.
 */
export const RULE_KINDS = ['routing', 'automation', 'approval', 'sla', 'validation', 'masking'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const RULE_EVENTS = ['ticket.created', 'ticket.updated', 'status.changed', 'sla.warning', 'sla.breached', 'timer'] as const;
export type RuleEvent = (typeof RULE_EVENTS)[number];

export const ESCALATION_LEVELS = ['L2', 'L3', 'vendor'] as const;

export const ruleKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - and _, starting with a letter (at most 64)');

const text = z.string().trim().min(1).max(200);
const ref = z.string().trim().min(1).max(128);
/** Structure is checked by validateRule (unknown operations and variables, with their paths). */
const logic = z.unknown().refine((v) => v !== undefined, 'a JSON-Logic condition is required');

const slaRef = {
  /** an SLA policy id (domain/sla/sla-policy.ts STANDARD_POLICIES), e.g. p1-standard */
  sla: ref,
};

export const actionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign'), group: ref.optional(), assignee: ref.optional() }).strict(),
  z.object({ action: z.literal('notify'), channel: ref, target: text, template: ref.optional() }).strict(),
  z.object({ action: z.literal('start_timer'), ...slaRef }).strict(),
  z.object({ action: z.literal('set_sla_policy'), ...slaRef }).strict(),
  z.object({ action: z.literal('set_priority'), priority: z.enum(PRIORITIES) }).strict(),
  z.object({ action: z.literal('add_tags'), tags: z.array(text).min(1).max(20) }).strict(),
  z.object({ action: z.literal('remove_tags'), tags: z.array(text).min(1).max(20) }).strict(),
  z.object({ action: z.literal('escalate'), level: z.enum(ESCALATION_LEVELS).optional(), group: ref.optional() }).strict(),
  z
    .object({ action: z.literal('request_approval'), level: ref, reason: z.string().trim().min(1).max(1000), group: ref.optional() })
    .strict(),
  z.object({ action: z.literal('create_rma'), reason: z.string().trim().min(1).max(1000).optional(), group: ref.optional() }).strict(),
  z.object({ action: z.literal('create_visit'), reason: z.string().trim().min(1).max(1000).optional(), group: ref.optional() }).strict(),
  z
    .object({
      action: z.literal('call_webhook'),
      url: z
        .string()
        .url()
        .max(2048)
        .refine((u) => /^https?:\/\//i.test(u), 'http or https'),
      event: ref.optional(),
    })
    .strict(),
]);
export type Action = z.infer<typeof actionSchema>;
export type ActionName = Action['action'];
export const ACTION_NAMES = actionSchema.options.map((o) => o.shape.action.value) as ActionName[];

export const ruleSchema = z
  .object({
    key: ruleKeySchema,
    name: text,
    description: z.string().trim().max(2000).optional(),
    kind: z.enum(RULE_KINDS),
    /** automation rules only: the ticket events the rule listens to (absent = when the condition becomes true) */
    on: z.array(z.enum(RULE_EVENTS)).min(1).optional(),
    condition: logic,
    actions: z.array(actionSchema).max(20),
    /** lower runs first */
    priority: z.number().int().min(0).max(100_000).default(100),
    enabled: z.boolean().default(true),
    /** when this rule matches, rules after it do not act */
    stopProcessing: z.boolean().optional(),
    /** the rule's own revision in the draft, set by the store (each change adds one) */
    version: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((r) => r.kind === 'automation' || r.on === undefined, { path: ['on'], message: 'only automation rules listen to events' });
export type Rule = z.infer<typeof ruleSchema>;
export type RuleInput = z.input<typeof ruleSchema>;

/**
 * Names the seed's dialect uses for SLA policies, mapped to our policy ids. "p1_8h" is P1's 8-hour
 * resolution promise, which is exactly the standard P1 policy; other names must be policy ids.
 */
export const SLA_ALIASES: Record<string, string> = {
  p1_8h: 'p1-standard',
  p2_24h: 'p2-standard',
  p3_3d: 'p3-standard',
  p4_7d: 'p4-standard',
};

/** Fields whose values are codes written in any case ("VIP", "vip"): the seed dialect compares them case-insensitively. */
export const CASE_INSENSITIVE_FIELDS: readonly string[] = ['customerTier', 'entitlement', 'channel'];

/** Seed-dialect operations and their JSON-Logic names. */
const DIALECT_OPS: Record<string, string> = {
  eq: '==',
  ne: '!=',
  neq: '!=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  not: '!',
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;

function isOp(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && Object.keys(node).length === 1;
}

/**
 * Turns a seed-dialect condition into JSON-Logic over the ticket facts. A bare identifier as the
 * first argument of a comparison names a ticket field (`"priority"` → `{"var": "ticket.priority"}`;
 * an unknown name is then reported by validation as an unknown variable); anything else is left as
 * JSON-Logic, so the seed dialect may use every operation. Comparisons on code fields
 * (customerTier, entitlement, channel) become case-insensitive: the seed writes "VIP" where our
 * tiers are lower-case codes.
 */
export function normalizeCondition(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeCondition);
  if (!isOp(node)) return node;
  const [op, raw] = Object.entries(node)[0]!;
  const name = DIALECT_OPS[op] ?? op;
  if (op === 'var') return node;
  const args = Array.isArray(raw) ? raw : [raw];
  const comparison = ['==', '!=', '===', '!==', '>', '>=', '<', '<=', 'in'].includes(name);
  // only a plain identifier can name a field; "开机 失败" or "P1" after the first place stay literals
  if (comparison && Array.isArray(raw) && typeof args[0] === 'string' && IDENTIFIER.test(args[0])) {
    const field = args[0];
    const variable = { var: `ticket.${field}` };
    const rest = args.slice(1).map(normalizeCondition);
    if (CASE_INSENSITIVE_FIELDS.includes(field) && (name === '==' || name === '!=' || name === 'in')) {
      const lower = (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase() : Array.isArray(v) ? v.map(lower) : v);
      return { [name]: [{ lower: variable }, ...rest.map(lower)] };
    }
    return { [name]: [variable, ...rest] };
  }
  return { [name]: Array.isArray(raw) ? raw.map(normalizeCondition) : normalizeCondition(raw) };
}

function normalizeAction(a: unknown): unknown {
  if (typeof a !== 'object' || a === null || Array.isArray(a)) return a;
  const action = { ...(a as Record<string, unknown>) };
  if ((action.action === 'start_timer' || action.action === 'set_sla_policy') && typeof action.sla === 'string') {
    action.sla = SLA_ALIASES[action.sla] ?? action.sla;
  }
  return action;
}

/** True when the input is written in the seed's dialect (`if` / `then`). */
export function isSeedDialect(input: unknown): boolean {
  return typeof input === 'object' && input !== null && ('if' in input || 'then' in input);
}

/**
 * The canonical shape of a rule written either way, before validation. The seed dialect has no
 * key or kind: the key is the name (which must then be a slug) and the kind is automation (§14
 * lists it under 自动化规则).
 */
export function normalizeRuleInput(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const src = input as Record<string, unknown>;
  if (!isSeedDialect(src)) {
    // canonical conditions are plain JSON-Logic, where {"in": ["开机", {"var": …}]} is a literal first
    return Array.isArray(src.actions) ? { ...src, actions: src.actions.map(normalizeAction) } : src;
  }
  const { if: condition, then: actions, ...rest } = src;
  return {
    key: typeof rest.name === 'string' ? rest.name : undefined,
    kind: 'automation',
    ...rest,
    condition: normalizeCondition(condition),
    actions: Array.isArray(actions) ? actions.map(normalizeAction) : actions,
  };
}

export class RuleParseError extends Error {
  constructor(readonly problems: { path: string; message: string }[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    this.name = 'RuleParseError';
  }
}

/** Zod issues as rule problems, with paths in the canonical form ("actions[1].channel"). */
export function zodProblems(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.flatMap((i) => {
    const path = i.path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
    const keys = i.code === 'unrecognized_keys' ? (i as { keys?: string[] }).keys : undefined;
    if (keys?.length) return keys.map((k) => ({ path: path ? `${path}.${k}` : k, message: 'unknown field' }));
    return [{ path: path || '/', message: i.message }];
  });
}

/** Either dialect → a canonical rule (shape only; validateRule checks references and logic). */
export function parseRule(input: unknown): Rule {
  const out = ruleSchema.safeParse(normalizeRuleInput(input));
  if (!out.success) throw new RuleParseError(zodProblems(out.error));
  return out.data;
}

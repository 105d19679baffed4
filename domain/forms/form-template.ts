import { z } from 'zod';
import { validateLogic } from '../../rules/json-logic';
import { TICKET_FIELDS } from '../flow/flow-vocabulary';
import { ATTACHMENT_KINDS } from './form-values';

/**
 * Form templates (seed 002 §6, MISSION §9): what a ticket of a category must carry when it is
 * opened, and what some actions on it must carry (resolve needs a root cause …). Pure: the API
 * stores and resolves templates, `form-check.ts` applies them.
 */
export const FIELD_TYPES = ['text', 'number', 'date', 'enum', 'phone', 'url', 'serial'] as const;
/** The actions a template may put requirements on: those that move the work forward. */
export const FORM_ACTIONS = ['accept', 'start', 'resolve', 'close', 'escalate', 'hold', 'transfer'] as const;

export type FieldType = (typeof FIELD_TYPES)[number];
export type FormAction = (typeof FORM_ACTIONS)[number];

const label = z.object({ zh: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(100) }).strict();
const fieldKey = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, 'letters, digits and _; starts with a letter');
const category = z.string().trim().min(1).max(200);
/** JSON-Logic; checked by `templateProblems` (operations and variables) */
const logic = z.custom<unknown>((v) => v !== undefined, 'a JSON-Logic expression');

export const formFieldSchema = z
  .object({
    key: fieldKey,
    label,
    type: z.enum(FIELD_TYPES),
    required: z.boolean().default(false),
    /** required only when this JSON-Logic holds over the form's values (a dependency between fields) */
    requiredWhen: logic.optional(),
    /** a regular expression the whole value must match (anchored); validated when saved */
    pattern: z.string().min(1).max(200).optional(),
    /** number: value bounds; text, serial, phone, url: length bounds */
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    /** enum: the allowed values */
    options: z.array(z.string().trim().min(1).max(100)).min(1).max(200).optional(),
    hint: label.optional(),
  })
  .strict();

export const attachmentRuleSchema = z
  .object({
    kind: z.enum(ATTACHMENT_KINDS),
    label,
    minCount: z.number().int().min(0).max(20).default(1),
    minSizeBytes: z.number().int().positive().optional(),
    minDurationSec: z.number().positive().optional(),
    /** accepted MIME types by prefix ("video/", "image/jpeg") */
    mimePrefixes: z.array(z.string().trim().min(1).max(100)).min(1).max(20).optional(),
    requiredWhen: logic.optional(),
  })
  .strict();

/** A rule across fields: `valid` must hold over the values, else `message` is reported on `field`. */
export const formCheckSchema = z.object({ field: fieldKey, valid: logic, message: label }).strict();

export const formRequirementsSchema = z
  .object({
    fields: z.array(formFieldSchema).max(100).default([]),
    attachments: z.array(attachmentRuleSchema).max(30).default([]),
    checks: z.array(formCheckSchema).max(50).default([]),
  })
  .strict();

export const formTemplateSchema = z
  .object({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,63}$/, 'lower-case letters, digits and -')
      .refine((k) => k !== 'resolve', "'resolve' is the name of a route"),
    name: label,
    /** the category path it applies to; none = the default template */
    category1: category.optional(),
    category2: category.optional(),
    category3: category.optional(),
    ...formRequirementsSchema.shape,
    /** requirements of actions on a ticket opened under this template */
    transitions: z.partialRecord(z.enum(FORM_ACTIONS), formRequirementsSchema).default({}),
  })
  .strict();

export type FormField = z.infer<typeof formFieldSchema>;
export type AttachmentRule = z.infer<typeof attachmentRuleSchema>;
export type FormRequirements = z.infer<typeof formRequirementsSchema>;
export type FormTemplate = z.infer<typeof formTemplateSchema>;
export type FormTemplateInput = z.input<typeof formTemplateSchema>;

/** Where a template applies, most general first: [] is the default. */
export function categoryPath(t: { category1?: string | null; category2?: string | null; category3?: string | null }): string[] {
  const path: string[] = [];
  for (const c of [t.category1, t.category2, t.category3]) {
    if (!c) break;
    path.push(c);
  }
  return path;
}

/**
 * The template that applies to a ticket's categories: the one whose path is the longest prefix of
 * the ticket's path (most specific wins); the default (no category) when nothing more specific does.
 */
export function resolveTemplate<T extends { category1?: string | null; category2?: string | null; category3?: string | null }>(
  templates: readonly T[],
  ticket: { category1?: string | null; category2?: string | null; category3?: string | null },
): T | null {
  const want = categoryPath(ticket);
  let best: T | null = null;
  let bestDepth = -1;
  for (const t of templates) {
    const p = categoryPath(t);
    if (p.length > want.length || p.some((c, i) => c !== want[i])) continue;
    if (p.length > bestDepth) {
      best = t;
      bestDepth = p.length;
    }
  }
  return best;
}

export interface TemplateProblem {
  field: string;
  message: string;
}

/** A variable the template's logic may read: its own fields, attachment counts, the ticket's fields. */
function knownVariable(fieldKeys: ReadonlySet<string>) {
  const ticketFields = new Set<string>(TICKET_FIELDS);
  return (name: string): boolean => {
    const [head, second] = name.split('.');
    if (fieldKeys.has(head!)) return true;
    if (head === 'attachments') return second === undefined || (ATTACHMENT_KINDS as readonly string[]).includes(second);
    if (head === 'ticket') return second !== undefined && ticketFields.has(second);
    return false;
  };
}

function requirementProblems(req: FormRequirements, base: string, inherited: ReadonlySet<string>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const at = (...parts: (string | number)[]) => [base, ...parts].filter((p) => p !== '').join('.');
  const keys = new Set(inherited);
  req.fields.forEach((f, i) => {
    if (req.fields.findIndex((g) => g.key === f.key) !== i)
      problems.push({ field: at('fields', i, 'key'), message: `duplicate field '${f.key}'` });
    keys.add(f.key);
  });
  const known = knownVariable(keys);
  const checkLogic = (l: unknown, path: string) => {
    for (const p of validateLogic(l, { knownVariable: known })) problems.push({ field: `${path}${p.path}`, message: p.message });
  };
  req.fields.forEach((f, i) => {
    if (f.pattern !== undefined) {
      try {
        new RegExp(f.pattern, 'u');
      } catch (err) {
        problems.push({ field: at('fields', i, 'pattern'), message: `not a valid regular expression: ${(err as Error).message}` });
      }
    }
    if (f.type === 'enum' && !f.options) problems.push({ field: at('fields', i, 'options'), message: 'an enum field lists its options' });
    if (f.type !== 'enum' && f.options) problems.push({ field: at('fields', i, 'options'), message: 'only enum fields have options' });
    if ((f.type === 'date' || f.type === 'enum') && (f.min !== undefined || f.max !== undefined)) {
      problems.push({ field: at('fields', i, f.min !== undefined ? 'min' : 'max'), message: `${f.type} fields take no min/max` });
    }
    if (f.min !== undefined && f.max !== undefined && f.min > f.max)
      problems.push({ field: at('fields', i, 'min'), message: 'min is above max' });
    if (f.requiredWhen !== undefined) checkLogic(f.requiredWhen, at('fields', i, 'requiredWhen'));
  });
  req.attachments.forEach((a, i) => {
    if (req.attachments.findIndex((b) => b.kind === a.kind) !== i)
      problems.push({ field: at('attachments', i, 'kind'), message: `duplicate attachment kind '${a.kind}'` });
    if (a.requiredWhen !== undefined) checkLogic(a.requiredWhen, at('attachments', i, 'requiredWhen'));
  });
  req.checks.forEach((c, i) => {
    if (!keys.has(c.field)) problems.push({ field: at('checks', i, 'field'), message: `no field '${c.field}' in the template` });
    checkLogic(c.valid, at('checks', i, 'valid'));
  });
  return problems;
}

/**
 * What is wrong with a parsed template beyond its shape: regular expressions that do not compile,
 * JSON-Logic with unknown operations or variables, duplicate keys, contradictory bounds. Each
 * problem names its path in the template ("fields.2.pattern").
 */
export function templateProblems(t: FormTemplate): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  if (t.category2 && !t.category1) problems.push({ field: 'category1', message: 'category2 needs category1' });
  if (t.category3 && !t.category2) problems.push({ field: 'category2', message: 'category3 needs category2' });
  problems.push(...requirementProblems(t, '', new Set()));
  // An action's checks may read the fields given at creation too.
  const createKeys = new Set(t.fields.map((f) => f.key));
  for (const [action, req] of Object.entries(t.transitions)) {
    if (req) problems.push(...requirementProblems(req, `transitions.${action}`, createKeys));
  }
  return problems;
}

/** Parse and check in one go: the template, or every problem with its path. */
export function parseTemplate(input: unknown): { ok: true; template: FormTemplate } | { ok: false; problems: TemplateProblem[] } {
  const parsed = formTemplateSchema.safeParse(input);
  if (!parsed.success) {
    // An unknown key is named by its own path, as HttpProblem.validation does.
    const problems = parsed.error.issues.flatMap((i) => {
      const keys = i.code === 'unrecognized_keys' ? i.keys : [undefined];
      return keys.map((k) => ({
        field: [...i.path.map(String), ...(k === undefined ? [] : [k])].join('.') || '(body)',
        message: k === undefined ? i.message : 'unknown field',
      }));
    });
    return { ok: false, problems };
  }
  const problems = templateProblems(parsed.data);
  return problems.length ? { ok: false, problems } : { ok: true, template: parsed.data };
}

import { z } from 'zod';
import { checkCycle } from '../../domain/maintenance/maintenance-cycle';
import {
  CONDITION_CATEGORY3,
  CYCLE_CATEGORY3,
  DEFAULT_DESCRIPTION_TEMPLATE,
  MAINTENANCE_CATEGORY1,
  MAINTENANCE_CATEGORY2,
  TEMPLATE_VARIABLES,
  unknownPlaceholders,
  type TicketTemplate,
} from '../../domain/maintenance/maintenance-ticket';
import { checkCondition } from '../../domain/maintenance/plan-condition';
import { PRIORITIES } from '../../domain/ticket/ticket.schema';

/** Request bodies of the maintenance plan routes. */
const id = z.string().trim().min(1).max(128);
const label = z.string().trim().min(1).max(200);
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export const planTargetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('asset'), assetId: id }).strict(),
  z.object({ type: z.literal('site'), siteId: id }).strict(),
  /** every asset of one model at one customer */
  z.object({ type: z.literal('model'), customerId: id, model: label }).strict(),
]);
export type PlanTarget = z.infer<typeof planTargetSchema>;

const cycleTriggerSchema = z
  .object({
    type: z.literal('cycle'),
    everyMonths: z.number().int(),
    startDate: z.string(),
    timeOfDay: z.string(),
    /** the customer's time zone; China-wide default */
    timeZone: z.string().default(DEFAULT_TIME_ZONE),
    endDate: z.string().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const p of checkCycle(c)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
  });

const conditionTriggerSchema = z
  .object({
    type: z.literal('condition'),
    /** JSON-Logic over {readings, asset}, e.g. {">": [{"var": "readings.runHours"}, 2000]} */
    rule: z.unknown(),
    minIntervalHours: z.number().min(0).max(8760).default(24),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const p of checkCondition(c.rule))
      ctx.addIssue({ code: 'custom', path: ['rule', ...(p.path === '/' ? [] : [p.path])], message: p.message });
  });

export const planTriggerSchema = z.discriminatedUnion('type', [cycleTriggerSchema, conditionTriggerSchema]);
export type PlanTrigger = z.infer<typeof planTriggerSchema>;

export const ticketTemplateSchema = z
  .object({
    category1: label.optional(),
    category2: label.optional(),
    category3: label.optional(),
    priority: z.enum(PRIORITIES).default('P3'),
    descriptionTemplate: z.string().trim().min(1).max(2000).default(DEFAULT_DESCRIPTION_TEMPLATE),
  })
  .strict()
  .superRefine((t, ctx) => {
    const unknown = unknownPlaceholders(t.descriptionTemplate);
    if (unknown.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['descriptionTemplate'],
        message: `unknown placeholder(s) ${unknown.map((u) => `{{${u}}}`).join(', ')}; available: ${TEMPLATE_VARIABLES.join(', ')}`,
      });
    }
  });
export type TicketTemplateInput = z.infer<typeof ticketTemplateSchema>;

/** A template without categories gets the maintenance categories of its trigger type. */
export function withDefaultCategories(t: TicketTemplateInput | undefined, triggerType: PlanTrigger['type']): TicketTemplate {
  const template = t ?? ticketTemplateSchema.parse({});
  if (template.category1 || template.category2 || template.category3) return template;
  return {
    ...template,
    category1: MAINTENANCE_CATEGORY1,
    category2: MAINTENANCE_CATEGORY2,
    category3: triggerType === 'cycle' ? CYCLE_CATEGORY3 : CONDITION_CATEGORY3,
  };
}

const note = z.string().trim().min(1).max(500);

export const createPlanSchema = z
  .object({
    name: label,
    target: planTargetSchema,
    trigger: planTriggerSchema,
    ticket: ticketTemplateSchema.optional(),
    /** create it paused (e.g. until the contract starts) */
    paused: z.boolean().default(false),
    note: note.optional(),
  })
  .strict();

export const updatePlanSchema = z
  .object({
    name: label.optional(),
    target: planTargetSchema.optional(),
    trigger: planTriggerSchema.optional(),
    ticket: ticketTemplateSchema.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change: send name, target, trigger or ticket');

export const noteBodySchema = z.object({ note: note.optional() }).strict();

export const skipBodySchema = z
  .object({
    /** the firing to skip; the next one when left out */
    at: z.iso.datetime({ offset: true }).optional(),
    note: note.optional(),
  })
  .strict();

export const backfillBodySchema = z
  .object({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    note: note.optional(),
  })
  .strict()
  .refine((b) => Date.parse(b.from) <= Date.parse(b.to), { path: ['to'], message: 'must not be before from' });

export const planIdParams = z.object({ id: z.string().regex(/^mp_[0-9a-z]{12,32}$/, 'not a maintenance plan id (mp_…)') });

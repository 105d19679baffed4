import { z } from 'zod';
import { archiveIdSchema, areaSchema, dateSchema, nameSchema, refSchema } from './archive-fields';

/** Project archive (工程档案, seed 001 §3.1.7): an installation job for a customer, with its sites and products. */
export const PROJECT_STATUSES = ['planned', 'active', 'completed', 'cancelled'] as const;

/** Yuan with at most two decimals (the column is numeric(16, 2)). */
const amount = z
  .number()
  .min(0, 'cannot be negative')
  .lt(1e14, 'at most 99 999 999 999 999.99')
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'at most two decimals (yuan and fen)');

function completedAfterStart(v: { startedOn?: string | null; completedOn?: string | null }, c: z.RefinementCtx): void {
  if (v.startedOn && v.completedOn && v.completedOn < v.startedOn) {
    c.addIssue({ code: 'custom', path: ['completedOn'], message: `cannot be before startedOn (${v.startedOn})` });
  }
}

export const createProjectSchema = z
  .object({
    id: archiveIdSchema.optional(),
    name: nameSchema,
    customerId: refSchema,
    region: areaSchema.nullish(),
    province: areaSchema.nullish(),
    amount: amount.nullish(),
    status: z.enum(PROJECT_STATUSES).default('active'),
    startedOn: dateSchema.nullish(),
    completedOn: dateSchema.nullish(),
  })
  .strict()
  .superRefine(completedAfterStart);
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

export const updateProjectSchema = z
  .object({
    name: nameSchema.optional(),
    customerId: refSchema.optional(),
    region: areaSchema.nullish(),
    province: areaSchema.nullish(),
    amount: amount.nullish(),
    status: z.enum(PROJECT_STATUSES).optional(),
    startedOn: dateSchema.nullish(),
    completedOn: dateSchema.nullish(),
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type UpdateProjectInput = z.infer<typeof updateProjectSchema>;

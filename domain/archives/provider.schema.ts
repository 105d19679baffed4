import { z } from 'zod';
import { archiveIdSchema, emailSchema, labelListSchema, nameSchema, phoneSchema } from './archive-fields';

/** Service providers and agents (服务商/代理商): partners that take tickets and visits in their regions. */
export const PROVIDER_KINDS = ['provider', 'agent'] as const;

const regions = labelListSchema(100, 50);
const skills = labelListSchema(100, 50);
const contactName = z.string().trim().min(1).max(100);

export const createProviderSchema = z
  .object({
    id: archiveIdSchema.optional(),
    name: nameSchema,
    kind: z.enum(PROVIDER_KINDS),
    /** 华东, 浙江, 杭州 … as the dispatch rules name them */
    regions: regions.default([]),
    /** 空调, 冷柜, 电梯 … */
    skills: skills.default([]),
    contactName: contactName.nullish(),
    contactPhone: phoneSchema.nullish(),
    email: emailSchema.nullish(),
    /** an inactive provider takes no new work and its tokens stop working */
    active: z.boolean().default(true),
  })
  .strict();
export type CreateProviderInput = z.infer<typeof createProviderSchema>;

export const updateProviderSchema = z
  .object({
    name: nameSchema.optional(),
    kind: z.enum(PROVIDER_KINDS).optional(),
    regions: regions.optional(),
    skills: skills.optional(),
    contactName: contactName.nullish(),
    contactPhone: phoneSchema.nullish(),
    email: emailSchema.nullish(),
    active: z.boolean().optional(),
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type UpdateProviderInput = z.infer<typeof updateProviderSchema>;

import { z } from 'zod';
import { archiveIdSchema, areaSchema, emailSchema, labelListSchema, nameSchema, phoneSchema } from './archive-fields';

/** Customer archive (客户档案, seed 001 §3.1.6): who owns the products we service. */
export const CUSTOMER_TYPES = ['person', 'company'] as const;
export const CUSTOMER_TIERS = ['standard', 'vip', 'premium'] as const;

export const customerAddressSchema = z
  .object({
    /** 总部, 仓库, 收货地址 … */
    label: z.string().trim().min(1).max(50).optional(),
    province: areaSchema.optional(),
    city: areaSchema.optional(),
    district: areaSchema.optional(),
    detail: z.string().trim().min(1).max(500),
    primary: z.boolean().optional(),
  })
  .strict();

export const customerContactSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    phone: phoneSchema.optional(),
    email: emailSchema.optional(),
    /** 采购, 设备科, 现场负责人 … */
    role: z.string().trim().min(1).max(50).optional(),
  })
  .strict();

const addresses = z.array(customerAddressSchema).max(20);
const contacts = z.array(customerContactSchema).max(50);
const tags = labelListSchema(30, 32);

function onePrimaryAddress(v: { addresses?: { primary?: boolean }[] | undefined }, c: z.RefinementCtx): void {
  const primaries = (v.addresses ?? []).flatMap((a, i) => (a.primary ? [i] : []));
  if (primaries.length > 1)
    c.addIssue({ code: 'custom', path: ['addresses', primaries[1]!, 'primary'], message: 'only one address can be primary' });
}

export const createCustomerSchema = z
  .object({
    /** the caller's customer number (CRM); generated (CU-…) when left out */
    id: archiveIdSchema.optional(),
    name: nameSchema,
    type: z.enum(CUSTOMER_TYPES),
    tier: z.enum(CUSTOMER_TIERS).default('standard'),
    phone: phoneSchema.nullish(),
    email: emailSchema.nullish(),
    fax: phoneSchema.nullish(),
    region: areaSchema.nullish(),
    province: areaSchema.nullish(),
    city: areaSchema.nullish(),
    addresses: addresses.default([]),
    contacts: contacts.default([]),
    tags: tags.default([]),
  })
  .strict()
  .superRefine(onePrimaryAddress);
export type CreateCustomerInput = z.infer<typeof createCustomerSchema>;

/** A partial change: fields left out keep their value, a nullable field set to null is cleared. */
export const updateCustomerSchema = z
  .object({
    name: nameSchema.optional(),
    type: z.enum(CUSTOMER_TYPES).optional(),
    tier: z.enum(CUSTOMER_TIERS).optional(),
    phone: phoneSchema.nullish(),
    email: emailSchema.nullish(),
    fax: phoneSchema.nullish(),
    region: areaSchema.nullish(),
    province: areaSchema.nullish(),
    city: areaSchema.nullish(),
    addresses: addresses.optional(),
    contacts: contacts.optional(),
    tags: tags.optional(),
    /** the version the change was made against (or send If-Match) */
    version: z.number().int().min(1).optional(),
  })
  .strict()
  .superRefine(onePrimaryAddress);
export type UpdateCustomerInput = z.infer<typeof updateCustomerSchema>;

import { z } from 'zod';
import { STANDARD_POLICIES } from '../sla/sla-policy';

/**
 * Service contracts (服务合同), warranties and extended warranties (MISSION §8, issue 4 item 3): what
 * a customer is entitled to, on which products and in which regions, and how much of it (quotas).
 * Pure vocabulary and schemas; the decision which contract covers a ticket is in entitlement.ts.
 */
export const CONTRACT_KINDS = ['service_agreement', 'warranty', 'extended_warranty'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];

export const CONTRACT_STATUSES = ['active', 'suspended', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** What a quota counts: tickets opened under the contract, or on-site visits. */
export const QUOTA_KINDS = ['visit', 'ticket'] as const;
export type QuotaKind = (typeof QUOTA_KINDS)[number];

/** `contract`: over the contract's whole term; `year`: per contract year, counted from the start date's anniversaries. */
export const QUOTA_PERIODS = ['contract', 'year'] as const;
export type QuotaPeriod = (typeof QUOTA_PERIODS)[number];

/** What consumes quota: a ticket today, a visit once visits are their own records. */
export const USAGE_SOURCE_TYPES = ['ticket', 'visit'] as const;
export type UsageSourceType = (typeof USAGE_SOURCE_TYPES)[number];

/**
 * Contract dates are calendar days as signed with the customer, in China time: a contract that
 * ends on 2026-12-31 covers a call at 23:30 Beijing time that day (15:30 UTC).
 */
export const CONTRACT_TIME_ZONE = 'Asia/Shanghai';

/** The entitlement a contract grants when it names none. */
export const DEFAULT_ENTITLEMENTS: Record<ContractKind, string> = {
  service_agreement: 'service_agreement',
  warranty: 'in_warranty',
  extended_warranty: 'extended_warranty',
};

export interface ContractQuota {
  kind: QuotaKind;
  limit: number;
  period: QuotaPeriod;
}

/** Which products and places a contract covers; an empty list means "all". */
export interface ContractScope {
  assetIds: string[];
  models: string[];
  skus: string[];
  regions: string[];
}

/** The terms the entitlement decision needs, as stored. */
export interface ContractTerms {
  id: string;
  customerId: string;
  kind: ContractKind;
  name: string;
  /** YYYY-MM-DD, first day covered */
  startsOn: string;
  /** YYYY-MM-DD, last day covered */
  endsOn: string;
  status: ContractStatus;
  entitlement: string;
  /** an SLA policy the contract buys (e.g. p1-standard for every ticket); used only where it is not slower */
  slaPolicyId: string | null;
  /** a promised first-response time in minutes; used only where it is tighter than the policy's */
  responseMinutes: number | null;
  coverage: ContractScope;
  quotas: ContractQuota[];
}

/** One unit of quota used: which contract, what for, and the China-time day it was used on. */
export interface QuotaUsage {
  contractId: string;
  kind: QuotaKind;
  sourceType: UsageSourceType;
  sourceId: string;
  /** YYYY-MM-DD */
  usedOn: string;
}

/** Contract numbers are used in URLs, so letters, digits and - _ . only. */
export const contractIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, - _ . only (at most 64)');

const day = z.iso.date({ error: 'must be a date YYYY-MM-DD' });
const list = (max: number) =>
  z
    .array(z.string().trim().min(1).max(128))
    .max(max)
    .transform((items) => [...new Set(items)]);

export const contractScopeSchema = z
  .object({
    assetIds: list(1000).default([]),
    models: list(200).default([]),
    skus: list(200).default([]),
    regions: list(100).default([]),
  })
  .strict();

export const contractQuotaSchema = z
  .object({
    kind: z.enum(QUOTA_KINDS),
    limit: z.number().int().min(1).max(100_000),
    period: z.enum(QUOTA_PERIODS),
  })
  .strict();

/** One quota per kind, so every usage counts against exactly one limit. */
const quotasSchema = z
  .array(contractQuotaSchema)
  .max(QUOTA_KINDS.length)
  .superRefine((quotas, ctx) => {
    const seen = new Set<string>();
    quotas.forEach((q, i) => {
      if (seen.has(q.kind)) ctx.addIssue({ code: 'custom', path: [i, 'kind'], message: `a second ${q.kind} quota; one per kind` });
      seen.add(q.kind);
    });
  });

const policyId = z.string().refine((id) => id in STANDARD_POLICIES, {
  error: `not an SLA policy; one of ${Object.keys(STANDARD_POLICIES).join(', ')}`,
});

const fields = {
  kind: z.enum(CONTRACT_KINDS),
  name: z.string().trim().min(1).max(200),
  startsOn: day,
  endsOn: day,
  /** the same free string a ticket's entitlement is: premium, vip and 24x7 buy round-the-clock SLA clocks */
  entitlement: z.string().trim().min(1).max(64),
  slaPolicyId: policyId,
  responseMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30),
  coverage: contractScopeSchema,
  quotas: quotasSchema,
  notes: z.string().trim().max(2000),
};

const endsAfterStart = (c: { startsOn?: string; endsOn?: string }) => !c.startsOn || !c.endsOn || c.endsOn >= c.startsOn;
const endsAfterStartIssue = { path: ['endsOn'], error: 'must not be before startsOn' };

export const createContractSchema = z
  .object({
    /** the contract number as printed on the paper contract */
    id: contractIdSchema,
    customerId: z.string().trim().min(1).max(128),
    ...fields,
    entitlement: fields.entitlement.optional(),
    slaPolicyId: fields.slaPolicyId.optional(),
    responseMinutes: fields.responseMinutes.optional(),
    coverage: fields.coverage.default({ assetIds: [], models: [], skus: [], regions: [] }),
    quotas: fields.quotas.default([]),
    /** a contract may be entered suspended (e.g. until it is paid); terminating is its own action */
    status: z.enum(['active', 'suspended']).default('active'),
    notes: fields.notes.optional(),
  })
  .strict()
  .refine(endsAfterStart, endsAfterStartIssue);
export type CreateContractInput = z.infer<typeof createContractSchema>;

/** A partial change; null clears an optional term. The number and the customer never change. */
export const updateContractSchema = z
  .object({
    kind: fields.kind.optional(),
    name: fields.name.optional(),
    startsOn: fields.startsOn.optional(),
    endsOn: fields.endsOn.optional(),
    entitlement: fields.entitlement.optional(),
    slaPolicyId: fields.slaPolicyId.nullable().optional(),
    responseMinutes: fields.responseMinutes.nullable().optional(),
    coverage: fields.coverage.optional(),
    quotas: fields.quotas.optional(),
    status: z.enum(['active', 'suspended']).optional(),
    notes: fields.notes.nullable().optional(),
  })
  .strict()
  .refine(endsAfterStart, endsAfterStartIssue);
export type UpdateContractInput = z.infer<typeof updateContractSchema>;

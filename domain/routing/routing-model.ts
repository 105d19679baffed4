import { z } from 'zod';

/**
 * Vocabulary of skill-based routing (issue 5 item 5, seed 002 §5): agents with skills, groups
 * (queues) with a strategy, roster entries. Pure data shapes shared by the API, the decision
 * function and the benchmark.
 */
export const ROUTING_STRATEGIES = ['round_robin', 'fewest_open', 'weighted'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export const AGENT_STATUSES = ['available', 'away', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export const ROSTER_KINDS = ['shift', 'on_duty', 'leave', 'busy'] as const;
export type RosterKind = (typeof ROSTER_KINDS)[number];

/** '*' in a skill dimension means "any". Level 1 = junior … 5 = expert. */
export const skillSchema = z
  .object({
    productLine: z.string().trim().min(1).max(64).default('*'),
    region: z.string().trim().min(1).max(64).default('*'),
    issueType: z.string().trim().min(1).max(64).default('*'),
    level: z.number().int().min(1).max(5),
  })
  .strict();
export type AgentSkill = z.infer<typeof skillSchema>;

/** Working hours in China time (UTC+8); weekdays 1 = Monday … 7 = Sunday. */
export const calendarSchema = z
  .object({
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
    end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM'),
  })
  .strict()
  .refine((c) => c.start < c.end, { message: 'start must be before end', path: ['end'] });
export type WorkCalendar = z.infer<typeof calendarSchema>;

export const DEFAULT_CALENDAR: WorkCalendar = { weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };
/** Expected handling minutes when an agent has no figure for the issue type. */
export const DEFAULT_HANDLING_MINUTES = 60;

export interface RoutingAgent {
  id: string;
  name: string;
  groups: string[];
  skills: AgentSkill[];
  newHire: boolean;
  mentorId: string | null;
  maxConcurrent: number;
  status: AgentStatus;
  /** tickets currently assigned and not resolved */
  openTickets: number;
  /** issue type → expected handling minutes; '*' is the agent's default */
  expectedMinutes: Record<string, number>;
}

export interface RoutingGroup {
  id: string;
  name: string;
  /** what every ticket of this queue needs; missing dimensions come from the ticket */
  requiredSkills: { productLine?: string; region?: string; issueType?: string; minLevel: number };
  strategy: RoutingStrategy;
}

export interface RoutingTicket {
  ticketId?: string;
  issueType: string;
  productLine: string;
  region: string;
  priority: 'P1' | 'P2' | 'P3' | 'P4';
  customerTier: 'standard' | 'vip' | 'premium';
  entitlement?: string | null;
  /** YYYY-MM-DD */
  warrantyEndsOn?: string | null;
  renewal?: boolean;
  createdAt?: string;
}

/**
 * What the routing of a stored ticket reads from it. The product line is the SKU's family, the
 * part before the first '-' ("ABC-123" → "ABC"), because the catalogue names families that way.
 */
export function productLineOfSku(sku: string | null | undefined): string {
  if (!sku) return '*';
  const i = sku.indexOf('-');
  return (i > 0 ? sku.slice(0, i) : sku).toUpperCase();
}

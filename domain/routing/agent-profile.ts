import { z } from 'zod';
import { AGENT_STATUSES, calendarSchema, ROSTER_KINDS, ROUTING_STRATEGIES, skillSchema } from './routing-model';

/**
 * Request shapes of agents, groups and roster entries, and the one derived fact about an agent:
 * whether they still count as a new hire.
 */
export const NEW_HIRE_DAYS = 90;

export function isNewHire(flag: boolean | null, hiredOn: string | null, now: Date): boolean {
  if (flag !== null) return flag;
  if (!hiredOn) return false;
  return now.getTime() - Date.parse(`${hiredOn}T00:00:00+08:00`) < NEW_HIRE_DAYS * 86_400_000;
}

export const routingIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (up to 64)');

const name = z.string().trim().min(1).max(100);
const latLng = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict();

const agentFields = {
  name,
  groups: z.array(routingIdSchema).max(20).default([]),
  skills: z.array(skillSchema).max(50).default([]),
  hiredOn: z.iso.date({ error: 'must be a date YYYY-MM-DD' }).nullable().optional(),
  /** omit (or null) to derive it from hiredOn */
  newHire: z.boolean().nullable().optional(),
  mentorId: routingIdSchema.nullable().optional(),
  maxConcurrent: z.number().int().min(1).max(200),
  status: z.enum(AGENT_STATUSES).default('available'),
  fieldEngineer: z.boolean().default(false),
  location: latLng.nullable().optional(),
  calendar: calendarSchema.optional(),
  expectedMinutes: z.record(z.string().min(1).max(64), z.number().int().min(1).max(10_000)).default({}),
  // What an engineer carries is their van's stock (a stock location of kind engineer), not a field here.
};

export const createAgentSchema = z.object({ id: routingIdSchema, ...agentFields }).strict();
export type CreateAgent = z.infer<typeof createAgentSchema>;

/** Every field optional; what is absent stays as it is. */
export const updateAgentSchema = z
  .object({
    name: name.optional(),
    groups: z.array(routingIdSchema).max(20).optional(),
    skills: z.array(skillSchema).max(50).optional(),
    hiredOn: agentFields.hiredOn,
    newHire: agentFields.newHire,
    mentorId: agentFields.mentorId,
    maxConcurrent: agentFields.maxConcurrent.optional(),
    status: z.enum(AGENT_STATUSES).optional(),
    fieldEngineer: z.boolean().optional(),
    location: agentFields.location,
    calendar: calendarSchema.optional(),
    expectedMinutes: agentFields.expectedMinutes.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export type UpdateAgent = z.infer<typeof updateAgentSchema>;

const requiredSkills = z
  .object({
    productLine: z.string().trim().min(1).max(64).optional(),
    region: z.string().trim().min(1).max(64).optional(),
    issueType: z.string().trim().min(1).max(64).optional(),
    minLevel: z.number().int().min(1).max(5).default(1),
  })
  .strict();

/**
 * `autoAssign`: the ticket workflow routes a ticket that enters this queue (at creation, after a
 * missed acceptance or a dispute) and assigns it; otherwise the queue's agents take their work.
 */
export const createGroupSchema = z
  .object({
    id: routingIdSchema,
    name,
    requiredSkills: requiredSkills.default({ minLevel: 1 }),
    strategy: z.enum(ROUTING_STRATEGIES),
    autoAssign: z.boolean().default(false),
  })
  .strict();
export type CreateGroup = z.infer<typeof createGroupSchema>;

export const updateGroupSchema = z
  .object({
    name: name.optional(),
    requiredSkills: requiredSkills.optional(),
    strategy: z.enum(ROUTING_STRATEGIES).optional(),
    autoAssign: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });

export const createRosterEntrySchema = z
  .object({
    agentId: routingIdSchema,
    groupId: routingIdSchema.nullable().optional(),
    kind: z.enum(ROSTER_KINDS),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((e) => Date.parse(e.endsAt) > Date.parse(e.startsAt), { message: 'must be after startsAt', path: ['endsAt'] })
  .refine((e) => Date.parse(e.endsAt) - Date.parse(e.startsAt) <= 31 * 86_400_000, {
    message: 'an entry spans at most 31 days',
    path: ['endsAt'],
  });
export type CreateRosterEntry = z.infer<typeof createRosterEntrySchema>;

import { z } from 'zod';
import { routingIdSchema } from '../../domain/routing/agent-profile';
import { skillSchema } from '../../domain/routing/routing-model';
import { passwordSchema } from '../auth/passwords';
import { PROVIDER_ROLES, ROLES } from '../auth/permissions';

/** Usernames follow agent ids, so an agent created for a user can carry the username as its id. */
export const usernameSchema = routingIdSchema;

const profile = {
  displayName: z.string().trim().min(1).max(100),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{4,30}$/, 'digits, spaces, - and a leading + only')
    .nullable()
    .optional(),
  email: z.email({ error: 'not an email address' }).max(200).nullable().optional(),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  /** routing groups (queues) of the person's agent record */
  groups: z.array(routingIdSchema).max(20),
  skills: z.array(skillSchema).max(50),
  providerId: z.string().trim().min(1).max(128).nullable().optional(),
};

const providerRoles = (b: { providerId?: string | null; roles?: readonly string[] }, c: z.RefinementCtx) => {
  if (b.providerId && b.roles?.some((r) => !(PROVIDER_ROLES as readonly string[]).includes(r))) {
    c.addIssue({ code: 'custom', path: ['roles'], message: `a service provider's user may have only: ${PROVIDER_ROLES.join(', ')}` });
  }
};

export const createUserSchema = z
  .object({
    username: usernameSchema,
    ...profile,
    groups: profile.groups.default([]),
    skills: profile.skills.default([]),
    /** the initial password, which the user must change at first sign-in */
    password: passwordSchema,
    /** link to an existing agent / field engineer record (the same person) instead of creating one */
    agentId: routingIdSchema.nullable().optional(),
    /** false only for seeded demo users whose password is documented */
    mustChangePassword: z.boolean().default(true),
  })
  .strict()
  .superRefine(providerRoles);
export type CreateUser = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    displayName: profile.displayName.optional(),
    phone: profile.phone,
    email: profile.email,
    roles: profile.roles.optional(),
    groups: profile.groups.optional(),
    skills: profile.skills.optional(),
    providerId: profile.providerId,
    active: z.boolean().optional(),
    agentId: routingIdSchema.nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' })
  .superRefine(providerRoles);
export type UpdateUser = z.infer<typeof updateUserSchema>;

export const resetPasswordSchema = z.object({ password: passwordSchema }).strict();

export const listUsersQuery = z
  .object({
    /** matches username, display name, phone or email */
    q: z.string().trim().max(100).optional(),
    role: z.enum(ROLES).optional(),
    active: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();

export const userIdParams = z.object({ id: z.uuid({ error: 'not a user id' }) }).strict();

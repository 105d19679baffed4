import type { EntityManager } from 'typeorm';
import { DEFAULT_CALENDAR, type AgentSkill } from '../../domain/routing/routing-model';
import { audit } from '../../db/audit-log';
import { HttpProblem } from '../http/problem';
import { checkAgentRefs } from '../routing/routing-writes';

type Db = Pick<EntityManager, 'query'>;

/** The roles whose people take work from queues or visits and so need an agent record. */
export const WORKING_ROLES = ['agent', 'team_lead', 'engineer', 'outlet'] as const;

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  phone: string | null;
  email: string | null;
  roles: string[];
  agent_id: string | null;
  provider_id: string | null;
  active: boolean;
  must_change_password: boolean;
  last_sign_in_at: Date | null;
  locked_until: Date | null;
  groups: string[] | null;
  skills: AgentSkill[] | null;
  version: number;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

export const USER_COLUMNS = `u.id, u.username, u.display_name, u.phone, u.email, u.roles, u.agent_id, u.provider_id, u.active,
  u.must_change_password, u.last_sign_in_at, f.locked_until, a.groups, a.skills, u.version, u.created_by, u.created_at,
  u.updated_by, u.updated_at`;
export const USER_FROM = `users u LEFT JOIN agents a ON a.id = u.agent_id LEFT JOIN sign_in_failures f ON f.username = lower(u.username)`;

export function userView(r: UserRow, now: Date) {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    phone: r.phone,
    email: r.email,
    roles: r.roles,
    groups: r.groups ?? [],
    skills: r.skills ?? [],
    agentId: r.agent_id,
    providerId: r.provider_id,
    active: r.active,
    mustChangePassword: r.must_change_password,
    lockedUntil: r.locked_until && r.locked_until > now ? r.locked_until.toISOString() : null,
    lastSignInAt: r.last_sign_in_at?.toISOString() ?? null,
    version: r.version,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedBy: r.updated_by,
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function loadUser(db: Db, id: string, forUpdate = false): Promise<UserRow> {
  const [row] = (await db.query(`SELECT ${USER_COLUMNS} FROM ${USER_FROM} WHERE u.id = $1 ${forUpdate ? 'FOR UPDATE OF u' : ''}`, [
    id,
  ])) as UserRow[];
  if (!row) throw HttpProblem.notFound(`no user ${id}`);
  return row;
}

const invalid = (field: string, message: string) =>
  new HttpProblem(422, 'validation_failed', 'The request is not valid', `${field}: ${message}`, [{ field, message }]);

export async function checkProvider(db: Db, providerId: string | null | undefined): Promise<void> {
  if (!providerId) return;
  const [p] = (await db.query(`SELECT active FROM service_providers WHERE id = $1`, [providerId])) as { active: boolean }[];
  if (!p?.active) throw invalid('providerId', p ? 'the service provider is inactive' : 'no such service provider');
}

/** An existing agent record may belong to one user only. */
export async function checkAgentFree(db: Db, agentId: string, userId: string | null): Promise<void> {
  const [a] = (await db.query(`SELECT id FROM agents WHERE id = $1`, [agentId])) as { id: string }[];
  if (!a) throw invalid('agentId', `no agent ${agentId}`);
  const [taken] = (await db.query(`SELECT username FROM users WHERE agent_id = $1 AND id IS DISTINCT FROM $2`, [agentId, userId])) as {
    username: string;
  }[];
  if (taken) throw invalid('agentId', `agent ${agentId} is already the user ${taken.username}`);
}

/**
 * Makes the person's agent record (id = username) when they need one and have none: a role that
 * takes work, or groups/skills to hold. An agent of that id already there is the same person only
 * when named explicitly (agentId), so this refuses rather than guess.
 */
export async function createAgentFor(
  tx: Db,
  actor: string,
  user: { username: string; displayName: string; roles: readonly string[] },
  refs: { groups: string[]; skills: AgentSkill[] },
): Promise<string> {
  const [clash] = (await tx.query(`SELECT id FROM agents WHERE id = $1`, [user.username])) as { id: string }[];
  if (clash) throw invalid('agentId', `an agent ${user.username} exists; send agentId: "${user.username}" to make it this user's record`);
  await checkAgentRefs(tx as EntityManager, user.username, { groups: refs.groups });
  const engineer = user.roles.includes('engineer');
  await tx.query(
    `INSERT INTO agents (id, name, groups, skills, max_concurrent, field_engineer, calendar, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
    [
      user.username,
      user.displayName,
      refs.groups,
      JSON.stringify(refs.skills),
      engineer ? 6 : 10,
      engineer,
      JSON.stringify(DEFAULT_CALENDAR),
      actor,
    ],
  );
  await audit(tx, actor, 'agent.created', 'agent', user.username, { groups: refs.groups, skills: refs.skills, forUser: user.username });
  return user.username;
}

/** Groups and skills live on the agent record; a change there is the agent's change too. */
export async function updateAgentGroupsSkills(
  tx: Db,
  actor: string,
  agentId: string,
  change: { groups?: string[]; skills?: AgentSkill[]; name?: string },
): Promise<void> {
  if (change.groups) await checkAgentRefs(tx as EntityManager, agentId, { groups: change.groups });
  await tx.query(
    `UPDATE agents SET groups = COALESCE($2, groups), skills = COALESCE($3, skills), name = COALESCE($4, name),
       version = version + 1, updated_by = $5, updated_at = now() WHERE id = $1`,
    [agentId, change.groups ?? null, change.skills ? JSON.stringify(change.skills) : null, change.name ?? null, actor],
  );
  await audit(tx, actor, 'agent.updated', 'agent', agentId, change);
}

import { audit } from '../../db/audit-log';
import { actorOf } from '../auth/api-tokens';
import { authRuntime } from '../auth/auth-runtime';
import { hashPassword } from '../auth/passwords';
import { permissionsOf, PROVIDER_ROLES, ROLES } from '../auth/permissions';
import { clearFailures } from '../auth/sign-in-guard';
import type { ApiContext } from '../context';
import { checkIfMatch } from '../http/if-match';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { createUserSchema, listUsersQuery, resetPasswordSchema, updateUserSchema, userIdParams } from './user-schemas';
import {
  checkAgentFree,
  checkProvider,
  createAgentFor,
  loadUser,
  updateAgentGroupsSkills,
  USER_COLUMNS,
  USER_FROM,
  userView,
  WORKING_ROLES,
  type UserRow,
} from './user-store';

const needsAgent = (roles: readonly string[]) => roles.some((r) => (WORKING_ROLES as readonly string[]).includes(r));

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** People (users) and their roles, groups and skills; admin only (users:manage). */
export function userRoutes(ctx: ApiContext) {
  const ds = ctx.dataSource;
  const now = () => authRuntime(ctx).policy.now();
  const withTag = (row: UserRow, status = 200, extra: Record<string, string> = {}) => ({
    status,
    headers: { ETag: `"${row.version}"`, ...extra },
    body: userView(row, now()),
  });

  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/users',
      permission: 'users:manage',
      summary: 'List or search users (q matches username, name, phone, email; filter by role and active), by username.',
      query: listUsersQuery,
      async handler({ query }) {
        const where: string[] = [];
        const args: unknown[] = [];
        if (query.q) {
          args.push(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
          where.push(
            `(u.username ILIKE $${args.length} OR u.display_name ILIKE $${args.length} OR u.phone ILIKE $${args.length} OR u.email ILIKE $${args.length})`,
          );
        }
        if (query.role) {
          args.push(query.role);
          where.push(`$${args.length} = ANY(u.roles)`);
        }
        if (query.active) where.push(query.active === 'true' ? 'u.active' : 'NOT u.active');
        const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
        const [{ total }] = (await ds.query(`SELECT count(*)::int AS total FROM users u ${filter}`, args)) as [{ total: number }];
        const rows = (await ds.query(
          `SELECT ${USER_COLUMNS} FROM ${USER_FROM} ${filter} ORDER BY lower(u.username) LIMIT ${query.limit} OFFSET ${query.offset}`,
          args,
        )) as UserRow[];
        return { body: { items: rows.map((r) => userView(r, now())), total } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/users/:id',
      permission: 'users:manage',
      summary: 'One user, with the groups and skills of their agent record; the ETag is the version for If-Match.',
      params: userIdParams,
      async handler({ params }) {
        return withTag(await loadUser(ds, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/users',
      permission: 'users:manage',
      summary:
        'Create a user with an initial password (≥ 10 characters) they must change at first sign-in. A person who takes work (agent, team lead, engineer, outlet) or has groups/skills is an agent record too: agentId links an existing one, else one is made with the username as id. A username already used is 409.',
      body: createUserSchema,
      async handler({ body, principal }) {
        const actor = actorOf(principal);
        await checkProvider(ds, body.providerId);
        const hash = await hashPassword(body.password);
        const row = await ds.transaction(async (tx) => {
          const [clash] = (await tx.query(`SELECT id FROM users WHERE lower(username) = lower($1)`, [body.username])) as { id: string }[];
          if (clash) {
            throw new HttpProblem(409, 'user_exists', 'User exists', `the username ${body.username} is taken`, [
              { field: 'username', message: 'already taken' },
            ]);
          }
          let agentId: string | null = null;
          if (body.agentId) {
            await checkAgentFree(tx, body.agentId, null);
            agentId = body.agentId;
            if (body.groups.length || body.skills.length) {
              await updateAgentGroupsSkills(tx, actor, agentId, { groups: body.groups, skills: body.skills });
            }
          } else if (body.agentId !== null && (needsAgent(body.roles) || body.groups.length || body.skills.length)) {
            agentId = await createAgentFor(tx, actor, body, body);
          }
          const [{ id }] = (await tx.query(
            `INSERT INTO users (username, display_name, phone, email, roles, agent_id, provider_id, password_hash, must_change_password,
                created_by, updated_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
            [
              body.username,
              body.displayName,
              body.phone ?? null,
              body.email ?? null,
              body.roles,
              agentId,
              body.providerId ?? null,
              hash,
              body.mustChangePassword,
              actor,
            ],
          )) as [{ id: string }];
          await audit(tx, actor, 'user.created', 'user', id, {
            username: body.username,
            roles: body.roles,
            agentId,
            providerId: body.providerId ?? null,
            mustChangePassword: body.mustChangePassword,
          });
          return loadUser(tx, id);
        });
        return withTag(row, 201, { Location: `/api/v1/users/${row.id}` });
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/users/:id',
      permission: 'users:manage',
      summary:
        'Change a user: name, phone, email, roles, groups, skills (on their agent record), provider, active, agent link. If-Match with the version is required (428 without, 412 when stale). Deactivating ends their sessions. An admin cannot deactivate or un-admin themselves.',
      params: userIdParams,
      body: updateUserSchema,
      async handler({ req, params, body, principal }) {
        const actor = actorOf(principal);
        if (
          principal!.kind === 'user' &&
          principal!.id === params.id &&
          (body.active === false || (body.roles && !body.roles.includes('admin')))
        ) {
          throw new HttpProblem(
            409,
            'self_lockout',
            'Not on yourself',
            'an admin cannot deactivate themselves or drop their own admin role',
          );
        }
        if (body.providerId) await checkProvider(ds, body.providerId);
        const row = await ds.transaction(async (tx) => {
          const before = await loadUser(tx, params.id, true);
          checkIfMatch(req.header('if-match'), before.version, `user ${before.username}`, { required: true });
          const roles = body.roles ?? before.roles;
          const providerId = body.providerId === undefined ? before.provider_id : body.providerId;
          if (providerId && roles.some((r) => !(PROVIDER_ROLES as readonly string[]).includes(r))) {
            throw new HttpProblem(422, 'validation_failed', 'The request is not valid', "roles: not for a service provider's user", [
              { field: 'roles', message: "not for a service provider's user" },
            ]);
          }
          let agentId = body.agentId === undefined ? before.agent_id : body.agentId;
          if (body.agentId && body.agentId !== before.agent_id) await checkAgentFree(tx, body.agentId, params.id);
          const wantsAgentData = body.groups !== undefined || body.skills !== undefined;
          if (agentId && (wantsAgentData || body.displayName)) {
            await updateAgentGroupsSkills(tx, actor, agentId, { groups: body.groups, skills: body.skills, name: body.displayName });
          } else if (!agentId && body.agentId !== null && (wantsAgentData || (needsAgent(roles) && !needsAgent(before.roles)))) {
            agentId = await createAgentFor(
              tx,
              actor,
              { username: before.username, displayName: body.displayName ?? before.display_name, roles },
              { groups: body.groups ?? [], skills: body.skills ?? [] },
            );
          }
          const active = body.active ?? before.active;
          await tx.query(
            `UPDATE users SET display_name = $2, phone = $3, email = $4, roles = $5, agent_id = $6, provider_id = $7, active = $8,
                version = version + 1, updated_by = $9, updated_at = now() WHERE id = $1`,
            [
              params.id,
              body.displayName ?? before.display_name,
              body.phone === undefined ? before.phone : body.phone,
              body.email === undefined ? before.email : body.email,
              roles,
              agentId,
              providerId,
              active,
              actor,
            ],
          );
          await audit(tx, actor, 'user.updated', 'user', params.id, { username: before.username, changed: Object.keys(body) });
          if (!sameSet(roles, before.roles)) {
            await audit(tx, actor, 'user.roles_changed', 'user', params.id, { username: before.username, from: before.roles, to: roles });
          }
          if (before.active !== active) {
            await audit(tx, actor, active ? 'user.reactivated' : 'user.deactivated', 'user', params.id, { username: before.username });
          }
          // Roles are read per request, so a change takes effect at once; a deactivated user is signed out.
          if (!active) await tx.query(`DELETE FROM user_sessions WHERE user_id = $1`, [params.id]);
          return loadUser(tx, params.id);
        });
        return withTag(row);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/users/:id/deactivate',
      permission: 'users:manage',
      summary: 'Deactivate a user: they can no longer sign in and their sessions end. Repeating it changes nothing.',
      params: userIdParams,
      async handler({ params, principal }) {
        const actor = actorOf(principal);
        if (principal!.kind === 'user' && principal!.id === params.id) {
          throw new HttpProblem(409, 'self_lockout', 'Not on yourself', 'an admin cannot deactivate themselves');
        }
        const row = await ds.transaction(async (tx) => {
          const before = await loadUser(tx, params.id, true);
          if (!before.active) return before;
          await tx.query(`UPDATE users SET active = false, version = version + 1, updated_by = $2, updated_at = now() WHERE id = $1`, [
            params.id,
            actor,
          ]);
          await tx.query(`DELETE FROM user_sessions WHERE user_id = $1`, [params.id]);
          await audit(tx, actor, 'user.deactivated', 'user', params.id, { username: before.username });
          return loadUser(tx, params.id);
        });
        return withTag(row);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/users/:id/password-reset',
      permission: 'users:manage',
      summary:
        'Set a new initial password (≥ 10 characters): the user must change it at next sign-in; their sessions end and a lock-out is lifted.',
      params: userIdParams,
      body: resetPasswordSchema,
      async handler({ params, body, principal }) {
        const actor = actorOf(principal);
        const hash = await hashPassword(body.password);
        const row = await ds.transaction(async (tx) => {
          const before = await loadUser(tx, params.id, true);
          await tx.query(
            `UPDATE users SET password_hash = $2, must_change_password = true, version = version + 1, updated_by = $3, updated_at = now()
              WHERE id = $1`,
            [params.id, hash, actor],
          );
          await tx.query(`DELETE FROM user_sessions WHERE user_id = $1`, [params.id]);
          await clearFailures(tx, before.username);
          await audit(tx, actor, 'user.password_reset', 'user', params.id, { username: before.username });
          return loadUser(tx, params.id);
        });
        return withTag(row);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/roles',
      permission: 'users:manage',
      summary: 'The roles and the permissions each gives.',
      async handler() {
        return { body: { items: ROLES.map((role) => ({ role, permissions: permissionsOf(role) })) } };
      },
    }),
  ];
}

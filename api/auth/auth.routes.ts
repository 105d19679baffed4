import { z } from 'zod';
import { audit } from '../../db/audit-log';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import type { Principal } from './api-tokens';
import { SESSION_COOKIE } from './auth-policy';
import { authRuntime } from './auth-runtime';
import { csrfFailed } from './authenticate';
import { hashPassword, passwordSchema, verifyPassword } from './passwords';
import { PERMISSIONS, permits } from './permissions';
import { clearFailures, lockedFor, recordFailure, usernameKey } from './sign-in-guard';
import { clearSessionCookies, createSession, hashSessionId, loadSession, readCookie, sameToken, setSessionCookies } from './sessions';

const signInBody = z
  .object({
    username: z.string().trim().min(1).max(64),
    // Not the policy: an old password that predates it must still sign in (and is then changed).
    password: z.string().min(1).max(200),
  })
  .strict();

const passwordBody = z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema }).strict();

const invalidCredentials = () => new HttpProblem(401, 'invalid_credentials', 'Sign-in failed', 'the username or password is wrong');

const locked = (seconds: number) =>
  new HttpProblem(423, 'account_locked', 'Locked', `too many failed sign-ins; try again in ${Math.ceil(seconds / 60)} min`, undefined, {
    'Retry-After': String(seconds),
  });

/** What the console needs to know about who is signed in. */
export function meView(p: Principal, csrfToken?: string) {
  return {
    kind: p.kind ?? 'token',
    id: p.id,
    username: p.name,
    displayName: p.displayName ?? p.name,
    roles: p.roles,
    permissions: PERMISSIONS.filter((perm) => permits(p, perm)),
    providerId: p.providerId ?? null,
    agentId: p.agentId ?? null,
    mustChangePassword: p.mustChangePassword ?? false,
    ...(csrfToken ? { csrfToken } : {}),
  };
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  roles: string[];
  provider_id: string | null;
  agent_id: string | null;
  active: boolean;
  password_hash: string;
  must_change_password: boolean;
}

export function authRoutes(ctx: ApiContext) {
  const ds = ctx.dataSource;
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/sign-in',
      permission: 'public',
      summary:
        'Sign in with username and password: sets the session cookie (httpOnly, SameSite=Lax) and the readable fixflow_csrf cookie, whose value (also `csrfToken` here) goes in X-CSRF-Token on every unsafe request. Wrong name or password is one generic 401; 5 failures in a row lock the name for 15 min (423 with Retry-After); attempts per IP are bounded (429).',
      body: signInBody,
      async handler({ req, res, body }) {
        const { policy, limitIp } = authRuntime(ctx);
        const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
        limitIp(ip);
        const name = usernameKey(body.username);
        const actor = `user:${name}`;
        const wait = await lockedFor(ds, name, policy);
        if (wait > 0) {
          await audit(ds, actor, 'auth.sign_in_refused', 'user', name, { username: name, ip, reason: 'locked', retryAfterSeconds: wait });
          throw locked(wait);
        }
        const [user] = (await ds.query(
          `SELECT u.id, u.username, u.display_name, u.roles, u.provider_id, u.agent_id, u.active AND COALESCE(p.active, true) AS active,
                  u.password_hash, u.must_change_password
             FROM users u LEFT JOIN service_providers p ON p.id = u.provider_id WHERE lower(u.username) = $1`,
          [name],
        )) as UserRow[];
        const ok = await verifyPassword(body.password, user?.password_hash ?? null);
        if (!ok || !user!.active) {
          const reason = !user ? 'unknown_user' : !ok ? 'wrong_password' : 'inactive';
          const lockedNow = await ds.transaction(async (tx) => {
            const nowLocked = await recordFailure(tx, name, policy);
            await audit(tx, actor, 'auth.sign_in_failed', 'user', user?.id ?? name, { username: name, ip, reason });
            if (nowLocked) {
              await audit(tx, 'system', 'auth.locked_out', 'user', user?.id ?? name, {
                username: name,
                ip,
                lockedForSeconds: policy.lockoutMs / 1000,
              });
            }
            return nowLocked;
          });
          if (lockedNow) throw locked(Math.ceil(policy.lockoutMs / 1000));
          throw invalidCredentials();
        }
        const previous = readCookie(req, SESSION_COOKIE);
        const session = await ds.transaction(async (tx) => {
          await clearFailures(tx, name);
          // A new sign-in never keeps the session the browser came with (no fixation).
          if (previous) await tx.query(`DELETE FROM user_sessions WHERE id_hash = $1`, [hashSessionId(previous)]);
          const s = await createSession(tx, user!.id, policy, { ip, userAgent: req.header('user-agent') });
          await tx.query(`UPDATE users SET last_sign_in_at = $2 WHERE id = $1`, [user!.id, policy.now()]);
          await audit(tx, `user:${user!.username}`, 'auth.signed_in', 'user', user!.id, { username: user!.username, ip });
          return s;
        });
        setSessionCookies(req, res, session);
        const principal: Principal = {
          id: user!.id,
          name: user!.username,
          roles: user!.roles,
          providerId: user!.provider_id,
          kind: 'user',
          agentId: user!.agent_id,
          displayName: user!.display_name,
          mustChangePassword: user!.must_change_password,
        };
        return { body: meView(principal, session.csrfToken), headers: { 'Cache-Control': 'no-store' } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/auth/me',
      permission: 'account:self',
      summary:
        'Who is calling: the signed-in user (with the session CSRF token) or the API token, with roles and the permissions they give.',
      async handler({ res, principal }) {
        const session = res.locals.session as { csrfToken: string } | undefined;
        return { body: meView(principal!, session?.csrfToken), headers: { 'Cache-Control': 'no-store' } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/sign-out',
      permission: 'public',
      summary:
        'Ends the cookie session (needs X-CSRF-Token like any unsafe request) and clears the cookies; without a live session it just clears them.',
      async handler({ req, res }) {
        const { policy } = authRuntime(ctx);
        const cookie = readCookie(req, SESSION_COOKIE);
        const session = cookie ? await loadSession(ds, cookie, policy) : null;
        if (session) {
          if (!sameToken(req.header('x-csrf-token'), session.csrfToken)) throw csrfFailed();
          await ds.transaction(async (tx) => {
            await tx.query(`DELETE FROM user_sessions WHERE id_hash = $1`, [session.idHash]);
            await audit(tx, `user:${session.username}`, 'auth.signed_out', 'user', session.userId, { username: session.username });
          });
        }
        clearSessionCookies(req, res);
        return { body: { signedOut: Boolean(session) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/password',
      permission: 'account:self',
      summary:
        "Change one's own password (at least 10 characters, not the current one). Required after an admin set or reset it. Other sessions of the user end.",
      body: passwordBody,
      async handler({ res, body, principal }) {
        const { policy } = authRuntime(ctx);
        if (principal!.kind !== 'user') {
          throw new HttpProblem(409, 'not_a_user', 'No password', 'an API token has no password; sign in as a user');
        }
        const [row] = (await ds.query(`SELECT password_hash FROM users WHERE id = $1`, [principal!.id])) as { password_hash: string }[];
        if (!row || !(await verifyPassword(body.currentPassword, row.password_hash))) {
          await audit(ds, `user:${principal!.name}`, 'auth.password_change_failed', 'user', principal!.id, { reason: 'wrong_password' });
          throw new HttpProblem(422, 'validation_failed', 'The request is not valid', 'currentPassword: wrong password', [
            { field: 'currentPassword', message: 'wrong password' },
          ]);
        }
        if (body.newPassword === body.currentPassword) {
          throw new HttpProblem(422, 'validation_failed', 'The request is not valid', 'newPassword: must differ from the current one', [
            { field: 'newPassword', message: 'must differ from the current one' },
          ]);
        }
        const hash = await hashPassword(body.newPassword);
        const session = res.locals.session as { idHash: string } | undefined;
        await ds.transaction(async (tx) => {
          await tx.query(
            `UPDATE users SET password_hash = $2, must_change_password = false, password_changed_at = $3, updated_at = $3 WHERE id = $1`,
            [principal!.id, hash, policy.now()],
          );
          await tx.query(`DELETE FROM user_sessions WHERE user_id = $1 AND id_hash <> $2`, [principal!.id, session?.idHash ?? '']);
          await audit(tx, `user:${principal!.name}`, 'auth.password_changed', 'user', principal!.id, { by: 'self' });
        });
        return { body: meView({ ...principal!, mustChangePassword: false }) };
      },
    }),
  ];
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthPolicy } from './auth-policy';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth-policy';

/**
 * Cookie sessions for the console. The cookie carries a random id; PostgreSQL keeps only its
 * sha256, so a leaked table signs nobody in. Each session has its own CSRF token.
 */
export const hashSessionId = (id: string) => createHash('sha256').update(id, 'utf8').digest('hex');

export interface SessionUser {
  idHash: string;
  csrfToken: string;
  userId: string;
  username: string;
  displayName: string;
  roles: string[];
  providerId: string | null;
  agentId: string | null;
  mustChangePassword: boolean;
  lastSeenAt: Date;
  expiresAt: Date;
}

export async function createSession(
  db: Pick<EntityManager, 'query'>,
  userId: string,
  policy: AuthPolicy,
  meta: { ip?: string; userAgent?: string },
): Promise<{ id: string; csrfToken: string; expiresAt: Date }> {
  const id = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = policy.now();
  const expiresAt = new Date(now.getTime() + policy.sessionTtlMs);
  // Expired sessions of this user go as a new one comes.
  await db.query(`DELETE FROM user_sessions WHERE user_id = $1 AND (expires_at <= $2 OR last_seen_at <= $3)`, [
    userId,
    now,
    new Date(now.getTime() - policy.idleTimeoutMs),
  ]);
  await db.query(
    `INSERT INTO user_sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, $4, $5, $6, $7)`,
    [hashSessionId(id), userId, csrfToken, now, expiresAt, meta.ip ?? null, meta.userAgent?.slice(0, 300) ?? null],
  );
  return { id, csrfToken, expiresAt };
}

/**
 * The live session behind a cookie value, or null (unknown, expired, idle too long, user
 * deactivated, provider deactivated). A dead session row is removed on the way.
 */
export async function loadSession(ds: DataSource, id: string, policy: AuthPolicy): Promise<SessionUser | null> {
  const idHash = hashSessionId(id);
  const [row] = (await ds.query(
    `SELECT s.csrf_token, s.last_seen_at, s.expires_at, u.id AS user_id, u.username, u.display_name, u.roles, u.provider_id,
            u.agent_id, u.active, u.must_change_password, COALESCE(p.active, true) AS provider_active
       FROM user_sessions s JOIN users u ON u.id = s.user_id LEFT JOIN service_providers p ON p.id = u.provider_id
      WHERE s.id_hash = $1`,
    [idHash],
  )) as {
    csrf_token: string;
    last_seen_at: Date;
    expires_at: Date;
    user_id: string;
    username: string;
    display_name: string;
    roles: string[];
    provider_id: string | null;
    agent_id: string | null;
    active: boolean;
    must_change_password: boolean;
    provider_active: boolean;
  }[];
  if (!row) return null;
  const now = policy.now().getTime();
  const live =
    row.active && row.provider_active && row.expires_at.getTime() > now && row.last_seen_at.getTime() + policy.idleTimeoutMs > now;
  if (!live) {
    await ds.query(`DELETE FROM user_sessions WHERE id_hash = $1`, [idHash]);
    return null;
  }
  // Idle time is counted from the last request; written at most once a minute per session.
  if (now - row.last_seen_at.getTime() > Math.min(60_000, policy.idleTimeoutMs / 10)) {
    await ds.query(`UPDATE user_sessions SET last_seen_at = $2 WHERE id_hash = $1`, [idHash, new Date(now)]);
  }
  return {
    idHash,
    csrfToken: row.csrf_token,
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    providerId: row.provider_id,
    agentId: row.agent_id,
    mustChangePassword: row.must_change_password,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The session cookie (httpOnly) and its CSRF twin (readable by the page), both SameSite=Lax. */
export function setSessionCookies(req: Request, res: Response, session: { id: string; csrfToken: string; expiresAt: Date }): void {
  const common = { sameSite: 'lax' as const, path: '/', secure: req.secure, expires: session.expiresAt };
  res.cookie(SESSION_COOKIE, session.id, { ...common, httpOnly: true });
  res.cookie(CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(req: Request, res: Response): void {
  const common = { sameSite: 'lax' as const, path: '/', secure: req.secure };
  res.clearCookie(SESSION_COOKIE, { ...common, httpOnly: true });
  res.clearCookie(CSRF_COOKIE, { ...common, httpOnly: false });
}

import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { HttpProblem } from '../http/problem';
import { createTokenVerifier, type Principal } from './api-tokens';
import { CSRF_HEADER, SESSION_COOKIE, type AuthPolicy } from './auth-policy';
import { clearSessionCookies, loadSession, readCookie, sameToken } from './sessions';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** what a user who must change their password may still do */
const PASSWORD_CHANGE_PATHS = new Set(['/api/v1/auth/me', '/api/v1/auth/password', '/api/v1/auth/sign-out']);

export const csrfFailed = () =>
  new HttpProblem(403, 'csrf_failed', 'CSRF check failed', `send the session's CSRF token (the fixflow_csrf cookie) in ${CSRF_HEADER}`, [
    { field: 'header.X-CSRF-Token', message: 'missing or does not match the session' },
  ]);

/**
 * Who is calling: a bearer API token (integrators, scripts, tests; no CSRF, since a browser never
 * sends it by itself) or else the console's session cookie, whose unsafe requests must echo the
 * session's CSRF token. The bearer header wins when both are present.
 */
export function createAuthenticator(ds: DataSource, policy: AuthPolicy): RequestHandler {
  const verify = createTokenVerifier(ds);
  return async (req, res, next) => {
    const header = req.header('authorization');
    const cookie = readCookie(req, SESSION_COOKIE);
    if (header !== undefined || !cookie) {
      const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
      if (!match) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="fixflow"');
        throw new HttpProblem(401, 'unauthenticated', 'Authentication required', 'sign in, or send Authorization: Bearer <token>');
      }
      const principal = await verify(match[1]!);
      if (!principal) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="fixflow", error="invalid_token"');
        throw new HttpProblem(401, 'unauthenticated', 'Authentication required', 'the token is unknown or revoked');
      }
      res.locals.principal = { ...principal, kind: 'token' } satisfies Principal;
      return next();
    }
    const session = await loadSession(ds, cookie, policy);
    if (!session) {
      clearSessionCookies(req, res);
      throw new HttpProblem(401, 'session_expired', 'Authentication required', 'the session has ended; sign in again');
    }
    if (!SAFE_METHODS.has(req.method) && !sameToken(req.header(CSRF_HEADER), session.csrfToken)) throw csrfFailed();
    if (session.mustChangePassword && !PASSWORD_CHANGE_PATHS.has(req.path)) {
      throw new HttpProblem(
        403,
        'password_change_required',
        'Password change required',
        'change the initial password first (POST /api/v1/auth/password)',
      );
    }
    res.locals.principal = {
      id: session.userId,
      name: session.username,
      roles: session.roles,
      providerId: session.providerId,
      kind: 'user',
      agentId: session.agentId,
      displayName: session.displayName,
      mustChangePassword: session.mustChangePassword,
    } satisfies Principal;
    res.locals.session = session;
    next();
  };
}

import type { RequestHandler } from 'express';
import type { ApiContext } from '../context';
import { DEFAULT_AUTH_POLICY, type AuthPolicy } from './auth-policy';
import { createAuthenticator } from './authenticate';
import { createIpLimiter } from './sign-in-guard';

export interface AuthRuntime {
  policy: AuthPolicy;
  limitIp: (ip: string) => void;
  authenticate: RequestHandler;
}

const runtimes = new WeakMap<ApiContext, AuthRuntime>();

/** One policy, IP limiter and authenticator per API context (per app), shared by its routes. */
export function authRuntime(ctx: ApiContext): AuthRuntime {
  let rt = runtimes.get(ctx);
  if (!rt) {
    const policy = { ...DEFAULT_AUTH_POLICY, ...ctx.authPolicy };
    rt = { policy, limitIp: createIpLimiter(policy), authenticate: createAuthenticator(ctx.dataSource, policy) };
    runtimes.set(ctx, rt);
  }
  return rt;
}

import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { Principal } from '../auth/api-tokens';
import { permits, type Permission } from '../auth/permissions';
import { HttpProblem } from './problem';

export interface RouteContext<B, Q, P> {
  req: Request;
  res: Response;
  principal: Principal | null;
  body: B;
  query: Q;
  params: P;
}

export interface RouteResult {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RouteSpec<B = unknown, Q = unknown, P = unknown> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** express path, e.g. /api/v1/tickets/:ticketId */
  path: string;
  /** what the caller must be allowed to do; 'public' only for health and customer pages */
  permission: Permission | 'public';
  summary: string;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  handler(ctx: RouteContext<B, Q, P>): Promise<RouteResult>;
  /**
   * The handler masks personal data itself, by a rule of its own: the PII guard leaves its
   * response alone (neither masked again nor audited). Most routes leave masking to the guard.
   */
  piiMasked?: boolean;
}

/** Sees every JSON response body on its way out and returns what is sent (the PII guard, api/pii). */
export type ResponseFilter = (out: {
  route: RouteSpec<any, any, any>;
  req: Request;
  principal: Principal | null;
  body: unknown;
}) => Promise<unknown>;

/** Keeps each route's types while collecting them in one list. */
export function defineRoute<B = undefined, Q = undefined, P = undefined>(spec: RouteSpec<B, Q, P>): RouteSpec<B, Q, P> {
  return spec;
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: 'body' | 'query' | 'params'): T {
  if (!schema) return undefined as T;
  const out = schema.safeParse(value);
  if (!out.success) throw HttpProblem.validation(out.error, where);
  return out.data;
}

/**
 * Mounts routes with the checks every route gets, in this order: authenticated (unless public),
 * within its caller's rate limit, permitted, params/query/body parsed by their schemas. A route cannot skip them.
 */
export function mountRoutes(
  router: Router,
  routes: RouteSpec<any, any, any>[],
  authenticate: RequestHandler,
  onResponse?: ResponseFilter,
  /** the per-caller rate limit (api/http/rate-limit.ts), checked once the caller is known */
  rateLimit?: (req: Request, res: Response, principal: Principal | null) => void,
): void {
  for (const route of routes) {
    const guard: RequestHandler[] = route.permission === 'public' ? [] : [authenticate];
    router[route.method](route.path, ...guard, async (req: Request, res: Response) => {
      const principal = (res.locals.principal as Principal | undefined) ?? null;
      rateLimit?.(req, res, principal);
      if (route.permission !== 'public' && !permits(principal ?? { roles: [] }, route.permission)) {
        throw new HttpProblem(403, 'forbidden', 'Forbidden', `this token may not ${route.permission}`);
      }
      // req.is() is null when there is no body at all; an empty body then parses as {}.
      if (route.body && req.is('application/json') === false) {
        throw new HttpProblem(415, 'unsupported_media_type', 'Unsupported media type', 'send the body as application/json');
      }
      const params = parse(route.params, req.params, 'params');
      const query = parse(route.query, req.query, 'query');
      const body = parse(route.body, req.body ?? {}, 'body');
      const result = await route.handler({ req, res, principal, body, query, params });
      // A handler that streams (an export) has answered already.
      if (res.headersSent) return;
      const sent = onResponse ? await onResponse({ route, req, principal, body: result.body }) : result.body;
      for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v);
      res.status(result.status ?? 200).json(sent);
    });
  }
}

import type { Request, Response } from 'express';
import type { Principal } from '../auth/api-tokens';
import { HttpProblem } from './problem';

export interface RateLimitOptions {
  /** sustained requests per second, refilled continuously */
  ratePerSecond: number;
  /** requests allowed at once on top of an idle period */
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Where buckets are counted when nobody is signed in (public pages, customer H5). */
const keyOf = (req: Request, principal: Principal | null) =>
  principal ? `${principal.kind === 'user' ? 'user' : 'token'}:${principal.id}` : `ip:${req.ip ?? req.socket.remoteAddress ?? '?'}`;

/**
 * A token bucket per principal (per IP for public routes). It is kept in process memory: each API
 * replica enforces the limit alone, so behind N replicas a caller gets at most N× the budget. That
 * is acceptable for what the limit is for — one runaway integration or script must not starve
 * everyone else on a replica — and it costs no database round trip per request; a hard global quota
 * would belong in the load balancer. Returns the check mountRoutes runs after authentication.
 */
export function createRateLimiter(opts: RateLimitOptions, now: () => number = Date.now) {
  const buckets = new Map<string, Bucket>();
  const perMs = opts.ratePerSecond / 1000;
  let sweepAt = now();

  // Full buckets carry no information: dropped once a minute so idle callers cost no memory.
  function sweep(t: number) {
    if (t - sweepAt < 60_000) return;
    sweepAt = t;
    for (const [k, b] of buckets) if (b.tokens + (t - b.at) * perMs >= opts.burst) buckets.delete(k);
  }

  return function take(req: Request, res: Response, principal: Principal | null): void {
    const t = now();
    sweep(t);
    const key = keyOf(req, principal);
    const b = buckets.get(key) ?? { tokens: opts.burst, at: t };
    b.tokens = Math.min(opts.burst, b.tokens + (t - b.at) * perMs);
    b.at = t;
    buckets.set(key, b);
    const allowed = b.tokens >= 1;
    if (allowed) b.tokens -= 1;
    // draft-ietf-httpapi-ratelimit-headers: the budget, what is left, seconds until it is full again
    res.setHeader('RateLimit-Limit', String(opts.burst));
    res.setHeader('RateLimit-Remaining', String(Math.floor(b.tokens)));
    res.setHeader('RateLimit-Reset', String(Math.ceil((opts.burst - b.tokens) / perMs / 1000)));
    res.setHeader('RateLimit-Policy', `${opts.burst};w=${Math.ceil(opts.burst / opts.ratePerSecond)}`);
    if (!allowed) {
      const retryAfter = Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
      throw new HttpProblem(
        429,
        'rate_limited',
        'Too many requests',
        `at most ${opts.burst} requests at once and ${opts.ratePerSecond} per second after that, per ${principal ? 'caller' : 'address'}; retry in ${retryAfter} s`,
        undefined,
        { 'Retry-After': String(retryAfter) },
      );
    }
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

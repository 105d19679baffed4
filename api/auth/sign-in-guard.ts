import type { EntityManager } from 'typeorm';
import { HttpProblem } from '../http/problem';
import type { AuthPolicy } from './auth-policy';

/**
 * Bounds sign-in attempts per client IP in a sliding window. Kept in memory: one API process
 * answers sign-ins, and a restart forgetting the window costs little (the per-username lock-out,
 * which matters more, is in PostgreSQL).
 */
export function createIpLimiter(policy: AuthPolicy) {
  const hits = new Map<string, number[]>();
  return function check(ip: string): void {
    const now = policy.now().getTime();
    const from = now - policy.ipWindowMs;
    const recent = (hits.get(ip) ?? []).filter((t) => t > from);
    if (recent.length >= policy.ipMaxAttempts) {
      hits.set(ip, recent);
      const retry = Math.max(1, Math.ceil((recent[0]! + policy.ipWindowMs - now) / 1000));
      throw new HttpProblem(
        429,
        'too_many_attempts',
        'Too many sign-in attempts',
        'too many sign-in attempts from this address; wait and retry',
        undefined,
        {
          'Retry-After': String(retry),
        },
      );
    }
    recent.push(now);
    hits.set(ip, recent);
    if (hits.size > 10_000) {
      for (const [k, v] of hits) if (!v.some((t) => t > from)) hits.delete(k);
    }
  };
}

export const usernameKey = (username: string) => username.trim().toLowerCase();

/** Seconds the name stays locked, or 0. */
export async function lockedFor(db: Pick<EntityManager, 'query'>, username: string, policy: AuthPolicy): Promise<number> {
  const [row] = (await db.query(`SELECT locked_until FROM sign_in_failures WHERE username = $1`, [usernameKey(username)])) as {
    locked_until: Date | null;
  }[];
  const left = (row?.locked_until?.getTime() ?? 0) - policy.now().getTime();
  return left > 0 ? Math.ceil(left / 1000) : 0;
}

/**
 * Counts one more failure in a row; the one that reaches the limit locks the name (and starts the
 * count again for after the lock). Returns whether this failure locked it.
 */
export async function recordFailure(db: Pick<EntityManager, 'query'>, username: string, policy: AuthPolicy): Promise<boolean> {
  const now = policy.now();
  const [row] = (await db.query(
    `INSERT INTO sign_in_failures (username, failures, locked_until, updated_at) VALUES ($1, 1, NULL, $2)
     ON CONFLICT (username) DO UPDATE SET failures = sign_in_failures.failures + 1, updated_at = $2
     RETURNING failures`,
    [usernameKey(username), now],
  )) as { failures: number }[];
  if (row!.failures < policy.maxFailures) return false;
  await db.query(`UPDATE sign_in_failures SET failures = 0, locked_until = $2 WHERE username = $1`, [
    usernameKey(username),
    new Date(now.getTime() + policy.lockoutMs),
  ]);
  return true;
}

export async function clearFailures(db: Pick<EntityManager, 'query'>, username: string): Promise<void> {
  await db.query(`DELETE FROM sign_in_failures WHERE username = $1`, [usernameKey(username)]);
}

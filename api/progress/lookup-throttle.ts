import type { DataSource } from 'typeorm';
import { HttpProblem } from '../http/problem';

/** Failures allowed per window before the public is asked to wait. */
export const LOOKUP_LIMITS = { perNumber: 5, perAddress: 30, windowMinutes: 15 } as const;

/**
 * A four-digit code is guessable in 10,000 tries; counting failures per work number and per
 * client address (in PostgreSQL, so every API replica sees the same count) keeps that out of reach.
 */
export async function refuseIfThrottled(db: DataSource, number: string, address: string): Promise<void> {
  const [row] = (await db.query(
    `SELECT count(*) FILTER (WHERE subject = $1)::int AS by_number, count(*) FILTER (WHERE subject = $2)::int AS by_address
       FROM public_lookup_failures
      WHERE subject IN ($1, $2) AND failed_at > now() - make_interval(mins => $3)`,
    [`number:${number}`, `ip:${address}`, LOOKUP_LIMITS.windowMinutes],
  )) as { by_number: number; by_address: number }[];
  if (row!.by_number >= LOOKUP_LIMITS.perNumber || row!.by_address >= LOOKUP_LIMITS.perAddress) {
    throw new HttpProblem(
      429,
      'too_many_attempts',
      'Too many attempts',
      `too many wrong codes; try again in ${LOOKUP_LIMITS.windowMinutes} minutes`,
      undefined,
      { 'Retry-After': String(LOOKUP_LIMITS.windowMinutes * 60) },
    );
  }
}

export async function recordFailedLookup(db: DataSource, number: string, address: string): Promise<void> {
  await db.query(
    `WITH gone AS (DELETE FROM public_lookup_failures WHERE subject IN ($1, $2) AND failed_at < now() - interval '1 day')
     INSERT INTO public_lookup_failures (subject) VALUES ($1), ($2)`,
    [`number:${number}`, `ip:${address}`],
  );
}

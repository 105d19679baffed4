import { createHash, randomBytes } from 'node:crypto';

/** Crockford's base 32: no I, L, O or U, so a number read out on the phone is not misheard. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `length` unguessable characters (5 random bits each). */
export function randomCode(length: number): string {
  return Array.from(randomBytes(length), (b) => CROCKFORD[b % 32]).join('');
}

/** A work number like TK-20261122-7F3K9Q2M: the UTC day it was opened and eight unguessable characters. */
export function dailyNumber(prefix: string, now = new Date()): string {
  return `${prefix}-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomCode(8)}`;
}

/**
 * The same shape as dailyNumber, but its eight characters derived from `seed`: work a system starts
 * on behalf of an event (a ticket's rule starting an RMA) gets the same number however often the
 * start is retried or replayed.
 */
export function derivedDailyNumber(prefix: string, at: Date, seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  const code = Array.from(digest.subarray(0, 8), (b) => CROCKFORD[b % 32]).join('');
  return `${prefix}-${at.toISOString().slice(0, 10).replaceAll('-', '')}-${code}`;
}

import bcrypt from 'bcryptjs';
import { z } from 'zod';

/** bcrypt work factor: 2^11 rounds, ~100 ms on a server core; raise it as hardware gets faster. */
export const BCRYPT_COST = 11;

/**
 * The password policy: at least 10 characters; bcrypt reads only the first 72 bytes, so longer
 * ones are refused rather than silently cut.
 */
export const passwordSchema = z
  .string()
  .min(10, 'at least 10 characters')
  .refine((p) => Buffer.byteLength(p, 'utf8') <= 72, 'at most 72 bytes (bcrypt reads no further)')
  .refine((p) => p.trim().length > 0, 'must not be blank');

export function hashPassword(password: string, cost = BCRYPT_COST): Promise<string> {
  return bcrypt.hash(password, cost);
}

let dummyHash: Promise<string> | null = null;

/**
 * Checks a password against a stored hash. With no hash (no such user) a dummy one is checked, so
 * an unknown name takes as long to refuse as a wrong password.
 */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (hash) return bcrypt.compare(password, hash);
  dummyHash ??= bcrypt.hash('fixflow-no-such-user', BCRYPT_COST);
  await bcrypt.compare(password, await dummyHash);
  return false;
}

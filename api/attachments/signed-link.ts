import { createHmac, timingSafeEqual } from 'node:crypto';

/** A signed link lasts at most this long, whatever was asked. */
export const MAX_LINK_TTL_SEC = 86_400;

function mac(secret: Buffer, id: string, exp: number): Buffer {
  // Bound to this purpose and this attachment: a signature for one cannot open another.
  return createHmac('sha256', secret).update(`fixflow-attachment-content\n${id}\n${exp}`).digest();
}

/** `exp` (unix seconds) and `sig` for the content URL of attachment `id`. */
export function signLink(secret: Buffer, id: string, ttlSec: number, now = Date.now()): { exp: number; sig: string } {
  const exp = Math.floor(now / 1000) + Math.min(ttlSec, MAX_LINK_TTL_SEC);
  return { exp, sig: mac(secret, id, exp).toString('base64url') };
}

/** The signature is checked before the time, so a link whose `exp` was edited is invalid, not merely expired. */
export function checkLink(secret: Buffer, id: string, exp: number, sig: string, now = Date.now()): 'ok' | 'expired' | 'invalid' {
  // Compared as text: base64url decoding ignores the last character's spare bits, so comparing
  // decoded bytes would accept a link with its last character changed.
  const given = Buffer.from(sig);
  const expected = Buffer.from(mac(secret, id, exp).toString('base64url'));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  const nowSec = Math.floor(now / 1000);
  if (exp > nowSec + MAX_LINK_TTL_SEC) return 'invalid';
  return exp > nowSec ? 'ok' : 'expired';
}

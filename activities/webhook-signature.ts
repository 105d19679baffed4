import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature of an outgoing webhook (README "Webhooks"): the header
 *
 *   X-Fixflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * The key is the subscription secret as UTF-8 bytes; the message is the decimal timestamp, a dot,
 * and the request body exactly as sent (bytes, before any JSON parsing). Pure: no clock, no I/O.
 * Lives outside domain/ because it needs node:crypto.
 */
export const SIGNATURE_HEADER = 'X-Fixflow-Signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
}

/** The X-Fixflow-Signature header value for `body` sent at `timestampSeconds`. */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  const t = Math.floor(timestampSeconds);
  return `t=${t},v1=${hmacHex(secret, t, body)}`;
}

/**
 * True when `header` carries a v1 signature of `body` under `secret` whose timestamp is within
 * `toleranceSeconds` of `nowSeconds` (either way). Several v1 entries are accepted (any may match);
 * unknown schemes are ignored. The comparison is constant-time.
 */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  let t: number | null = null;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') t = /^\d{1,12}$/.test(value) ? Number(value) : null;
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) candidates.push(value.toLowerCase());
  }
  if (t === null || candidates.length === 0) return false;
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, t, body), 'hex');
  let ok = false;
  for (const c of candidates) {
    // Every candidate is compared, so the time taken does not depend on which one matched.
    if (timingSafeEqual(expected, Buffer.from(c, 'hex'))) ok = true;
  }
  return ok;
}

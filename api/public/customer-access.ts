import { checkLink, signLink } from '../attachments/signed-link';
import { HttpProblem } from '../http/problem';

/** A verified customer may act on their work this long without giving the code again. */
export const ACCESS_TTL_SEC = 30 * 60;

/**
 * `access`: follow-up calls after a verified look-up (material, reschedule, cancel, rating);
 * `upload`: only the photos of a problem just reported, bound to its new ticket.
 */
export type AccessScope = 'access' | 'upload';

/** The header the phone page sends the token in. */
export const ACCESS_HEADER = 'x-access-token';

// The attachment link signer, with a subject no attachment id can take (ids are AT-…): a link for
// an attachment never opens a customer's work, nor the other way round.
const subject = (scope: AccessScope, number: string) => `customer-${scope}:${number}`;

export function issueAccess(secret: Buffer, scope: AccessScope, number: string, now = Date.now()): { token: string; expiresAt: string } {
  const { exp, sig } = signLink(secret, subject(scope, number), ACCESS_TTL_SEC, now);
  return { token: `${number}.${exp}.${sig}`, expiresAt: new Date(exp * 1000).toISOString() };
}

const refused = (code: 'access_expired' | 'access_invalid', detail: string) =>
  new HttpProblem(401, code, code === 'access_expired' ? 'Verification expired' : 'Not verified', detail, [
    { field: `header.${ACCESS_HEADER}`, message: detail },
  ]);

/**
 * Checks the token for work `number` in one of `scopes`: 401 `access_expired` (verify again) or
 * `access_invalid` (tampered, another number, another purpose, missing).
 */
export function requireAccess(
  secret: Buffer,
  token: string | undefined,
  number: string,
  scopes: AccessScope[],
  now = Date.now(),
): AccessScope {
  const [tokenNumber, expText, sig] = (token ?? '').split('.');
  const exp = Number(expText);
  if (!token || tokenNumber !== number || !Number.isSafeInteger(exp) || !sig)
    throw refused('access_invalid', 'verify with the number and code first');
  let expired = false;
  for (const scope of scopes) {
    const verdict = checkLink(secret, subject(scope, number), exp, sig, now);
    if (verdict === 'ok') return scope;
    if (verdict === 'expired') expired = true;
  }
  if (expired) throw refused('access_expired', 'the verification has expired; look the work up again with its number and code');
  throw refused('access_invalid', 'this token is not valid for this work');
}

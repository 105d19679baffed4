import type { Principal } from '../auth/api-tokens';
import { can } from '../auth/permissions';
import { HttpProblem } from '../http/problem';

/**
 * A caller who is only a field engineer (the engineer role and no other role that may act on
 * visits) works their own visits: the engineer is the routing agent their user is linked to. A
 * caller with a wider role (dispatcher, team lead, admin, integrator) may act on any visit.
 */
export function isEngineerOnly(principal: Principal | null): boolean {
  const roles = principal?.roles ?? [];
  return roles.includes('engineer') && !roles.some((r) => r !== 'engineer' && can([r], 'visits:act'));
}

const notLinked = () =>
  new HttpProblem(
    409,
    'no_engineer_link',
    'Not linked to an engineer',
    'this sign-in is not linked to a field engineer (an admin links the user to an agent on the People page)',
  );

/**
 * Whose visits "my visits" are: the signed-in user's engineer; a wider role may name one
 * (`engineerId`), which is how a dispatcher or an API token sees an engineer's day.
 */
export function engineerOf(principal: Principal | null, requested?: string): string {
  const own = principal?.agentId ?? null;
  if (isEngineerOnly(principal)) {
    if (!own) throw notLinked();
    if (requested && requested !== own)
      throw new HttpProblem(403, 'not_your_engineer', 'Forbidden', 'an engineer sees their own visits only', [
        { field: 'query.engineerId', message: 'not you' },
      ]);
    return own;
  }
  if (requested) return requested;
  if (own) return own;
  throw new HttpProblem(400, 'validation_failed', 'The request is not valid', 'query.engineerId: give the engineer whose visits to list', [
    { field: 'query.engineerId', message: 'required: this caller is not linked to an engineer' },
  ]);
}

/** Server-side ownership: an engineer-only caller acts on the visits assigned to them, nobody else's. */
export function assertOwnVisit(principal: Principal | null, visit: { visitId: string; engineerId: string | null }): void {
  if (!isEngineerOnly(principal)) return;
  if (!principal?.agentId || visit.engineerId !== principal.agentId)
    throw new HttpProblem(403, 'not_your_visit', 'Forbidden', `visit ${visit.visitId} is not assigned to you`);
}

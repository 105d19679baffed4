import type { PiiType } from './pii-detectors';
import type { PiiRule } from './pii-rules';

/**
 * The default policy's one exception to masking by permission: a field engineer drives to the
 * visits assigned to them and calls the customer, so inside a visit assigned to the caller's own
 * engineer the address and phone rules do not mask (the read is audited like any unmasked read).
 * Everywhere else — other engineers' visits, tickets, archives — they mask as before.
 */
export const ASSIGNEE_VISIBLE_TYPES: readonly PiiType[] = ['address', 'phone'];

/** The role this applies to: a person signed in as a field engineer and linked to one. */
export const ASSIGNEE_ROLE = 'engineer';

/** The engineer whose visits the caller works, or null when the exception does not apply to them. */
export function assigneeOf(principal: { roles: readonly string[]; agentId?: string | null } | null): string | null {
  return principal?.roles.includes(ASSIGNEE_ROLE) && principal.agentId ? principal.agentId : null;
}

/** The rules a caller's assigned visit is seen with: those of the visible types move from masked to seen. */
export function splitForAssignee<R extends Pick<PiiRule, 'type'>>(masked: readonly R[], seen: readonly R[]): { masked: R[]; seen: R[] } {
  const visible = (r: R) => ASSIGNEE_VISIBLE_TYPES.includes(r.type);
  return { masked: masked.filter((r) => !visible(r)), seen: [...seen, ...masked.filter(visible)] };
}

const MAX_DEPTH = 32;

/** A visit as responses carry it: an object with a `visitId` and the `engineerId` it is assigned to. */
export function visitOf(o: Record<string, unknown>): { visitId: string; engineerId: string } | null {
  return typeof o.visitId === 'string' && typeof o.engineerId === 'string' ? { visitId: o.visitId, engineerId: o.engineerId } : null;
}

/**
 * The ids of the visits in a response that name `engineerId` as assigned. A claim only: the guard
 * confirms them against the visits themselves before it unmasks anything.
 */
export function visitsNaming(value: unknown, engineerId: string): string[] {
  const ids = new Set<string>();
  const walk = (v: unknown, depth: number) => {
    if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) return;
    if (Array.isArray(v)) return v.forEach((e) => walk(e, depth + 1));
    const visit = visitOf(v as Record<string, unknown>);
    if (visit?.engineerId === engineerId) ids.add(visit.visitId);
    for (const e of Object.values(v as Record<string, unknown>)) walk(e, depth + 1);
  };
  walk(value, 0);
  return [...ids].sort();
}

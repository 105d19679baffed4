import type { Principal } from '../auth/api-tokens';
import { permits, type Permission } from '../auth/permissions';
import type { ApiContext } from '../context';
import { isEngineerOnly } from '../me/engineer-scope';
import { readTicket } from '../tickets/read-ticket';
import { providerScope } from '../tickets/ticket-scope';
import type { ApiOwnerType } from './attachment-params';

/** Each owner: the row that must exist, whose provider (if any) it belongs to, and what reading it takes. */
const OWNERS: Record<ApiOwnerType, { sql: string; read: Permission }> = {
  ticket: { sql: `SELECT provider_id FROM tickets WHERE ticket_id = $1`, read: 'tickets:read' },
  asset: { sql: `SELECT NULL::text AS provider_id FROM assets WHERE id = $1`, read: 'archives:read' },
  customer: { sql: `SELECT NULL::text AS provider_id FROM customers WHERE id = $1`, read: 'archives:read' },
  // A visit's work photos and signature are read by whoever may read the visit (an engineer: their own).
  visit: { sql: `SELECT NULL::text AS provider_id, engineer_id FROM visits WHERE visit_id = $1`, read: 'visits:read' },
};

/**
 * Whether the caller may see this owner, and so its attachments: it must be allowed to read that
 * kind of record, and a service provider's token sees only its own tickets (the scope of
 * api/tickets/ticket-scope.ts) and no archive records. False also when the owner does not exist,
 * so the answer never tells a provider that someone else's ticket exists.
 */
export async function ownerVisible(
  ctx: Pick<ApiContext, 'dataSource' | 'tickets'>,
  principal: Principal | null,
  ownerType: string,
  ownerId: string,
): Promise<boolean> {
  const owner = OWNERS[ownerType as ApiOwnerType];
  if (!owner || !principal || !permits(principal, owner.read)) return false;
  const [row] = (await ctx.dataSource.query(owner.sql, [ownerId])) as { provider_id: string | null; engineer_id?: string | null }[];
  // an engineer-only caller works (and photographs) their own visits only (api/me/engineer-scope.ts)
  if (row && ownerType === 'visit' && isEngineerOnly(principal)) return Boolean(principal.agentId) && row.engineer_id === principal.agentId;
  const provider = providerScope(principal);
  // A ticket opened a moment ago may not be projected yet; its workflow knows it (a provider's
  // ticket is projected before it is assigned to the provider, so the scope check needs no more).
  if (!row) return !provider && ownerType === 'ticket' && (await readTicket(ctx, ownerId)) !== null;
  return !provider || row.provider_id === provider;
}

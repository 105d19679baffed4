import type { Principal } from '../auth/api-tokens';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';

/** The provider whose tickets alone this caller may see; null for the platform's own tokens. */
export function providerScope(principal: Principal | null): string | null {
  return principal?.providerId ?? null;
}

/**
 * Refuses a ticket outside the caller's scope with the same 404 an unknown ticket gets, so a
 * provider's token cannot learn that another provider's ticket exists. Reads the projection,
 * which every action has written before it returns.
 */
export async function assertTicketInScope(
  ctx: Pick<ApiContext, 'dataSource'>,
  principal: Principal | null,
  ticketId: string,
): Promise<void> {
  const provider = providerScope(principal);
  if (!provider) return;
  const [row] = (await ctx.dataSource.query(`SELECT provider_id FROM tickets WHERE ticket_id = $1`, [ticketId])) as {
    provider_id: string | null;
  }[];
  if (row?.provider_id !== provider) throw HttpProblem.notFound(`ticket ${ticketId} does not exist`);
}

import { TicketEntity } from '../../db/entities/ticket.entity';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import type { TicketView } from './ticket-gateway';

/**
 * The live ticket from its workflow; once the workflow is gone from Temporal (past retention),
 * the last snapshot the projection holds. Null when neither knows the ticket.
 */
export async function readTicket(ctx: Pick<ApiContext, 'tickets' | 'dataSource'>, ticketId: string): Promise<TicketView | null> {
  try {
    return await ctx.tickets.get(ticketId);
  } catch (err) {
    if (!(err instanceof HttpProblem) || err.status !== 404) throw err;
  }
  const row = await ctx.dataSource.getRepository(TicketEntity).findOneBy({ ticketId });
  return row ? (row.data as unknown as TicketView) : null;
}

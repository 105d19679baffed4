import { getTemplateVersion } from '../../db/form-template-store';
import { FORM_ACTIONS } from '../../domain/forms/form-template';
import { checkActionForm } from '../../domain/forms/ticket-form';
import type { TicketState } from '../../domain/ticket/ticket.schema';
import type { ApiContext } from '../context';
import { formIncomplete } from './form-template-http';

/**
 * Refuses an action the ticket's form template requires more of (resolve without a root cause …),
 * naming each missing field. The ticket is checked against the template version it was opened
 * under, so publishing a stricter version never strands open tickets; tickets opened before
 * templates existed have no requirements.
 */
export async function checkActionAgainstForm(
  ctx: Pick<ApiContext, 'dataSource' | 'tickets'>,
  ticketId: string,
  action: string,
  payload: Record<string, unknown>,
): Promise<void> {
  if (!(FORM_ACTIONS as readonly string[]).includes(action)) return;
  // Most actions of most tickets need nothing: look at the ticket only when some template asks something of this action.
  const [any] = await ctx.dataSource.query(
    `SELECT 1 FROM form_templates WHERE status = 'published' AND definition->'transitions'->$1 IS NOT NULL LIMIT 1`,
    [action],
  );
  if (!any) return;
  // The projection, not a workflow query: the pinned template never changes after creation, and a
  // query would fail while no worker runs, where the action itself just waits for one. A ticket so
  // new that it is not projected yet is asked directly.
  const [row0] = (await ctx.dataSource.query(`SELECT data FROM tickets WHERE ticket_id = $1`, [ticketId])) as { data: TicketState }[];
  const ticket = row0?.data ?? (await ctx.tickets.get(ticketId));
  const pinned = ticket.details?.form?.template;
  if (!pinned) return;
  const row = await getTemplateVersion(ctx.dataSource, pinned.key, pinned.version);
  if (!row) return;
  const violations = checkActionForm(row.definition, action, ticket, payload);
  if (violations.length) throw formIncomplete(violations, action);
}

import { percent, type ServiceDashboard } from '../../domain/dashboards/service-dashboard';
import type { DashboardFilters } from './dashboard-filters';
import { int, startStatement, ticketCohortSql, type Db } from './ticket-cohort';

/**
 * Reopen rate and first-contact resolution, for the ticket cohort. Both divide by the tickets that
 * were resolved at least once (an event into `resolved`), whatever their status now.
 * - reopened: of those, the ones reopened at least once (a `reopen` action, or entering `reopened`);
 * - first-contact resolution: of those, the ones resolved with none of: a reopen, an escalation
 *   (an `escalate` by a person or a rule, or entering `escalated`), an RMA or an on-site visit
 *   raised for the ticket.
 * Each check is an index lookup by ticket (ticket_events by ticket and seq, rmas_ticket, visits_ticket).
 */
export async function reopenAndFirstContact(
  db: Db,
  f: DashboardFilters,
): Promise<{ reopen: ServiceDashboard['reopen']; firstContactResolution: ServiceDashboard['firstContactResolution'] }> {
  const { p, period } = startStatement(f);
  const [row]: { resolved: string; reopened: string; first_contact: string }[] = await db.query(
    `WITH cohort AS (${ticketCohortSql(p, f, period)}),
     marks AS (
       SELECT
         EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = c.ticket_id
                  AND e.to_status = 'resolved' AND e.from_status IS DISTINCT FROM 'resolved') AS resolved,
         EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = c.ticket_id
                  AND (e.type = 'ticket.reopen' OR (e.to_status = 'reopened' AND e.from_status IS DISTINCT FROM 'reopened'))) AS reopened,
         EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = c.ticket_id
                  AND (e.type IN ('ticket.escalate', 'rule.escalate') OR (e.to_status = 'escalated' AND e.from_status IS DISTINCT FROM 'escalated'))) AS escalated,
         EXISTS (SELECT 1 FROM rmas r WHERE r.ticket_id = c.ticket_id) AS has_rma,
         EXISTS (SELECT 1 FROM visits v WHERE v.ticket_id = c.ticket_id) AS has_visit
       FROM cohort c
     )
     SELECT count(*) FILTER (WHERE resolved) AS resolved,
            count(*) FILTER (WHERE resolved AND reopened) AS reopened,
            count(*) FILTER (WHERE resolved AND NOT (reopened OR escalated OR has_rma OR has_visit)) AS first_contact
       FROM marks`,
    p.values,
  );
  const resolved = int(row?.resolved);
  const reopened = int(row?.reopened);
  const firstContact = int(row?.first_contact);
  return {
    reopen: { resolved, reopened, ratePct: percent(reopened, resolved) },
    firstContactResolution: { resolved, firstContact, ratePct: percent(firstContact, resolved) },
  };
}

import { z } from 'zod';
import { refSchema } from '../../domain/archives/archive-fields';
import { ARCHIVES } from '../archives/archive-kinds';
import { viewFor } from '../archives/archive-http';
import { assetsOfCustomer, getRecordView, projectsOfCustomer, sitesOfCustomer } from '../archives/archive-queries';
import { contractsOfCustomer } from '../contracts/contract-queries';
import { customerEntitlements } from '../contracts/customer-entitlements';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { linkedWork } from '../linked-work/linked-work-queries';

const params = z.object({ id: refSchema }).strict();

/** How many closed or resolved tickets the view lists; older ones are a filter on the ticket list away. */
const RECENT_TICKETS = 20;

interface TicketSummaryRow {
  ticketId: string;
  status: string;
  priority: string;
  channel: string;
  category1: string | null;
  category2: string | null;
  category3: string | null;
  assetId: string | null;
  assigneeId: string | null;
  providerId: string | null;
  slaBreached: boolean;
  frtDueAt: string | null;
  ttrDueAt: string | null;
  createdAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
}

const TICKET_SUMMARY = `ticket_id AS "ticketId", status, priority, channel, category1, category2, category3,
  asset_id AS "assetId", assignee_id AS "assigneeId", provider_id AS "providerId", sla_breached AS "slaBreached",
  frt_due_at AS "frtDueAt", ttr_due_at AS "ttrDueAt", created_at AS "createdAt", resolved_at AS "resolvedAt", closed_at AS "closedAt"`;

/**
 * The customer–asset 360 (issue 4 item 2): one call for the console's customer page. Every part
 * comes from the module that owns it, so the view shows exactly what their own routes show.
 */
export const getCustomer360Route = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/customers/:id/360',
    permission: 'archives:read',
    summary:
      "A customer's whole service picture in one call: the customer, their assets, sites and projects, contracts with quota use, what they are entitled to per asset today, and their open and recent tickets with counts, and their RMAs and on-site visits.",
    params,
    async handler({ params, principal }) {
      const db = ctx.dataSource;
      const customer = await getRecordView(db, ARCHIVES.customers, params.id);
      if (!customer) throw HttpProblem.notFound(`customer ${params.id} does not exist`);
      const [assets, sites, projects, contracts, entitlements, open, recent, counts, work] = await Promise.all([
        assetsOfCustomer(db, params.id),
        sitesOfCustomer(db, params.id),
        projectsOfCustomer(db, params.id),
        contractsOfCustomer(db, params.id),
        customerEntitlements(db, params.id),
        db.query(
          `SELECT ${TICKET_SUMMARY} FROM tickets WHERE customer_id = $1 AND status NOT IN ('resolved', 'closed')
           ORDER BY created_at DESC LIMIT 200`,
          [params.id],
        ) as Promise<TicketSummaryRow[]>,
        db.query(
          `SELECT ${TICKET_SUMMARY} FROM tickets WHERE customer_id = $1 AND status IN ('resolved', 'closed')
           ORDER BY created_at DESC LIMIT $2`,
          [params.id, RECENT_TICKETS],
        ) as Promise<TicketSummaryRow[]>,
        db.query(
          `SELECT count(*)::int AS total,
                  count(*) FILTER (WHERE status NOT IN ('resolved', 'closed'))::int AS open,
                  count(*) FILTER (WHERE sla_breached)::int AS "slaBreached",
                  count(*) FILTER (WHERE created_at > now() - interval '365 days')::int AS "last12Months",
                  count(*) FILTER (WHERE status = 'reopened' OR EXISTS (
                    SELECT 1 FROM ticket_events e WHERE e.ticket_id = tickets.ticket_id AND e.type = 'ticket.reopen'))::int AS reopened
             FROM tickets WHERE customer_id = $1`,
          [params.id],
        ) as Promise<{ total: number; open: number; slaBreached: number; last12Months: number; reopened: number }[]>,
        linkedWork(db, principal, { customerId: params.id }),
      ]);
      return {
        body: {
          customer: viewFor(ARCHIVES.customers, principal, customer),
          assets: assets.map((a) => viewFor(ARCHIVES.assets, principal, a)),
          sites: sites.map((s) => viewFor(ARCHIVES.sites, principal, s)),
          projects: projects.map((p) => viewFor(ARCHIVES.projects, principal, p)),
          contracts,
          entitlements,
          tickets: { open, recent },
          // null when the caller may not read that kind of work
          rmas: work.rmas,
          visits: work.visits,
          counts: {
            assets: assets.length,
            sites: sites.length,
            projects: projects.length,
            contractsInForce: contracts.filter((c) => c.inForce).length,
            tickets: counts[0],
          },
        },
      };
    },
  });

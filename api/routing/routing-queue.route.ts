import { z } from 'zod';
import { routingIdSchema } from '../../domain/routing/agent-profile';
import { matchGroup } from '../../domain/routing/group-match';
import { orderQueue } from '../../domain/routing/queue-order';
import { productLineOfSku, type RoutingTicket } from '../../domain/routing/routing-model';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { loadAllGroups, loadGroup } from './routing-queries';

/** Waiting tickets read per call; a queue longer than this is a staffing problem, not a paging one. */
const SCAN = 1000;

const query = z
  .object({
    groupId: routingIdSchema,
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const routingQueueRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/routing/queue',
    permission: 'routing:read',
    summary:
      'The tickets waiting for an assignee in a queue (pending_assignment / pending_reassignment, already in the group or matching its skills), in the order to work them: priority, then VIP, renewal and near-warranty-end, then age — each with the factors that placed it.',
    query,
    async handler({ query }) {
      const group = await loadGroup(ctx.dataSource, query.groupId);
      const groups = await loadAllGroups(ctx.dataSource);
      const rows = (await ctx.dataSource.query(
        `SELECT t.ticket_id, t.status, t.priority, t.category1, t.sku, t.region, t.entitlement, t.group_id, t.tags, t.created_at,
                COALESCE(c.tier, 'standard') AS tier,
                (SELECT to_char(min(k.ends_on), 'YYYY-MM-DD') FROM contracts k
                  WHERE k.customer_id = t.customer_id AND k.status = 'active' AND k.ends_on >= current_date) AS warranty_ends_on
           FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id
          WHERE t.status IN ('pending_assignment', 'pending_reassignment') AND (t.group_id IS NULL OR t.group_id = $1)
          ORDER BY t.created_at LIMIT $2`,
        [group.id, SCAN],
      )) as {
        ticket_id: string;
        status: string;
        priority: RoutingTicket['priority'];
        category1: string | null;
        sku: string | null;
        region: string | null;
        entitlement: string | null;
        group_id: string | null;
        tags: string[];
        created_at: Date;
        tier: RoutingTicket['customerTier'];
        warranty_ends_on: string | null;
      }[];
      const tickets = rows
        .map((r) => ({
          ticketId: r.ticket_id,
          status: r.status,
          issueType: r.category1 ?? '*',
          productLine: productLineOfSku(r.sku),
          region: r.region ?? '*',
          priority: r.priority,
          customerTier: r.tier,
          entitlement: r.entitlement,
          warrantyEndsOn: r.warranty_ends_on,
          renewal: r.tags.includes('renewal'),
          createdAt: r.created_at.toISOString(),
          groupId: r.group_id,
        }))
        // a ticket without a group waits in the queue routing would pick for it
        .filter((t) => t.groupId === group.id || matchGroup(groups, t)?.id === group.id);
      const ordered = orderQueue(tickets, new Date()).slice(0, query.limit);
      return {
        body: {
          groupId: group.id,
          items: ordered.map((q) => ({ position: q.position + 1, factors: q.factors, ...q.ticket })),
          total: tickets.length,
        },
      };
    },
  });

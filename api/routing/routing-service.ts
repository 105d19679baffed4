import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { routingIdSchema } from '../../domain/routing/agent-profile';
import { matchGroup } from '../../domain/routing/group-match';
import { decideRouting, type RoutingDecision } from '../../domain/routing/routing-decision';
import { productLineOfSku, type RoutingTicket } from '../../domain/routing/routing-model';
import { PRIORITIES } from '../../domain/ticket/ticket.schema';
import { HttpProblem } from '../http/problem';
import { TICKET_ID_PATTERN } from '../tickets/ticket-gateway';
import {
  loadAllGroups,
  loadGroup,
  loadGroupMembers,
  loadRoutingAgents,
  loadRoutingTicket,
  toRoutingGroup,
  type GroupRow,
} from './routing-queries';

/** A ticket described in the request, for routing one that is not stored yet (or a what-if). */
const ticketBody = z
  .object({
    category1: z.string().trim().min(1).max(64),
    sku: z.string().trim().min(1).max(64).optional(),
    region: z.string().trim().min(1).max(64),
    priority: z.enum(PRIORITIES),
    customerTier: z.enum(['standard', 'vip', 'premium']).default('standard'),
    entitlement: z.string().trim().max(64).optional(),
    warrantyEndsOn: z.iso.date({ error: 'must be a date YYYY-MM-DD' }).optional(),
    renewal: z.boolean().default(false),
  })
  .strict();

export const routeRequestSchema = z
  .object({
    ticketId: z.string().regex(TICKET_ID_PATTERN, 'not a ticket number (TK-YYYYMMDD-XXXXXXXX)').optional(),
    ticket: ticketBody.optional(),
    /** the queue; absent = the most specific group whose required skills the ticket matches */
    groupId: routingIdSchema.optional(),
    bookedAgentId: routingIdSchema.optional(),
    /** re-route: also exclude the ticket's current assignee (done anyway in pending_reassignment) */
    reroute: z.boolean().default(false),
    excludeAgentIds: z.array(routingIdSchema).max(50).default([]),
  })
  .strict()
  .refine((b) => !!b.ticketId !== !!b.ticket, { message: 'give either ticketId or ticket', path: ['ticketId'] });
export type RouteRequest = z.infer<typeof routeRequestSchema>;

export interface RoutedTicket {
  decision: RoutingDecision;
  group: GroupRow;
  ticket: RoutingTicket;
}

/** The queue a request routes in: the one named, else the most specific group whose required skills the ticket matches, else the ticket's own. */
export async function resolveRoutingGroup(
  db: DataSource | EntityManager,
  named: string | null,
  ticket: RoutingTicket,
  storedGroup: string | null,
) {
  if (named) return named;
  return matchGroup(await loadAllGroups(db), ticket)?.id ?? storedGroup;
}

/**
 * Loads what the decision needs and takes it. With `lock`, the group row is locked so concurrent
 * round-robin assignments in one queue take turns and each advances the cursor once.
 */
export async function routeTicket(
  db: DataSource | EntityManager,
  req: RouteRequest,
  opts: { lock: boolean; now: Date },
): Promise<RoutedTicket> {
  const exclude = new Set(req.excludeAgentIds);
  let ticket: RoutingTicket;
  let storedGroup: string | null = null;
  if (req.ticketId) {
    const stored = await loadRoutingTicket(db, req.ticketId);
    ticket = stored.ticket;
    storedGroup = stored.groupId;
    if ((req.reroute || stored.status === 'pending_reassignment') && stored.assigneeId) exclude.add(stored.assigneeId);
  } else {
    const t = req.ticket!;
    ticket = {
      issueType: t.category1,
      productLine: productLineOfSku(t.sku),
      region: t.region,
      priority: t.priority,
      customerTier: t.customerTier,
      entitlement: t.entitlement ?? null,
      warrantyEndsOn: t.warrantyEndsOn ?? null,
      renewal: t.renewal,
    };
  }
  const groupId = await resolveRoutingGroup(db, req.groupId ?? null, ticket, storedGroup);
  if (!groupId) {
    throw new HttpProblem(422, 'validation_failed', 'The request is not valid', 'groupId: no group matches this ticket; name one', [
      { field: 'groupId', message: 'no group matches this ticket; name one' },
    ]);
  }
  const group = await loadGroup(db, groupId, opts.lock);
  const members = await loadGroupMembers(db, group.id, opts.now);
  if (req.bookedAgentId && !members.agents.some((a) => a.id === req.bookedAgentId)) {
    members.agents.push(...(await loadRoutingAgents(db, [req.bookedAgentId], opts.now)));
  }
  const decision = decideRouting({
    ticket,
    group: toRoutingGroup(group),
    ...members,
    roundRobinCursor: group.rr_cursor,
    bookedAgentId: req.bookedAgentId ?? null,
    excludeAgentIds: [...exclude],
    now: opts.now,
  });
  return { decision, group, ticket };
}

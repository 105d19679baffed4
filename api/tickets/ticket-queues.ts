import { z } from 'zod';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { OPEN_STATUSES } from '../../domain/ticket/ticket.schema';
import type { TicketRow } from '../../db/entities/ticket.entity';
import type { Principal } from '../auth/api-tokens';

/**
 * The agent workbench's queues (issue 8 item 2), each a condition over the projection `tickets t`
 * resolved against who is asking: "mine" and "my groups" need a caller who is a routing agent (a
 * signed-in user linked to an `agents` row); for anyone else they are empty, never everything.
 */
export const TICKET_QUEUES = ['mine', 'my_groups', 'unassigned', 'breaching_soon', 'on_hold', 'escalated'] as const;
export type TicketQueue = (typeof TICKET_QUEUES)[number];

/** "Breaching soon" without a threshold of its own: an SLA deadline within the next hour (or missed). */
export const DEFAULT_BREACHING_WITHIN_MINUTES = 60;

export const queueFields = {
  queue: z.enum(TICKET_QUEUES).optional(),
  /** the "breaching soon" threshold: the nearest running SLA deadline is less than this far away */
  breachingWithinMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
};

export interface QueueIdentity {
  agentId: string | null;
  groups: string[];
}

/** Who the caller is in the routing model: their agent and that agent's groups. */
export async function queueIdentity(ds: DataSource, principal: Principal | null): Promise<QueueIdentity> {
  const agentId = principal?.agentId ?? null;
  if (!agentId) return { agentId: null, groups: [] };
  const [row] = (await ds.query(`SELECT groups FROM agents WHERE id = $1`, [agentId])) as { groups: string[] }[];
  return { agentId, groups: row?.groups ?? [] };
}

// The due columns hold a deadline only while its clock runs (paused or met → null); LEAST skips nulls.
const NEAREST_DUE = 'LEAST(t.frt_due_at, t.ttr_due_at)';
const SLA_PAUSED = `(t.data->'sla'->'ttr'->>'state' = 'paused' OR t.data->'sla'->'frt'->>'state' = 'paused')`;
const ESCALATED = `(t.status = 'escalated' OR t.data->>'escalationLevel' IN ('L2', 'L3', 'vendor')
  OR COALESCE((t.data->'sla'->>'escalationLevel')::int, 0) > 0)`;

/** The SQL condition of a queue (open tickets only) and its parameters; names are prefixed so several fit in one query. */
export function queueCondition(
  queue: TicketQueue,
  who: QueueIdentity,
  now: Date,
  breachingWithinMinutes = DEFAULT_BREACHING_WITHIN_MINUTES,
): { sql: string; params: Record<string, unknown> } {
  const open = `t.status IN (:...q_open)`;
  const params: Record<string, unknown> = { q_open: OPEN_STATUSES };
  switch (queue) {
    case 'mine':
      return { sql: `(${open} AND t.assignee_id = :q_agent)`, params: { ...params, q_agent: who.agentId ?? '' } };
    case 'my_groups':
      // An empty IN () is a syntax error; a caller without groups matches nothing.
      return who.groups.length
        ? { sql: `(${open} AND t.group_id IN (:...q_groups))`, params: { ...params, q_groups: who.groups } }
        : { sql: 'false', params: {} };
    case 'unassigned':
      return { sql: `(${open} AND t.assignee_id IS NULL)`, params };
    case 'breaching_soon':
      return {
        sql: `(${open} AND ${NEAREST_DUE} < :q_soon)`,
        params: { ...params, q_soon: new Date(now.getTime() + breachingWithinMinutes * 60_000).toISOString() },
      };
    case 'on_hold':
      return { sql: `(${open} AND ${SLA_PAUSED})`, params };
    case 'escalated':
      return { sql: `(${open} AND ${ESCALATED})`, params };
  }
}

export function applyQueue(
  qb: SelectQueryBuilder<TicketRow>,
  queue: TicketQueue,
  who: QueueIdentity,
  now: Date,
  breachingWithinMinutes?: number,
): void {
  const c = queueCondition(queue, who, now, breachingWithinMinutes);
  qb.andWhere(c.sql, c.params);
}

/** Sort key of "SLA remaining": the nearest running deadline first; tickets with no running clock last. */
export const SLA_SORT_SQL = NEAREST_DUE;

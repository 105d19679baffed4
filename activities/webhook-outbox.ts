import type { EntityManager } from 'typeorm';
import type { TicketEvent, TicketState } from '../domain/ticket/ticket.schema';

/** The event types a subscription can ask for ('*' = all of them). */
export const WEBHOOK_EVENT_TYPES = ['ticket.created', 'ticket.updated', 'sla.warning', 'sla.breached', 'ticket.escalated'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What a receiver gets as the JSON body of one delivery. */
export interface WebhookBody {
  /** unique per ticket event: "<ticketId>:<seq>"; receivers deduplicate on it */
  id: string;
  type: WebhookEventType;
  occurredAt: string;
  ticketId: string;
  seq: number;
  actor: string;
  /** the internal event type, e.g. ticket.assign, ticket.resolve, ticket.timeout */
  action: string;
  /** field → { from, to } */
  changes: Record<string, { from: unknown; to: unknown }>;
  ticket: {
    ticketId: string;
    status: string;
    priority: string;
    assigneeId: string | null;
    groupId: string | null;
    customerId: string;
    orderId: string | null;
    region: string | null;
    channel: string;
    category1: string | null;
    category2: string | null;
    category3: string | null;
    updatedAt: string;
  };
}

/**
 * The public type of a ticket event: created, the SLA and escalation events as themselves, every
 * other ticket.* action as ticket.updated. Anything else is not published (null).
 */
export function publicEventType(eventType: string): WebhookEventType | null {
  switch (eventType) {
    case 'ticket.created':
    case 'sla.warning':
    case 'sla.breached':
    case 'ticket.escalated':
      return eventType;
    default:
      return eventType.startsWith('ticket.') ? 'ticket.updated' : null;
  }
}

export function webhookBody(state: TicketState, event: TicketEvent, type: WebhookEventType): WebhookBody {
  return {
    id: `${state.ticketId}:${event.seq}`,
    type,
    occurredAt: event.at,
    ticketId: state.ticketId,
    seq: event.seq,
    actor: event.actor,
    action: event.type,
    changes: event.changes ?? {},
    ticket: {
      ticketId: state.ticketId,
      status: state.status,
      priority: state.priority,
      assigneeId: state.assigneeId ?? null,
      groupId: state.groupId ?? null,
      customerId: state.customerId,
      orderId: state.orderId ?? null,
      region: state.region ?? null,
      channel: state.channel,
      category1: state.category1 ?? null,
      category2: state.category2 ?? null,
      category3: state.category3 ?? null,
      updatedAt: state.updatedAt,
    },
  };
}

/**
 * The transactional outbox: called inside the transaction that records a ticket event, it queues
 * one pending delivery per active subscription that wants the event. Keyed by (subscription,
 * ticket, seq), so a retried activity never queues a delivery twice. Returns how many were queued.
 */
export async function enqueueWebhookDeliveries(
  tx: Pick<EntityManager, 'query'>,
  { state, event }: { state: TicketState; event: TicketEvent },
): Promise<number> {
  const type = publicEventType(event.type);
  if (!type) return 0;
  const rows: unknown[] = await tx.query(
    `INSERT INTO webhook_deliveries (subscription_id, ticket_id, seq, event_type, body, status)
     SELECT s.id, $1, $2, $3, $4::jsonb, 'pending'
       FROM webhook_subscriptions s
      WHERE s.active AND ($3 = ANY (s.events) OR '*' = ANY (s.events))
     ON CONFLICT (subscription_id, ticket_id, seq) DO NOTHING
     RETURNING id`,
    [state.ticketId, event.seq, type, JSON.stringify(webhookBody(state, event, type))],
  );
  return rows.length;
}

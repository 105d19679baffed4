import { z } from 'zod';

/** Subscription columns the API shows: never the secret. */
export const SUBSCRIPTION_COLUMNS = 'id, url, events, active, description, created_by, created_at';
export const DELIVERY_COLUMNS =
  'id, subscription_id, ticket_id, seq, event_type, status, attempts, last_status, last_error, next_attempt_at, created_at, delivered_at, body';

export interface SubscriptionRow {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  description: string | null;
  created_by: string;
  created_at: Date;
}

export interface DeliveryRow {
  id: string;
  subscription_id: string;
  ticket_id: string;
  seq: number;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  created_at: Date;
  delivered_at: Date | null;
  body: unknown;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function subscriptionView(r: SubscriptionRow) {
  return {
    id: r.id,
    url: r.url,
    events: r.events,
    active: r.active,
    description: r.description,
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
  };
}

export function deliveryView(r: DeliveryRow) {
  return {
    id: String(r.id),
    subscriptionId: r.subscription_id,
    ticketId: r.ticket_id,
    seq: r.seq,
    eventType: r.event_type,
    status: r.status,
    attempts: r.attempts,
    lastStatus: r.last_status,
    lastError: r.last_error,
    nextAttemptAt: iso(r.next_attempt_at),
    createdAt: iso(r.created_at),
    deliveredAt: iso(r.delivered_at),
    body: r.body,
  };
}

export const subscriptionIdParams = z.object({ id: z.uuid('not a webhook subscription id') });

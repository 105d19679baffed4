import { z } from 'zod';

/** Pure ticket vocabulary shared by the API, the workflows and the UI. No I/O here. */
export const CHANNELS = ['phone', 'ivr', 'chat', 'bot', 'portal', 'email', 'wechat', 'miniprogram', 'ecommerce', 'app', 'iot', 'api'] as const;
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export const TICKET_STATUSES = [
  'new',
  'pending_assignment',
  'in_progress',
  'pending_customer',
  'pending_review',
  'resolved',
  'closed',
] as const;

export type Channel = (typeof CHANNELS)[number];
export type Priority = (typeof PRIORITIES)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];

const id = z.string().trim().min(1).max(128);
const label = z.string().trim().min(1).max(200);

/**
 * The create payload of seed 002 §14, accepted verbatim. Unknown fields are refused so that a
 * misspelt field is reported instead of silently dropped.
 */
export const createTicketSchema = z
  .object({
    orderId: id.optional(),
    customerId: id,
    channel: z.enum(CHANNELS),
    category1: label.optional(),
    category2: label.optional(),
    category3: label.optional(),
    priority: z.enum(PRIORITIES).default('P3'),
    description: z.string().trim().min(1).max(10_000),
    attachments: z.array(z.string().url().max(2048)).max(50).default([]),
    region: label.optional(),
    sku: id.optional(),
    entitlement: z.string().trim().min(1).max(64).optional(),
    tags: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  })
  .strict();

export type CreateTicketInput = z.infer<typeof createTicketSchema>;

/** A ticket as its workflow holds it; the projection and the API show this shape. */
export interface TicketState extends CreateTicketInput {
  ticketId: string;
  status: TicketStatus;
  assigneeId: string | null;
  groupId: string | null;
  resolution: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  sla: {
    frtDueAt: string;
    ttrDueAt: string;
    respondedAt: string | null;
    breached: boolean;
  };
  /** sequence number of the last event; events are numbered from 1 */
  seq: number;
}

export interface TicketEvent {
  seq: number;
  type: string;
  actor: string;
  at: string;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  changes: Record<string, { from: unknown; to: unknown }>;
  payload: Record<string, unknown>;
}

export function ticketWorkflowId(ticketId: string): string {
  return `ticket-${ticketId}`;
}

/**
 * The shapes the backend API answers with (see README "The API in five curls"). Kept here rather
 * than imported from domain/ so the UI bundle does not pull in zod; statuses the server may add
 * later are tolerated as plain strings when displayed.
 */
export const CHANNELS = [
  'phone',
  'ivr',
  'chat',
  'bot',
  'portal',
  'email',
  'wechat',
  'miniprogram',
  'ecommerce',
  'app',
  'iot',
  'api',
] as const;
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
export const ENTITLEMENTS = ['in_warranty', 'out_of_warranty', 'extended_warranty'] as const;

export type Channel = (typeof CHANNELS)[number];
export type Priority = (typeof PRIORITIES)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export interface Ticket {
  ticketId: string;
  status: TicketStatus;
  priority: Priority;
  channel: Channel;
  customerId: string;
  orderId?: string;
  sku?: string;
  category1?: string;
  category2?: string;
  category3?: string;
  region?: string;
  entitlement?: string;
  description: string;
  attachments: string[];
  tags: string[];
  assigneeId: string | null;
  groupId: string | null;
  resolution: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  sla: {
    frtDueAt: string | null;
    ttrDueAt: string | null;
    respondedAt: string | null;
    breached: boolean;
    /** per-clock detail from newer servers; used to show a paused clock */
    frt?: SlaClock;
    ttr?: SlaClock;
  };
  seq: number;
}

export interface SlaClock {
  state: 'running' | 'paused' | 'stopped';
  dueAt: string | null;
  /** business time left (ms), frozen while paused */
  remainingMs: number;
}

export interface TicketEvent {
  seq: number;
  type: string;
  actor: string;
  at: string;
  fromStatus: string | null;
  toStatus: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
  payload: Record<string, unknown>;
}

export interface TicketPage {
  items: Ticket[];
  nextCursor: string | null;
}

export interface CreateTicketBody {
  orderId?: string;
  customerId: string;
  channel: Channel;
  category1?: string;
  category2?: string;
  category3?: string;
  priority: Priority;
  description: string;
  attachments?: string[];
  region?: string;
  sku?: string;
  entitlement?: string;
  tags?: string[];
}

export interface TicketFilters {
  status?: string[];
  priority?: string[];
  channel?: string[];
  assigneeId?: string;
  region?: string;
  customerId?: string;
  q?: string;
}

export type ActionName = 'assign' | 'resolve' | 'close';

export interface ActionBodies {
  assign: { assigneeId: string; groupId?: string; note?: string };
  resolve: { resolution: string };
  close: { note?: string };
}

/** Which actions make sense in which status. The server is the authority; this only hides buttons. */
export const ACTIONS_BY_STATUS: Record<ActionName, readonly string[]> = {
  assign: ['new', 'pending_assignment', 'in_progress'],
  resolve: ['in_progress', 'pending_customer', 'pending_review'],
  close: ['resolved'],
};

/** RFC 9457 problem details as the API sends them. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
}

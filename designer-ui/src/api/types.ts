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
  'h5',
] as const;
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
/** In the order a ticket usually passes through them (the list filter shows them this way). */
export const TICKET_STATUSES = [
  'new',
  'pending_assignment',
  'pending_acceptance',
  'pending_reassignment',
  'in_progress',
  'pending_customer',
  'on_hold',
  'escalated',
  'pending_review',
  'resolved',
  'reopened',
  'closed',
] as const;
/** Mirrors SUBSTATUSES in domain/ticket/ticket.schema.ts. */
export const SUBSTATUSES = ['diagnosing', 'awaiting_information', 'awaiting_visit', 'awaiting_parts', 'called_out'] as const;
/** Mirrors PAUSE_REASON_CODES in domain/flow/flow-definition.ts (the reasons `hold` accepts). */
export const PAUSE_REASONS = ['waiting_customer', 'waiting_supplier', 'logistics_in_transit', 'parts_on_order'] as const;
export const ESCALATION_LEVELS = ['L2', 'L3', 'vendor'] as const;
export const CLOSE_REASONS = ['confirmed', 'no_response', 'duplicate', 'invalid'] as const;
export const NOTE_VISIBILITIES = ['internal', 'public'] as const;
export const ATTACHMENT_KINDS = ['photo', 'video', 'invoice', 'waybill', 'document', 'other'] as const;
export const ENTITLEMENTS = ['in_warranty', 'out_of_warranty', 'extended_warranty'] as const;

export type Channel = (typeof CHANNELS)[number];
export type Priority = (typeof PRIORITIES)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type Substatus = (typeof SUBSTATUSES)[number];
export type PauseReason = (typeof PAUSE_REASONS)[number];

export interface Ticket {
  ticketId: string;
  status: TicketStatus;
  /** finer state inside in_progress (set-substatus, request-info); null when none */
  substatus?: string | null;
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
  /** the asset the ticket is about, resolved at intake */
  assetId?: string;
  serialNo?: string;
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
  sla: TicketSla;
  /** the actions the ticket's flow allows right now; the server decides, the UI only offers them */
  availableActions?: string[];
  seq: number;
}

/** One SLA clock (first response or resolution), counted down to the moment the server answered. */
export interface SlaClock {
  state: 'running' | 'paused' | 'stopped';
  targetMinutes: number;
  /** the deadline while running; null while paused or once stopped */
  dueAt: string | null;
  /** business time left (ms); negative once overdue; frozen while paused or stopped */
  remainingMs: number;
  pausedSince: string | null;
  /** a pause reason code (see PAUSE_REASONS); the flow may send others */
  pauseReason: string | null;
  warnedAt: string | null;
  breachedAt: string | null;
  /** when the target was met (FRT: first response, TTR: resolved) */
  metAt: string | null;
}

export interface TicketSla {
  policyId: string;
  calendarId: string;
  frt: SlaClock;
  ttr: SlaClock;
  /** the first API contract: the same instants as frt.dueAt / ttr.dueAt / frt.metAt */
  frtDueAt: string | null;
  ttrDueAt: string | null;
  respondedAt: string | null;
  breached: boolean;
  /** escalation levels fired so far (0 = none) */
  escalationLevel: number;
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
  /** the asset the ticket is about (archive id or serial number); intake derives the entitlement from it */
  assetId?: string;
  serialNo?: string;
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

/**
 * The action payloads as domain/ticket/ticket-actions.ts validates them (zod, `.strict()`: the server
 * refuses any other field). `add-contact` is a system action from intake and is left out.
 */
export interface ActionBodies {
  assign: { assigneeId: string; groupId?: string; note?: string };
  accept: { note?: string };
  dispute: { reason: string; note?: string };
  start: { note?: string };
  'set-substatus': { substatus: Substatus; note?: string };
  'request-info': { message: string; fields?: string[] };
  'customer-replied': { message: string; attachments?: string[] };
  hold: { reason: PauseReason; evidence?: string; note?: string };
  resume: { note?: string };
  escalate: { level: (typeof ESCALATION_LEVELS)[number]; reason: string; groupId?: string };
  transfer: { assigneeId: string; groupId?: string; reason: string };
  'change-priority': { priority: Priority; reason: string };
  'add-note': { text: string; visibility: (typeof NOTE_VISIBILITIES)[number] };
  'add-attachment': { url: string; name?: string; kind?: (typeof ATTACHMENT_KINDS)[number] };
  resolve: { resolution: string; rootCause?: string; diagnosis?: string };
  close: { note?: string; reason?: (typeof CLOSE_REASONS)[number] };
  reopen: { reason: string };
}

export type ActionName = keyof ActionBodies;

/** RFC 9457 problem details as the API sends them. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
}

import { z } from 'zod';
import type { TicketCoverage } from '../contracts/entitlement';
import { attachmentRefSchema, formValueSchema, type TicketFormRecord } from '../forms/form-values';

/** Pure ticket vocabulary shared by the API, the workflows and the UI. No I/O here. */
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
  /** the customer's own phone page (designer-ui/src/h5/customer) */
  'h5',
] as const;
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export const TICKET_STATUSES = [
  'new',
  'pending_assignment',
  'pending_acceptance',
  'pending_reassignment',
  'in_progress',
  'pending_customer',
  'pending_review',
  'on_hold',
  'escalated',
  'resolved',
  'reopened',
  'closed',
] as const;
export const SUBSTATUSES = ['diagnosing', 'awaiting_information', 'awaiting_visit', 'awaiting_parts', 'called_out'] as const;
export const OPEN_STATUSES = TICKET_STATUSES.filter((s) => s !== 'resolved' && s !== 'closed');

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
    /** URLs, or objects saying what they are ({url, kind, sizeBytes, durationSec, mime}) for the form template to check */
    attachments: z
      .array(z.union([z.string().url().max(2048), attachmentRefSchema]))
      .max(50)
      .default([]),
    /** the values of the category's form template (domain/forms), by field key */
    form: z.record(z.string().max(64), formValueSchema).optional(),
    region: label.optional(),
    sku: id.optional(),
    /** the asset (product) the ticket is about, by its archive id or its serial number; either will do */
    assetId: id.optional(),
    serialNo: id.optional(),
    /** stated by the caller, it wins; else intake derives it from the customer's contracts and the asset's warranty */
    entitlement: z.string().trim().min(1).max(64).optional(),
    tags: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
    /** customer tier as the channel knows it (VIP, gold …); rules may use it */
    customerTier: z.string().trim().min(1).max(32).optional(),
    /** evidence collected at intake (photos, videos, invoices) */
    evidence: z.array(z.string().url().max(2048)).max(50).optional(),
    /** the customer agreed to processing of their data (PIPL) */
    consent: z.boolean().optional(),
    /** what the claim is worth (refund, goodwill, replacement value): the amount approval nodes read as `ticket.amount` */
    amount: z.number().min(0).max(1e12).optional(),
  })
  .strict();

export type CreateTicketInput = z.infer<typeof createTicketSchema>;

/** What intake starts a ticket with: the payload, completed with the coverage it derived (contract, warranty). */
export type TicketInput = Omit<CreateTicketInput, 'attachments' | 'form'> & {
  /** the URLs; what intake learnt about them is in `form.attachments` */
  attachments: string[];
  coverage?: TicketCoverage | null;
  /** the form as checked at intake, with the template version it was checked against */
  form?: TicketFormRecord;
};

export interface SlaMetricView {
  state: 'running' | 'paused' | 'stopped';
  targetMinutes: number;
  dueAt: string | null;
  /** business time left (ms); negative once overdue; frozen while paused */
  remainingMs: number;
  pausedSince: string | null;
  pauseReason: string | null;
  warnedAt: string | null;
  breachedAt: string | null;
  metAt: string | null;
}

export interface TicketSla {
  policyId: string;
  calendarId: string;
  frt: SlaMetricView;
  ttr: SlaMetricView;
  /** kept for the first API contract: the same instants as frt.dueAt / ttr.dueAt */
  frtDueAt: string | null;
  ttrDueAt: string | null;
  /**
   * The resolution deadline the ticket is judged by: while the clock runs, ttr.dueAt; once resolved,
   * the deadline it was resolved against (pauses and off-hours excluded), or the missed one; null
   * while paused. Optional: snapshots from before it was added lack it.
   */
  resolutionDeadline?: string | null;
  respondedAt: string | null;
  breached: boolean;
  /** escalation levels fired so far (0 = none) */
  escalationLevel: number;
}

export interface TicketNote {
  text: string;
  visibility: 'internal' | 'public';
  actor: string;
  at: string;
}

/** A ticket as its workflow holds it (MISSION §2); the projection and the API show this shape. */
export interface TicketState extends Omit<CreateTicketInput, 'attachments' | 'form'> {
  attachments: string[];
  ticketId: string;
  status: TicketStatus;
  substatus: string | null;
  assigneeId: string | null;
  groupId: string | null;
  /** the service provider (服务商/代理商) the work is assigned to; absent on tickets never assigned to one */
  providerId?: string | null;
  /** which contract or warranty covers the work, decided at intake; absent on tickets from before contracts */
  coverage?: TicketCoverage | null;
  escalationLevel: 'L1' | 'L2' | 'L3' | 'vendor';
  resolution: string | null;
  details: {
    evidence: string[];
    diagnosis: string | null;
    rootCause: string | null;
    parts: { partNo: string; qty: number }[];
    /** the form values and the template version they were checked against; absent on tickets from before form templates */
    form?: TicketFormRecord;
  };
  logistics: {
    rmaId: string | null;
    pickupNo: string | null;
    warehouseId: string | null;
    inboundAt: string | null;
    inspectionResult: string | null;
    outboundNo: string | null;
  };
  finance: { refundAmount: number; refundMethod: string | null; couponAdjust: number; settlementStatus: string | null };
  audit: { createdBy: string; updatedBy: string; consent: boolean; piiMasking: boolean; retentionPolicy: string };
  notes: TicketNote[];
  /** repeat contacts merged into this ticket */
  contacts: { channel: string; description: string; attachments: string[]; receivedAt: string }[];
  lastDispute: { by: string; reason: string; at: string } | null;
  reopenCount: number;
  flow: { key: string; version: number; nodeId: string; path: string[] };
  /**
   * the approval the ticket waits for at an approval node of its flow: the amount read, the levels
   * required in order, who approved so far; null once decided, absent on tickets never at one
   */
  approval?: {
    nodeId: string;
    amount: number | null;
    required: { levelId: string; role: string; group?: string }[];
    approvedBy: string[];
  } | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  sla: TicketSla;
  /** sequence number of the last event; events are numbered from 1 */
  seq: number;
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

export function ticketWorkflowId(ticketId: string): string {
  return `ticket-${ticketId}`;
}

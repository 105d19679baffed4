import { z } from 'zod';
import type { CreateTicketInput } from '../../../domain/ticket/ticket.schema';

/**
 * FROZEN: the ticket lifecycle of the first release (before flows were interpreted). Tickets
 * started then replay through this code; see ticket.workflow.ts (patch 'flow-interpreter').
 * Do not change behaviour here.
 */
export type TicketStatus = 'new' | 'pending_assignment' | 'in_progress' | 'pending_customer' | 'pending_review' | 'resolved' | 'closed';

// Shaped as the input it started from (URLs for attachments, no form: v1 tickets predate both).
export interface TicketState extends Omit<CreateTicketInput, 'attachments' | 'form'> {
  attachments: string[];
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
  sla: { frtDueAt: string; ttrDueAt: string; respondedAt: string | null; breached: boolean };
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

/**
 * Actions an agent or integrator can take on a ticket, their payloads, and the states each is
 * allowed from. Pure: the workflow applies them, the API validates payloads with the same schemas.
 */
export const actionPayloadSchemas = {
  assign: z
    .object({
      assigneeId: z.string().trim().min(1).max(128),
      groupId: z.string().trim().min(1).max(128).optional(),
      note: z.string().max(2000).optional(),
    })
    .strict(),
  resolve: z
    .object({
      resolution: z.string().trim().min(1).max(10_000),
    })
    .strict(),
  close: z
    .object({
      note: z.string().max(2000).optional(),
    })
    .strict(),
} as const;

export type TicketActionName = keyof typeof actionPayloadSchemas;
export const TICKET_ACTIONS = Object.keys(actionPayloadSchemas) as TicketActionName[];

export interface ActionRequest {
  action: TicketActionName;
  payload: Record<string, unknown>;
  actor: string;
}

const allowedFrom: Record<TicketActionName, readonly TicketStatus[]> = {
  assign: ['new', 'pending_assignment', 'in_progress'],
  resolve: ['in_progress', 'pending_customer', 'pending_review'],
  close: ['resolved'],
};

export class ActionRefused extends Error {
  constructor(
    message: string,
    readonly code: 'invalid_state' | 'invalid_payload' | 'unknown_action',
  ) {
    super(message);
    this.name = 'ActionRefused';
  }
}

export function isTicketAction(name: string): name is TicketActionName {
  return Object.prototype.hasOwnProperty.call(actionPayloadSchemas, name);
}

/** Why an action cannot be taken now, or null when it can. */
export function refusalReason(state: TicketState, req: ActionRequest): ActionRefused | null {
  if (!isTicketAction(req.action)) return new ActionRefused(`unknown action '${req.action}'`, 'unknown_action');
  const parsed = actionPayloadSchemas[req.action].safeParse(req.payload ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return new ActionRefused(
      `invalid payload for '${req.action}': ${first?.path.join('.') || '(body)'} ${first?.message}`,
      'invalid_payload',
    );
  }
  const from = allowedFrom[req.action];
  if (!from.includes(state.status)) {
    return new ActionRefused(
      `'${req.action}' is not allowed while the ticket is ${state.status}; allowed from: ${from.join(', ')}`,
      'invalid_state',
    );
  }
  return null;
}

function diff(before: TicketState, after: TicketState, keys: (keyof TicketState)[]): TicketEvent['changes'] {
  const changes: TicketEvent['changes'] = {};
  for (const k of keys) if (before[k] !== after[k]) changes[k] = { from: before[k], to: after[k] };
  return changes;
}

/** Applies an allowed action; `now` comes from the caller so the workflow stays deterministic. */
export function applyAction(state: TicketState, req: ActionRequest, now: Date): { state: TicketState; event: TicketEvent } {
  const refused = refusalReason(state, req);
  if (refused) throw refused;
  const at = now.toISOString();
  const next: TicketState = { ...state, sla: { ...state.sla }, updatedAt: at, seq: state.seq + 1 };
  switch (req.action) {
    case 'assign': {
      const p = actionPayloadSchemas.assign.parse(req.payload);
      next.assigneeId = p.assigneeId;
      next.groupId = p.groupId ?? state.groupId;
      next.status = 'in_progress';
      // Assignment to a person is the first agent response for FRT.
      next.sla.respondedAt ??= at;
      break;
    }
    case 'resolve': {
      const p = actionPayloadSchemas.resolve.parse(req.payload);
      next.resolution = p.resolution;
      next.status = 'resolved';
      next.resolvedAt = at;
      break;
    }
    case 'close': {
      next.status = 'closed';
      next.closedAt = at;
      break;
    }
  }
  const event: TicketEvent = {
    seq: next.seq,
    type: `ticket.${req.action}`,
    actor: req.actor,
    at,
    fromStatus: state.status,
    toStatus: next.status,
    changes: diff(state, next, ['status', 'assigneeId', 'groupId', 'resolution', 'resolvedAt', 'closedAt']),
    payload: req.payload ?? {},
  };
  return { state: next, event };
}

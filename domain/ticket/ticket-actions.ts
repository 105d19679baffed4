import { z } from 'zod';
import { PRIORITIES, SUBSTATUSES, type TicketState } from './ticket.schema';

/**
 * Every action an agent, integrator or the system can take on a ticket: its payload schema and
 * its effect on the ticket's data. Which action is allowed when, and where it leads, is the
 * flow's business (domain/flow); what the action means is defined once, here.
 */
const who = z.string().trim().min(1).max(128);
const text = (max = 2000) => z.string().trim().min(1).max(max);
const note = z.string().trim().max(2000).optional();

export const ticketActionSchemas = {
  // providerId: hand the work to a service provider (服务商/代理商); null takes it back; absent leaves it.
  assign: z.object({ assigneeId: who, groupId: who.optional(), providerId: who.nullable().optional(), note }).strict(),
  accept: z.object({ note }).strict(),
  dispute: z.object({ reason: text(), note }).strict(),
  start: z.object({ note }).strict(),
  'set-substatus': z.object({ substatus: z.enum(SUBSTATUSES), note }).strict(),
  'request-info': z.object({ message: text(), fields: z.array(z.string().min(1).max(64)).max(20).optional() }).strict(),
  'customer-replied': z.object({ message: text(10_000), attachments: z.array(z.string().url().max(2048)).max(20).optional() }).strict(),
  // Pause reasons are a dictionary admins extend; the API checks the code against it.
  hold: z.object({ reason: z.string().trim().min(1).max(64), evidence: z.string().trim().max(2000).optional(), note }).strict(),
  resume: z.object({ note }).strict(),
  escalate: z.object({ level: z.enum(['L2', 'L3', 'vendor']), reason: text(), groupId: who.optional() }).strict(),
  transfer: z.object({ assigneeId: who, groupId: who.optional(), reason: text() }).strict(),
  'change-priority': z.object({ priority: z.enum(PRIORITIES), reason: text() }).strict(),
  'add-note': z.object({ text: text(10_000), visibility: z.enum(['internal', 'public']).default('internal') }).strict(),
  'add-attachment': z
    .object({
      url: z.string().url().max(2048),
      name: z.string().trim().min(1).max(200).optional(),
      kind: z.enum(['photo', 'video', 'invoice', 'waybill', 'document', 'other']).default('other'),
    })
    .strict(),
  resolve: z
    .object({
      resolution: text(10_000),
      rootCause: z.string().trim().max(2000).optional(),
      diagnosis: z.string().trim().max(2000).optional(),
    })
    .strict(),
  close: z.object({ note, reason: z.enum(['confirmed', 'no_response', 'duplicate', 'invalid']).optional() }).strict(),
  reopen: z.object({ reason: text() }).strict(),
  /** a repeat contact merged into this ticket (system action from intake) */
  'add-contact': z
    .object({
      channel: z.string().min(1).max(32),
      description: text(10_000),
      attachments: z.array(z.string().url().max(2048)).max(50).default([]),
      receivedAt: z.iso.datetime({ offset: true }),
    })
    .strict(),
  /** answers an approval node of the flow; the caller's roles must hold the level's role */
  approve: z.object({ comment: note }).strict(),
  reject: z.object({ comment: note }).strict(),
} as const;

export type TicketActionName = keyof typeof ticketActionSchemas;
export const TICKET_ACTIONS = Object.keys(ticketActionSchemas) as TicketActionName[];
export type TicketActionPayload<A extends TicketActionName> = z.infer<(typeof ticketActionSchemas)[A]>;

export interface ActionRequest {
  action: string;
  payload: Record<string, unknown>;
  actor: string;
  /** the caller's roles; approval levels check them (approve / reject without roles are refused) */
  actorRoles?: string[];
}

export function isTicketAction(name: string): name is TicketActionName {
  return Object.prototype.hasOwnProperty.call(ticketActionSchemas, name);
}

export function parseActionPayload(action: TicketActionName, payload: unknown) {
  return ticketActionSchemas[action].safeParse(payload ?? {});
}

/**
 * The action's own effect on the ticket's data (not its status: the flow moves the work).
 * Returns a new ticket; the input is not changed.
 */
export function applyActionEffect(
  ticket: TicketState,
  action: TicketActionName,
  payload: Record<string, unknown>,
  actor: string,
  at: string,
): TicketState {
  // JSON copy: structuredClone does not exist in the workflow sandbox, and a ticket is plain JSON anyway.
  const t: TicketState = JSON.parse(JSON.stringify(ticket));
  const p = payload as any;
  switch (action) {
    case 'assign':
    case 'transfer':
      t.assigneeId = p.assigneeId;
      t.groupId = p.groupId ?? t.groupId;
      // Only when named, so tickets and histories from before providers keep their exact shape.
      if (p.providerId !== undefined) t.providerId = p.providerId;
      break;
    case 'dispute':
      t.lastDispute = { by: actor, reason: p.reason, at };
      break;
    case 'accept':
      if (t.status === 'escalated') t.assigneeId = actor.startsWith('user:') ? actor.slice(5) : t.assigneeId;
      break;
    case 'set-substatus':
      t.substatus = p.substatus;
      break;
    case 'request-info':
      t.substatus = 'awaiting_information';
      t.notes.push({ text: p.message, visibility: 'public', actor, at });
      break;
    case 'customer-replied':
      t.notes.push({ text: p.message, visibility: 'public', actor, at });
      t.attachments.push(...(p.attachments ?? []));
      break;
    case 'escalate':
      t.escalationLevel = p.level;
      t.groupId = p.groupId ?? t.groupId;
      break;
    case 'change-priority':
      t.priority = p.priority;
      break;
    case 'add-note':
      t.notes.push({ text: p.text, visibility: p.visibility, actor, at });
      break;
    case 'add-attachment':
      t.attachments.push(p.url);
      break;
    case 'resolve':
      t.resolution = p.resolution;
      t.details.rootCause = p.rootCause ?? t.details.rootCause;
      t.details.diagnosis = p.diagnosis ?? t.details.diagnosis;
      t.resolvedAt = at;
      break;
    case 'close':
      t.closedAt = at;
      break;
    case 'reopen':
      t.resolvedAt = null;
      t.reopenCount += 1;
      break;
    case 'add-contact':
      t.contacts.push({ channel: p.channel, description: p.description, attachments: p.attachments, receivedAt: p.receivedAt });
      break;
    case 'start':
    case 'hold':
    case 'resume':
    case 'approve':
    case 'reject':
      break;
  }
  t.updatedAt = at;
  t.audit.updatedBy = actor;
  return t;
}

/** Field-level from → to changes between two snapshots, for events and `ticket.updated` webhooks. */
export function diffTicket(before: TicketState, after: TicketState): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const skip = new Set(['updatedAt', 'seq', 'audit', 'sla', 'flow']);
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (skip.has(key)) continue;
    const a = (before as any)[key];
    const b = (after as any)[key];
    if (JSON.stringify(a) !== JSON.stringify(b)) changes[key] = { from: a ?? null, to: b ?? null };
  }
  return changes;
}

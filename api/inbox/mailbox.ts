import type { DataSource } from 'typeorm';
import { parseRecipient } from '../../domain/inbox/inbox-messages';
import type { Principal } from '../auth/api-tokens';
import { HttpProblem } from '../http/problem';

/**
 * Whose messages a request reads. A person's mailbox holds the messages to them and to the groups
 * named after their roles (a team_lead token reads group:team_lead); read state is theirs alone.
 */
export interface Mailbox {
  users: string[];
  groups: string[];
  /** whose read state counts; null for a group's mailbox, where a message counts as read once anyone read it */
  reader: string | null;
}

/** Roles that may look into someone else's mailbox or a group's (`?recipient=`). */
const SUPERVISORS = ['admin', 'team_lead'];

export function ownMailbox(principal: Principal): Mailbox {
  return { users: [principal.name], groups: principal.roles, reader: principal.name };
}

/** The caller's mailbox, or with `recipient` (agent_li, group:qa) another's, for supervisors. */
export async function mailboxFor(ds: DataSource, principal: Principal, recipient?: string): Promise<Mailbox> {
  if (recipient === undefined) return ownMailbox(principal);
  const to = parseRecipient(recipient);
  if (!to) {
    throw new HttpProblem(400, 'validation_failed', 'The request is not valid', 'query.recipient: a user id or group:<name>', [
      { field: 'query.recipient', message: 'a user id or group:<name>' },
    ]);
  }
  if (to.type === 'user' && to.id === principal.name) return ownMailbox(principal);
  if (!principal.roles.some((r) => SUPERVISORS.includes(r))) {
    throw new HttpProblem(403, 'forbidden', 'Forbidden', 'only team leads and admins may read another mailbox');
  }
  if (to.type === 'group') return { users: [], groups: [to.id], reader: null };
  // Another person's groups are the roles of their active tokens.
  const [row] = (await ds.query(
    `SELECT COALESCE(array_agg(DISTINCT r), '{}') AS roles FROM api_tokens, unnest(roles) AS r WHERE name = $1 AND revoked_at IS NULL`,
    [to.id],
  )) as { roles: string[] }[];
  return { users: [to.id], groups: row?.roles ?? [], reader: to.id };
}

/** SQL for "message m is in this mailbox", with its parameters appended to `args`. */
export function inMailbox(box: Mailbox, args: unknown[]): string {
  const users = `$${args.push(box.users)}`;
  const groups = `$${args.push(box.groups)}`;
  return `((m.recipient_type = 'user' AND m.recipient_id = ANY(${users}::text[])) OR (m.recipient_type = 'group' AND m.recipient_id = ANY(${groups}::text[])))`;
}

/** SQL for "m has been read" in this mailbox. */
export function isRead(box: Mailbox, args: unknown[]): string {
  if (box.reader === null) return `EXISTS (SELECT 1 FROM inbox_reads r WHERE r.message_id = m.id)`;
  return `EXISTS (SELECT 1 FROM inbox_reads r WHERE r.message_id = m.id AND r.reader = $${args.push(box.reader)})`;
}

export const MESSAGE_COLUMNS = `m.id, m.kind, m.title, m.body, m.link, m.ticket_id AS "ticketId", m.recipient_type AS "recipientType",
  m.recipient_id AS "recipientId", m.created_at AS "createdAt"`;

export interface MessageRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  ticketId: string | null;
  recipientType: 'user' | 'group';
  recipientId: string;
  createdAt: Date;
  readAt: Date | null;
}

export function messageView(r: MessageRow) {
  return {
    id: String(r.id),
    kind: r.kind,
    title: r.title,
    body: r.body,
    link: r.link,
    ticketId: r.ticketId,
    recipient: r.recipientType === 'group' ? `group:${r.recipientId}` : r.recipientId,
    createdAt: new Date(r.createdAt).toISOString(),
    readAt: r.readAt ? new Date(r.readAt).toISOString() : null,
  };
}

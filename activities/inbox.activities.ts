import type { DataSource } from 'typeorm';
import { inboxMessageKey, renderInboxMessage, ticketLink, type InboxKind, type InboxRecipient } from '../domain/inbox/inbox-messages';

export interface DeliverInboxInput {
  ticketId: string;
  /** the ticket event that caused the message; with kind and recipient it is the idempotency key */
  seq: number;
  kind: InboxKind;
  recipients: InboxRecipient[];
  vars: Record<string, unknown>;
}

/** Roles whose tokens stand for a person (agents and team leads), rather than a system. */
const PERSON_ROLES = ['agent', 'team_lead'];

/** In-app messages, written once per (event, kind, recipient) however often the activity is retried. */
export function createInboxActivities(deps: { dataSource: DataSource }) {
  /**
   * `user:li` (signed in with a password) is the person li; `token:agent_li` is the person agent_li
   * when an active token of that name has a person's role.
   */
  const personOf = async (actor: string): Promise<string | null> => {
    const user = /^user:(.+)$/.exec(actor)?.[1];
    if (user) return user;
    const name = /^token:(.+)$/.exec(actor)?.[1];
    if (!name) return null;
    const rows: unknown[] = await deps.dataSource.query(
      `SELECT 1 FROM api_tokens WHERE name = $1 AND revoked_at IS NULL AND roles && $2::text[] LIMIT 1`,
      [name, PERSON_ROLES],
    );
    return rows.length ? name : null;
  };

  return {
    async deliverInboxMessage(input: DeliverInboxInput): Promise<{ written: number }> {
      const to = new Map<string, { type: 'user' | 'group'; id: string }>();
      for (const r of input.recipients) {
        const resolved = r.type === 'creator' ? await personOf(r.id).then((id) => (id ? { type: 'user' as const, id } : null)) : r;
        if (resolved?.id) to.set(`${resolved.type}:${resolved.id}`, resolved);
      }
      if (!to.size) return { written: 0 };
      const { title, body } = renderInboxMessage(input.kind, { ticketId: input.ticketId, ...input.vars });
      const recipients = [...to.values()];
      const written: unknown[] = await deps.dataSource.query(
        `INSERT INTO inbox_messages (idempotency_key, recipient_type, recipient_id, kind, title, body, link, ticket_id)
         SELECT k, t, r, $4, $5, $6, $7, $8 FROM unnest($1::text[], $2::text[], $3::text[]) AS x(k, t, r)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [
          recipients.map((r) => inboxMessageKey(input.ticketId, input.seq, input.kind, r)),
          recipients.map((r) => r.type),
          recipients.map((r) => r.id),
          input.kind,
          title,
          body,
          ticketLink(input.ticketId),
          input.ticketId,
        ],
      );
      return { written: written.length };
    },
  };
}

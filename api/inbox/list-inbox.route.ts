import { z } from 'zod';
import { INBOX_KINDS } from '../../domain/inbox/inbox-messages';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { inMailbox, isRead, mailboxFor, MESSAGE_COLUMNS, messageView, type MessageRow } from './mailbox';

const query = z
  .object({
    unread: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    kind: z.enum(INBOX_KINDS).optional(),
    /** another mailbox (team leads and admins): a user id, or group:<name> */
    recipient: z.string().trim().min(1).max(140).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** the nextCursor of the previous page */
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'not a cursor from a previous page')
      .optional(),
  })
  .strict();

export const listInboxRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/inbox',
    permission: 'inbox:read',
    summary:
      "The caller's in-app messages (to them and to their groups), newest first; unread=true for the unread ones. Team leads and admins may read another mailbox with recipient=agent_li or recipient=group:qa.",
    query,
    async handler({ query, principal }) {
      const box = await mailboxFor(ctx.dataSource, principal!, query.recipient);
      const args: unknown[] = [];
      const where = [inMailbox(box, args)];
      if (query.kind) where.push(`m.kind = $${args.push(query.kind)}`);
      if (query.unread) where.push(`NOT ${isRead(box, args)}`);
      if (query.cursor) where.push(`m.id < $${args.push(query.cursor)}`);
      const readAt =
        box.reader === null
          ? `(SELECT min(r.read_at) FROM inbox_reads r WHERE r.message_id = m.id)`
          : `(SELECT r.read_at FROM inbox_reads r WHERE r.message_id = m.id AND r.reader = $${args.push(box.reader)})`;
      const rows = (await ctx.dataSource.query(
        `SELECT ${MESSAGE_COLUMNS}, ${readAt} AS "readAt" FROM inbox_messages m WHERE ${where.join(' AND ')}
         ORDER BY m.id DESC LIMIT $${args.push(query.limit + 1)}`,
        args,
      )) as MessageRow[];
      const page = rows.slice(0, query.limit);
      const nextCursor = rows.length > query.limit ? String(page[page.length - 1]!.id) : null;
      return { body: { items: page.map(messageView), nextCursor } };
    },
  });

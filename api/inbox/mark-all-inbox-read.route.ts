import { z } from 'zod';
import { INBOX_KINDS } from '../../domain/inbox/inbox-messages';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { inMailbox, isRead, ownMailbox } from './mailbox';

export const markAllInboxReadRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/inbox/read-all',
    permission: 'inbox:read',
    summary: "Mark all the caller's unread messages read (optionally only one kind, or those about one ticket); answers how many.",
    body: z
      .object({
        kind: z.enum(INBOX_KINDS).optional(),
        ticketId: z.string().min(1).max(64).optional(),
      })
      .strict(),
    async handler({ body, principal }) {
      const box = ownMailbox(principal!);
      const args: unknown[] = [];
      const where = [inMailbox(box, args), `NOT ${isRead(box, args)}`];
      if (body.kind) where.push(`m.kind = $${args.push(body.kind)}`);
      if (body.ticketId) where.push(`m.ticket_id = $${args.push(body.ticketId)}`);
      const marked: unknown[] = await ctx.dataSource.query(
        `INSERT INTO inbox_reads (message_id, reader) SELECT m.id, $${args.push(box.reader)} FROM inbox_messages m WHERE ${where.join(' AND ')}
         ON CONFLICT (message_id, reader) DO NOTHING RETURNING message_id`,
        args,
      );
      return { body: { marked: marked.length } };
    },
  });

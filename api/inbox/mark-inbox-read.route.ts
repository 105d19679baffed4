import { z } from 'zod';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { inMailbox, MESSAGE_COLUMNS, messageView, ownMailbox, type MessageRow } from './mailbox';

export const markInboxReadRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/inbox/:id/read',
    permission: 'inbox:read',
    summary: 'Mark one of the caller’s messages read (again is harmless). Messages in other mailboxes do not exist for the caller.',
    params: z.object({ id: z.string().regex(/^\d{1,18}$/, 'not a message id') }),
    async handler({ params, principal }) {
      const box = ownMailbox(principal!);
      const args: unknown[] = [params.id];
      const mine = inMailbox(box, args);
      const reader = `$${args.push(box.reader)}`;
      // One statement: the insert is invisible to the outer select, hence the COALESCE of both.
      const [row] = (await ctx.dataSource.query(
        `WITH target AS (SELECT m.id FROM inbox_messages m WHERE m.id = $1 AND ${mine}),
              marked AS (INSERT INTO inbox_reads (message_id, reader) SELECT id, ${reader} FROM target
                         ON CONFLICT (message_id, reader) DO NOTHING RETURNING read_at)
         SELECT ${MESSAGE_COLUMNS},
           COALESCE((SELECT read_at FROM marked), (SELECT r.read_at FROM inbox_reads r WHERE r.message_id = m.id AND r.reader = ${reader})) AS "readAt"
         FROM inbox_messages m JOIN target USING (id)`,
        args,
      )) as MessageRow[];
      if (!row) throw HttpProblem.notFound(`message ${params.id} is not in your inbox`);
      return { body: messageView(row) };
    },
  });

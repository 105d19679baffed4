import { z } from 'zod';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { inMailbox, isRead, mailboxFor } from './mailbox';

export const inboxUnreadCountRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/inbox/unread-count',
    permission: 'inbox:read',
    summary: "How many of the caller's messages are unread, in all and by kind (the console's badge).",
    query: z.object({ recipient: z.string().trim().min(1).max(140).optional() }).strict(),
    async handler({ query, principal }) {
      const box = await mailboxFor(ctx.dataSource, principal!, query.recipient);
      const args: unknown[] = [];
      const rows = (await ctx.dataSource.query(
        `SELECT m.kind, count(*)::int AS n FROM inbox_messages m WHERE ${inMailbox(box, args)} AND NOT ${isRead(box, args)} GROUP BY m.kind`,
        args,
      )) as { kind: string; n: number }[];
      const byKind = Object.fromEntries(rows.map((r) => [r.kind, r.n]));
      return { body: { unread: rows.reduce((sum, r) => sum + r.n, 0), byKind } };
    },
  });

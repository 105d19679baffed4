import { z } from 'zod';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { TICKET_ID_PATTERN } from '../tickets/ticket-gateway';
import { rowToView } from './rma-read';

const query = z
  .object({
    status: z.string().trim().min(1).max(50).optional(),
    ticketId: z.string().regex(TICKET_ID_PATTERN, 'not a ticket number').optional(),
    customerId: z.string().trim().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const listRmasRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/rmas',
    permission: 'rmas:read',
    summary: 'RMAs, newest first, by status, ticket or customer.',
    query,
    async handler({ query: q }) {
      const rows = await ctx.dataSource.query(
        `SELECT rma_id, status, data, approvals, closed_at, count(*) OVER () AS total FROM rmas
         WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR ticket_id = $2) AND ($3::text IS NULL OR customer_id = $3)
         ORDER BY created_at DESC, rma_id LIMIT $4 OFFSET $5`,
        [q.status ?? null, q.ticketId ?? null, q.customerId ?? null, q.limit, q.offset],
      );
      return { body: { items: rows.map(rowToView), total: Number(rows[0]?.total ?? 0), limit: q.limit, offset: q.offset } };
    },
  });

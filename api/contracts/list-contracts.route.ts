import { z } from 'zod';
import { CONTRACT_KINDS, CONTRACT_STATUSES, contractIdSchema } from '../../domain/contracts/contract';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { CONTRACT_COLUMNS, contractView, loadUsages, type ContractRow } from './contract-queries';

const query = z
  .object({
    customerId: z.string().trim().min(1).max(128).optional(),
    status: z.enum(CONTRACT_STATUSES).optional(),
    kind: z.enum(CONTRACT_KINDS).optional(),
    /** contracts whose coverage names this asset, or covers every asset */
    assetId: z.string().trim().min(1).max(128).optional(),
    /** contract number or name contains */
    q: z.string().trim().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** the last contract number of the previous page */
    cursor: contractIdSchema.optional(),
  })
  .strict();

export const listContractsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/contracts',
    permission: 'contracts:read',
    summary: 'Contracts by customer, status, kind, asset or text, in contract-number order, with keyset paging (cursor).',
    query,
    async handler({ query }) {
      const where: string[] = [];
      const args: unknown[] = [];
      const arg = (v: unknown) => `$${args.push(v)}`;
      if (query.customerId) where.push(`c.customer_id = ${arg(query.customerId)}`);
      if (query.status) where.push(`c.status = ${arg(query.status)}`);
      if (query.kind) where.push(`c.kind = ${arg(query.kind)}`);
      if (query.assetId) {
        where.push(
          `(c.coverage->'assetIds' @> ${arg(JSON.stringify([query.assetId]))}::jsonb OR jsonb_array_length(c.coverage->'assetIds') = 0)`,
        );
        where.push(`c.customer_id = (SELECT customer_id FROM assets WHERE id = ${arg(query.assetId)})`);
      }
      if (query.q) {
        const like = `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
        where.push(`(c.id ILIKE ${arg(like)} OR c.name ILIKE ${arg(like)})`);
      }
      if (query.cursor) where.push(`c.id > ${arg(query.cursor)}`);
      const rows = (await ctx.dataSource.query(
        `SELECT ${CONTRACT_COLUMNS} FROM contracts c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY c.id LIMIT ${arg(query.limit + 1)}`,
        args,
      )) as ContractRow[];
      const page = rows.slice(0, query.limit);
      const usages = await loadUsages(
        ctx.dataSource,
        page.map((r) => r.id),
      );
      const now = new Date();
      return {
        body: {
          items: page.map((r) => contractView(r, now, usages)),
          nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
        },
      };
    },
  });

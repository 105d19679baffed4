import { z } from 'zod';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { PLAN_COLUMNS, planView, type PlanRow } from './plan-store';

const id = z.string().min(1).max(128);
const listQuery = z
  .object({
    customerId: id.optional(),
    assetId: id.optional(),
    siteId: id.optional(),
    status: z.enum(['active', 'paused']).optional(),
    triggerType: z.enum(['cycle', 'condition']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

function decodeCursor(raw: string): { createdAt: string; id: string } {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { createdAt: string; id: string };
    if (typeof c.createdAt === 'string' && typeof c.id === 'string' && !Number.isNaN(Date.parse(c.createdAt))) return c;
  } catch {
    /* fall through */
  }
  throw new HttpProblem(400, 'validation_failed', 'The request is not valid', 'query.cursor: not a cursor from a previous page', [
    { field: 'query.cursor', message: 'not a cursor from a previous page' },
  ]);
}

export const listPlansRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/maintenance-plans',
    permission: 'archives:read',
    summary: 'List maintenance plans, newest first, with filters and keyset paging (cursor). GET one plan for its next run times.',
    query: listQuery,
    async handler({ query }) {
      const where = ['deleted_at IS NULL'];
      const args: unknown[] = [];
      const add = (sql: string, value: unknown) => {
        args.push(value);
        where.push(sql.replace('?', `$${args.length}`));
      };
      if (query.customerId) add('customer_id = ?', query.customerId);
      // An asset is covered directly, through its site, or through its model at its customer.
      if (query.assetId) {
        add(
          `(asset_id = ? OR site_id = (SELECT site_id FROM assets WHERE id = $${args.length + 1})
            OR (target_type = 'model' AND (customer_id, model) = (SELECT customer_id, model FROM assets WHERE id = $${args.length + 1})))`,
          query.assetId,
        );
      }
      if (query.siteId) add('site_id = ?', query.siteId);
      if (query.status) add('status = ?', query.status);
      if (query.triggerType) add('trigger_type = ?', query.triggerType);
      if (query.cursor) {
        const c = decodeCursor(query.cursor);
        args.push(c.createdAt, c.id);
        where.push(`(created_at, id) < ($${args.length - 1}, $${args.length})`);
      }
      const rows = (await ctx.dataSource.query(
        `SELECT ${PLAN_COLUMNS} FROM maintenance_plans WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ${query.limit + 1}`,
        args,
      )) as PlanRow[];
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      const nextCursor =
        rows.length > query.limit && last
          ? Buffer.from(JSON.stringify({ createdAt: new Date(last.created_at).toISOString(), id: last.id })).toString('base64url')
          : null;
      return { body: { items: page.map(planView), nextCursor } };
    },
  });

import { z } from 'zod';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';

const query = z
  .object({
    /** exact action (pii.read), or a prefix ending in a dot (pii_rule.) */
    action: z.string().trim().min(1).max(100).optional(),
    actor: z.string().trim().min(1).max(200).optional(),
    targetType: z.string().trim().min(1).max(100).optional(),
    targetId: z.string().trim().min(1).max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** the nextCursor of the previous page */
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'a cursor from a previous page')
      .optional(),
  })
  .strict();

interface AuditRow {
  id: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  at: string;
  details: unknown;
}

export const listAuditRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/audit',
    permission: 'audit:read',
    summary:
      'The audit trail, newest first, by action (exact, or a prefix ending in "."), actor, target type and id; keyset paging. `?action=pii.read` lists who saw personal data unmasked, where and which fields.',
    query,
    async handler({ query }) {
      const where: string[] = [];
      const args: unknown[] = [];
      const arg = (v: unknown) => `$${args.push(v)}`;
      if (query.action?.endsWith('.')) where.push(`action LIKE ${arg(query.action.replace(/[\\%_]/g, '\\$&') + '%')}`);
      else if (query.action) where.push(`action = ${arg(query.action)}`);
      if (query.actor) where.push(`actor = ${arg(query.actor)}`);
      if (query.targetType) where.push(`target_type = ${arg(query.targetType)}`);
      if (query.targetId) where.push(`target_id = ${arg(query.targetId)}`);
      if (query.cursor) where.push(`id < ${arg(query.cursor)}`);
      const rows = (await ctx.dataSource.query(
        `SELECT id::text AS id, actor, action, target_type AS "targetType", target_id AS "targetId", at, details
         FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${arg(query.limit + 1)}`,
        args,
      )) as AuditRow[];
      const page = rows.slice(0, query.limit);
      const nextCursor = rows.length > query.limit ? page[page.length - 1]!.id : null;
      return { body: { items: page, nextCursor } };
    },
  });

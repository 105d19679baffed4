import { z } from 'zod';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { planIdParams } from './plan-schema';

const runsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(400).optional(),
  })
  .strict();

interface RunCursor {
  scheduledAt: string;
  assetId: string;
}

function decodeCursor(raw: string): RunCursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as RunCursor;
    if (typeof c.scheduledAt === 'string' && typeof c.assetId === 'string' && !Number.isNaN(Date.parse(c.scheduledAt))) return c;
  } catch {
    /* fall through */
  }
  throw new HttpProblem(400, 'validation_failed', 'The request is not valid', 'query.cursor: not a cursor from a previous page', [
    { field: 'query.cursor', message: 'not a cursor from a previous page' },
  ]);
}

export const listPlanRunsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/maintenance-plans/:id/runs',
    permission: 'archives:read',
    summary: "A plan's firings, newest first: per asset, the ticket it opened (with the ticket's status) or why it could not.",
    params: planIdParams,
    query: runsQuery,
    async handler({ params, query }) {
      const [plan] = (await ctx.dataSource.query(`SELECT id FROM maintenance_plans WHERE id = $1`, [params.id])) as unknown[];
      if (!plan) throw HttpProblem.notFound(`maintenance plan ${params.id} does not exist`);
      const c = query.cursor ? decodeCursor(query.cursor) : null;
      const rows = (await ctx.dataSource.query(
        `SELECT r.scheduled_at, r.asset_id, r.trigger, r.ticket_id, r.status, r.error, r.created_at, t.status AS ticket_status
           FROM maintenance_runs r LEFT JOIN tickets t ON t.ticket_id = r.ticket_id
          WHERE r.plan_id = $1 AND ($2::timestamptz IS NULL OR (r.scheduled_at, r.asset_id) < ($2::timestamptz, $3::text))
          ORDER BY r.scheduled_at DESC, r.asset_id DESC LIMIT $4`,
        [params.id, c?.scheduledAt ?? null, c?.assetId ?? '', query.limit + 1],
      )) as {
        scheduled_at: Date;
        asset_id: string;
        trigger: string;
        ticket_id: string | null;
        status: string;
        error: string | null;
        created_at: Date;
        ticket_status: string | null;
      }[];
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      const nextCursor =
        rows.length > query.limit && last
          ? Buffer.from(JSON.stringify({ scheduledAt: new Date(last.scheduled_at).toISOString(), assetId: last.asset_id })).toString(
              'base64url',
            )
          : null;
      return {
        body: {
          items: page.map((r) => ({
            scheduledAt: new Date(r.scheduled_at).toISOString(),
            assetId: r.asset_id,
            trigger: r.trigger,
            status: r.status,
            ticketId: r.ticket_id,
            ticketStatus: r.ticket_status,
            error: r.error,
            recordedAt: new Date(r.created_at).toISOString(),
          })),
          nextCursor,
        },
      };
    },
  });

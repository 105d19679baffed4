import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { loadVisitRow, visitIdParams } from './visit-queries';

export const listVisitEventsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/visits/:id/events',
    permission: 'visits:read',
    summary: 'The visit’s history, oldest first: every action, booking, parts step, compensation and status change as a numbered event.',
    params: visitIdParams,
    async handler({ params }) {
      if (!(await loadVisitRow(ctx.dataSource, params.id))) throw HttpProblem.notFound(`visit ${params.id} does not exist`);
      const rows = (await ctx.dataSource.query(
        `SELECT seq, type, actor, at, from_status, to_status, payload FROM visit_events WHERE visit_id = $1 ORDER BY seq`,
        [params.id],
      )) as {
        seq: number;
        type: string;
        actor: string;
        at: Date;
        from_status: string | null;
        to_status: string | null;
        payload: unknown;
      }[];
      return {
        body: {
          items: rows.map((r) => ({
            seq: r.seq,
            type: r.type,
            actor: r.actor,
            at: r.at,
            fromStatus: r.from_status,
            toStatus: r.to_status,
            payload: r.payload,
          })),
        },
      };
    },
  });

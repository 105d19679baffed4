import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { rmaIdParams, requireRmaRow } from './rma-read';

export const listRmaEventsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/rmas/:rmaId/events',
    permission: 'rmas:read',
    summary: "An RMA's audit trail: every numbered event with actor, time, from and to status.",
    params: rmaIdParams,
    async handler({ params }) {
      await requireRmaRow(ctx.dataSource, params.rmaId);
      const rows = (await ctx.dataSource.query(
        `SELECT seq, type, actor, occurred_at, from_status, to_status, payload FROM rma_events WHERE rma_id = $1 ORDER BY seq`,
        [params.rmaId],
      )) as {
        seq: number;
        type: string;
        actor: string;
        occurred_at: Date;
        from_status: string | null;
        to_status: string;
        payload: unknown;
      }[];
      return {
        body: {
          items: rows.map((r) => ({
            seq: r.seq,
            type: r.type,
            actor: r.actor,
            at: r.occurred_at.toISOString(),
            fromStatus: r.from_status,
            toStatus: r.to_status,
            payload: r.payload,
          })),
        },
      };
    },
  });

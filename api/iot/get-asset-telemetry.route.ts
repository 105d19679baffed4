import { z } from 'zod';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';

export const getAssetTelemetryRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/iot/assets/:assetId/telemetry',
    permission: 'archives:read',
    summary: "An asset's latest readings (each reading's newest value) and when they were taken.",
    params: z.object({ assetId: z.string().min(1).max(128) }),
    async handler({ params }) {
      const [row] = (await ctx.dataSource.query(
        `SELECT readings, occurred_at, received_at, source_id FROM asset_telemetry WHERE asset_id = $1`,
        [params.assetId],
      )) as { readings: Record<string, unknown>; occurred_at: Date; received_at: Date; source_id: string }[];
      if (!row) throw HttpProblem.notFound(`no telemetry for asset ${params.assetId}`);
      return {
        body: {
          assetId: params.assetId,
          readings: row.readings,
          occurredAt: new Date(row.occurred_at).toISOString(),
          receivedAt: new Date(row.received_at).toISOString(),
          sourceId: row.source_id,
        },
      };
    },
  });

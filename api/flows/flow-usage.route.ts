import { listVersions } from '../../db/flow-store';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { keyParams } from './flow-http';

interface Count {
  kind: 'ticket' | 'rma' | 'visit';
  version: number;
  running: number;
  closed: number;
}

/**
 * Pinned versions as the projections record them: tickets (`flow_version`; a ticket runs until it
 * is closed, so resolved counts as running), RMAs (`flow_version`; ended once `closed_at` is set)
 * and visits (the flow in their snapshot; ended once `closed_at` is set).
 */
const USAGE_SQL = `
  SELECT 'ticket' AS kind, flow_version AS version,
         count(*) FILTER (WHERE status <> 'closed')::int AS running, count(*) FILTER (WHERE status = 'closed')::int AS closed
    FROM tickets WHERE flow_key = $1 GROUP BY flow_version
  UNION ALL
  SELECT 'rma', flow_version, count(*) FILTER (WHERE closed_at IS NULL)::int, count(*) FILTER (WHERE closed_at IS NOT NULL)::int
    FROM rmas WHERE flow_key = $1 GROUP BY flow_version
  UNION ALL
  SELECT 'visit', (data->'flow'->>'version')::int, count(*) FILTER (WHERE closed_at IS NULL)::int,
         count(*) FILTER (WHERE closed_at IS NOT NULL)::int
    FROM visits WHERE data->'flow'->>'key' = $1 GROUP BY 2`;

export const flowUsageRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/flows/:key/usage',
    permission: 'flows:read',
    summary:
      'For each published version, newest first: how much work runs on it and how much finished on it (tickets, RMAs and visits, from their projections), with who published it, when, and why.',
    params: keyParams,
    async handler({ params }) {
      const versions = (await listVersions(ctx.dataSource, params.key)).filter((v) => v.status !== 'draft');
      if (!versions.length) throw HttpProblem.notFound(`flow '${params.key}' has no published version`);
      const counts = (await ctx.dataSource.query(USAGE_SQL, [params.key])) as Count[];
      const items = versions.map((v) => {
        const mine = counts.filter((c) => c.version === v.version);
        const byKind = Object.fromEntries(mine.map((c) => [c.kind, { running: c.running, closed: c.closed }]));
        return {
          version: v.version,
          status: v.status,
          running: mine.reduce((n, c) => n + c.running, 0),
          closed: mine.reduce((n, c) => n + c.closed, 0),
          byKind,
          publishedAt: v.publishedAt,
          publishedBy: v.publishedBy,
          message: v.message,
          republishedFrom: v.republishedFrom,
        };
      });
      return { body: { flowKey: params.key, items } };
    },
  });

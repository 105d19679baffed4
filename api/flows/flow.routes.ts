import { z } from 'zod';
import { getVersion, listFlows, listVersions } from '../../db/flow-store';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { HttpProblem } from '../http/problem';
import { backtestFlowRoute } from './backtest-flow.route';
import { flowDiffRoute } from './flow-diff.route';
import { flowDraftRoutes } from './flow-draft.routes';
import { checkFlow, keyParams, versionMeta, versionNumber } from './flow-http';
import { flowPublishRoutes } from './flow-publish.routes';
import { flowUsageRoute } from './flow-usage.route';
import { migrateFlowTicketsRoute } from './migrate-flow-tickets.route';

/** The flow store: drafts an admin edits, immutable published versions running work is pinned to. */
export const flowRoutes = (ctx: ApiContext) => [
  defineRoute({
    method: 'get',
    path: '/api/v1/flows',
    permission: 'flows:read',
    summary: 'Every flow with its newest published version and its draft, if any.',
    async handler() {
      return { body: { items: await listFlows(ctx.dataSource) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/flows/:key/versions',
    permission: 'flows:read',
    summary: 'Version history of a flow, newest first (with each publish message and roll-back origin).',
    params: keyParams,
    async handler({ params }) {
      const items = await listVersions(ctx.dataSource, params.key);
      if (!items.length) throw HttpProblem.notFound(`no flow '${params.key}'`);
      return { body: { items: items.map(versionMeta) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/flows/:key/versions/:version',
    permission: 'flows:read',
    summary: 'One version of a flow with its definition.',
    params: keyParams.extend({ version: versionNumber }),
    async handler({ params }) {
      const row = await getVersion(ctx.dataSource, params.key, params.version);
      if (!row) throw HttpProblem.notFound(`no version ${params.version} of flow '${params.key}'`);
      return { body: row };
    },
  }),
  ...flowDraftRoutes(ctx),
  ...flowPublishRoutes(ctx),
  flowDiffRoute(ctx),
  flowUsageRoute(ctx),
  backtestFlowRoute(ctx),
  migrateFlowTicketsRoute(ctx),
  defineRoute({
    method: 'post',
    path: '/api/v1/flows/validate',
    permission: 'flows:read',
    summary: 'Check a flow definition without storing it (the designer calls this while drawing).',
    body: z.record(z.string(), z.unknown()),
    async handler({ body }) {
      const result = checkFlow(body);
      return { body: { ok: result.ok, problems: result.ok ? [] : result.problems } };
    },
  }),
];

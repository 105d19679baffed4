import { z } from 'zod';
import { getDraft, getVersion, type FlowVersionRow } from '../../db/flow-store';
import { diffFlows } from '../../domain/flow/flow-diff';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { keyParams, versionNumber } from './flow-http';

const side = z.union([z.literal('draft'), versionNumber]);

export const flowDiffRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/flows/:key/diff',
    permission: 'flows:read',
    summary:
      'What changed from one version to another (`from`, `to`: a version number or `draft`; `to` defaults to the draft): nodes and edges added, removed and changed (with the fields), params and flow fields changed.',
    params: keyParams,
    query: z.object({ from: side, to: side.default('draft') }).strict(),
    async handler({ params, query }) {
      const load = async (which: 'from' | 'to', v: number | 'draft'): Promise<FlowVersionRow> => {
        const row = v === 'draft' ? await getDraft(ctx.dataSource, params.key) : await getVersion(ctx.dataSource, params.key, v);
        if (!row)
          throw new HttpProblem(404, 'not_found', 'Not found', `flow '${params.key}' has no ${v === 'draft' ? 'draft' : `v${v}`}`, [
            { field: `query.${which}`, message: v === 'draft' ? 'the flow has no draft' : 'no such version' },
          ]);
        return row;
      };
      const [from, to] = [await load('from', query.from), await load('to', query.to)];
      const ref = (r: FlowVersionRow) => ({ version: r.version, status: r.status, revision: r.revision });
      return { body: { flowKey: params.key, from: ref(from), to: ref(to), ...diffFlows(from.definition, to.definition) } };
    },
  });

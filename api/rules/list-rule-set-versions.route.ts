import { z } from 'zod';
import { getDraft, getVersion, listVersions } from '../../db/rule-set-store';
import { diffRuleSets } from '../../rules/rule-set-diff';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { ruleSetParams, ruleSetSummary, versionNumber } from './rule-http';

/** "3..4", or "4..draft" to see what publishing the draft would change. */
const diffSpec = z
  .string()
  .regex(/^\d+\.\.(\d+|draft)$/, 'two versions as from..to, e.g. 3..4 or 4..draft')
  .transform((s) => {
    const [from, to] = s.split('..');
    return { from: Number(from), to: to === 'draft' ? ('draft' as const) : Number(to) };
  });

const query = z
  .object({
    diff: diffSpec.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** the version number of the last row of the previous page */
    cursor: versionNumber.optional(),
  })
  .strict();

export const listRuleSetVersionsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/rule-sets/:setKey/versions',
    permission: 'rules:read',
    summary:
      'The versions of a rule set, newest first (draft, published, archived), paged with limit + cursor. With ?diff=3..4 (or 4..draft) instead: the rules added, removed and changed (with the fields that differ) between two versions.',
    params: ruleSetParams,
    query,
    async handler({ params, query }) {
      if (query.diff) {
        const { from, to } = query.diff;
        const a = await getVersion(ctx.dataSource, params.setKey, from);
        const b = to === 'draft' ? await getDraft(ctx.dataSource, params.setKey) : await getVersion(ctx.dataSource, params.setKey, to);
        if (!a)
          throw new HttpProblem(400, 'validation_failed', 'The request is not valid', `query.diff: no version ${from}`, [
            { field: 'query.diff', message: `no version ${from}` },
          ]);
        if (!b)
          throw new HttpProblem(400, 'validation_failed', 'The request is not valid', `query.diff: no version ${to}`, [
            { field: 'query.diff', message: `no ${to === 'draft' ? 'draft' : `version ${to}`}` },
          ]);
        return { body: { key: params.setKey, from: ruleSetSummary(a), to: ruleSetSummary(b), ...diffRuleSets(a.rules, b.rules) } };
      }
      const rows = await listVersions(ctx.dataSource, params.setKey, { limit: query.limit + 1, before: query.cursor });
      const page = rows.slice(0, query.limit);
      return {
        body: { items: page.map(ruleSetSummary), nextCursor: rows.length > query.limit ? page[page.length - 1]!.version : null },
      };
    },
  });

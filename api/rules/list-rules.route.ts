import { z } from 'zod';
import { getDraft, getVersion, latestPublished } from '../../db/rule-set-store';
import { RULE_KINDS, ruleKeySchema } from '../../rules/rule.schema';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { DEFAULT_RULE_SET, inEvaluationOrder, ruleSetSummary, ruleView, versionNumber } from './rule-http';

const query = z
  .object({
    kind: z.enum(RULE_KINDS).optional(),
    /** a published version to read instead of the draft */
    version: versionNumber.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** the key of the last rule of the previous page */
    cursor: ruleKeySchema.optional(),
  })
  .strict();

export const listRulesRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/rules',
    permission: 'rules:read',
    summary:
      'The rules of the ticket rule set in evaluation order (priority, then key): the draft when there is one, else the published version, or ?version=n. Filter by kind; pages with limit + cursor.',
    query,
    async handler({ query }) {
      const set = query.version
        ? await getVersion(ctx.dataSource, DEFAULT_RULE_SET, query.version)
        : ((await getDraft(ctx.dataSource, DEFAULT_RULE_SET)) ?? (await latestPublished(ctx.dataSource, DEFAULT_RULE_SET)));
      if (!set) {
        if (query.version) throw HttpProblem.notFound(`rule set '${DEFAULT_RULE_SET}' has no version ${query.version}`);
        return { body: { ruleSet: null, items: [], nextCursor: null } };
      }
      const all = inEvaluationOrder(set.rules).filter((r) => !query.kind || r.kind === query.kind);
      const start = query.cursor ? all.findIndex((r) => r.key === query.cursor) + 1 : 0;
      const page = all.slice(start, start + query.limit);
      return {
        body: {
          ruleSet: ruleSetSummary(set),
          items: page.map((r) => ruleView(r, set)),
          nextCursor: start + query.limit < all.length ? page[page.length - 1]!.key : null,
        },
      };
    },
  });

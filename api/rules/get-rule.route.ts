import { z } from 'zod';
import { getDraft, getVersion, latestPublished } from '../../db/rule-set-store';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { DEFAULT_RULE_SET, ruleKeyParams, ruleNotFound, ruleView, versionNumber } from './rule-http';

export const getRuleRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/rules/:key',
    permission: 'rules:read',
    summary: 'One rule, from the draft when there is one, else from the published version, or from ?version=n.',
    params: ruleKeyParams,
    query: z.object({ version: versionNumber.optional() }).strict(),
    async handler({ params, query }) {
      const set = query.version
        ? await getVersion(ctx.dataSource, DEFAULT_RULE_SET, query.version)
        : ((await getDraft(ctx.dataSource, DEFAULT_RULE_SET)) ?? (await latestPublished(ctx.dataSource, DEFAULT_RULE_SET)));
      if (!set)
        throw HttpProblem.notFound(`rule set '${DEFAULT_RULE_SET}' has ${query.version ? `no version ${query.version}` : 'no rules yet'}`);
      const rule = set.rules.find((r) => r.key === params.key);
      if (!rule) throw ruleNotFound(params.key, `${DEFAULT_RULE_SET} v${set.version} (${set.status})`);
      return { body: ruleView(rule, set) };
    },
  });

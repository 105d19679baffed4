import { z } from 'zod';
import { getVersion } from '../../db/rule-set-store';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { inEvaluationOrder, ruleSetSummary, RULE_SET_KEYS, versionNumber } from './rule-http';

export const getRuleSetVersionRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/rule-sets/:setKey/versions/:version',
    permission: 'rules:read',
    summary: 'One version of a rule set with all its rules in evaluation order. Published and archived versions never change.',
    params: z.object({ setKey: z.enum(RULE_SET_KEYS), version: versionNumber }).strict(),
    async handler({ params }) {
      const row = await getVersion(ctx.dataSource, params.setKey, params.version);
      if (!row) throw HttpProblem.notFound(`rule set '${params.setKey}' has no version ${params.version}`);
      return { body: { ...ruleSetSummary(row), rules: inEvaluationOrder(row.rules) } };
    },
  });

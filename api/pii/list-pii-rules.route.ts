import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { PII_RULE_COLUMNS, type PiiRuleRow } from './pii-rule-store';
import { piiRuleView } from './pii-rule-views';

export const listPiiRulesRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/pii-rules',
    permission: 'pii:manage',
    summary: 'The PII masking rules (a handful, so not paged): type, field paths, free-text detection, enabled, unmasking permission.',
    async handler() {
      const rows = (await ctx.dataSource.query(`SELECT ${PII_RULE_COLUMNS} FROM pii_masking_rules ORDER BY id`)) as PiiRuleRow[];
      return { body: { items: rows.map(piiRuleView) } };
    },
  });

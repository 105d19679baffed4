import { z } from 'zod';
import { contractDay, quotaCheck, quotaPeriods } from '../../domain/contracts/entitlement';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { contractIdParams } from './contract-params';
import { contractTerms, loadContract, loadUsages } from './contract-queries';

const query = z
  .object({
    /** how many of the latest uses to list */
    limit: z.coerce.number().int().min(0).max(500).default(100),
  })
  .strict();

export const contractUsageRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/contracts/:id/usage',
    permission: 'contracts:read',
    summary:
      'Quota used and left, per quota and per period from the contract’s start to today (the current period marked), and the latest uses with the ticket or visit that used them.',
    params: contractIdParams,
    query,
    async handler({ params, query }) {
      const row = await loadContract(ctx.dataSource, params.id);
      const terms = contractTerms(row);
      const usages = await loadUsages(ctx.dataSource, [terms.id]);
      const today = contractDay(new Date());
      const quotas = terms.quotas.map((q) => {
        const current = quotaCheck(terms, q, usages, today);
        const periods = quotaPeriods(terms, q.period, today).map((p) => {
          const c = quotaCheck(terms, q, usages, p.start);
          return {
            periodStart: c.periodStart,
            periodEnd: c.periodEnd,
            used: c.used,
            left: c.left,
            current: c.periodStart === current.periodStart,
          };
        });
        return { kind: q.kind, limit: q.limit, period: q.period, current, periods };
      });
      const latest = (await ctx.dataSource.query(
        `SELECT quota_kind, source_type, source_id, to_char(period_start, 'YYYY-MM-DD') AS period_start,
                to_char(used_on, 'YYYY-MM-DD') AS used_on, used_at, used_by
         FROM contract_usages WHERE contract_id = $1 ORDER BY used_at DESC, id DESC LIMIT $2`,
        [terms.id, query.limit],
      )) as {
        quota_kind: string;
        source_type: string;
        source_id: string;
        period_start: string;
        used_on: string;
        used_at: Date;
        used_by: string;
      }[];
      return {
        body: {
          contractId: terms.id,
          status: terms.status,
          on: today,
          quotas,
          totalUses: usages.length,
          // every use, also of a kind the contract no longer has a quota for
          uses: latest.map((u) => ({
            kind: u.quota_kind,
            sourceType: u.source_type,
            sourceId: u.source_id,
            periodStart: u.period_start,
            usedOn: u.used_on,
            usedAt: new Date(u.used_at).toISOString(),
            usedBy: u.used_by,
          })),
        },
      };
    },
  });

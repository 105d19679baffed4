import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { contractIdParams } from './contract-params';
import { contractView, loadContract, loadUsages } from './contract-queries';

export const getContractRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/contracts/:id',
    permission: 'contracts:read',
    summary: 'One contract with its terms, whether it is in force today and what is left of each quota in the current period.',
    params: contractIdParams,
    async handler({ params }) {
      const row = await loadContract(ctx.dataSource, params.id);
      const usages = await loadUsages(ctx.dataSource, [row.id]);
      return { headers: { ETag: `"${row.version}"` }, body: contractView(row, new Date(), usages) };
    },
  });

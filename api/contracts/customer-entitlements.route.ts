import { z } from 'zod';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { contractsOfCustomer } from './contract-queries';
import { customerEntitlements } from './customer-entitlements';

const params = z.object({ id: z.string().trim().min(1).max(128) });

export const customerEntitlementsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/customers/:id/entitlements',
    permission: 'contracts:read',
    summary:
      'What the customer is entitled to today: for each of their assets the coverage a new ticket would get (contract, entitlement, warranty) and the quota left on every contract covering it; `general` is a ticket naming no asset; `contracts` all their contracts.',
    params,
    async handler({ params }) {
      const now = new Date();
      const entitlements = await customerEntitlements(ctx.dataSource, params.id, now);
      if (!entitlements) throw HttpProblem.notFound(`customer ${params.id} does not exist`);
      return { body: { ...entitlements, contracts: await contractsOfCustomer(ctx.dataSource, params.id, now) } };
    },
  });

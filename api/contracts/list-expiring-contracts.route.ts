import { z } from 'zod';
import { addDays, contractDay } from '../../domain/contracts/entitlement';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { CONTRACT_COLUMNS, contractView, type ContractRow } from './contract-queries';

const query = z
  .object({
    withinDays: z.coerce.number().int().min(0).max(366).default(30),
    customerId: z.string().trim().min(1).max(128).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const listExpiringContractsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/contracts/expiring',
    permission: 'contracts:read',
    summary:
      'Active contracts whose term ends within the next withinDays days (today included; 30 by default), soonest first, with the customer’s name and days left — the renewal list (续约提醒).',
    query,
    async handler({ query }) {
      const today = contractDay(new Date());
      const until = addDays(today, query.withinDays);
      const rows = (await ctx.dataSource.query(
        `SELECT ${CONTRACT_COLUMNS}, cu.name AS customer_name, cu.tier AS customer_tier
         FROM contracts c JOIN customers cu ON cu.id = c.customer_id
         WHERE c.status = 'active' AND c.ends_on BETWEEN $1 AND $2 AND ($3::text IS NULL OR c.customer_id = $3)
         ORDER BY c.ends_on, c.id LIMIT $4`,
        [today, until, query.customerId ?? null, query.limit],
      )) as (ContractRow & { customer_name: string; customer_tier: string })[];
      const now = new Date();
      return {
        body: {
          from: today,
          until,
          items: rows.map((r) => ({ ...contractView(r, now), customerName: r.customer_name, customerTier: r.customer_tier })),
        },
      };
    },
  });

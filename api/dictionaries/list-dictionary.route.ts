import { z } from 'zod';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';

export const DICTIONARY_TYPES = ['category', 'priority', 'status', 'substatus', 'pause_reason', 'channel'] as const;

export const listDictionaryRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/dictionaries/:type',
    permission: 'tickets:read',
    summary: 'Entries of one dictionary (categories carry parentCode and level: a three-level tree).',
    params: z.object({ type: z.enum(DICTIONARY_TYPES) }),
    query: z.object({ includeInactive: z.enum(['true', 'false']).optional() }).strict(),
    async handler({ params, query }) {
      const all = await ctx.dictionaries.all();
      const items = all.filter((e) => e.type === params.type && (query.includeInactive === 'true' || e.active));
      return { body: { items } };
    },
  });

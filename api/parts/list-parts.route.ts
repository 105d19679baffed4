import { z } from 'zod';
import { partCodeSchema } from '../../domain/parts/part.schema';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { loadSubstitutes, partView, type PartRow } from './part-queries';

const query = z
  .object({
    /** part of the code or of either name */
    q: z.string().trim().min(1).max(100).optional(),
    category: z.string().trim().min(1).max(50).optional(),
    active: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: partCodeSchema.optional(),
  })
  .strict();

export const listPartsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/parts',
    permission: 'parts:read',
    summary: 'The catalogue in code order with keyset paging (cursor); filter by text (code or name), category, active.',
    query,
    async handler({ query }) {
      const rows = (await ctx.dataSource.query(
        `SELECT * FROM parts
          WHERE ($1::text IS NULL OR code > $1)
            AND ($2::text IS NULL OR code ILIKE '%' || $2 || '%' OR name ILIKE '%' || $2 || '%' OR name_en ILIKE '%' || $2 || '%')
            AND ($3::text IS NULL OR category = $3)
            AND ($4::boolean IS NULL OR active = $4)
          ORDER BY code LIMIT $5`,
        [
          query.cursor ?? null,
          query.q?.replace(/[\\%_]/g, (m) => `\\${m}`) ?? null,
          query.category ?? null,
          query.active ?? null,
          query.limit + 1,
        ],
      )) as PartRow[];
      const page = rows.slice(0, query.limit);
      const subs = await loadSubstitutes(
        ctx.dataSource,
        page.map((p) => p.code),
      );
      return {
        body: { items: page.map((p) => partView(p, subs)), nextCursor: rows.length > query.limit ? page[page.length - 1]!.code : null },
      };
    },
  });

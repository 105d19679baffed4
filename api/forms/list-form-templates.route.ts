import { z } from 'zod';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';

const query = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** the last key of the previous page */
    cursor: z.string().min(1).max(64).optional(),
  })
  .strict();

export const listFormTemplatesRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/form-templates',
    permission: 'forms:read',
    summary: 'Form templates in key order, each with its category path and its published and draft versions; keyset paging (cursor).',
    query,
    async handler({ query }) {
      const rows: {
        key: string;
        nameZh: string;
        nameEn: string;
        category1: string | null;
        category2: string | null;
        category3: string | null;
        publishedVersion: number | null;
        draftVersion: number | null;
      }[] = await ctx.dataSource.query(
        `SELECT key, (array_agg(name_zh ORDER BY version DESC))[1] AS "nameZh", (array_agg(name_en ORDER BY version DESC))[1] AS "nameEn",
                (array_agg(category1 ORDER BY version DESC))[1] AS category1, (array_agg(category2 ORDER BY version DESC))[1] AS category2,
                (array_agg(category3 ORDER BY version DESC))[1] AS category3,
                max(version) FILTER (WHERE status = 'published') AS "publishedVersion",
                max(version) FILTER (WHERE status = 'draft') AS "draftVersion"
         FROM form_templates WHERE ($1::text IS NULL OR key > $1) GROUP BY key ORDER BY key LIMIT $2`,
        [query.cursor ?? null, query.limit + 1],
      );
      const page = rows.slice(0, query.limit);
      return {
        body: {
          items: page.map((r) => ({
            key: r.key,
            name: { zh: r.nameZh, en: r.nameEn },
            category1: r.category1,
            category2: r.category2,
            category3: r.category3,
            publishedVersion: r.publishedVersion,
            draftVersion: r.draftVersion,
          })),
          nextCursor: rows.length > query.limit ? page[page.length - 1]!.key : null,
        },
      };
    },
  });

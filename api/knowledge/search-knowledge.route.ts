import { z } from 'zod';
import { ARTICLE_COLUMNS, type ArticleRow } from '../../db/knowledge-store';
import { ARTICLE_KINDS } from '../../domain/knowledge/knowledge-article';
import { normalizeModel } from '../../domain/knowledge/search-terms';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { articleHit, RANK_WEIGHTS, toTsquery } from './knowledge-search';

const query = z
  .object({
    q: z.string().trim().min(1).max(200).optional(),
    model: z.string().trim().min(1).max(64).optional(),
    category1: z.string().min(1).max(200).optional(),
    category2: z.string().min(1).max(200).optional(),
    category3: z.string().min(1).max(200).optional(),
    kind: z.enum(ARTICLE_KINDS).optional(),
    tag: z.string().trim().min(1).max(50).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();

export const searchKnowledgeRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/knowledge/search',
    permission: 'knowledge:read',
    summary:
      'Full-text search of published articles, Chinese included (q=开机失败, q=ABC-123 漏水), best first: title hits above keyword hits above body hits. model= keeps articles for that model and those for every model.',
    query,
    async handler({ query }) {
      const tsquery = query.q ? toTsquery(query.q) : null;
      if (query.q && !tsquery) {
        throw new HttpProblem(400, 'validation_failed', 'The request is not valid', 'query.q: nothing searchable in it', [
          { field: 'query.q', message: 'nothing searchable in it (only punctuation or symbols)' },
        ]);
      }
      const args: unknown[] = [];
      const arg = (v: unknown) => `$${args.push(v)}`;
      const where = [`a.status = 'published'`];
      let rank = '0';
      if (tsquery) {
        const q = arg(tsquery);
        where.push(`a.search_vector @@ ${q}::tsquery`);
        rank = `ts_rank('${RANK_WEIGHTS}', a.search_vector, ${q}::tsquery)`;
      }
      if (query.model) {
        const m = arg(normalizeModel(query.model));
        where.push(`(a.models @> ARRAY[${m}]::text[] OR a.models = '{}')`);
        // Of two equally good hits, the one written for this model first.
        rank += ` + CASE WHEN a.models @> ARRAY[${m}]::text[] THEN 0.05 ELSE 0 END`;
      }
      for (const f of ['category1', 'category2', 'category3'] as const) if (query[f]) where.push(`a.${f} = ${arg(query[f])}`);
      if (query.kind) where.push(`a.kind = ${arg(query.kind)}`);
      if (query.tag) where.push(`a.tags @> ARRAY[${arg(query.tag)}]::text[]`);
      const rows = (await ctx.dataSource.query(
        `SELECT ${ARTICLE_COLUMNS}, ${rank} AS rank FROM knowledge_articles a WHERE ${where.join(' AND ')}
         ORDER BY rank DESC, a.updated_at DESC, a.id LIMIT ${arg(query.limit)}`,
        args,
      )) as (ArticleRow & { rank: number })[];
      return { body: { items: rows.map((r) => articleHit(r, query.q)) } };
    },
  });

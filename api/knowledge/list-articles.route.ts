import { z } from 'zod';
import { ARTICLE_COLUMNS, type ArticleRow } from '../../db/knowledge-store';
import { ARTICLE_KINDS, ARTICLE_STATUSES } from '../../domain/knowledge/knowledge-article';
import { normalizeModel } from '../../domain/knowledge/search-terms';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { articleView, canManageKnowledge } from './article-views';

const query = z
  .object({
    status: z.enum([...ARTICLE_STATUSES, 'all']).default('published'),
    kind: z.enum(ARTICLE_KINDS).optional(),
    model: z.string().trim().min(1).max(64).optional(),
    category1: z.string().min(1).max(200).optional(),
    category2: z.string().min(1).max(200).optional(),
    category3: z.string().min(1).max(200).optional(),
    tag: z.string().trim().min(1).max(50).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

interface Cursor {
  updatedAt: string;
  id: string;
}

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.updatedAt === 'string' && typeof c.id === 'string' && !Number.isNaN(Date.parse(c.updatedAt))) return c;
  } catch {
    /* fall through */
  }
  throw new HttpProblem(400, 'validation_failed', 'The request is not valid', 'query.cursor: not a cursor from a previous page', [
    { field: 'query.cursor', message: 'not a cursor from a previous page' },
  ]);
}

export const listArticlesRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/knowledge/articles',
    permission: 'knowledge:read',
    summary:
      'Knowledge articles, last changed first, by kind, model, category and tag, with keyset paging. Published ones by default; drafts, archived and all for editors.',
    query,
    async handler({ query, principal }) {
      if (query.status !== 'published' && !canManageKnowledge(principal)) {
        throw new HttpProblem(403, 'forbidden', 'Forbidden', `only editors of the knowledge base may list ${query.status} articles`);
      }
      const where: string[] = [];
      const args: unknown[] = [];
      const arg = (v: unknown) => `$${args.push(v)}`;
      if (query.status !== 'all') where.push(`a.status = ${arg(query.status)}`);
      if (query.kind) where.push(`a.kind = ${arg(query.kind)}`);
      // An article for no model in particular applies to every model.
      if (query.model) where.push(`(a.models @> ARRAY[${arg(normalizeModel(query.model))}]::text[] OR a.models = '{}')`);
      for (const f of ['category1', 'category2', 'category3'] as const) if (query[f]) where.push(`a.${f} = ${arg(query[f])}`);
      if (query.tag) where.push(`a.tags @> ARRAY[${arg(query.tag)}]::text[]`);
      if (query.cursor) {
        const c = decodeCursor(query.cursor);
        // Compared at the millisecond the cursor carries, so rows within the same millisecond are not skipped.
        where.push(`(date_trunc('milliseconds', a.updated_at), a.id) < (${arg(c.updatedAt)}::timestamptz, ${arg(c.id)})`);
      }
      const rows = (await ctx.dataSource.query(
        `SELECT ${ARTICLE_COLUMNS} FROM knowledge_articles a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY date_trunc('milliseconds', a.updated_at) DESC, a.id DESC LIMIT ${arg(query.limit + 1)}`,
        args,
      )) as ArticleRow[];
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      const nextCursor =
        rows.length > query.limit && last
          ? Buffer.from(JSON.stringify({ updatedAt: new Date(last.updatedAt).toISOString(), id: last.id })).toString('base64url')
          : null;
      return { body: { items: page.map(articleView), nextCursor } };
    },
  });

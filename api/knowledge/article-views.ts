import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { ARTICLE_COLUMNS, type ArticleRow } from '../../db/knowledge-store';
import type { Principal } from '../auth/api-tokens';
import { can } from '../auth/permissions';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { randomCode } from '../../core/readable-id';

export const articleIdParams = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an article id'),
});

/** KB-7F3K9Q2M: short enough to quote on the phone ("参见 KB-7F3K9Q2M"). */
export function newArticleId(): string {
  return `KB-${randomCode(8)}`;
}

/** Drafts and archived articles are for the people who write them; agents see published ones only. */
export function canManageKnowledge(principal: Principal | null): boolean {
  return can(principal?.roles ?? [], 'knowledge:manage');
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function articleView(r: ArticleRow) {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    models: r.models,
    category1: r.category1,
    category2: r.category2,
    category3: r.category3,
    tags: r.tags,
    status: r.status,
    author: r.author,
    version: r.version,
    publishedAt: iso(r.publishedAt),
    archivedAt: iso(r.archivedAt),
    createdBy: r.createdBy,
    createdAt: iso(r.createdAt),
    updatedBy: r.updatedBy,
    updatedAt: iso(r.updatedAt),
  };
}

/** The article, locked for update inside a transaction when asked; 404 when missing. */
export async function loadArticle(db: Pick<DataSource, 'query'> | Pick<EntityManager, 'query'>, id: string, lock = false) {
  const [row] = (await db.query(`SELECT ${ARTICLE_COLUMNS} FROM knowledge_articles a WHERE a.id = $1${lock ? ' FOR UPDATE' : ''}`, [
    id,
  ])) as ArticleRow[];
  if (!row) throw HttpProblem.notFound(`knowledge article ${id} does not exist`);
  return row;
}

/** Category 1–3 must be a path in the category dictionary, like a ticket's. */
export async function checkArticleCategories(
  ctx: Pick<ApiContext, 'dictionaries'>,
  c: { category1?: string | null; category2?: string | null; category3?: string | null },
): Promise<void> {
  const errors = await ctx.dictionaries.checkTicketFields({
    category1: c.category1 ?? undefined,
    category2: c.category2 ?? undefined,
    category3: c.category3 ?? undefined,
  });
  if (errors.length) {
    throw new HttpProblem(
      422,
      'validation_failed',
      'The request is not valid',
      errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    );
  }
}

import type { DataSource, EntityManager } from 'typeorm';
import { articleSearchVector, type ArticleContent, type ArticleKind, type ArticleStatus } from '../domain/knowledge/knowledge-article';
import { STANDARD_ARTICLES } from '../domain/knowledge/standard-articles';

type Db = Pick<DataSource, 'query'> | Pick<EntityManager, 'query'>;

/** The columns an article is read with, named as the API shows them (the search vector stays inside). */
export const ARTICLE_COLUMNS = `a.id, a.kind, a.title, a.body, a.models, a.category1, a.category2, a.category3, a.tags, a.status,
  a.author, a.version, a.published_at AS "publishedAt", a.archived_at AS "archivedAt", a.created_by AS "createdBy",
  a.created_at AS "createdAt", a.updated_by AS "updatedBy", a.updated_at AS "updatedAt"`;

export interface ArticleRow extends ArticleContent {
  id: string;
  kind: ArticleKind;
  status: ArticleStatus;
  author: string;
  version: number;
  publishedAt: Date | null;
  archivedAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
}

export interface NewArticle extends ArticleContent {
  id: string;
  kind: ArticleKind;
  status: ArticleStatus;
  author: string;
  actor: string;
}

/** Inserts an article with its search vector; returns it, or null when the id is taken. */
export async function insertArticle(db: Db, a: NewArticle): Promise<ArticleRow | null> {
  const rows = (await db.query(
    `INSERT INTO knowledge_articles AS a (id, kind, title, body, models, category1, category2, category3, tags, status, author,
        published_at, search_vector, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $10 = 'published' THEN now() END, $12::tsvector, $13, $13)
     ON CONFLICT (id) DO NOTHING
     RETURNING ${ARTICLE_COLUMNS}`,
    [
      a.id,
      a.kind,
      a.title,
      a.body,
      a.models,
      a.category1,
      a.category2,
      a.category3,
      a.tags,
      a.status,
      a.author,
      articleSearchVector(a),
      a.actor,
    ],
  )) as ArticleRow[];
  return rows[0] ?? null;
}

/** Rewrites an article's content and search vector and bumps its version. */
export async function updateArticleContent(
  db: Db,
  id: string,
  a: ArticleContent & { kind: ArticleKind; author: string },
  actor: string,
): Promise<ArticleRow> {
  const [rows] = (await db.query(
    `UPDATE knowledge_articles AS a SET kind = $2, title = $3, body = $4, models = $5, category1 = $6, category2 = $7, category3 = $8,
        tags = $9, author = $10, search_vector = $11::tsvector, version = version + 1, updated_by = $12, updated_at = now()
     WHERE id = $1 RETURNING ${ARTICLE_COLUMNS}`,
    [id, a.kind, a.title, a.body, a.models, a.category1, a.category2, a.category3, a.tags, a.author, articleSearchVector(a), actor],
  )) as [ArticleRow[], number];
  return rows[0]!;
}

/** Standard articles (domain/knowledge/standard-articles.ts), published, added when their id is missing. */
export async function seedStandardArticles(ds: DataSource): Promise<number> {
  let added = 0;
  for (const s of STANDARD_ARTICLES) {
    const row = await insertArticle(ds, {
      ...s,
      category2: s.category2 ?? null,
      category3: s.category3 ?? null,
      status: 'published',
      author: '售后技术支持部',
      actor: 'system',
    });
    if (row) added++;
  }
  return added;
}

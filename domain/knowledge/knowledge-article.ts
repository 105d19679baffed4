import { z } from 'zod';
import { normalizeModel, tsvectorLiteral } from './search-terms';

/** Knowledge base articles (MISSION §8, issue 4 item 7): FAQs, SOPs and work instructions by product and fault. */
export const ARTICLE_KINDS = ['faq', 'sop', 'work_instruction'] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];

export const ARTICLE_STATUSES = ['draft', 'published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** Which status each lifecycle action may start from. */
export const ARTICLE_TRANSITIONS: Record<'publish' | 'archive', { from: readonly ArticleStatus[]; to: ArticleStatus }> = {
  publish: { from: ['draft', 'archived'], to: 'published' },
  archive: { from: ['draft', 'published'], to: 'archived' },
};

const label = z.string().trim().min(1).max(200);
const list = (max: number, itemMax: number) =>
  z
    .array(z.string().trim().min(1).max(itemMax))
    .max(max)
    .transform((items) => [...new Set(items)]);

const fields = {
  kind: z.enum(ARTICLE_KINDS),
  title: z.string().trim().min(2).max(200),
  /** markdown */
  body: z.string().trim().min(1).max(100_000),
  /** product models / SKUs the article is about; empty = applies to every product */
  models: list(100, 64).transform((items) => [...new Set(items.map(normalizeModel))]),
  tags: list(30, 50),
  author: z.string().trim().min(1).max(100),
};

export const createArticleSchema = z
  .object({
    ...fields,
    models: fields.models.default([]),
    tags: fields.tags.default([]),
    author: fields.author.optional(),
    category1: label.optional(),
    category2: label.optional(),
    category3: label.optional(),
  })
  .strict();
export type CreateArticleInput = z.infer<typeof createArticleSchema>;

/** A partial change; a category set to null is removed (with the levels below it). */
export const updateArticleSchema = z
  .object({
    kind: fields.kind.optional(),
    title: fields.title.optional(),
    body: fields.body.optional(),
    models: fields.models.optional(),
    tags: fields.tags.optional(),
    author: fields.author.optional(),
    category1: label.nullable().optional(),
    category2: label.nullable().optional(),
    category3: label.nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export type UpdateArticleInput = z.infer<typeof updateArticleSchema>;

export interface ArticleContent {
  title: string;
  body: string;
  models: string[];
  tags: string[];
  category1: string | null;
  category2: string | null;
  category3: string | null;
}

/**
 * What the article is found by, weighted so a hit in the title ranks above one in the keywords
 * (models, tags, categories), and those above one in the body.
 */
export function articleSearchVector(a: ArticleContent): string {
  return tsvectorLiteral([
    { text: a.title, weight: 'A' },
    { text: [...a.models, ...a.tags, a.category1, a.category2, a.category3].filter(Boolean).join(' \n '), weight: 'B' },
    { text: a.body, weight: 'C' },
  ]);
}

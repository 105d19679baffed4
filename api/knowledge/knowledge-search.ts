import type { ArticleRow } from '../../db/knowledge-store';
import { highlight } from '../../domain/knowledge/highlight';
import { queryTerms, tsqueryLiteral } from '../../domain/knowledge/search-terms';

/**
 * ts_rank weights for D, C, B, A: body (C) 0.2, keywords (B) 0.4, title (A) 1.0. ts_rank lets
 * repeated hits add less and less (at most about 1.6× one hit), so a term in the title outranks
 * the same term however often it appears in the body.
 */
export const RANK_WEIGHTS = '{0.1, 0.2, 0.4, 1.0}';

/** A long text (a ticket's description) is searched by its first terms only. */
const MAX_TERMS = 64;

/** The tsquery literal for what a person typed, or null when nothing in it is searchable. */
export function toTsquery(text: string): string | null {
  return tsqueryLiteral(queryTerms(text).slice(0, MAX_TERMS));
}

/** A search result: the article without its body, with the hits marked in the title and a body snippet. */
export function articleHit(r: ArticleRow & { rank?: number | string | null }, q: string | undefined) {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    titleHighlighted: highlight(r.title, q ?? '', 400),
    snippet: highlight(r.body, q ?? '', 160),
    models: r.models,
    category1: r.category1,
    category2: r.category2,
    category3: r.category3,
    tags: r.tags,
    updatedAt: new Date(r.updatedAt).toISOString(),
    ...(r.rank !== undefined && r.rank !== null ? { score: Math.round(Number(r.rank) * 10_000) / 10_000 } : {}),
  };
}

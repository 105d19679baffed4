import { query, request, type ApiResponse } from './client';

/**
 * The knowledge base and message centre calls of the console (api/knowledge, api/inbox), with the
 * shapes those routes answer. Snippets and highlighted titles arrive HTML-escaped with <mark>
 * around the hits: render them with <Highlighted>, never as HTML.
 */

export const ARTICLE_KINDS = ['faq', 'sop', 'work_instruction'] as const;
export const ARTICLE_STATUSES = ['draft', 'published', 'archived'] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export interface Article {
  id: string;
  kind: ArticleKind;
  title: string;
  /** markdown */
  body: string;
  models: string[];
  category1: string | null;
  category2: string | null;
  category3: string | null;
  tags: string[];
  status: ArticleStatus;
  author: string;
  version: number;
  publishedAt: string | null;
  archivedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export interface ArticleHit {
  id: string;
  kind: ArticleKind;
  title: string;
  titleHighlighted: string;
  snippet: string;
  models: string[];
  category1: string | null;
  category2: string | null;
  category3: string | null;
  tags: string[];
  updatedAt: string;
  score?: number;
}

/** Why an article was suggested for a ticket: its category level, its model, its text. */
export type SuggestionReason = 'category1' | 'category2' | 'category3' | 'model' | 'text';
export interface SuggestedArticle extends ArticleHit {
  reasons: SuggestionReason[];
}

export interface ArticleBody {
  kind: ArticleKind;
  title: string;
  body: string;
  models: string[];
  tags: string[];
  author?: string;
  category1?: string | null;
  category2?: string | null;
  category3?: string | null;
}

export interface KnowledgeFilters {
  q?: string;
  model?: string;
  category1?: string;
  category2?: string;
  kind?: string;
}

/** One entry of the category dictionary: a three-level tree by parentCode (codes are paths, 质量问题/功能异常). */
export interface CategoryEntry {
  code: string;
  parentCode: string | null;
  level: number;
  labelZh: string;
  labelEn: string;
  sort: number;
  active: boolean;
}

const enc = encodeURIComponent;
const articlePath = (id: string) => `/api/v1/knowledge/articles/${enc(id)}`;
const ifMatch = (version: number | undefined): Record<string, string> => (version === undefined ? {} : { 'If-Match': `"${version}"` });

export const knowledgeApi = {
  async search(f: KnowledgeFilters, signal?: AbortSignal): Promise<ArticleHit[]> {
    const qs = query({ q: f.q, model: f.model, category1: f.category1, category2: f.category2, kind: f.kind, limit: 50 });
    return (await request<{ items: ArticleHit[] }>(`/api/v1/knowledge/search${qs}`, { signal })).data.items;
  },

  /** Any status, for editors; a reader's token gets 403 for anything but published. */
  async list(
    f: { status: ArticleStatus | 'all'; kind?: string },
    opts: { cursor?: string | null; limit?: number; signal?: AbortSignal } = {},
  ): Promise<{ items: Article[]; nextCursor: string | null }> {
    const qs = query({ status: f.status, kind: f.kind, limit: opts.limit ?? 50, cursor: opts.cursor });
    return (await request<{ items: Article[]; nextCursor: string | null }>(`/api/v1/knowledge/articles${qs}`, { signal: opts.signal }))
      .data;
  },

  async get(id: string, signal?: AbortSignal): Promise<Article> {
    return (await request<Article>(articlePath(id), { signal })).data;
  },

  /** 201 for a new draft, 200 when the Idempotency-Key was seen before (the same draft). */
  async create(body: ArticleBody, idempotencyKey: string): Promise<ApiResponse<Article>> {
    return request<Article>('/api/v1/knowledge/articles', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
  },

  /** The changed fields, guarded by the version the editor loaded (412 when someone saved since). */
  async update(id: string, body: Partial<ArticleBody>, version: number): Promise<Article> {
    return (await request<Article>(articlePath(id), { method: 'PATCH', body, headers: ifMatch(version) })).data;
  },

  async setStatus(id: string, action: 'publish' | 'archive', version: number): Promise<Article> {
    return (await request<Article>(`${articlePath(id)}/${action}`, { method: 'POST', body: {}, headers: ifMatch(version) })).data;
  },

  async suggested(ticketId: string, signal?: AbortSignal): Promise<SuggestedArticle[]> {
    const path = `/api/v1/tickets/${enc(ticketId)}/suggested-articles${query({ limit: 5 })}`;
    return (await request<{ items: SuggestedArticle[] }>(path, { signal })).data.items;
  },

  async categories(signal?: AbortSignal): Promise<CategoryEntry[]> {
    return (await request<{ items: CategoryEntry[] }>('/api/v1/dictionaries/category', { signal })).data.items;
  },
};

import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import {
  ARTICLE_KINDS,
  ARTICLE_STATUSES,
  knowledgeApi,
  type Article,
  type ArticleHit,
  type KnowledgeFilters,
} from '../api/knowledge-client';
import { FilterSelect } from '../components/filter-select';
import { Highlighted } from '../components/highlighted';
import {
  ArticleStatusBadge,
  categoryChoices,
  categoryPath,
  KindBadge,
  kindLabel,
  useCategories,
  useKnowledgeEditor,
} from '../components/knowledge-labels';
import { ListFoot } from '../components/list-foot';
import { hasMessage, useI18n } from '../i18n';
import { formatDateTime } from '../lib/format';
import { href, navigate } from '../lib/hash-route';
import { isAbort, problemMessage } from '../lib/problem-message';
import { usePagedList } from '../lib/use-paged-list';

const FILTER_KEYS = ['q', 'model', 'category1', 'category2', 'kind'] as const;

function filtersFrom(params: URLSearchParams): KnowledgeFilters {
  const f: KnowledgeFilters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k)?.trim();
    if (v) f[k] = v;
  }
  return f;
}

let lastSearch = href.knowledge();

/** Where "back" from an article goes: the search the user came from. */
export function lastKnowledgeHref(): string {
  return lastSearch;
}

/**
 * The knowledge base: full-text search of published articles (Chinese included) with model,
 * category and kind filters, hits marked in the title and a snippet. Editors also get the list of
 * all articles by status (drafts, archived) and "new article".
 */
export function KnowledgeSearchPage({ params }: { params: URLSearchParams }) {
  const { t } = useI18n();
  const key = params.toString();
  const manage = params.get('view') === 'manage';
  const editor = useKnowledgeEditor();

  useEffect(() => {
    lastSearch = href.knowledge(new URLSearchParams(key));
  }, [key]);

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>{t('kb.title')}</h1>
          <p className="page-sub">{t('kb.subtitle')}</p>
        </div>
        {editor && (
          <div className="page-head-actions">
            <a className="btn btn-primary" href={href.newArticle()}>
              + {t('kb.new')}
            </a>
          </div>
        )}
      </div>
      {editor && (
        <div className="tabs" role="tablist">
          <a role="tab" className={`tab${manage ? '' : ' active'}`} aria-selected={!manage} href={href.knowledge()}>
            {t('kb.tab.search')}
          </a>
          <a
            role="tab"
            className={`tab${manage ? ' active' : ''}`}
            aria-selected={manage}
            href={href.knowledge(new URLSearchParams({ view: 'manage' }))}
          >
            {t('kb.tab.manage')}
          </a>
        </div>
      )}
      {manage && editor ? <ManageList params={params} /> : <SearchView params={params} />}
    </section>
  );
}

function SearchView({ params }: { params: URLSearchParams }) {
  const { t, lang } = useI18n();
  const key = params.toString();
  const filters = useMemo(() => filtersFrom(new URLSearchParams(key)), [key]);
  const categories = useCategories();
  const [text, setText] = useState(filters.q ?? '');
  const [model, setModel] = useState(filters.model ?? '');
  const [hits, setHits] = useState<ArticleHit[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [queryError, setQueryError] = useState<string | null>(null);
  const [reloadToken, setReloadToken] = useState(0);

  useEffect(() => {
    setText(filters.q ?? '');
    setModel(filters.model ?? '');
  }, [filters.q, filters.model]);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    setQueryError(null);
    knowledgeApi
      .search(filters, ctrl.signal)
      .then(setHits)
      .catch((err: unknown) => {
        if (isAbort(err)) return;
        const field = err instanceof ApiError ? err.problem?.errors?.[0]?.field : undefined;
        // "nothing searchable in it" belongs under the search box, not in a banner
        if (field === 'query.q') {
          setQueryError(t('kb.search.nothingSearchable'));
          setHits([]);
        } else setError(problemMessage(err, t));
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
  }, [filters, reloadToken]);

  const update = (patch: KnowledgeFilters) => {
    const next = { ...filters, ...patch };
    const p = new URLSearchParams();
    for (const k of FILTER_KEYS) if (next[k]) p.set(k, next[k]!);
    navigate(href.knowledge(p), { replace: true });
  };
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    update({ q: text.trim() || undefined, model: model.trim() || undefined });
  };
  const hasFilters = FILTER_KEYS.some((k) => filters[k]);

  return (
    <>
      <div className="filters card kb-filters">
        <form className="search kb-search" role="search" onSubmit={onSearch}>
          <input
            id="kb-q"
            type="search"
            aria-label={t('kb.search.q')}
            aria-invalid={queryError ? true : undefined}
            placeholder={t('kb.search.qPlaceholder')}
            value={text}
            maxLength={200}
            onChange={(e) => setText(e.target.value)}
          />
          <input
            id="kb-model"
            className="kb-model"
            aria-label={t('kb.search.model')}
            placeholder={t('kb.search.modelPlaceholder')}
            value={model}
            maxLength={64}
            onChange={(e) => setModel(e.target.value)}
          />
          <button type="submit" className="btn btn-primary">
            {t('kb.search.submit')}
          </button>
        </form>
        <FilterSelect
          id="kb-category1"
          label={t('kb.field.category1')}
          value={filters.category1 ?? ''}
          options={categoryChoices(categories, [], filters.category1, lang)}
          onChange={(v) => update({ category1: v || undefined, category2: undefined })}
        />
        {filters.category1 && (
          <FilterSelect
            id="kb-category2"
            label={t('kb.field.category2')}
            value={filters.category2 ?? ''}
            options={categoryChoices(categories, [filters.category1], filters.category2, lang)}
            onChange={(v) => update({ category2: v || undefined })}
          />
        )}
        <FilterSelect
          id="kb-kind"
          label={t('kb.field.kind')}
          value={filters.kind ?? ''}
          options={ARTICLE_KINDS.map((k) => ({ value: k, label: kindLabel(k, t) }))}
          onChange={(v) => update({ kind: v || undefined })}
        />
        {hasFilters && (
          <button type="button" className="btn btn-link" onClick={() => navigate(href.knowledge(), { replace: true })}>
            {t('list.filter.reset')}
          </button>
        )}
        {queryError && (
          <p className="field-error kb-query-error" role="alert">
            {queryError}
          </p>
        )}
      </div>

      {error && (
        <div className="alert alert-error" role="alert">
          <span>{error}</span>
          <button type="button" className="btn btn-sm" onClick={() => setReloadToken((n) => n + 1)}>
            {t('common.retry')}
          </button>
        </div>
      )}

      <p className="muted kb-result-count" aria-live="polite">
        {loading
          ? t('common.loading')
          : hits && hits.length > 0
            ? filters.q
              ? t('kb.search.found', { n: hits.length, q: filters.q })
              : t('kb.search.latest', { n: hits.length })
            : ''}
      </p>
      {hits && hits.length > 0 && (
        <ul className={`kb-results${loading ? ' is-loading' : ''}`}>
          {hits.map((a) => (
            <li key={a.id} className="card kb-hit" data-article={a.id}>
              <div className="kb-hit-head">
                <KindBadge kind={a.kind} />
                <a className="kb-hit-title" href={href.article(a.id)}>
                  <Highlighted html={a.titleHighlighted} />
                </a>
              </div>
              <p className="kb-snippet">
                <Highlighted html={a.snippet} />
              </p>
              <div className="kb-meta">
                {categoryPath(a) && <span>{categoryPath(a)}</span>}
                {a.models.length > 0 ? (
                  <span className="tags">
                    {a.models.map((m) => (
                      <span key={m} className="tag mono">
                        {m}
                      </span>
                    ))}
                  </span>
                ) : (
                  <span>{t('kb.allModels')}</span>
                )}
                <span className="muted">{t('kb.updatedAt', { time: formatDateTime(a.updatedAt, lang) })}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {!loading && !error && hits?.length === 0 && !queryError && (
        <div className="card empty-state">{hasFilters ? t('kb.search.empty') : t('kb.search.none')}</div>
      )}
    </>
  );
}

/** Editors: every article by status, last changed first. */
function ManageList({ params }: { params: URLSearchParams }) {
  const { t, lang } = useI18n();
  const wanted = params.get('status');
  const status = wanted && (ARTICLE_STATUSES as readonly string[]).includes(wanted) ? (wanted as Article['status']) : 'all';
  const list = usePagedList<Article>(
    status,
    ({ cursor, signal }) => knowledgeApi.list({ status }, { cursor, signal }),
    (a) => a.id,
  );
  const statusKey = (s: string) => `kb.status.${s}`;
  return (
    <>
      <div className="filters card">
        <div className="segmented" role="group" aria-label={t('kb.field.status')}>
          {(['all', ...ARTICLE_STATUSES] as const).map((s) => {
            const k = statusKey(s);
            return (
              <button
                key={s}
                type="button"
                className={`btn btn-sm${s === status ? ' is-active' : ''}`}
                aria-pressed={s === status}
                onClick={() => navigate(href.knowledge(new URLSearchParams({ view: 'manage', status: s })), { replace: true })}
              >
                {s === 'all' ? t('common.all') : hasMessage(k) ? t(k) : s}
              </button>
            );
          })}
        </div>
      </div>
      {list.error && (
        <div className="alert alert-error" role="alert">
          <span>{list.error}</span>
          <button type="button" className="btn btn-sm" onClick={list.reload}>
            {t('common.retry')}
          </button>
        </div>
      )}
      <div className={`card table-card${list.loading ? ' is-loading' : ''}`}>
        <table className="records kb-articles">
          <thead>
            <tr>
              <th>{t('kb.field.title')}</th>
              <th>{t('kb.field.kind')}</th>
              <th>{t('kb.field.status')}</th>
              <th>{t('kb.field.category')}</th>
              <th>{t('kb.field.updatedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((a) => (
              <tr
                key={a.id}
                onClick={(e) => {
                  if (!(e.target as HTMLElement).closest('a')) navigate(href.article(a.id));
                }}
              >
                <td className="cell-head">
                  <a className="record-title" href={href.article(a.id)}>
                    {a.title}
                  </a>
                  <span className="mono muted record-id">
                    {a.id} · v{a.version}
                  </span>
                </td>
                <td data-label={t('kb.field.kind')}>
                  <KindBadge kind={a.kind} />
                </td>
                <td data-label={t('kb.field.status')}>
                  <ArticleStatusBadge status={a.status} />
                </td>
                <td data-label={t('kb.field.category')}>{categoryPath(a) || <span className="muted">{t('common.none')}</span>}</td>
                <td data-label={t('kb.field.updatedAt')} className="nowrap">
                  {formatDateTime(a.updatedAt, lang)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.loading && list.items.length === 0 && <p className="table-empty">{t('common.loading')}</p>}
        {!list.loading && !list.error && list.items.length === 0 && <p className="table-empty">{t('kb.manage.empty')}</p>}
      </div>
      <ListFoot count={list.items.length} hasMore={Boolean(list.nextCursor)} busy={list.loadingMore} onMore={list.loadMore} />
    </>
  );
}

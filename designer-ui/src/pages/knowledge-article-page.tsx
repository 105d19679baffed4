import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { knowledgeApi, type Article } from '../api/knowledge-client';
import { ArticleStatusBadge, categoryPath, KindBadge, useKnowledgeEditor } from '../components/knowledge-labels';
import { Markdown } from '../components/markdown';
import { useI18n } from '../i18n';
import { showFlash } from '../lib/flash';
import { formatDateTime } from '../lib/format';
import { href } from '../lib/hash-route';
import { isAbort, problemMessage } from '../lib/problem-message';
import { lastKnowledgeHref } from './knowledge-search-page';

/** One article: its markdown body rendered safely, and for editors edit / publish / archive. */
export function KnowledgeArticlePage({ articleId }: { articleId: string }) {
  const { t, lang } = useI18n();
  const editor = useKnowledgeEditor();
  const [article, setArticle] = useState<Article | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  const load = useCallback(
    (signal?: AbortSignal) => {
      setError(null);
      knowledgeApi
        .get(articleId, signal)
        .then((a) => {
          setArticle(a);
          setNotFound(false);
        })
        .catch((err: unknown) => {
          if (isAbort(err)) return;
          if (err instanceof ApiError && err.status === 404) setNotFound(true);
          else setError(problemMessage(err, t));
        });
    },
    [articleId],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    load(ctrl.signal);
    return () => ctrl.abort();
  }, [load]);

  const setStatus = async (action: 'publish' | 'archive') => {
    if (!article || busy) return;
    setBusy(true);
    setActionError(null);
    try {
      const updated = await knowledgeApi.setStatus(article.id, action, article.version);
      setArticle(updated);
      showFlash('success', t(action === 'publish' ? 'kb.published' : 'kb.archived', { title: updated.title }));
    } catch (err) {
      setActionError(err instanceof ApiError && err.status === 412 ? t('kb.editor.conflict') : problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const back = (
    <a className="back-link" href={lastKnowledgeHref()}>
      ← {t('kb.back')}
    </a>
  );
  if (notFound) {
    return (
      <section className="page">
        {back}
        <div className="card empty-state">{t('kb.notFound', { id: articleId })}</div>
      </section>
    );
  }
  if (!article) {
    return (
      <section className="page">
        {back}
        {error ? (
          <div className="alert alert-error" role="alert">
            <span>{error}</span>
            <button type="button" className="btn btn-sm" onClick={() => load()}>
              {t('common.retry')}
            </button>
          </div>
        ) : (
          <p className="muted">{t('common.loading')}</p>
        )}
      </section>
    );
  }

  const canPublish = article.status === 'draft' || article.status === 'archived';
  const canArchive = article.status === 'draft' || article.status === 'published';
  return (
    <section className="page kb-article-page">
      {back}
      <article className="card kb-article">
        <header className="kb-article-head">
          <div className="kb-article-badges">
            <KindBadge kind={article.kind} />
            {article.status !== 'published' && <ArticleStatusBadge status={article.status} />}
            <span className="mono muted">{article.id}</span>
          </div>
          <h1 className="kb-article-title">{article.title}</h1>
          <dl className="kv kv-inline kb-article-meta">
            <div>
              <dt>{t('kb.field.category')}</dt>
              <dd>{categoryPath(article) || t('common.none')}</dd>
            </div>
            <div>
              <dt>{t('kb.field.models')}</dt>
              <dd>
                {article.models.length ? (
                  <span className="tags">
                    {article.models.map((m) => (
                      <span key={m} className="tag mono">
                        {m}
                      </span>
                    ))}
                  </span>
                ) : (
                  t('kb.allModels')
                )}
              </dd>
            </div>
            <div>
              <dt>{t('kb.field.author')}</dt>
              <dd>{article.author}</dd>
            </div>
            <div>
              <dt>{t('kb.field.updatedAt')}</dt>
              <dd>
                {formatDateTime(article.updatedAt, lang)} · v{article.version}
              </dd>
            </div>
          </dl>
          {article.tags.length > 0 && (
            <div className="tags">
              {article.tags.map((tag) => (
                <span key={tag} className="tag">
                  #{tag}
                </span>
              ))}
            </div>
          )}
        </header>
        <Markdown source={article.body} className="kb-body" />
      </article>

      {editor && (
        <div className="card panel kb-article-actions">
          {actionError && (
            <div className="alert alert-error" role="alert">
              <span>{actionError}</span>
              <button type="button" className="btn btn-sm" onClick={() => load()}>
                {t('kb.editor.reload')}
              </button>
            </div>
          )}
          <div className="form-actions">
            <a className="btn" href={href.editArticle(article.id)}>
              {t('kb.edit')}
            </a>
            {canArchive && (
              <button type="button" className="btn" disabled={busy} onClick={() => void setStatus('archive')}>
                {t('kb.archive')}
              </button>
            )}
            {canPublish && (
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void setStatus('publish')}>
                {t('kb.publish')}
              </button>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

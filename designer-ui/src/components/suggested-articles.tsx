import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { knowledgeApi, type SuggestedArticle } from '../api/knowledge-client';
import type { Ticket } from '../api/types';
import { hasMessage, useI18n } from '../i18n';
import { href } from '../lib/hash-route';
import { isAbort, problemMessage } from '../lib/problem-message';
import { Highlighted } from './highlighted';
import { KindBadge } from './knowledge-labels';

/**
 * "相关知识" on a ticket: published articles for its category, product model and description, each
 * with why it was suggested. Hidden for a token that may not read the knowledge base.
 */
export function SuggestedArticles({ ticket }: { ticket: Ticket }) {
  const { t } = useI18n();
  const [items, setItems] = useState<SuggestedArticle[] | null>(null);
  const [hidden, setHidden] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reloadToken, setReloadToken] = useState(0);
  // what the suggestions are computed from: a re-categorised ticket gets new ones
  const basis = [ticket.ticketId, ticket.category1, ticket.category2, ticket.category3, ticket.sku, ticket.assetId].join('|');

  useEffect(() => {
    const ctrl = new AbortController();
    setError(null);
    knowledgeApi
      .suggested(ticket.ticketId, ctrl.signal)
      .then((found) => {
        setItems(found);
        setHidden(false);
      })
      .catch((err: unknown) => {
        if (isAbort(err)) return;
        if (err instanceof ApiError && (err.status === 403 || err.status === 404)) setHidden(true);
        else setError(problemMessage(err, t));
      });
    return () => ctrl.abort();
  }, [basis, reloadToken]);

  if (hidden) return null;
  const search = new URLSearchParams();
  if (ticket.category1) search.set('category1', ticket.category1);
  if (ticket.category2) search.set('category2', ticket.category2);
  return (
    <section className="card panel kb-suggested" aria-labelledby="kb-suggested-title">
      <div className="panel-head">
        <h2 id="kb-suggested-title">{t('kb.suggested.title')}</h2>
        <a className="btn btn-sm btn-link" href={href.knowledge(search)}>
          {t('kb.suggested.more')}
        </a>
      </div>
      {error ? (
        <div className="alert alert-error" role="alert">
          <span>{error}</span>
          <button type="button" className="btn btn-sm" onClick={() => setReloadToken((n) => n + 1)}>
            {t('common.retry')}
          </button>
        </div>
      ) : items === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted">{t('kb.suggested.empty')}</p>
      ) : (
        <ol className="kb-suggestions">
          {items.map((a) => (
            <li key={a.id} className="kb-suggestion" data-article={a.id}>
              <div className="kb-hit-head">
                <KindBadge kind={a.kind} />
                <a className="kb-hit-title" href={href.article(a.id)}>
                  <Highlighted html={a.titleHighlighted} />
                </a>
              </div>
              <p className="kb-snippet">
                <Highlighted html={a.snippet} />
              </p>
              <div className="kb-reasons" aria-label={t('kb.suggested.why')}>
                <span className="muted">{t('kb.suggested.why')}</span>
                {a.reasons.map((r) => {
                  const key = `kb.reason.${r}`;
                  return (
                    <span key={r} className={`chip kb-reason kb-reason-${r}`}>
                      {hasMessage(key) ? t(key) : r}
                    </span>
                  );
                })}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

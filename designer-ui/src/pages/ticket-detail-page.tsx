import { lazy, Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError } from '../api/client';
import type { Ticket, TicketEvent } from '../api/types';
import { EventsTimeline } from '../components/events-timeline';
import { SlaPanel } from '../components/sla-panel';
import { SuggestedArticles } from '../components/suggested-articles';
import { TicketActions } from '../components/ticket-actions';
import { TicketNotesFiles } from '../components/ticket-notes-files';
import { followTicketChanges } from '../api/workbench';
import { ChannelLabel, PriorityTag, StatusBadge, categoryText } from '../components/ticket-labels';
import { useI18n } from '../i18n';
import { formatDateTime } from '../lib/format';
import { href, lastListHref } from '../lib/hash-route';
import { isAbort, problemMessage } from '../lib/problem-message';

const SAFE_URL = /^https?:\/\//i;
// the flow line and the designer's words are a chunk of their own, fetched when a ticket is shown
const TicketFlowLink = lazy(() => import('../flow-designer/ticket-flow-link').then((m) => ({ default: m.TicketFlowLink })));

export function TicketDetailPage({ ticketId }: { ticketId: string }) {
  const { t, lang, label } = useI18n();
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [events, setEvents] = useState<TicketEvent[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [eventsError, setEventsError] = useState<string | null>(null);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      setLoading(true);
      setError(null);
      setEventsError(null);
      const [tk, ev] = await Promise.allSettled([api.getTicket(ticketId, signal), api.listEvents(ticketId, signal)]);
      if (signal?.aborted) return;
      if (tk.status === 'fulfilled') {
        setTicket(tk.value);
        setNotFound(false);
      } else if (!isAbort(tk.reason)) {
        if (tk.reason instanceof ApiError && tk.reason.status === 404) setNotFound(true);
        else setError(problemMessage(tk.reason, t));
      }
      if (ev.status === 'fulfilled') setEvents(ev.value);
      else if (!isAbort(ev.reason) && !(ev.reason instanceof ApiError && ev.reason.status === 404))
        setEventsError(problemMessage(ev.reason, t));
      setLoading(false);
    },
    // Not keyed on `t`: switching the language need not reload the ticket.
    [ticketId],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    setTicket(null);
    setEvents([]);
    void load(ctrl.signal);
    return () => ctrl.abort();
  }, [load]);

  // Live: another agent's action or the workflow's own timers reload the ticket without a click.
  useEffect(() => {
    let timer: number | undefined;
    const stop = followTicketChanges({
      ticketId,
      onChange: () => {
        window.clearTimeout(timer);
        timer = window.setTimeout(() => void load(), 300);
      },
    });
    return () => {
      stop();
      window.clearTimeout(timer);
    };
  }, [ticketId, load]);

  const onUpdated = (updated: Ticket) => {
    setTicket(updated);
    api
      .listEvents(ticketId)
      .then(setEvents)
      .catch((err: unknown) => setEventsError(problemMessage(err, t)));
  };

  const back = (
    <a className="back-link" href={lastListHref()}>
      ← {t('common.back')}
    </a>
  );

  if (notFound) {
    return (
      <section className="page">
        {back}
        <div className="card empty-state">
          <p>{t('detail.notFound', { id: ticketId })}</p>
        </div>
      </section>
    );
  }

  if (!ticket) {
    return (
      <section className="page">
        {back}
        {error ? (
          <div className="alert alert-error" role="alert">
            <span>{error}</span>
            <button type="button" className="btn btn-sm" onClick={() => void load()}>
              {t('common.retry')}
            </button>
          </div>
        ) : (
          <p className="muted">{t('common.loading')}</p>
        )}
      </section>
    );
  }

  const none = <span className="muted">{t('common.none')}</span>;
  const field = (key: Parameters<typeof t>[0], value: ReactNode) => (
    <div key={key}>
      <dt>{t(key)}</dt>
      <dd>{value === null || value === undefined || value === '' ? none : value}</dd>
    </div>
  );

  return (
    <section className="page">
      {back}
      <div className={`detail-head card${ticket.priority === 'P1' ? ' is-p1' : ''}`}>
        <div className="detail-title">
          <h1 className="mono">{ticket.ticketId}</h1>
          <StatusBadge status={ticket.status} />
          {ticket.substatus && <span className="substatus muted">{label('substatus', ticket.substatus)}</span>}
          <PriorityTag priority={ticket.priority} />
        </div>
        <div className="detail-head-meta muted">
          <span>{label('channel', ticket.channel)}</span>
          <span>·</span>
          <span>{formatDateTime(ticket.createdAt, lang)}</span>
          <button type="button" className="btn btn-sm" onClick={() => void load()} disabled={loading}>
            {loading ? t('common.loading') : t('common.refresh')}
          </button>
        </div>
        <Suspense fallback={null}>
          <TicketFlowLink ticketId={ticket.ticketId} refreshKey={ticket.status} />
        </Suspense>
      </div>

      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}

      <div className="detail-grid">
        <div className="detail-side">
          <SlaPanel ticket={ticket} />
          <TicketActions ticket={ticket} onUpdated={onUpdated} />
        </div>

        <div className="detail-main">
          <section className="card panel" aria-labelledby="info-title">
            <div className="panel-head">
              <h2 id="info-title">{t('detail.section.info')}</h2>
            </div>
            <div className="description">
              <div className="description-label">{t('detail.field.description')}</div>
              <p className="prewrap">{ticket.description}</p>
            </div>
            {ticket.resolution && (
              <div className="description resolution">
                <div className="description-label">{t('detail.field.resolution')}</div>
                <p className="prewrap">{ticket.resolution}</p>
              </div>
            )}
            <dl className="kv kv-grid">
              {field(
                'detail.field.customerId',
                <a className="mono" href={href.customer(ticket.customerId)}>
                  {ticket.customerId}
                </a>,
              )}
              {ticket.assetId &&
                field(
                  'detail.field.asset',
                  <a className="mono" href={href.asset(ticket.assetId)}>
                    {ticket.serialNo ?? ticket.assetId}
                  </a>,
                )}
              {field('detail.field.orderId', ticket.orderId && <span className="mono">{ticket.orderId}</span>)}
              {field('detail.field.sku', ticket.sku && <span className="mono">{ticket.sku}</span>)}
              {field('detail.field.channel', <ChannelLabel channel={ticket.channel} />)}
              {field('detail.field.category', categoryText(ticket))}
              {field('detail.field.region', ticket.region)}
              {field('detail.field.entitlement', ticket.entitlement && label('entitlement', ticket.entitlement))}
              {field('detail.field.assigneeId', ticket.assigneeId)}
              {field('detail.field.groupId', ticket.groupId)}
              {field('detail.field.createdBy', ticket.createdBy)}
              {field('detail.field.createdAt', formatDateTime(ticket.createdAt, lang))}
              {field('detail.field.updatedAt', formatDateTime(ticket.updatedAt, lang))}
              {field('detail.field.resolvedAt', formatDateTime(ticket.resolvedAt, lang))}
              {field('detail.field.closedAt', formatDateTime(ticket.closedAt, lang))}
              {field(
                'detail.field.tags',
                ticket.tags?.length ? (
                  <span className="tags">
                    {ticket.tags.map((tag) => (
                      <span key={tag} className="tag">
                        {tag}
                      </span>
                    ))}
                  </span>
                ) : null,
              )}
              {field(
                'detail.field.attachments',
                ticket.attachments?.length ? (
                  <ul className="attachments">
                    {ticket.attachments.map((url, i) => (
                      <li key={`${i}-${url}`}>
                        {SAFE_URL.test(url) ? (
                          <a href={url} target="_blank" rel="noopener noreferrer" title={url}>
                            {t('detail.attachment', { n: i + 1 })} ↗
                          </a>
                        ) : (
                          <span className="mono">{url}</span>
                        )}
                      </li>
                    ))}
                  </ul>
                ) : null,
              )}
            </dl>
          </section>

          <TicketNotesFiles ticket={ticket} onUpdated={onUpdated} />

          <SuggestedArticles ticket={ticket} />

          <section className="card panel" aria-labelledby="timeline-title">
            <div className="panel-head">
              <h2 id="timeline-title">{t('detail.section.timeline')}</h2>
            </div>
            {eventsError && (
              <div className="alert alert-error" role="alert">
                {eventsError}
              </div>
            )}
            <EventsTimeline events={events} />
          </section>
        </div>
      </div>
    </section>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { CHANNELS, PRIORITIES, TICKET_STATUSES, type Ticket, type TicketFilters } from '../api/types';
import { MultiSelect } from '../components/multi-select';
import { SlaCountdown } from '../components/sla-countdown';
import { ChannelLabel, PriorityTag, StatusBadge, categoryText } from '../components/ticket-labels';
import { useI18n } from '../i18n';
import { formatDateTime } from '../lib/format';
import { href, navigate } from '../lib/hash-route';
import { isAbort, problemMessage } from '../lib/problem-message';
import { useNow } from '../lib/use-now';

const csv = (params: URLSearchParams, name: string) => (params.get(name) ?? '').split(',').filter(Boolean);

function filtersFrom(params: URLSearchParams): TicketFilters {
  return {
    status: csv(params, 'status'),
    priority: csv(params, 'priority'),
    channel: csv(params, 'channel'),
    q: params.get('q')?.trim() || undefined,
  };
}

function paramsFrom(f: TicketFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.status?.length) p.set('status', f.status.join(','));
  if (f.priority?.length) p.set('priority', f.priority.join(','));
  if (f.channel?.length) p.set('channel', f.channel.join(','));
  if (f.q) p.set('q', f.q);
  return p;
}

export function TicketListPage({ params }: { params: URLSearchParams }) {
  const { t, label, lang } = useI18n();
  const now = useNow(1000);
  const key = params.toString();
  const filters = useMemo(() => filtersFrom(new URLSearchParams(key)), [key]);

  const [items, setItems] = useState<Ticket[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState(filters.q ?? '');
  const [reloadToken, setReloadToken] = useState(0);
  const moreAbort = useRef<AbortController | null>(null);

  useEffect(() => {
    setText(filters.q ?? '');
  }, [filters.q]);
  useEffect(() => () => moreAbort.current?.abort(), []);

  useEffect(() => {
    const ctrl = new AbortController();
    moreAbort.current?.abort();
    setLoading(true);
    setError(null);
    api
      .listTickets(filters, { signal: ctrl.signal })
      .then((page) => {
        setItems(page.items);
        setNextCursor(page.nextCursor);
      })
      .catch((err: unknown) => {
        if (!isAbort(err)) setError(problemMessage(err, t));
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    // Not keyed on `t`: switching the language need not reload the list.
    return () => ctrl.abort();
  }, [filters, reloadToken]);

  const loadMore = useCallback(() => {
    if (!nextCursor) return;
    const ctrl = new AbortController();
    moreAbort.current = ctrl;
    setLoadingMore(true);
    api
      .listTickets(filters, { cursor: nextCursor, signal: ctrl.signal })
      .then((page) => {
        setItems((prev) => {
          const seen = new Set(prev.map((x) => x.ticketId));
          return [...prev, ...page.items.filter((x) => !seen.has(x.ticketId))];
        });
        setNextCursor(page.nextCursor);
      })
      .catch((err: unknown) => {
        if (!isAbort(err)) setError(problemMessage(err, t));
      })
      .finally(() => setLoadingMore(false));
  }, [filters, nextCursor, t]);

  const update = (patch: Partial<TicketFilters>) => navigate(href.tickets(paramsFrom({ ...filters, ...patch })), { replace: true });
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    update({ q: text.trim() || undefined });
  };
  const hasFilters = Boolean(filters.status?.length || filters.priority?.length || filters.channel?.length || filters.q);

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>{t('list.title')}</h1>
          <p className="page-sub">{t('list.subtitle')}</p>
        </div>
        <div className="page-head-actions">
          <button type="button" className="btn" onClick={() => setReloadToken((n) => n + 1)} disabled={loading}>
            {t('common.refresh')}
          </button>
          <a className="btn btn-primary" href={href.newTicket()}>
            + {t('nav.new')}
          </a>
        </div>
      </div>

      <div className="filters card">
        <MultiSelect
          label={t('list.filter.status')}
          options={TICKET_STATUSES.map((s) => ({ value: s, label: label('status', s) }))}
          selected={filters.status ?? []}
          onChange={(status) => update({ status })}
        />
        <MultiSelect
          label={t('list.filter.priority')}
          options={PRIORITIES.map((p) => ({ value: p, label: label('priority', p) }))}
          selected={filters.priority ?? []}
          onChange={(priority) => update({ priority })}
        />
        <MultiSelect
          label={t('list.filter.channel')}
          options={CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))}
          selected={filters.channel ?? []}
          onChange={(channel) => update({ channel })}
        />
        <form className="search" role="search" onSubmit={onSearch}>
          <input
            type="search"
            aria-label={t('list.filter.q')}
            placeholder={t('list.filter.qPlaceholder')}
            value={text}
            maxLength={200}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="btn">
            {t('list.filter.search')}
          </button>
        </form>
        {hasFilters && (
          <button type="button" className="btn btn-link" onClick={() => navigate(href.tickets(), { replace: true })}>
            {t('list.filter.reset')}
          </button>
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

      <div className={`card table-card${loading ? ' is-loading' : ''}`}>
        <table className="tickets">
          <thead>
            <tr>
              <th>{t('list.col.ticketId')}</th>
              <th>{t('list.col.status')}</th>
              <th>{t('list.col.priority')}</th>
              <th>{t('list.col.channel')}</th>
              <th>{t('list.col.customer')}</th>
              <th>{t('list.col.category')}</th>
              <th>{t('list.col.region')}</th>
              <th>{t('list.col.assignee')}</th>
              <th>{t('list.col.created')}</th>
              <th>{t('list.col.ttr')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((tk) => (
              <tr
                key={tk.ticketId}
                className={tk.priority === 'P1' ? 'row-p1' : undefined}
                onClick={(e) => {
                  if (!(e.target as HTMLElement).closest('a')) navigate(href.ticket(tk.ticketId));
                }}
              >
                <td data-label={t('list.col.ticketId')} className="cell-id">
                  <a href={href.ticket(tk.ticketId)} className="mono">
                    {tk.ticketId}
                  </a>
                </td>
                <td data-label={t('list.col.status')} className="cell-status">
                  <StatusBadge status={tk.status} />
                </td>
                <td data-label={t('list.col.priority')} className="cell-prio">
                  <PriorityTag priority={tk.priority} />
                </td>
                <td data-label={t('list.col.channel')}>
                  <ChannelLabel channel={tk.channel} />
                </td>
                <td data-label={t('list.col.customer')} className="mono">
                  {tk.customerId}
                </td>
                <td data-label={t('list.col.category')}>{categoryText(tk) || <span className="muted">{t('common.none')}</span>}</td>
                <td data-label={t('list.col.region')}>{tk.region || <span className="muted">{t('common.none')}</span>}</td>
                <td data-label={t('list.col.assignee')}>{tk.assigneeId ?? <span className="muted">{t('list.unassigned')}</span>}</td>
                <td data-label={t('list.col.created')} className="nowrap">
                  {formatDateTime(tk.createdAt, lang)}
                </td>
                <td data-label={t('list.col.ttr')} className="nowrap cell-ttr">
                  <SlaCountdown clock={tk.sla?.ttr} now={now} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {loading && items.length === 0 && <p className="table-empty">{t('common.loading')}</p>}
        {!loading && !error && items.length === 0 && <p className="table-empty">{t('list.empty')}</p>}
      </div>

      <div className="list-foot">
        <span className="muted">{items.length > 0 ? t('list.count', { count: items.length }) : ''}</span>
        {nextCursor && (
          <button type="button" className="btn" onClick={loadMore} disabled={loadingMore || loading}>
            {loadingMore ? t('common.loading') : t('list.loadMore')}
          </button>
        )}
      </div>
    </section>
  );
}

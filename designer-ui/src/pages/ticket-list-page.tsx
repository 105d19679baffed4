import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, uuid } from '../api/client';
import { CHANNELS, PRIORITIES, TICKET_STATUSES, type Ticket, type TicketFilters } from '../api/types';
import { followTicketChanges, QUEUES, workbench, type Queue, type QueueCounts, type SavedFilter } from '../api/workbench';
import { BulkActionBar } from '../components/bulk-action-bar';
import { MultiSelect } from '../components/multi-select';
import { SlaCountdown } from '../components/sla-countdown';
import { ChannelLabel, PriorityTag, StatusBadge, categoryText } from '../components/ticket-labels';
import { useI18n, type MessageKey } from '../i18n';
import { showFlash } from '../lib/flash';
import { formatDateTime } from '../lib/format';
import { href, navigate } from '../lib/hash-route';
import { isAbort, problemMessage } from '../lib/problem-message';
import { useNow } from '../lib/use-now';

const csv = (params: URLSearchParams, name: string) => (params.get(name) ?? '').split(',').filter(Boolean);

/** The list as the URL says: the filters, a workbench queue and the order. */
type ListView = TicketFilters & { queue?: Queue; sort?: 'sla' };

function filtersFrom(params: URLSearchParams): ListView {
  const queue = params.get('queue');
  return {
    status: csv(params, 'status'),
    priority: csv(params, 'priority'),
    channel: csv(params, 'channel'),
    q: params.get('q')?.trim() || undefined,
    queue: (QUEUES as readonly string[]).includes(queue ?? '') ? (queue as Queue) : undefined,
    sort: params.get('sort') === 'sla' ? 'sla' : undefined,
  };
}

function paramsFrom(f: ListView): URLSearchParams {
  const p = new URLSearchParams();
  if (f.queue) p.set('queue', f.queue);
  if (f.status?.length) p.set('status', f.status.join(','));
  if (f.priority?.length) p.set('priority', f.priority.join(','));
  if (f.channel?.length) p.set('channel', f.channel.join(','));
  if (f.q) p.set('q', f.q);
  if (f.sort) p.set('sort', f.sort);
  return p;
}

/** After a burst of live changes, the counts and the first page are read again once. */
const LIVE_REFRESH_MS = 800;

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
  const [counts, setCounts] = useState<QueueCounts | null>(null);
  const [saved, setSaved] = useState<SavedFilter[]>([]);
  const [saveName, setSaveName] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [live, setLive] = useState(false);
  /** a reload the user did not ask for keeps the rows on screen (no "loading" flash) */
  const quiet = useRef(false);
  const pagedOn = useRef(false);

  const loadCounts = useCallback(() => {
    workbench
      .counts()
      // an answer without counts (an older API, a proxy's error page) leaves the tabs uncounted
      .then((c) => setCounts(c && typeof c.counts === 'object' && c.counts ? c : null))
      .catch(() => undefined);
  }, []);
  useEffect(() => loadCounts(), [loadCounts, reloadToken]);
  useEffect(() => {
    workbench
      .savedFilters()
      .then(setSaved)
      .catch(() => undefined);
  }, []);

  // Live: a changed row is replaced at once; the counts and the first page follow shortly after.
  const liveTimer = useRef<number | undefined>(undefined);
  useEffect(() => {
    const stop = followTicketChanges({
      onChange: ({ ticket }) => {
        setItems((prev) => prev.map((x) => (x.ticketId === ticket.ticketId && (x.seq ?? 0) <= ticket.seq ? { ...x, ...ticket } : x)));
        window.clearTimeout(liveTimer.current);
        liveTimer.current = window.setTimeout(() => {
          loadCounts();
          if (!pagedOn.current) {
            quiet.current = true;
            setReloadToken((n) => n + 1);
          }
        }, LIVE_REFRESH_MS);
      },
      onReset: () => setReloadToken((n) => n + 1),
      onState: setLive,
    });
    return () => {
      stop();
      window.clearTimeout(liveTimer.current);
    };
  }, [loadCounts]);

  useEffect(() => {
    setText(filters.q ?? '');
  }, [filters.q]);
  useEffect(() => () => moreAbort.current?.abort(), []);

  useEffect(() => {
    const ctrl = new AbortController();
    moreAbort.current?.abort();
    const silent = quiet.current;
    quiet.current = false;
    if (!silent) setLoading(true);
    setError(null);
    workbench
      .list(paramsFrom(filters), { signal: ctrl.signal })
      .then((page) => {
        setItems(page.items);
        setNextCursor(page.nextCursor);
        pagedOn.current = false;
        // a selection survives a live refresh, but only of tickets still listed
        const listed = new Set(page.items.map((x) => x.ticketId));
        setSelected((sel) => new Set([...sel].filter((id) => listed.has(id))));
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
    pagedOn.current = true;
    workbench
      .list(paramsFrom(filters), { cursor: nextCursor, signal: ctrl.signal })
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

  const update = (patch: Partial<ListView>) => navigate(href.tickets(paramsFrom({ ...filters, ...patch })), { replace: true });
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    update({ q: text.trim() || undefined });
  };
  const hasFilters = Boolean(filters.status?.length || filters.priority?.length || filters.channel?.length || filters.q || filters.sort);

  const saveCurrent = async (e: FormEvent) => {
    e.preventDefault();
    const name = (saveName ?? '').trim();
    if (!name) return;
    try {
      const f = await workbench.saveFilter(name, Object.fromEntries(paramsFrom(filters)));
      setSaved((list) => [...list, f].sort((a, b) => a.name.localeCompare(b.name)));
      setSaveName(null);
    } catch (err) {
      setError(problemMessage(err, t));
    }
  };
  const removeSaved = async (f: SavedFilter) => {
    try {
      await workbench.deleteFilter(f.id);
      setSaved((list) => list.filter((x) => x.id !== f.id));
    } catch (err) {
      setError(problemMessage(err, t));
    }
  };
  /** Take an unassigned ticket: assign it to oneself (in its own group) and open it. */
  const take = async (tk: Ticket) => {
    if (!counts?.agentId) return;
    try {
      const body = { assigneeId: counts.agentId, ...(tk.groupId ? { groupId: tk.groupId } : {}) };
      await api.act(tk.ticketId, 'assign', body, uuid());
      showFlash('success', t('wb.taken', { id: tk.ticketId }));
      navigate(href.ticket(tk.ticketId));
    } catch (err) {
      setError(problemMessage(err, t));
    }
  };
  const toggle = (id: string) =>
    setSelected((sel) => {
      const next = new Set(sel);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allSelected = items.length > 0 && items.every((x) => selected.has(x.ticketId));

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

      <nav className="queue-tabs" aria-label={t('wb.queues')}>
        <a className={`queue-tab${filters.queue ? '' : ' is-active'}`} href={href.tickets(paramsFrom({ ...filters, queue: undefined }))}>
          {t('wb.queue.all')}
        </a>
        {QUEUES.map((q) => (
          <a
            key={q}
            className={`queue-tab queue-${q}${filters.queue === q ? ' is-active' : ''}`}
            aria-current={filters.queue === q ? 'page' : undefined}
            href={href.tickets(paramsFrom({ ...filters, queue: q }))}
            data-queue={q}
          >
            {t(`wb.queue.${q}` as MessageKey)}
            <span className="queue-count" aria-label={t('wb.queueCount')}>
              {counts ? counts.counts[q] : '…'}
            </span>
          </a>
        ))}
        <span className={`live-dot${live ? ' is-live' : ''}`} title={live ? t('wb.live') : t('wb.offline')}>
          {live ? t('wb.live') : t('wb.offline')}
        </span>
      </nav>

      <div className="saved-filters">
        <span className="muted">{t('wb.saved')}</span>
        {saved.map((f) => (
          <span key={f.id} className="saved-filter chip">
            <a href={href.tickets(new URLSearchParams(f.query))}>{f.name}</a>
            <button type="button" className="btn-x" aria-label={t('wb.saved.delete', { name: f.name })} onClick={() => void removeSaved(f)}>
              ×
            </button>
          </span>
        ))}
        {saveName === null ? (
          <button type="button" className="btn btn-sm" onClick={() => setSaveName('')}>
            {t('wb.saved.save')}
          </button>
        ) : (
          <form className="saved-form" onSubmit={saveCurrent}>
            <input
              aria-label={t('wb.saved.name')}
              placeholder={t('wb.saved.name')}
              value={saveName}
              maxLength={100}
              autoFocus
              onChange={(e) => setSaveName(e.target.value)}
            />
            <button type="submit" className="btn btn-sm btn-primary">
              {t('wb.saved.confirm')}
            </button>
            <button type="button" className="btn btn-sm" onClick={() => setSaveName(null)}>
              {t('common.cancel')}
            </button>
          </form>
        )}
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
        <label className="sort-select">
          <span>{t('wb.sort')}</span>
          <select value={filters.sort ?? 'newest'} onChange={(e) => update({ sort: e.target.value === 'sla' ? 'sla' : undefined })}>
            <option value="newest">{t('wb.sort.newest')}</option>
            <option value="sla">{t('wb.sort.sla')}</option>
          </select>
        </label>
        {hasFilters && (
          <button
            type="button"
            className="btn btn-link"
            onClick={() => navigate(href.tickets(paramsFrom({ queue: filters.queue })), { replace: true })}
          >
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

      <BulkActionBar
        selected={[...selected]}
        onClear={() => setSelected(new Set())}
        onApplied={() => {
          setSelected(new Set());
          setReloadToken((n) => n + 1);
        }}
      />

      <div className={`card table-card${loading ? ' is-loading' : ''}`}>
        <table className="tickets">
          <thead>
            <tr>
              <th className="cell-check">
                <input
                  type="checkbox"
                  aria-label={t('wb.selectAll')}
                  checked={allSelected}
                  onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((x) => x.ticketId)))}
                />
              </th>
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
                className={
                  [tk.priority === 'P1' ? 'row-p1' : '', selected.has(tk.ticketId) ? 'is-selected' : ''].join(' ').trim() || undefined
                }
                data-ticket-id={tk.ticketId}
                onClick={(e) => {
                  if (!(e.target as HTMLElement).closest('a, input, label')) navigate(href.ticket(tk.ticketId));
                }}
              >
                <td className="cell-check">
                  <input
                    type="checkbox"
                    aria-label={t('wb.select', { id: tk.ticketId })}
                    checked={selected.has(tk.ticketId)}
                    onChange={() => toggle(tk.ticketId)}
                  />
                </td>
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
                <td data-label={t('list.col.assignee')}>
                  {tk.assigneeId ?? <span className="muted">{t('list.unassigned')}</span>}
                  {!tk.assigneeId && counts?.agentId && (
                    <button type="button" className="btn btn-sm take-btn" onClick={() => void take(tk)}>
                      {t('wb.take')}
                    </button>
                  )}
                </td>
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

import { useState } from 'react';
import { INBOX_KINDS, inboxApi, type InboxMessage } from '../api/inbox-client';
import { FilterSelect } from '../components/filter-select';
import { refreshUnread, useUnread } from '../components/inbox-unread';
import { ListFoot } from '../components/list-foot';
import { hasMessage, useI18n, type I18n } from '../i18n';
import { showFlash } from '../lib/flash';
import { formatDateTime } from '../lib/format';
import { href, navigate } from '../lib/hash-route';
import { problemMessage } from '../lib/problem-message';
import { usePagedList } from '../lib/use-paged-list';

function kindText(kind: string, t: I18n['t']): string {
  const key = `inbox.kind.${kind}`;
  return hasMessage(key) ? t(key) : kind;
}

/** Where a message opens: its ticket, or a console page the server linked (only #/ links, never elsewhere). */
function messageHref(m: InboxMessage): string | null {
  if (m.ticketId) return href.ticket(m.ticketId);
  if (m.link?.startsWith('/#/')) return m.link.slice(1);
  if (m.link?.startsWith('#/')) return m.link;
  return null;
}

/** The message centre: the caller's in-app messages, unread first by default, read one by one or all at once. */
export function InboxPage({ params }: { params: URLSearchParams }) {
  const { t, lang } = useI18n();
  const showAll = params.get('show') === 'all';
  const wantedKind = params.get('kind') ?? '';
  const kind = (INBOX_KINDS as readonly string[]).includes(wantedKind) ? wantedKind : '';
  const unread = useUnread();
  const list = usePagedList<InboxMessage>(
    `${showAll}|${kind}`,
    ({ cursor, signal }) => inboxApi.list({ unread: !showAll, kind: kind || undefined }, { cursor, signal }),
    (m) => m.id,
  );
  // read here since the list was loaded: shown read at once, without reloading the list
  const [readNow, setReadNow] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const update = (patch: { show?: string; kind?: string }) => {
    const p = new URLSearchParams();
    const next = { show: showAll ? 'all' : '', kind, ...patch };
    if (next.show) p.set('show', next.show);
    if (next.kind) p.set('kind', next.kind);
    navigate(href.inbox(p), { replace: true });
  };

  const markRead = async (m: InboxMessage) => {
    if (m.readAt || readNow[m.id]) return;
    setReadNow((r) => ({ ...r, [m.id]: new Date().toISOString() }));
    try {
      const updated = await inboxApi.markRead(m.id);
      setReadNow((r) => ({ ...r, [m.id]: updated.readAt ?? r[m.id]! }));
    } catch (err) {
      setReadNow(({ [m.id]: _gone, ...rest }) => rest);
      setError(problemMessage(err, t));
    } finally {
      void refreshUnread();
    }
  };

  const markAll = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const marked = await inboxApi.markAllRead(kind || undefined);
      showFlash('success', t('inbox.markedAll', { n: marked }));
      setReadNow({});
      list.reload();
    } catch (err) {
      setError(problemMessage(err, t));
    } finally {
      setBusy(false);
      void refreshUnread();
    }
  };

  const unreadCount = unread.kind === 'known' ? unread.unread : null;
  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>{t('inbox.title')}</h1>
          <p className="page-sub">{unreadCount === null ? t('inbox.subtitle') : t('inbox.unreadCount', { n: unreadCount })}</p>
        </div>
        <div className="page-head-actions">
          <button type="button" className="btn" onClick={list.reload} disabled={list.loading}>
            {t('common.refresh')}
          </button>
          <button
            type="button"
            className="btn btn-primary inbox-read-all"
            onClick={() => void markAll()}
            disabled={busy || unreadCount === 0}
          >
            {kind ? t('inbox.markKindRead', { kind: kindText(kind, t) }) : t('inbox.markAllRead')}
          </button>
        </div>
      </div>

      <div className="filters card">
        <div className="segmented" role="group" aria-label={t('inbox.show')}>
          <button
            type="button"
            className={`btn btn-sm${showAll ? '' : ' is-active'}`}
            aria-pressed={!showAll}
            onClick={() => update({ show: '' })}
          >
            {t('inbox.unread')}
          </button>
          <button
            type="button"
            className={`btn btn-sm${showAll ? ' is-active' : ''}`}
            aria-pressed={showAll}
            onClick={() => update({ show: 'all' })}
          >
            {t('inbox.all')}
          </button>
        </div>
        <FilterSelect
          id="inbox-kind"
          label={t('inbox.kind')}
          value={kind}
          options={INBOX_KINDS.map((k) => ({ value: k, label: kindText(k, t) }))}
          onChange={(v) => update({ kind: v })}
        />
      </div>

      {(error ?? list.error) && (
        <div className="alert alert-error" role="alert">
          <span>{error ?? list.error}</span>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => {
              setError(null);
              list.reload();
            }}
          >
            {t('common.retry')}
          </button>
        </div>
      )}

      <ul className={`inbox-list${list.loading ? ' is-loading' : ''}`}>
        {list.items.map((m) => {
          const readAt = m.readAt ?? readNow[m.id] ?? null;
          const to = messageHref(m);
          return (
            <li key={m.id} className={`card inbox-item${readAt ? ' is-read' : ' is-unread'}`} data-message={m.id}>
              <div className="inbox-item-head">
                <span className={`chip inbox-kind inbox-kind-${m.kind}`}>{kindText(m.kind, t)}</span>
                <span className="inbox-title">{m.title}</span>
                <time className="muted inbox-time" dateTime={m.createdAt}>
                  {formatDateTime(m.createdAt, lang)}
                </time>
              </div>
              <p className="inbox-body prewrap">{m.body}</p>
              <div className="inbox-item-foot">
                {m.recipient.startsWith('group:') && (
                  <span className="muted inbox-to">{t('inbox.toGroup', { group: m.recipient.slice('group:'.length) })}</span>
                )}
                <span className="inbox-actions">
                  {to && (
                    <a className="btn btn-sm" href={to} onClick={() => void markRead(m)}>
                      {m.ticketId ? t('inbox.openTicket', { id: m.ticketId }) : t('inbox.open')}
                    </a>
                  )}
                  {!readAt && (
                    <button type="button" className="btn btn-sm inbox-mark-read" onClick={() => void markRead(m)}>
                      {t('inbox.markRead')}
                    </button>
                  )}
                </span>
              </div>
            </li>
          );
        })}
      </ul>
      {list.loading && list.items.length === 0 && <p className="muted">{t('common.loading')}</p>}
      {!list.loading && !list.error && list.items.length === 0 && (
        <div className="card empty-state">{showAll ? t('inbox.empty') : t('inbox.emptyUnread')}</div>
      )}
      <ListFoot count={list.items.length} hasMore={Boolean(list.nextCursor)} busy={list.loadingMore} onMore={list.loadMore} />
    </section>
  );
}

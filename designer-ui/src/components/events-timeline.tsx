import type { TicketEvent } from '../api/types';
import { hasMessage, useI18n, type I18n, type Lang } from '../i18n';
import { formatDateTime } from '../lib/format';
import { StatusBadge } from './ticket-labels';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function fieldLabel(field: string, i18n: I18n): string {
  const key = `detail.field.${field}`;
  return hasMessage(key) ? i18n.t(key) : field;
}

function valueText(field: string, value: unknown, i18n: I18n, lang: Lang): string {
  if (value === null || value === undefined || value === '') return i18n.t('common.none');
  if (field === 'status' || field === 'fromStatus' || field === 'toStatus') return i18n.label('status', String(value));
  if (field === 'channel') return i18n.label('channel', String(value));
  if (field === 'priority') return i18n.label('priority', String(value));
  if (field === 'entitlement') return i18n.label('entitlement', String(value));
  if (field === 'substatus') return i18n.label('substatus', String(value));
  if (field === 'visibility') return i18n.label('visibility', String(value));
  if (typeof value === 'string') return ISO_TIME.test(value) ? formatDateTime(value, lang) : value;
  if (Array.isArray(value))
    return value.length === 0 ? i18n.t('common.none') : value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function actorText(actor: string, i18n: I18n): string {
  return actor === 'system' ? i18n.t('event.system') : actor;
}

/** The ticket's audit trail, oldest first: what happened, who did it, when, and what changed. */
export function EventsTimeline({ events }: { events: TicketEvent[] }) {
  const i18n = useI18n();
  const { t, lang, label } = i18n;
  if (events.length === 0) return <p className="muted">{t('detail.timelineEmpty')}</p>;
  return (
    <ol className="timeline">
      {events.map((ev) => {
        const changes = Object.entries(ev.changes ?? {}).filter(([k]) => k !== 'status');
        const payload = Object.entries(ev.payload ?? {}).filter(([k]) => !(k in (ev.changes ?? {})));
        const bulky = payload.length > 3;
        return (
          <li key={ev.seq} className={`timeline-item event-${ev.type.replace(/[^a-z0-9]+/gi, '-')}`}>
            <span className="timeline-dot" aria-hidden="true" />
            <div className="timeline-body">
              <div className="timeline-head">
                <strong>{label('event', ev.type)}</strong>
                {ev.toStatus && ev.fromStatus !== ev.toStatus && (
                  <span className="transition">
                    {ev.fromStatus && <StatusBadge status={ev.fromStatus} />}
                    {ev.fromStatus && <span aria-hidden="true">→</span>}
                    <StatusBadge status={ev.toStatus} />
                  </span>
                )}
              </div>
              <div className="timeline-meta muted">
                <time dateTime={ev.at}>{formatDateTime(ev.at, lang)}</time>
                <span>·</span>
                <span>{t('event.by', { actor: actorText(ev.actor, i18n) })}</span>
                <span className="seq">#{ev.seq}</span>
              </div>
              {changes.length > 0 && (
                <dl className="kv kv-compact" aria-label={t('event.changes')}>
                  {changes.map(([k, c]) => (
                    <div key={k}>
                      <dt>{fieldLabel(k, i18n)}</dt>
                      <dd>
                        <span className="from">{valueText(k, c.from, i18n, lang)}</span> →{' '}
                        <span className="to">{valueText(k, c.to, i18n, lang)}</span>
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
              {payload.length > 0 &&
                (bulky ? (
                  <details className="payload">
                    <summary>{t('event.payload')}</summary>
                    <PayloadList entries={payload} />
                  </details>
                ) : (
                  <PayloadList entries={payload} />
                ))}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function PayloadList({ entries }: { entries: [string, unknown][] }) {
  const i18n = useI18n();
  return (
    <dl className="kv kv-compact">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{fieldLabel(k, i18n)}</dt>
          <dd className="prewrap">{valueText(k, v, i18n, i18n.lang)}</dd>
        </div>
      ))}
    </dl>
  );
}

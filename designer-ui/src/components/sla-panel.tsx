import type { SlaClock, Ticket } from '../api/types';
import { useI18n, type I18n, type Lang } from '../i18n';
import { formatDateTime, formatMinutes } from '../lib/format';
import { useNow } from '../lib/use-now';
import { SlaCountdown } from './sla-countdown';

/** A running clock whose due time has just passed counts as breached before the server's timer notices. */
const overdueNow = (clock: SlaClock | undefined, now: number): boolean =>
  clock?.state === 'running' && clock.dueAt !== null && Date.parse(clock.dueAt) < now;

/** The clock's state in words: when it is due, why and since when it is paused, or when it was met. */
function clockDetail(clock: SlaClock, { t, label }: I18n, lang: Lang): string {
  if (clock.state === 'paused') {
    const reason = clock.pauseReason ? label('pauseReason', clock.pauseReason) : null;
    const head = reason ? t('sla.pausedBecause', { reason }) : t('sla.state.paused');
    return clock.pausedSince ? `${head} · ${t('sla.pausedSince', { time: formatDateTime(clock.pausedSince, lang) })}` : head;
  }
  if (clock.state === 'stopped') {
    return clock.metAt ? t('sla.metAt', { time: formatDateTime(clock.metAt, lang) }) : t('sla.state.stopped');
  }
  return clock.dueAt ? `${t('sla.state.running')} · ${t('sla.due', { time: formatDateTime(clock.dueAt, lang) })}` : t('sla.state.running');
}

/** First-response and resolution clocks: target, state, due time or pause, and a live countdown. */
export function SlaPanel({ ticket }: { ticket: Ticket }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const now = useNow(1000);
  const sla = ticket.sla;
  const rows = [
    { key: 'frt', title: t('sla.frt'), clock: sla?.frt },
    { key: 'ttr', title: t('sla.ttr'), clock: sla?.ttr },
  ];
  // The server's flag, or what the clocks show right now (the flag may lag behind a due time just passed).
  const breached = Boolean(sla?.breached) || rows.some((r) => overdueNow(r.clock, now));
  return (
    <section className="card panel" aria-labelledby="sla-title">
      <div className="panel-head">
        <h2 id="sla-title">{t('detail.section.sla')}</h2>
        <span className="sla-chips">
          {(sla?.escalationLevel ?? 0) > 0 && <span className="chip chip-warn">{t('sla.escalated', { n: sla.escalationLevel })}</span>}
          <span className={`chip ${breached ? 'chip-danger' : 'chip-ok'}`}>{breached ? t('sla.breached') : t('sla.onTrack')}</span>
        </span>
      </div>
      <ul className="sla-list">
        {rows.map(({ key, title, clock }) => (
          <li key={key} className={`sla-row${clock ? ` sla-${clock.state}` : ''}`}>
            <div className="sla-title">
              {title}
              {clock && clock.targetMinutes > 0 && (
                <span className="sla-target muted">{t('sla.target', { duration: formatMinutes(clock.targetMinutes, t) })}</span>
              )}
            </div>
            <div className="sla-due muted">{clock ? clockDetail(clock, i18n, lang) : t('common.none')}</div>
            <div className="sla-state">
              <SlaCountdown clock={clock} now={now} />
            </div>
            {clock?.breachedAt && <div className="sla-breach">{t('sla.breachedAt', { time: formatDateTime(clock.breachedAt, lang) })}</div>}
          </li>
        ))}
      </ul>
    </section>
  );
}

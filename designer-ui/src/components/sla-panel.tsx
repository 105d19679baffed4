import type { SlaClock, Ticket } from '../api/types';
import { useI18n } from '../i18n';
import { formatDateTime } from '../lib/format';
import { useNow } from '../lib/use-now';
import { SlaCountdown } from './sla-countdown';

const pausedLeft = (clock: SlaClock | undefined): number | null => (clock?.state === 'paused' ? clock.remainingMs : null);

/** First-response and resolution due times in local time, each with a live countdown. */
export function SlaPanel({ ticket }: { ticket: Ticket }) {
  const { t, lang } = useI18n();
  const now = useNow(1000);
  const sla = ticket.sla;
  const rows = [
    // A ticket that is finished no longer runs either clock, even if no response was recorded.
    {
      key: 'frt',
      title: t('sla.frt'),
      due: sla?.frtDueAt,
      stoppedAt: sla?.respondedAt ?? ticket.resolvedAt ?? ticket.closedAt ?? null,
      paused: pausedLeft(sla?.frt),
    },
    {
      key: 'ttr',
      title: t('sla.ttr'),
      due: sla?.ttrDueAt,
      stoppedAt: ticket.resolvedAt ?? ticket.closedAt ?? null,
      paused: pausedLeft(sla?.ttr),
    },
  ];
  // The server's flag, or what the clocks show right now (the flag may lag behind a due time just passed).
  const breached =
    Boolean(sla?.breached) ||
    rows.some((r) => {
      const due = r.due ? Date.parse(r.due) : NaN;
      if (r.paused !== null) return r.paused < 0;
      return !Number.isNaN(due) && (r.stoppedAt ? Date.parse(r.stoppedAt) : now) > due;
    });
  return (
    <section className="card panel" aria-labelledby="sla-title">
      <div className="panel-head">
        <h2 id="sla-title">{t('detail.section.sla')}</h2>
        <span className={`chip ${breached ? 'chip-danger' : 'chip-ok'}`}>{breached ? t('sla.breached') : t('sla.onTrack')}</span>
      </div>
      <ul className="sla-list">
        {rows.map((r) => (
          <li key={r.key} className="sla-row">
            <div className="sla-title">{r.title}</div>
            <div className="sla-due muted">{r.due ? t('sla.due', { time: formatDateTime(r.due, lang) }) : t('common.none')}</div>
            <div className="sla-state">
              <SlaCountdown dueAt={r.due} stoppedAt={r.stoppedAt} now={now} pausedRemainingMs={r.paused} />
            </div>
            {r.stoppedAt && <div className="sla-done muted">{t('sla.doneAt', { time: formatDateTime(r.stoppedAt, lang) })}</div>}
          </li>
        ))}
      </ul>
    </section>
  );
}

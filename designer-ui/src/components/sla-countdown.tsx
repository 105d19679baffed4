import { useI18n } from '../i18n';
import { formatDuration } from '../lib/format';

interface Props {
  dueAt: string | null | undefined;
  /** When the clock stopped (responded / resolved); null while it is running. */
  stoppedAt: string | null;
  now: number;
  /** set while the clock is paused (e.g. waiting for the customer): the frozen time left */
  pausedRemainingMs?: number | null;
}

/** Remaining time to a due date, red when past due; once stopped, whether it was met in time. */
export function SlaCountdown({ dueAt, stoppedAt, now, pausedRemainingMs }: Props) {
  const { t } = useI18n();
  if (!dueAt) return <span className="muted">{t('common.none')}</span>;
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return <span className="muted">{t('common.none')}</span>;
  if (stoppedAt) {
    const stopped = Date.parse(stoppedAt);
    const late = stopped > due;
    return (
      <span className={`countdown ${late ? 'countdown-late' : 'countdown-met'}`}>
        {late ? t('sla.metLate', { duration: formatDuration(stopped - due, t) }) : t('sla.met')}
      </span>
    );
  }
  if (pausedRemainingMs !== undefined && pausedRemainingMs !== null) {
    const over = pausedRemainingMs < 0;
    return (
      <span className={`countdown countdown-paused${over ? ' countdown-overdue' : ''}`}>
        {t(over ? 'sla.pausedOverdue' : 'sla.paused', { duration: formatDuration(pausedRemainingMs, t) })}
      </span>
    );
  }
  const left = due - now;
  const overdue = left < 0;
  const soon = !overdue && left < 3_600_000;
  return (
    <span className={`countdown ${overdue ? 'countdown-overdue' : soon ? 'countdown-soon' : ''}`} role="timer">
      {overdue ? t('sla.overdue', { duration: formatDuration(left, t) }) : t('sla.remaining', { duration: formatDuration(left, t) })}
    </span>
  );
}

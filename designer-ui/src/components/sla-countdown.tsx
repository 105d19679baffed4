import type { SlaClock } from '../api/types';
import { useI18n } from '../i18n';
import { formatDuration } from '../lib/format';

interface Props {
  clock: SlaClock | null | undefined;
  now: number;
}

/**
 * Time left on one SLA clock: live to the due time while it runs (red once past), the frozen business
 * time left while paused, and once stopped whether the target was met in time.
 */
export function SlaCountdown({ clock, now }: Props) {
  const { t } = useI18n();
  if (!clock) return <span className="muted">{t('common.none')}</span>;
  if (clock.state === 'stopped') {
    // remainingMs is frozen at the stop: below zero means the target was missed by that much.
    const late = clock.remainingMs < 0 || Boolean(clock.breachedAt);
    return (
      <span className={`countdown ${late ? 'countdown-late' : 'countdown-met'}`}>
        {late ? t('sla.metLate', { duration: formatDuration(Math.min(clock.remainingMs, 0), t) }) : t('sla.met')}
      </span>
    );
  }
  if (clock.state === 'paused') {
    const over = clock.remainingMs < 0;
    return (
      <span className={`countdown countdown-paused${over ? ' countdown-overdue' : ''}`}>
        {t(over ? 'sla.pausedOverdue' : 'sla.paused', { duration: formatDuration(clock.remainingMs, t) })}
      </span>
    );
  }
  // Running: count to the due instant on the wall clock, so the display keeps moving between loads.
  const due = clock.dueAt ? Date.parse(clock.dueAt) : NaN;
  if (Number.isNaN(due)) return <span className="muted">{t('common.none')}</span>;
  const left = due - now;
  const overdue = left < 0;
  const soon = !overdue && left < 3_600_000;
  return (
    <span className={`countdown ${overdue ? 'countdown-overdue' : soon ? 'countdown-soon' : ''}`} role="timer">
      {overdue ? t('sla.overdue', { duration: formatDuration(left, t) }) : t('sla.remaining', { duration: formatDuration(left, t) })}
    </span>
  );
}

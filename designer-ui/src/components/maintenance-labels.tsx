import type { MaintenancePlan, PlanTrigger } from '../api/maintenance-client';
import { useI18n, type I18n } from '../i18n';
import { href } from '../lib/hash-route';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** "每 3 个月 · 15 日 09:00" / "Every 3 months · day 15, 09:00", with the end date and a foreign time zone when set. */
export function cycleText(trigger: PlanTrigger, t: I18n['t']): string {
  if (trigger.type === 'condition') return t('mnt.conditionText', { hours: trigger.minIntervalHours });
  const day = Number(trigger.startDate.slice(8, 10));
  const time = trigger.timeOfDay.slice(0, 5);
  let text = trigger.everyMonths === 1 ? t('mnt.cycleMonthly', { day, time }) : t('mnt.cycleText', { n: trigger.everyMonths, day, time });
  if (trigger.timeZone && trigger.timeZone !== DEFAULT_TIME_ZONE) text += ` (${trigger.timeZone})`;
  if (trigger.endDate) text += ` · ${t('mnt.until', { date: trigger.endDate })}`;
  return text;
}

/** What a plan covers: an asset, a site, or every asset of one model at a customer. */
export function PlanTargetText({ plan }: { plan: MaintenancePlan }) {
  const { t } = useI18n();
  const target = plan.target;
  if (target.type === 'asset')
    return (
      <span className="mnt-target">
        {t('mnt.target.asset')}{' '}
        <a className="mono" href={href.asset(target.assetId)}>
          {target.assetId}
        </a>
      </span>
    );
  if (target.type === 'site')
    return (
      <span className="mnt-target">
        {t('mnt.target.site')} <span className="mono">{target.siteId}</span>
      </span>
    );
  return (
    <span className="mnt-target">
      {t('mnt.target.modelAt')}{' '}
      <a className="mono" href={href.customer(target.customerId)}>
        {target.customerId}
      </a>{' '}
      · <span className="mono">{target.model}</span>
    </span>
  );
}

export function PlanStatusChip({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <span className={`chip mnt-status ${status === 'paused' ? 'chip-warn' : 'chip-ok'}`}>
      {status === 'paused' ? t('mnt.status.paused') : t('mnt.status.active')}
    </span>
  );
}

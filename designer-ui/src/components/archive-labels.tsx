import { useI18n } from '../i18n';
import { warrantyState } from '../lib/warranty';

/** Customer tier as a pill: VIP and premium stand out, standard stays quiet. */
export function TierBadge({ tier }: { tier: string }) {
  const { label } = useI18n();
  return <span className={`badge tier-${tier}`}>{label('tier', tier)}</span>;
}

export function SiteStatusBadge({ status }: { status: string }) {
  const { label } = useI18n();
  return <span className={`badge site-${status}`}>{label('siteStatus', status)}</span>;
}

export function AssetStatusBadge({ status }: { status: string }) {
  const { label } = useI18n();
  return <span className={`badge asset-${status}`}>{label('assetStatus', status)}</span>;
}

/** "已过保 N 天" / "N 天后到期" / "保修中" for a warranty's last day; nothing known shows a dash. */
export function WarrantyBadge({ endsOn }: { endsOn: string | null | undefined }) {
  const { t } = useI18n();
  const w = warrantyState(endsOn);
  if (w.kind === 'none') return <span className="muted">{t('common.none')}</span>;
  if (w.kind === 'expired') return <span className="chip chip-danger-soft warranty-expired">{t('warranty.expired', { n: w.days })}</span>;
  if (w.kind === 'expiring')
    return (
      <span className="chip chip-warn warranty-expiring">
        {w.days === 0 ? t('warranty.endsToday') : t('warranty.expiring', { n: w.days })}
      </span>
    );
  return <span className="chip chip-ok warranty-valid">{t('warranty.valid')}</span>;
}

/** "N 天后到期" for a contract's end day, red once it is past. */
export function DaysLeft({ days }: { days: number }) {
  const { t } = useI18n();
  if (days < 0) return <span className="chip chip-danger-soft">{t('contracts.expiredDays', { n: -days })}</span>;
  if (days === 0) return <span className="chip chip-danger-soft">{t('warranty.endsToday')}</span>;
  return <span className={`chip ${days <= 30 ? 'chip-warn' : 'chip-ok'}`}>{t('warranty.expiring', { n: days })}</span>;
}

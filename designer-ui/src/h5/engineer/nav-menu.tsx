import { amapLink, baiduLink, geoLink, type NavTarget } from './nav-links';
import { useT } from './engineer-i18n';

/** Navigate to the site in the phone's map app. */
export function NavLinks({ target }: { target: NavTarget }) {
  const { t } = useT();
  return (
    <nav className="eng-nav" aria-label={t('navigate')}>
      <span>{t('navigate')}:</span>
      <a href={amapLink(target)} target="_blank" rel="noreferrer">
        {t('amap')}
      </a>
      <a href={baiduLink(target)}>{t('baidu')}</a>
      <a href={geoLink(target)}>{t('geo')}</a>
    </nav>
  );
}

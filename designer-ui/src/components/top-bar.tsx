import { useI18n } from '../i18n';
import { href } from '../lib/hash-route';

interface Props {
  active: 'tickets' | 'new' | null;
  signedIn: boolean;
  onSignOut: () => void;
}

export function TopBar({ active, signedIn, onSignOut }: Props) {
  const { t, lang, setLang } = useI18n();
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <a className="brand" href={href.tickets()}>
          <span className="brand-mark" aria-hidden="true">
            F
          </span>
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </a>
        {signedIn && (
          <nav className="topnav" aria-label={t('nav.menu')}>
            <a
              href={href.tickets()}
              className={active === 'tickets' ? 'active' : undefined}
              aria-current={active === 'tickets' ? 'page' : undefined}
            >
              {t('nav.tickets')}
            </a>
            <a
              href={href.newTicket()}
              className={active === 'new' ? 'active' : undefined}
              aria-current={active === 'new' ? 'page' : undefined}
            >
              {t('nav.new')}
            </a>
          </nav>
        )}
        <div className="topbar-tools">
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            title={t('nav.languageTitle')}
            onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}
          >
            {t('nav.language')}
          </button>
          {signedIn && (
            <button type="button" className="btn btn-ghost btn-sm" onClick={onSignOut}>
              {t('nav.signOut')}
            </button>
          )}
        </div>
      </div>
    </header>
  );
}

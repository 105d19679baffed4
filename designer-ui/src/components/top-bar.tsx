import { useEffect, useRef } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import { href } from '../lib/hash-route';
import { InboxBell } from './inbox-bell';

export type NavSection = 'tickets' | 'new' | 'customers' | 'assets' | 'sites' | 'contracts' | 'knowledge' | 'maintenance' | 'inbox';

/** The top-bar entries: the ticket desk first, then the archives. */
const NAV: { section: NavSection; label: MessageKey; to: () => string }[] = [
  { section: 'tickets', label: 'nav.tickets', to: () => href.tickets() },
  { section: 'new', label: 'nav.new', to: () => href.newTicket() },
  { section: 'customers', label: 'nav.customers', to: () => href.customers() },
  { section: 'assets', label: 'nav.assets', to: () => href.assets() },
  { section: 'sites', label: 'nav.sites', to: () => href.sites() },
  { section: 'contracts', label: 'nav.contracts', to: () => href.contracts() },
  { section: 'knowledge', label: 'kb.nav', to: () => href.knowledge() },
  { section: 'maintenance', label: 'mnt.nav', to: () => href.maintenance() },
];

interface Props {
  active: NavSection | null;
  signedIn: boolean;
  onSignOut: () => void;
}

export function TopBar({ active, signedIn, onSignOut }: Props) {
  const { t, lang, setLang } = useI18n();
  const nav = useRef<HTMLElement>(null);
  // On a phone the entries scroll sideways: bring the current one into view.
  useEffect(() => {
    const el = nav.current;
    const current = el?.querySelector<HTMLElement>('a.active');
    if (!el || !current || el.scrollWidth <= el.clientWidth) return;
    el.scrollLeft = current.offsetLeft - (el.clientWidth - current.offsetWidth) / 2;
  }, [active, lang]);
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
          <nav className="topnav" aria-label={t('nav.menu')} ref={nav}>
            {NAV.map((n) => (
              <a
                key={n.section}
                href={n.to()}
                className={active === n.section ? 'active' : undefined}
                aria-current={active === n.section ? 'page' : undefined}
              >
                {t(n.label)}
              </a>
            ))}
          </nav>
        )}
        <div className="topbar-tools">
          {signedIn && <InboxBell active={active === 'inbox'} />}
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

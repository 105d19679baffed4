import { useEffect, useRef, useSyncExternalStore } from 'react';
import { getMe, subscribeMe } from '../api/client';
import { useI18n, type MessageKey } from '../i18n';
import { href } from '../lib/hash-route';
import { InboxBell } from './inbox-bell';

export type NavSection =
  | 'tickets'
  | 'new'
  | 'customers'
  | 'assets'
  | 'sites'
  | 'contracts'
  | 'knowledge'
  | 'maintenance'
  | 'inbox'
  | 'rules'
  | 'flows'
  | 'users'
  | 'reports'
  | 'dashboard';

/**
 * The top-bar entries: the ticket desk first, then the archives. Entries marked `more` (set-up and
 * back-office pages) sit in the 更多 menu so the bar fits a 1280-wide screen in either language.
 */
const NAV: { section: NavSection; label: MessageKey; to: () => string; permission?: string; more?: true }[] = [
  { section: 'tickets', label: 'nav.tickets', to: () => href.tickets() },
  { section: 'new', label: 'nav.new', to: () => href.newTicket() },
  { section: 'customers', label: 'nav.customers', to: () => href.customers() },
  { section: 'assets', label: 'nav.assets', to: () => href.assets() },
  { section: 'sites', label: 'nav.sites', to: () => href.sites() },
  { section: 'contracts', label: 'nav.contracts', to: () => href.contracts() },
  { section: 'knowledge', label: 'kb.nav', to: () => href.knowledge() },
  { section: 'dashboard', label: 'nav.dashboard', to: () => href.dashboard(), permission: 'dashboards:read' },
  { section: 'maintenance', label: 'mnt.nav', to: () => href.maintenance(), more: true },
  { section: 'reports', label: 'nav.reports', to: () => href.reports(), permission: 'reports:read', more: true },
  { section: 'rules', label: 'nav.rules', to: () => href.rules(), more: true },
  { section: 'flows', label: 'nav.flows', to: () => href.flows(), more: true },
  { section: 'users', label: 'nav.users', to: () => href.users(), permission: 'users:manage', more: true },
];

interface Props {
  active: NavSection | null;
  signedIn: boolean;
  onSignOut: () => void;
}

export function TopBar({ active, signedIn, onSignOut }: Props) {
  const { t, lang, setLang } = useI18n();
  const nav = useRef<HTMLElement>(null);
  const moreMenu = useRef<HTMLDetailsElement>(null);
  const me = useSyncExternalStore(subscribeMe, getMe);
  const allowed = NAV.filter((n) => !n.permission || me?.permissions.includes(n.permission));
  const more = allowed.filter((n) => n.more);
  const activeMore = more.find((n) => n.section === active);
  // the menu closes when a page is chosen, or on a click elsewhere
  useEffect(() => {
    if (moreMenu.current) moreMenu.current.open = false;
  }, [active]);
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (moreMenu.current?.open && !moreMenu.current.contains(e.target as Node)) moreMenu.current.open = false;
    };
    document.addEventListener('click', close);
    return () => document.removeEventListener('click', close);
  }, []);
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
            {allowed
              .filter((n) => !n.more)
              .map((n) => (
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
        {signedIn && more.length > 0 && (
          <details className="topnav-more" ref={moreMenu}>
            <summary className={activeMore ? 'active' : undefined}>
              {activeMore ? `${t('nav.more')} · ${t(activeMore.label)}` : t('nav.more')}
            </summary>
            <div className="topnav-more-menu">
              {more.map((n) => (
                <a
                  key={n.section}
                  href={n.to()}
                  className={active === n.section ? 'active' : undefined}
                  aria-current={active === n.section ? 'page' : undefined}
                >
                  {t(n.label)}
                </a>
              ))}
            </div>
          </details>
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

import { useEffect } from 'react';
import { useI18n } from '../i18n';
import { href } from '../lib/hash-route';
import { refreshUnread, resetUnread, useUnread } from './inbox-unread';

/** How often the bell asks for the unread count while the console is open. */
export const UNREAD_POLL_MS = 30_000;

/** The message-centre bell with the unread count: polled, and asked again when the tab regains focus. */
export function InboxBell({ active }: { active: boolean }) {
  const { t } = useI18n();
  const unread = useUnread();

  useEffect(() => {
    void refreshUnread();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void refreshUnread();
    }, UNREAD_POLL_MS);
    const onFocus = () => void refreshUnread();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refreshUnread();
    };
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
      resetUnread();
    };
  }, []);

  if (unread.kind === 'unavailable') return null;
  const n = unread.kind === 'known' ? unread.unread : 0;
  const label = n > 0 ? t('inbox.bellUnread', { n }) : t('inbox.bell');
  return (
    <a
      className={`btn btn-ghost btn-sm bell${active ? ' is-active' : ''}`}
      href={href.inbox()}
      aria-label={label}
      title={label}
      aria-current={active ? 'page' : undefined}
    >
      <svg className="bell-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
        <path
          d="M12 3a6 6 0 0 0-6 6v3.6l-1.7 2.9A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.5L18 12.6V9a6 6 0 0 0-6-6Zm-2.8 15.5a3 3 0 0 0 5.6 0Z"
          fill="currentColor"
        />
      </svg>
      {n > 0 && (
        <span className="bell-count" data-count={n}>
          {n > 99 ? '99+' : n}
        </span>
      )}
    </a>
  );
}

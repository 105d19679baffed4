import { useEffect, useState } from 'react';
import { clearToken, getToken, setUnauthorizedHandler } from './api/client';
import { FlashBanner } from './components/flash-banner';
import { TopBar } from './components/top-bar';
import { useI18n } from './i18n';
import { dismissFlash } from './lib/flash';
import { parseHash, rememberListHash, useHash } from './lib/hash-route';
import { CreateTicketPage } from './pages/create-ticket-page';
import { SignInPage } from './pages/sign-in-page';
import { TicketDetailPage } from './pages/ticket-detail-page';
import { TicketListPage } from './pages/ticket-list-page';

/**
 * The console shell: top bar, then the page the hash names. Without a token the sign-in page is
 * shown in place of any page, so the URL (and where the user wanted to go) survives signing in.
 */
export function App() {
  const { t } = useI18n();
  const [signedIn, setSignedIn] = useState(() => Boolean(getToken()));
  const [expired, setExpired] = useState(false);
  const hash = useHash();
  const route = parseHash(hash);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setSignedIn(false);
      setExpired(true);
    });
  }, []);

  useEffect(() => {
    if (route.name === 'tickets') rememberListHash(hash);
  }, [route.name, hash]);

  // A new page starts at the top; changing the list's filters keeps the scroll position.
  const pageKey = route.name === 'ticket' ? `ticket:${route.ticketId}` : route.name;
  useEffect(() => {
    window.scrollTo(0, 0); // braces matter: newer browsers return a Promise from scrollTo
  }, [pageKey]);

  const title =
    route.name === 'ticket' ? t('detail.title', { id: route.ticketId }) : route.name === 'new' ? t('new.title') : t('list.title');
  useEffect(() => {
    document.title = signedIn ? `${title} · ${t('app.name')}` : t('app.name');
  }, [signedIn, title, t]);

  const signOut = () => {
    clearToken();
    dismissFlash();
    setExpired(false);
    setSignedIn(false);
  };

  return (
    <div className="app">
      <TopBar active={!signedIn ? null : route.name === 'new' ? 'new' : 'tickets'} signedIn={signedIn} onSignOut={signOut} />
      <main className="main">
        <FlashBanner />
        {!signedIn ? (
          <SignInPage
            notice={expired ? t('common.sessionExpired') : null}
            onSignedIn={() => {
              setExpired(false);
              setSignedIn(true);
            }}
          />
        ) : route.name === 'ticket' ? (
          <TicketDetailPage key={route.ticketId} ticketId={route.ticketId} />
        ) : route.name === 'new' ? (
          <CreateTicketPage />
        ) : (
          <TicketListPage params={route.params} />
        )}
      </main>
    </div>
  );
}

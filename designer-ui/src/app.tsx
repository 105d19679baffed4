import { lazy, Suspense, useEffect, useState } from 'react';
import { api, clearToken, getMe, isSignedIn, setMe, setUnauthorizedHandler } from './api/client';
import { FlashBanner } from './components/flash-banner';
import { TopBar, type NavSection } from './components/top-bar';
import { useI18n, type I18n } from './i18n';
import { dismissFlash } from './lib/flash';
import { parseHash, rememberListHash, useHash, type Route } from './lib/hash-route';
import { AssetDetailPage } from './pages/asset-detail-page';
import { AssetListPage } from './pages/asset-list-page';
import { ContractsPage } from './pages/contracts-page';
import { CreateTicketPage } from './pages/create-ticket-page';
import { Customer360Page } from './pages/customer-360-page';
import { CustomerFormPage } from './pages/customer-form-page';
import { CustomerListPage } from './pages/customer-list-page';
import { InboxPage } from './pages/inbox-page';
import { KnowledgeArticlePage } from './pages/knowledge-article-page';
import { KnowledgeEditorPage } from './pages/knowledge-editor-page';
import { KnowledgeSearchPage } from './pages/knowledge-search-page';
import { MaintenancePlanFormPage } from './pages/maintenance-plan-form-page';
import { MaintenancePlansPage } from './pages/maintenance-plans-page';
import { RulesPage } from './pages/rules-page';
import { SignInPage } from './pages/sign-in-page';
import { UsersPage } from './pages/users-page';
import { ReportsPage } from './pages/reports-page';
import { DashboardPage } from './pages/dashboard-page';
import { TicketDetailPage } from './pages/ticket-detail-page';
import { TicketListPage } from './pages/ticket-list-page';

// Leaflet is most of the map page's weight: it loads when the map is first opened.
const SitesMapPage = lazy(() => import('./pages/sites-map-page').then((m) => ({ default: m.SitesMapPage })));
// The flow designer (React Flow, the interpreter and the validator) loads when it is first opened.
const FlowListPage = lazy(() => import('./pages/flow-list-page').then((m) => ({ default: m.FlowListPage })));
const FlowEditorPage = lazy(() => import('./pages/flow-editor-page').then((m) => ({ default: m.FlowEditorPage })));

/** Which top-bar entry a page belongs to. */
function section(route: Route): NavSection {
  switch (route.name) {
    case 'new':
      return 'new';
    case 'customers':
    case 'customer':
    case 'customer-edit':
    case 'customer-new':
      return 'customers';
    case 'assets':
    case 'asset':
      return 'assets';
    case 'sites':
    case 'contracts':
      return route.name;
    case 'knowledge':
    case 'article':
    case 'article-edit':
    case 'article-new':
      return 'knowledge';
    case 'inbox':
      return 'inbox';
    case 'maintenance':
    case 'maintenance-new':
      return 'maintenance';
    case 'rules':
      return 'rules';
    case 'flows':
    case 'flow':
      return 'flows';
    case 'users':
      return 'users';
    case 'reports':
      return 'reports';
    case 'dashboard':
      return 'dashboard';
    default:
      return 'tickets';
  }
}

function pageTitle(route: Route, t: I18n['t']): string {
  switch (route.name) {
    case 'ticket':
      return t('detail.title', { id: route.ticketId });
    case 'new':
      return t('new.title');
    case 'customers':
      return t('customers.title');
    case 'customer':
      return t('customer.title', { id: route.customerId });
    case 'customer-edit':
      return t('customerForm.editTitle', { name: route.customerId });
    case 'customer-new':
      return t('customerForm.newTitle');
    case 'assets':
      return t('assets.title');
    case 'asset':
      return t('asset.title', { id: route.assetId });
    case 'sites':
      return t('sites.title');
    case 'contracts':
      return t('contracts.title');
    case 'knowledge':
      return t('kb.title');
    case 'article':
    case 'article-edit':
      return t('kb.pageTitle', { id: route.articleId });
    case 'article-new':
      return t('kb.editor.newTitle');
    case 'inbox':
      return t('inbox.title');
    case 'maintenance':
      return t('mnt.title');
    case 'maintenance-new':
      return t('mnt.form.title');
    case 'rules':
      return t('rules.title');
    case 'flows':
      return t('nav.flows');
    case 'flow':
      return `${route.flowKey} · ${t('nav.flows')}`;
    case 'users':
      return t('users.title');
    case 'dashboard':
      return t('dash.title');
    case 'reports':
      return t('report.title');
    default:
      return t('list.title');
  }
}

/**
 * The console shell: top bar, then the page the hash names. Without a token the sign-in page is
 * shown in place of any page, so the URL (and where the user wanted to go) survives signing in.
 */
export function App() {
  const { t } = useI18n();
  const [signedIn, setSignedIn] = useState(() => isSignedIn());
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
  const pageKey =
    route.name === 'ticket'
      ? `ticket:${route.ticketId}`
      : route.name === 'customer' || route.name === 'customer-edit'
        ? `${route.name}:${route.customerId}`
        : route.name === 'asset'
          ? `asset:${route.assetId}`
          : route.name === 'article' || route.name === 'article-edit'
            ? `${route.name}:${route.articleId}`
            : route.name;
  useEffect(() => {
    window.scrollTo(0, 0); // braces matter: newer browsers return a Promise from scrollTo
  }, [pageKey]);

  const title = pageTitle(route, t);
  useEffect(() => {
    document.title = signedIn ? `${title} · ${t('app.name')}` : t('app.name');
  }, [signedIn, title, t]);

  // Who is signed in decides which areas show (e.g. People for admins); asked once per tab.
  useEffect(() => {
    if (signedIn && !getMe()) api.me().then(setMe, () => undefined);
  }, [signedIn]);

  const signOut = () => {
    void api.signOut();
    clearToken();
    dismissFlash();
    setExpired(false);
    setSignedIn(false);
  };

  return (
    <div className="app">
      <TopBar active={!signedIn ? null : section(route)} signedIn={signedIn} onSignOut={signOut} />
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
          <CreateTicketPage key={route.params.toString()} params={route.params} />
        ) : route.name === 'customers' ? (
          <CustomerListPage params={route.params} />
        ) : route.name === 'customer' ? (
          <Customer360Page key={route.customerId} customerId={route.customerId} params={route.params} />
        ) : route.name === 'customer-edit' ? (
          <CustomerFormPage key={route.customerId} customerId={route.customerId} />
        ) : route.name === 'customer-new' ? (
          <CustomerFormPage />
        ) : route.name === 'assets' ? (
          <AssetListPage params={route.params} />
        ) : route.name === 'asset' ? (
          <AssetDetailPage key={route.assetId} assetId={route.assetId} />
        ) : route.name === 'sites' ? (
          <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
            <SitesMapPage params={route.params} />
          </Suspense>
        ) : route.name === 'contracts' ? (
          <ContractsPage params={route.params} />
        ) : route.name === 'knowledge' ? (
          <KnowledgeSearchPage params={route.params} />
        ) : route.name === 'article' ? (
          <KnowledgeArticlePage key={route.articleId} articleId={route.articleId} />
        ) : route.name === 'article-edit' ? (
          <KnowledgeEditorPage key={route.articleId} articleId={route.articleId} />
        ) : route.name === 'article-new' ? (
          <KnowledgeEditorPage />
        ) : route.name === 'inbox' ? (
          <InboxPage params={route.params} />
        ) : route.name === 'maintenance' ? (
          <MaintenancePlansPage params={route.params} />
        ) : route.name === 'maintenance-new' ? (
          <MaintenancePlanFormPage key={route.params.toString()} params={route.params} />
        ) : route.name === 'rules' ? (
          <RulesPage params={route.params} />
        ) : route.name === 'dashboard' ? (
          <DashboardPage params={route.params} />
        ) : route.name === 'reports' ? (
          <ReportsPage />
        ) : route.name === 'users' ? (
          <UsersPage />
        ) : route.name === 'flows' || route.name === 'flow' ? (
          <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
            {route.name === 'flows' ? (
              <FlowListPage params={route.params} />
            ) : (
              <FlowEditorPage key={route.flowKey} flowKey={route.flowKey} params={route.params} />
            )}
          </Suspense>
        ) : (
          <TicketListPage params={route.params} />
        )}
      </main>
    </div>
  );
}

import { useSyncExternalStore } from 'react';

/**
 * Hash routing without a library: #/tickets (with filters as a query), #/tickets/:id, #/new (a
 * query prefills it), and the archives: #/customers, #/customers/:id (360), #/customers/:id/edit,
 * #/new-customer, #/assets, #/assets/:id, #/sites (the map) and #/contracts; the knowledge base
 * (#/knowledge, #/knowledge/:id, #/knowledge/:id/edit, #/new-article), the message centre (#/inbox)
 * and maintenance plans (#/maintenance, #/maintenance/new). Anything else falls back to the ticket list.
 */
export type Route =
  | { name: 'tickets'; params: URLSearchParams }
  | { name: 'ticket'; ticketId: string }
  | { name: 'new'; params: URLSearchParams }
  | { name: 'customers'; params: URLSearchParams }
  | { name: 'customer'; customerId: string; params: URLSearchParams }
  | { name: 'customer-edit'; customerId: string }
  | { name: 'customer-new' }
  | { name: 'assets'; params: URLSearchParams }
  | { name: 'asset'; assetId: string }
  | { name: 'sites'; params: URLSearchParams }
  | { name: 'contracts'; params: URLSearchParams }
  // knowledge base, message centre, maintenance plans
  | { name: 'knowledge'; params: URLSearchParams }
  | { name: 'article'; articleId: string }
  | { name: 'article-edit'; articleId: string }
  | { name: 'article-new' }
  | { name: 'inbox'; params: URLSearchParams }
  | { name: 'maintenance'; params: URLSearchParams }
  | { name: 'maintenance-new'; params: URLSearchParams }
  // the rule store (#/rules?key=<rule>&kind=<kind>)
  | { name: 'rules'; params: URLSearchParams }
  // the flow designer: #/flows (by kind), #/flows/:key (?version=N, ?ticket=<id>)
  | { name: 'flows'; params: URLSearchParams }
  // people and roles (admins)
  | { name: 'users' }
  // the service dashboard (#/dashboard?from&to&region&productLine&channel&groupId)
  | { name: 'dashboard'; params: URLSearchParams }
  // the report centre (报表中心)
  | { name: 'reports' }
  | { name: 'flow'; flowKey: string; params: URLSearchParams };

export type RouteName = Route['name'];

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/tickets';
  const [path = '', search = ''] = raw.split('?', 2);
  const parts = path.split('/').filter(Boolean);
  const params = new URLSearchParams(search);
  const id = (i: number) => decodeURIComponent(parts[i]!);
  if (parts[0] === 'new' && parts.length === 1) return { name: 'new', params };
  if (parts[0] === 'tickets' && parts.length === 2) return { name: 'ticket', ticketId: id(1) };
  if (parts[0] === 'new-customer' && parts.length === 1) return { name: 'customer-new' };
  if (parts[0] === 'customers') {
    if (parts.length === 1) return { name: 'customers', params };
    if (parts.length === 2) return { name: 'customer', customerId: id(1), params };
    if (parts.length === 3 && parts[2] === 'edit') return { name: 'customer-edit', customerId: id(1) };
  }
  if (parts[0] === 'assets') {
    if (parts.length === 1) return { name: 'assets', params };
    if (parts.length === 2) return { name: 'asset', assetId: id(1) };
  }
  if (parts[0] === 'sites' && parts.length === 1) return { name: 'sites', params };
  if (parts[0] === 'contracts' && parts.length === 1) return { name: 'contracts', params };
  if (parts[0] === 'knowledge') {
    if (parts.length === 1) return { name: 'knowledge', params };
    if (parts.length === 2) return { name: 'article', articleId: id(1) };
    if (parts.length === 3 && parts[2] === 'edit') return { name: 'article-edit', articleId: id(1) };
  }
  if (parts[0] === 'new-article' && parts.length === 1) return { name: 'article-new' };
  if (parts[0] === 'inbox' && parts.length === 1) return { name: 'inbox', params };
  if (parts[0] === 'rules' && parts.length === 1) return { name: 'rules', params };
  if (parts[0] === 'users' && parts.length === 1) return { name: 'users' };
  if (parts[0] === 'dashboard' && parts.length === 1) return { name: 'dashboard', params };
  if (parts[0] === 'reports' && parts.length === 1) return { name: 'reports' };
  if (parts[0] === 'flows') {
    if (parts.length === 1) return { name: 'flows', params };
    if (parts.length === 2) return { name: 'flow', flowKey: id(1), params };
  }
  if (parts[0] === 'maintenance') {
    if (parts.length === 1) return { name: 'maintenance', params };
    if (parts.length === 2 && parts[1] === 'new') return { name: 'maintenance-new', params };
  }
  return { name: 'tickets', params };
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

const getHash = () => window.location.hash;

/** The current hash; re-renders on every hashchange. Parse it with parseHash. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, getHash);
}

const withQuery = (path: string, params?: URLSearchParams) => {
  const s = params?.toString();
  return s ? `${path}?${s}` : path;
};

export const href = {
  tickets: (params?: URLSearchParams) => withQuery('#/tickets', params),
  ticket: (ticketId: string) => `#/tickets/${encodeURIComponent(ticketId)}`,
  /** The create form, optionally prefilled (customerId, sku, region, assetId …). */
  newTicket: (prefill?: Record<string, string | null | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(prefill ?? {})) if (v) p.set(k, v);
    return withQuery('#/new', p);
  },
  customers: (params?: URLSearchParams) => withQuery('#/customers', params),
  customer: (customerId: string, tab?: string) =>
    withQuery(`#/customers/${encodeURIComponent(customerId)}`, tab ? new URLSearchParams({ tab }) : undefined),
  editCustomer: (customerId: string) => `#/customers/${encodeURIComponent(customerId)}/edit`,
  newCustomer: () => '#/new-customer',
  assets: (params?: URLSearchParams) => withQuery('#/assets', params),
  asset: (assetId: string) => `#/assets/${encodeURIComponent(assetId)}`,
  sites: (params?: URLSearchParams) => withQuery('#/sites', params),
  contracts: (params?: URLSearchParams) => withQuery('#/contracts', params),
  knowledge: (params?: URLSearchParams) => withQuery('#/knowledge', params),
  article: (articleId: string) => `#/knowledge/${encodeURIComponent(articleId)}`,
  editArticle: (articleId: string) => `#/knowledge/${encodeURIComponent(articleId)}/edit`,
  newArticle: () => '#/new-article',
  inbox: (params?: URLSearchParams) => withQuery('#/inbox', params),
  maintenance: (params?: URLSearchParams) => withQuery('#/maintenance', params),
  rules: (params?: URLSearchParams) => withQuery('#/rules', params),
  flows: (params?: URLSearchParams) => withQuery('#/flows', params),
  users: () => '#/users',
  dashboard: (params?: URLSearchParams) => withQuery('#/dashboard', params),
  reports: () => '#/reports',
  flow: (flowKey: string, params?: URLSearchParams) => withQuery(`#/flows/${encodeURIComponent(flowKey)}`, params),
  /** the create form, optionally for an asset, site or customer (assetId, siteId, customerId, model) */
  newMaintenancePlan: (prefill?: Record<string, string | null | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(prefill ?? {})) if (v) p.set(k, v);
    return withQuery('#/maintenance/new', p);
  },
};

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) {
    const url = new URL(window.location.href);
    url.hash = to;
    window.history.replaceState(null, '', url);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = to;
  }
}

let lastList = '#/tickets';

/** Remembers the list with its filters so "back to list" returns to the same view. */
export function rememberListHash(hash: string): void {
  lastList = hash || '#/tickets';
}

export function lastListHref(): string {
  return lastList;
}

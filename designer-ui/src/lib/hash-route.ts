import { useSyncExternalStore } from 'react';

/**
 * Hash routing without a library: #/tickets (with filters as a query), #/tickets/:id and #/new.
 * Anything else falls back to the ticket list.
 */
export type Route = { name: 'tickets'; params: URLSearchParams } | { name: 'ticket'; ticketId: string } | { name: 'new' };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/tickets';
  const [path = '', search = ''] = raw.split('?', 2);
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'new' && parts.length === 1) return { name: 'new' };
  if (parts[0] === 'tickets' && parts.length === 2) return { name: 'ticket', ticketId: decodeURIComponent(parts[1]!) };
  return { name: 'tickets', params: new URLSearchParams(search) };
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

export const href = {
  tickets: (params?: URLSearchParams) => {
    const s = params?.toString();
    return s ? `#/tickets?${s}` : '#/tickets';
  },
  ticket: (ticketId: string) => `#/tickets/${encodeURIComponent(ticketId)}`,
  newTicket: () => '#/new',
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

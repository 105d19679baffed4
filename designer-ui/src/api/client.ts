import type { ActionBodies, ActionName, CreateTicketBody, Problem, Ticket, TicketEvent, TicketFilters, TicketPage } from './types';

const TOKEN_KEY = 'fixflow.token';

/** An HTTP failure. `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(SESSION_KEY);
    sessionStorage.removeItem(ME_KEY);
  } catch {
    /* nothing stored */
  }
  notifyMe();
}

/*
 * A person signs in with username and password: the API keeps the session in an httpOnly cookie
 * this code never sees; the tab only remembers that it has one. The readable fixflow_csrf cookie
 * is echoed in X-CSRF-Token on every unsafe request. A pasted API token (above) still works and
 * wins when both are there.
 */
const SESSION_KEY = 'fixflow.session';
const ME_KEY = 'fixflow.me';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Who is signed in, as GET /api/v1/auth/me answers. */
export interface Me {
  kind: 'user' | 'token';
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  permissions: string[];
  agentId: string | null;
  providerId: string | null;
  mustChangePassword: boolean;
  csrfToken?: string;
}

export function hasSession(): boolean {
  try {
    return sessionStorage.getItem(SESSION_KEY) === '1';
  } catch {
    return false;
  }
}

/** Signed in by either way. */
export function isSignedIn(): boolean {
  return Boolean(getToken()) || hasSession();
}

export function markSession(): void {
  sessionStorage.setItem(SESSION_KEY, '1');
}

function csrfToken(): string | null {
  const m = /(?:^|;\s*)fixflow_csrf=([^;]*)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]!) : null;
}

const meListeners = new Set<() => void>();
let meCache: { raw: string | null; me: Me | null } = { raw: null, me: null };
function notifyMe(): void {
  for (const l of meListeners) l();
}

/** The signed-in user or token as last asked (kept for the tab); null when not known yet. */
export function getMe(): Me | null {
  let raw: string | null = null;
  try {
    raw = sessionStorage.getItem(ME_KEY);
  } catch {
    raw = null;
  }
  if (raw !== meCache.raw) meCache = { raw, me: raw ? (JSON.parse(raw) as Me) : null };
  return meCache.me;
}

export function setMe(me: Me): void {
  // only a real answer of /auth/me is kept: what the menus and checks read must be lists
  if (!me || !Array.isArray(me.permissions) || !Array.isArray(me.roles)) return;
  const { csrfToken: _secret, ...kept } = me;
  sessionStorage.setItem(ME_KEY, JSON.stringify(kept));
  notifyMe();
}

/** For useSyncExternalStore(subscribeMe, getMe). */
export function subscribeMe(listener: () => void): () => void {
  meListeners.add(listener);
  return () => meListeners.delete(listener);
}

let onUnauthorized: () => void = () => {};

/** Called on any 401 from an authenticated call, after the stored token is cleared. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Use this token instead of the stored one and do not sign out on 401 (the sign-in check). */
  token?: string;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
}

async function send(path: string, opts: RequestOptions, accept: string): Promise<Response> {
  const token = opts.token ?? getToken();
  const headers: Record<string, string> = { Accept: accept, ...opts.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  else if (UNSAFE.has(opts.method ?? 'GET')) {
    const csrf = csrfToken();
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    return await fetch(path, {
      credentials: 'same-origin',
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, null);
  }
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
  const res = await send(path, opts, 'application/json, application/problem+json');
  const text = await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const problem = json && typeof json === 'object' ? (json as Problem) : null;
    if (res.status === 401 && opts.token === undefined) {
      clearToken();
      onUnauthorized();
    }
    throw new ApiError(res.status, problem);
  }
  if (json === null) throw new ApiError(res.status, null);
  return { status: res.status, data: json as T };
}

/**
 * A binary answer (an image) fetched with the token: an <img src> cannot send the Authorization
 * header, so the caller turns the blob into an object URL.
 */
export async function requestBlob(path: string, opts: RequestOptions = {}): Promise<Blob> {
  const res = await send(path, opts, '*/*');
  if (!res.ok) {
    let problem: Problem | null = null;
    try {
      problem = (await res.json()) as Problem;
    } catch {
      problem = null;
    }
    if (res.status === 401 && opts.token === undefined) {
      clearToken();
      onUnauthorized();
    }
    throw new ApiError(res.status, problem);
  }
  return res.blob();
}

export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const join = (values?: string[]) => (values && values.length > 0 ? values.join(',') : undefined);

export const api = {
  /** Username + password → a cookie session; the answer says whether the password must change first. */
  async signIn(username: string, password: string): Promise<Me> {
    return (await request<Me>('/api/v1/auth/sign-in', { method: 'POST', body: { username, password }, token: '' })).data;
  },

  async changePassword(currentPassword: string, newPassword: string): Promise<Me> {
    return (await request<Me>('/api/v1/auth/password', { method: 'POST', body: { currentPassword, newPassword }, token: '' })).data;
  },

  /** Ends the cookie session, if any; never throws (signing out must always work). */
  async signOut(): Promise<void> {
    if (!hasSession()) return;
    await request('/api/v1/auth/sign-out', { method: 'POST', token: '' }).catch(() => undefined);
  },

  async me(token?: string): Promise<Me> {
    return (await request<Me>('/api/v1/auth/me', token === undefined ? {} : { token })).data;
  },

  /** Checks a token by listing one ticket with it; resolves when the token is accepted. */
  async verifyToken(token: string): Promise<void> {
    await request<TicketPage>(`/api/v1/tickets${query({ limit: 1 })}`, { token });
  },

  async listTickets(
    filters: TicketFilters,
    opts: { cursor?: string | null; limit?: number; signal?: AbortSignal } = {},
  ): Promise<TicketPage> {
    const qs = query({
      status: join(filters.status),
      priority: join(filters.priority),
      channel: join(filters.channel),
      assigneeId: filters.assigneeId,
      region: filters.region,
      customerId: filters.customerId,
      q: filters.q,
      limit: opts.limit ?? 50,
      cursor: opts.cursor ?? undefined,
    });
    return (await request<TicketPage>(`/api/v1/tickets${qs}`, { signal: opts.signal })).data;
  },

  async getTicket(ticketId: string, signal?: AbortSignal): Promise<Ticket> {
    return (await request<Ticket>(`/api/v1/tickets/${encodeURIComponent(ticketId)}`, { signal })).data;
  },

  async listEvents(ticketId: string, signal?: AbortSignal): Promise<TicketEvent[]> {
    return (await request<{ items: TicketEvent[] }>(`/api/v1/tickets/${encodeURIComponent(ticketId)}/events`, { signal })).data.items;
  },

  /** 201 for a new ticket, 200 when the Idempotency-Key was seen before (the earlier ticket). */
  async createTicket(body: CreateTicketBody, idempotencyKey: string): Promise<ApiResponse<Ticket>> {
    return request<Ticket>('/api/v1/tickets', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
  },

  async act<A extends ActionName>(ticketId: string, action: A, body: ActionBodies[A], idempotencyKey: string): Promise<Ticket> {
    const path = `/api/v1/tickets/${encodeURIComponent(ticketId)}/actions/${action}`;
    return (await request<Ticket>(path, { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } })).data;
  },
};

/** A random UUID; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

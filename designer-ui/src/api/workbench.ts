import { getToken, request } from './client';
import type { Ticket, TicketPage } from './types';

/** The agent workbench's calls (issue 8 item 2): queues, saved filters, bulk actions, the live stream. */

export const QUEUES = ['mine', 'my_groups', 'unassigned', 'breaching_soon', 'on_hold', 'escalated'] as const;
export type Queue = (typeof QUEUES)[number];

export interface QueueCounts {
  counts: Record<Queue, number>;
  agentId: string | null;
  groups: string[];
}

export interface SavedFilter {
  id: string;
  name: string;
  /** the list's query parameters as saved */
  query: Record<string, string>;
  version: number;
}

export const BULK_ACTIONS = ['assign', 'accept', 'change-priority', 'add-note', 'escalate', 'hold', 'resume', 'close'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export type BulkResult =
  | { ticketId: string; outcome: 'done'; status: string }
  | { ticketId: string; outcome: 'refused'; httpStatus: number; code: string; detail: string };

export interface BulkAnswer {
  bulkId: string;
  done: number;
  refused: number;
  results: BulkResult[];
}

export interface AttachmentItem {
  id: string;
  url: string;
  kind: string;
  mime: string;
  sizeBytes: number;
  name: string | null;
  uploadedBy: string;
  createdAt: string;
  /** a short-lived signed link an <img> or a download can use without a token */
  signedUrl: string;
  ref: { url: string; kind: string; name?: string };
}

export const workbench = {
  /** The list's own query string (filters, queue, sort) plus paging. */
  async list(params: URLSearchParams, opts: { cursor?: string | null; signal?: AbortSignal } = {}): Promise<TicketPage> {
    const q = new URLSearchParams(params);
    q.set('limit', '50');
    if (opts.cursor) q.set('cursor', opts.cursor);
    return (await request<TicketPage>(`/api/v1/tickets?${q}`, { signal: opts.signal })).data;
  },

  async counts(signal?: AbortSignal): Promise<QueueCounts> {
    return (await request<QueueCounts>('/api/v1/tickets/queues', { signal })).data;
  },

  async savedFilters(): Promise<SavedFilter[]> {
    const items = (await request<{ items?: SavedFilter[] }>('/api/v1/saved-filters')).data.items;
    return Array.isArray(items) ? items : [];
  },

  async saveFilter(name: string, query: Record<string, string>): Promise<SavedFilter> {
    return (await request<SavedFilter>('/api/v1/saved-filters', { method: 'POST', body: { name, query } })).data;
  },

  async deleteFilter(id: string): Promise<void> {
    await request(`/api/v1/saved-filters/${encodeURIComponent(id)}`, { method: 'DELETE' }).catch((err: unknown) => {
      // 204 has no body; the client reads that as a failed parse with status 204
      if ((err as { status?: number }).status !== 204) throw err;
    });
  },

  async bulk(ticketIds: string[], action: BulkAction, payload: Record<string, unknown>, idempotencyKey: string): Promise<BulkAnswer> {
    return (
      await request<BulkAnswer>('/api/v1/tickets/bulk-actions', {
        method: 'POST',
        body: { ticketIds, action, payload },
        headers: { 'Idempotency-Key': idempotencyKey },
      })
    ).data;
  },

  async attachments(ticketId: string): Promise<AttachmentItem[]> {
    const q = new URLSearchParams({ ownerType: 'ticket', ownerId: ticketId });
    return (await request<{ items: AttachmentItem[] }>(`/api/v1/attachments?${q}`)).data.items;
  },
};

/**
 * Uploads a file to a ticket as its raw body (the attachments API takes no multipart), then
 * records it on the ticket with the add-attachment action so the timeline shows it.
 */
export async function uploadTicketFile(ticketId: string, file: File, idempotencyKey: string): Promise<AttachmentItem> {
  const kind = file.type.startsWith('image/')
    ? 'photo'
    : file.type.startsWith('video/')
      ? 'video'
      : file.type === 'application/pdf'
        ? 'document'
        : 'other';
  const q = new URLSearchParams({ ownerType: 'ticket', ownerId: ticketId, kind, name: file.name.slice(0, 200) });
  const headers: Record<string, string> = {
    'Content-Type': file.type || 'application/octet-stream',
    'Idempotency-Key': idempotencyKey,
    Accept: 'application/json, application/problem+json',
  };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  else {
    const m = /(?:^|;\s*)fixflow_csrf=([^;]*)/.exec(document.cookie);
    if (m) headers['X-CSRF-Token'] = decodeURIComponent(m[1]!);
  }
  const res = await fetch(`/api/v1/attachments?${q}`, { method: 'POST', credentials: 'same-origin', headers, body: file });
  const json = (await res.json().catch(() => null)) as (AttachmentItem & { detail?: string; title?: string }) | null;
  if (!res.ok || !json) throw new Error(json?.detail ?? json?.title ?? `HTTP ${res.status}`);
  return json;
}

export interface TicketChange {
  ticketId: string;
  seq: number;
  ticket: Ticket;
}

/**
 * Follows GET /api/v1/stream/tickets (Server-Sent Events) with fetch rather than EventSource, so a
 * console signed in with an API token can send it too. Reconnects after a drop with Last-Event-ID;
 * `onReset` is called when the server says too much was missed to replay.
 */
export function followTicketChanges(opts: {
  ticketId?: string;
  onChange: (c: TicketChange) => void;
  onReset?: () => void;
  onState?: (live: boolean) => void;
}): () => void {
  let stopped = false;
  let lastId: string | null = null;
  let ctrl: AbortController | null = null;
  let timer: number | undefined;

  const connect = async () => {
    ctrl = new AbortController();
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (lastId) headers['Last-Event-ID'] = lastId;
    const q = opts.ticketId ? `?ticketId=${encodeURIComponent(opts.ticketId)}` : '';
    try {
      const res = await fetch(`/api/v1/stream/tickets${q}`, { headers, credentials: 'same-origin', signal: ctrl.signal });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      opts.onState?.(true);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let event = 'message';
          let data = '';
          let id: string | null = null;
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
            else if (line.startsWith('id: ')) id = line.slice(4);
          }
          if (id) lastId = id;
          if (event === 'ticket' && data) opts.onChange(JSON.parse(data) as TicketChange);
          if (event === 'reset') opts.onReset?.();
        }
      }
    } catch {
      /* dropped or refused: try again shortly */
    }
    opts.onState?.(false);
    if (!stopped) timer = window.setTimeout(() => void connect(), 3000);
  };
  void connect();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    ctrl?.abort();
  };
}

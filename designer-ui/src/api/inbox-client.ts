import { query, request } from './client';

/** The in-app message centre (api/inbox): the caller's own mailbox and its read state. */

/** Mirrors INBOX_KINDS in domain/inbox/inbox-messages.ts. */
export const INBOX_KINDS = ['assigned', 'approval_waiting', 'sla_warning', 'sla_breached', 'task_done', 'escalated'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

export interface InboxMessage {
  id: string;
  kind: string;
  title: string;
  body: string;
  /** where the message opens in the console, e.g. /#/tickets/TK-… */
  link: string | null;
  ticketId: string | null;
  /** a user id, or group:<name> for a message to one of the caller's groups */
  recipient: string;
  createdAt: string;
  readAt: string | null;
}

export interface UnreadCount {
  unread: number;
  byKind: Record<string, number>;
}

export const inboxApi = {
  async list(
    f: { unread?: boolean; kind?: string },
    opts: { cursor?: string | null; signal?: AbortSignal } = {},
  ): Promise<{ items: InboxMessage[]; nextCursor: string | null }> {
    const qs = query({ unread: f.unread ? 'true' : undefined, kind: f.kind, limit: 30, cursor: opts.cursor });
    return (await request<{ items: InboxMessage[]; nextCursor: string | null }>(`/api/v1/inbox${qs}`, { signal: opts.signal })).data;
  },

  async unreadCount(signal?: AbortSignal): Promise<UnreadCount> {
    return (await request<UnreadCount>('/api/v1/inbox/unread-count', { signal })).data;
  },

  async markRead(id: string): Promise<InboxMessage> {
    return (await request<InboxMessage>(`/api/v1/inbox/${encodeURIComponent(id)}/read`, { method: 'POST', body: {} })).data;
  },

  /** All unread ones, or only those of one kind; answers how many were marked. */
  async markAllRead(kind?: string): Promise<number> {
    return (await request<{ marked: number }>('/api/v1/inbox/read-all', { method: 'POST', body: kind ? { kind } : {} })).data.marked;
  },
};

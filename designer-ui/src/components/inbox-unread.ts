import { useSyncExternalStore } from 'react';
import { inboxApi } from '../api/inbox-client';
import { ApiError } from '../api/client';

/**
 * The unread count behind the top-bar bell, shared with the message centre so that marking
 * messages read there updates the bell at once instead of at the next poll.
 * `null` until known; `unavailable` when this token has no mailbox (403) or the server no inbox (404).
 */
export type UnreadState = { kind: 'unknown' } | { kind: 'unavailable' } | { kind: 'known'; unread: number };

let state: UnreadState = { kind: 'unknown' };
let inFlight: Promise<void> | null = null;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function refreshUnread(): Promise<void> {
  // one request at a time: a focus event during a poll does not send a second
  inFlight ??= inboxApi
    .unreadCount()
    .then((c) => {
      state = { kind: 'known', unread: c.unread };
    })
    .catch((err: unknown) => {
      if (err instanceof ApiError && (err.status === 403 || err.status === 404)) state = { kind: 'unavailable' };
      // a network error keeps the last count: the next poll tries again
    })
    .finally(() => {
      inFlight = null;
      emit();
    });
  return inFlight;
}

/** Forget the count (signing out): the next token may have another mailbox. */
export function resetUnread(): void {
  state = { kind: 'unknown' };
  emit();
}

export function useUnread(): UnreadState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

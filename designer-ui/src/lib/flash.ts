import { useSyncExternalStore } from 'react';

/** One short-lived message shown under the top bar, e.g. after a ticket was created. */
export interface Flash {
  id: number;
  kind: 'success' | 'info' | 'error';
  text: string;
}

let current: Flash | null = null;
let nextId = 1;
let timer: number | undefined;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function showFlash(kind: Flash['kind'], text: string, ms = 5000): void {
  current = { id: nextId++, kind, text };
  window.clearTimeout(timer);
  timer = window.setTimeout(dismissFlash, ms);
  emit();
}

export function dismissFlash(): void {
  current = null;
  window.clearTimeout(timer);
  emit();
}

export function useFlash(): Flash | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

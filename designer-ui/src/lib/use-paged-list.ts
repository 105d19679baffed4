import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../api/archive-types';
import { useI18n } from '../i18n';
import { isAbort, problemMessage } from './problem-message';

type Fetch<T> = (opts: { cursor?: string | null; signal: AbortSignal }) => Promise<Page<T>>;

/**
 * A cursor-paged list: loads the first page whenever `key` (the filters) changes, appends pages on
 * loadMore, and drops answers to requests that a newer one replaced.
 */
export function usePagedList<T>(key: string, fetchPage: Fetch<T>, idOf: (item: T) => string) {
  const { t } = useI18n();
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reloadToken, setReloadToken] = useState(0);
  const moreAbort = useRef<AbortController | null>(null);
  // The latest fetcher, so a re-render with a new closure does not reload the list by itself.
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  useEffect(() => () => moreAbort.current?.abort(), []);

  useEffect(() => {
    const ctrl = new AbortController();
    moreAbort.current?.abort();
    setLoading(true);
    setError(null);
    fetchRef
      .current({ signal: ctrl.signal })
      .then((page) => {
        setItems(page.items);
        setNextCursor(page.nextCursor);
      })
      .catch((err: unknown) => {
        if (!isAbort(err)) setError(problemMessage(err, t));
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
    // Not keyed on `t`: switching the language need not reload the list.
  }, [key, reloadToken]);

  const loadMore = useCallback(() => {
    if (!nextCursor) return;
    const ctrl = new AbortController();
    moreAbort.current = ctrl;
    setLoadingMore(true);
    fetchRef
      .current({ cursor: nextCursor, signal: ctrl.signal })
      .then((page) => {
        setItems((prev) => {
          const seen = new Set(prev.map(idOf));
          return [...prev, ...page.items.filter((x) => !seen.has(idOf(x)))];
        });
        setNextCursor(page.nextCursor);
      })
      .catch((err: unknown) => {
        if (!isAbort(err)) setError(problemMessage(err, t));
      })
      .finally(() => setLoadingMore(false));
  }, [nextCursor, idOf, t]);

  const reload = useCallback(() => setReloadToken((n) => n + 1), []);
  return { items, nextCursor, loading, loadingMore, error, loadMore, reload };
}

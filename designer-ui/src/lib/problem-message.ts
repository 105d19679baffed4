import { ApiError } from '../api/client';
import type { I18n } from '../i18n';

/** One line for the user describing a failed call: the server's detail when it sent one. */
export function problemMessage(err: unknown, t: I18n['t']): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('common.networkError');
    const p = err.problem;
    if (p?.detail) return p.detail;
    if (err.status === 403) return t('common.forbidden');
    if (err.status === 404) return t('common.notFound');
    if (p?.title) return p.title;
    return t('common.unexpected', { status: err.status });
  }
  return err instanceof Error ? err.message : String(err);
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

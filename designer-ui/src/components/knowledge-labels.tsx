import { useEffect, useState } from 'react';
import { ApiError, getToken } from '../api/client';
import { knowledgeApi, type CategoryEntry } from '../api/knowledge-client';
import { hasMessage, useI18n, type I18n } from '../i18n';

/** FAQ / SOP / 作业指导书 as a small pill. */
export function KindBadge({ kind }: { kind: string }) {
  const { t } = useI18n();
  return <span className={`badge kb-kind kb-kind-${kind}`}>{kindLabel(kind, t)}</span>;
}

export function ArticleStatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const key = `kb.status.${status}`;
  return <span className={`badge kb-status-${status}`}>{hasMessage(key) ? t(key) : status}</span>;
}

export function kindLabel(kind: string, t: I18n['t']): string {
  const key = `kb.kind.${kind}`;
  return hasMessage(key) ? t(key) : kind;
}

export function categoryPath(a: { category1?: string | null; category2?: string | null; category3?: string | null }): string {
  return [a.category1, a.category2, a.category3].filter(Boolean).join(' / ');
}

// The dictionary changes rarely: one request per page load, retried after a failure.
let categoriesPromise: Promise<CategoryEntry[]> | null = null;

/** The active category dictionary, or null while loading or when it could not be read. */
export function useCategories(): CategoryEntry[] | null {
  const [entries, setEntries] = useState<CategoryEntry[] | null>(null);
  useEffect(() => {
    let live = true;
    categoriesPromise ??= knowledgeApi.categories().catch((err: unknown) => {
      categoriesPromise = null;
      throw err;
    });
    categoriesPromise.then(
      (items) => live && setEntries(items.filter((e) => e.active)),
      () => live && setEntries(null),
    );
    return () => {
      live = false;
    };
  }, []);
  return entries;
}

/**
 * The choices one level below `path` (the values chosen above it), labelled in the UI language.
 * A value that is set but no longer in the dictionary is kept as a choice, so an edit does not lose it.
 */
export function categoryChoices(
  entries: CategoryEntry[] | null,
  path: string[],
  current: string | null | undefined,
  lang: string,
): { value: string; label: string }[] {
  const parent = path.length ? path.join('/') : null;
  const out = (entries ?? [])
    .filter((e) => e.parentCode === parent && e.level === path.length + 1)
    .sort((a, b) => a.sort - b.sort)
    .map((e) => {
      const value = e.code.split('/').pop()!;
      return { value, label: lang === 'en' && e.labelEn ? e.labelEn : value };
    });
  if (current && !out.some((o) => o.value === current)) out.unshift({ value: current, label: current });
  return out;
}

// Editing needs knowledge:manage; the only way to know is to ask for what only editors may list.
const editorAnswers = new Map<string, Promise<boolean>>();

/** Whether this token may write articles (admins and team leads); false while unknown. */
export function useKnowledgeEditor(): boolean {
  const [editor, setEditor] = useState(false);
  useEffect(() => {
    const token = getToken() ?? '';
    let answer = editorAnswers.get(token);
    if (!answer) {
      answer = knowledgeApi.list({ status: 'all' }, { limit: 1 }).then(
        () => true,
        (err: unknown) => {
          // only a refusal is an answer; a network error is asked again next time
          if (!(err instanceof ApiError && err.status === 403)) editorAnswers.delete(token);
          return false;
        },
      );
      editorAnswers.set(token, answer);
    }
    let live = true;
    void answer.then((yes) => live && setEditor(yes));
    return () => {
      live = false;
    };
  }, []);
  return editor;
}

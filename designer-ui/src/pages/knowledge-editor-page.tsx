import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, uuid } from '../api/client';
import { ARTICLE_KINDS, knowledgeApi, type Article, type ArticleBody, type ArticleKind } from '../api/knowledge-client';
import { FormField } from '../components/form-field';
import { categoryChoices, kindLabel, useCategories } from '../components/knowledge-labels';
import { Markdown } from '../components/markdown';
import { useI18n } from '../i18n';
import { showFlash } from '../lib/flash';
import { href, navigate } from '../lib/hash-route';
import { isAbort, problemMessage } from '../lib/problem-message';

interface FormState {
  kind: ArticleKind;
  title: string;
  body: string;
  models: string;
  tags: string;
  author: string;
  category1: string;
  category2: string;
  category3: string;
}

type Field = keyof FormState;
const FIELDS: Field[] = ['kind', 'title', 'body', 'models', 'tags', 'author', 'category1', 'category2', 'category3'];

const EMPTY: FormState = {
  kind: 'faq',
  title: '',
  body: '',
  models: '',
  tags: '',
  author: '',
  category1: '',
  category2: '',
  category3: '',
};

/** Placeholders: what a service team's first FAQ usually looks like. */
const EXAMPLE = {
  title: '空调室内机漏水的常见原因',
  body: '## 现象\n室内机出风口或底部滴水。\n\n## 处理步骤\n1. 检查排水管是否弯折、堵塞。\n2. 确认室内机安装水平。\n3. 仍漏水：创建上门工单，附上照片。',
  models: 'AC-9000, AC-9100',
  tags: '漏水, 排水管',
};

const list = (s: string) => [
  ...new Set(
    s
      .split(/[,，、\n]/)
      .map((x) => x.trim())
      .filter(Boolean),
  ),
];

function fromArticle(a: Article): FormState {
  return {
    kind: a.kind,
    title: a.title,
    body: a.body,
    models: a.models.join(', '),
    tags: a.tags.join(', '),
    author: a.author,
    category1: a.category1 ?? '',
    category2: a.category2 ?? '',
    category3: a.category3 ?? '',
  };
}

function toBody(f: FormState): ArticleBody {
  const body: ArticleBody = { kind: f.kind, title: f.title.trim(), body: f.body, models: list(f.models), tags: list(f.tags) };
  if (f.author.trim()) body.author = f.author.trim();
  for (const k of ['category1', 'category2', 'category3'] as const) if (f[k]) body[k] = f[k];
  return body;
}

/** What an edit changed; a category removed is sent as null, which the API takes as "clear it". */
function changes(before: FormState, after: FormState): Partial<ArticleBody> {
  const b = toBody(before);
  const a = toBody(after);
  const out: Record<string, unknown> = {};
  for (const k of ['kind', 'title', 'body', 'models', 'tags', 'author'] as const) {
    if (a[k] !== undefined && JSON.stringify(a[k]) !== JSON.stringify(b[k])) out[k] = a[k];
  }
  for (const k of ['category1', 'category2', 'category3'] as const) if ((a[k] ?? null) !== (b[k] ?? null)) out[k] = a[k] ?? null;
  return out as Partial<ArticleBody>;
}

const focusFirstError = () =>
  requestAnimationFrame(() => {
    document.querySelector<HTMLElement>('.field.has-error input, .field.has-error select, .field.has-error textarea')?.focus();
  });

/**
 * Write a new article (#/new-article) or change one (#/knowledge/:id/edit): saved as a draft, or
 * saved and published. The server's 422 field errors are shown at their fields.
 */
export function KnowledgeEditorPage({ articleId }: { articleId?: string }) {
  const { t, lang } = useI18n();
  const creating = articleId === undefined;
  const categories = useCategories();
  const [form, setForm] = useState<FormState>(EMPTY);
  const [loaded, setLoaded] = useState<Article | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState(false);
  // one Idempotency-Key per distinct draft: a double click or a retry creates it once
  const attempt = useRef<{ body: string; key: string } | null>(null);

  useEffect(() => {
    if (creating) return;
    const ctrl = new AbortController();
    knowledgeApi
      .get(articleId, ctrl.signal)
      .then((a) => {
        setLoaded(a);
        setForm(fromArticle(a));
      })
      .catch((err: unknown) => {
        if (!isAbort(err)) setLoadError(problemMessage(err, t));
      });
    return () => ctrl.abort();
  }, [creating, articleId]);

  const set = (k: Field, v: string) => {
    setForm((f) => {
      const next = { ...f, [k]: v };
      // a different parent category makes the levels below it meaningless
      if (k === 'category1') Object.assign(next, { category2: '', category3: '' });
      if (k === 'category2') next.category3 = '';
      return next;
    });
    if (errors[k]) setErrors(({ [k]: _gone, ...rest }) => rest);
  };

  const submit = async (publish: boolean) => {
    if (busy) return;
    const missing: Partial<Record<Field, string>> = {};
    if (form.title.trim().length < 2) missing.title = t('kb.editor.titleTooShort');
    if (!form.body.trim()) missing.body = t('new.required');
    setErrors(missing);
    setGeneral([]);
    if (Object.keys(missing).length > 0) {
      focusFirstError();
      return;
    }
    setBusy(true);
    try {
      let saved: Article;
      if (creating) {
        const body = toBody(form);
        const json = JSON.stringify(body);
        if (attempt.current?.body !== json) attempt.current = { body: json, key: uuid() };
        saved = (await knowledgeApi.create(body, attempt.current.key)).data;
        attempt.current = null;
      } else {
        const patch = changes(fromArticle(loaded!), form);
        saved = Object.keys(patch).length ? await knowledgeApi.update(loaded!.id, patch, loaded!.version) : loaded!;
        setLoaded(saved);
      }
      if (publish && saved.status !== 'published') {
        try {
          saved = await knowledgeApi.setStatus(saved.id, 'publish', saved.version);
        } catch (err) {
          // the text is saved; only publishing failed — say so on the article's page
          showFlash('error', t('kb.editor.savedNotPublished', { reason: problemMessage(err, t) }), 8000);
          navigate(href.article(saved.id));
          return;
        }
      }
      showFlash('success', t(publish ? 'kb.published' : 'kb.saved', { title: saved.title }));
      navigate(href.article(saved.id));
    } catch (err) {
      if (err instanceof ApiError && err.problem?.errors?.length) {
        const fieldErrors: Partial<Record<Field, string>> = {};
        const rest: string[] = [];
        for (const fe of err.problem.errors) {
          // "models.3" and "tags.0" belong to the one input of each list
          const path = fe.field.split('.')[0] as Field;
          if (FIELDS.includes(path)) fieldErrors[path] = fieldErrors[path] ? `${fieldErrors[path]}; ${fe.message}` : fe.message;
          else rest.push(fe.field ? `${fe.field}: ${fe.message}` : fe.message);
        }
        setErrors(fieldErrors);
        setGeneral(rest.length ? rest : [t('new.invalid')]);
        focusFirstError();
      } else if (err instanceof ApiError && err.status === 412) {
        setGeneral([t('kb.editor.conflict')]);
      } else {
        setGeneral([problemMessage(err, t)]);
      }
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit(false);
  };

  const back = (
    <a className="back-link" href={creating ? href.knowledge() : href.article(articleId)}>
      ← {creating ? t('kb.back') : t('kb.editor.backToArticle')}
    </a>
  );
  if (!creating && !loaded) {
    return (
      <section className="page page-narrow">
        {back}
        {loadError ? (
          <div className="alert alert-error" role="alert">
            {loadError}
          </div>
        ) : (
          <p className="muted">{t('common.loading')}</p>
        )}
      </section>
    );
  }

  const control = (k: Field) => ({
    id: `kb-${k}`,
    name: k,
    value: form[k],
    'aria-invalid': Boolean(errors[k]),
    'aria-describedby': `kb-${k}-msg`,
  });
  const categorySelect = (k: 'category1' | 'category2' | 'category3', path: string[]) => (
    <FormField id={`kb-${k}`} label={t(`kb.field.${k}`)} error={errors[k]}>
      <select {...control(k)} disabled={path.some((p) => !p)} onChange={(e) => set(k, e.target.value)}>
        <option value="">{t('kb.editor.noCategory')}</option>
        {categoryChoices(categories, path, form[k], lang).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FormField>
  );

  return (
    <section className="page page-narrow">
      {back}
      <div className="page-head">
        <div>
          <h1>{creating ? t('kb.editor.newTitle') : t('kb.editor.editTitle', { title: loaded!.title })}</h1>
          <p className="page-sub">
            {creating ? t('kb.editor.newSub') : t('kb.editor.editSub', { status: t(`kb.status.${loaded!.status}`) })}
          </p>
        </div>
      </div>
      <form className="card form kb-editor" onSubmit={onSubmit} noValidate>
        <fieldset>
          <div className="form-grid">
            <FormField id="kb-kind" label={t('kb.field.kind')} error={errors.kind}>
              <select {...control('kind')} onChange={(e) => set('kind', e.target.value)}>
                {ARTICLE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {kindLabel(k, t)}
                  </option>
                ))}
              </select>
            </FormField>
            <FormField id="kb-author" label={t('kb.field.author')} hint={t('kb.editor.authorHint')} error={errors.author}>
              <input {...control('author')} maxLength={100} onChange={(e) => set('author', e.target.value)} />
            </FormField>
          </div>
          <FormField id="kb-title" label={t('kb.field.title')} error={errors.title}>
            <input {...control('title')} maxLength={200} placeholder={EXAMPLE.title} onChange={(e) => set('title', e.target.value)} />
          </FormField>
          <div className="field kb-body-field">
            <div className="kb-body-head">
              <label htmlFor="kb-body">{t('kb.field.body')}</label>
              <div className="segmented" role="group" aria-label={t('kb.field.body')}>
                <button
                  type="button"
                  className={`btn btn-sm${preview ? '' : ' is-active'}`}
                  aria-pressed={!preview}
                  onClick={() => setPreview(false)}
                >
                  {t('kb.editor.write')}
                </button>
                <button
                  type="button"
                  className={`btn btn-sm${preview ? ' is-active' : ''}`}
                  aria-pressed={preview}
                  onClick={() => setPreview(true)}
                >
                  {t('kb.editor.preview')}
                </button>
              </div>
            </div>
            {preview ? (
              <div className="kb-preview">
                {form.body.trim() ? (
                  <Markdown source={form.body} className="kb-body" />
                ) : (
                  <p className="muted">{t('kb.editor.previewEmpty')}</p>
                )}
              </div>
            ) : (
              <textarea {...control('body')} rows={14} placeholder={EXAMPLE.body} onChange={(e) => set('body', e.target.value)} />
            )}
            {errors.body ? (
              <p className="field-error" id="kb-body-msg" role="alert">
                {errors.body}
              </p>
            ) : (
              <p className="field-hint" id="kb-body-msg">
                {t('kb.editor.bodyHint')}
              </p>
            )}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('kb.editor.filing')}</legend>
          <div className="form-grid form-grid-3">
            {categorySelect('category1', [])}
            {categorySelect('category2', [form.category1])}
            {categorySelect('category3', [form.category1, form.category2])}
          </div>
          <div className="form-grid">
            <FormField id="kb-models" label={t('kb.field.models')} hint={t('kb.editor.modelsHint')} error={errors.models}>
              <input {...control('models')} className="mono" placeholder={EXAMPLE.models} onChange={(e) => set('models', e.target.value)} />
            </FormField>
            <FormField id="kb-tags" label={t('kb.field.tags')} hint={t('kb.editor.tagsHint')} error={errors.tags}>
              <input {...control('tags')} placeholder={EXAMPLE.tags} onChange={(e) => set('tags', e.target.value)} />
            </FormField>
          </div>
        </fieldset>
        {general.length > 0 && (
          <div className="alert alert-error" role="alert">
            <ul>
              {general.map((g, i) => (
                <li key={i}>{g}</li>
              ))}
            </ul>
          </div>
        )}
        <div className="form-actions">
          <a className="btn" href={creating ? href.knowledge() : href.article(articleId)}>
            {t('common.cancel')}
          </a>
          <button type="submit" className="btn" disabled={busy}>
            {loaded?.status === 'published' ? t('kb.editor.save') : t('kb.editor.saveDraft')}
          </button>
          {loaded?.status !== 'published' && (
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void submit(true)}>
              {t('kb.editor.saveAndPublish')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

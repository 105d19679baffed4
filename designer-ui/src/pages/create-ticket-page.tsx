import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError, uuid } from '../api/client';
import { CHANNELS, ENTITLEMENTS, PRIORITIES, type Channel, type CreateTicketBody, type Priority } from '../api/types';
import { FormField } from '../components/form-field';
import { useI18n, type MessageKey } from '../i18n';
import { showFlash } from '../lib/flash';
import { href, navigate } from '../lib/hash-route';
import { problemMessage } from '../lib/problem-message';

interface FormState {
  customerId: string;
  orderId: string;
  channel: '' | Channel;
  priority: Priority;
  category1: string;
  category2: string;
  category3: string;
  description: string;
  attachments: string;
  region: string;
  sku: string;
  assetId: string;
  serialNo: string;
  entitlement: string;
  tags: string;
}

type FieldName = keyof FormState;

const EMPTY: FormState = {
  customerId: '',
  orderId: '',
  channel: '',
  priority: 'P3',
  category1: '',
  category2: '',
  category3: '',
  description: '',
  attachments: '',
  region: '',
  sku: '',
  assetId: '',
  serialNo: '',
  entitlement: '',
  tags: '',
};

/** The seed 002 §14 example: shown as placeholders, and filled in by "填入示例". */
const EXAMPLE: FormState = {
  customerId: 'c_13579',
  orderId: 'o_99887766',
  channel: 'chat',
  priority: 'P2',
  category1: '质量问题',
  category2: '功能异常',
  category3: '开机失败',
  description: '开机后黑屏伴随蜂鸣，已重启无效',
  attachments: 'https://cdn.example.com/img/xxx.jpg',
  region: '华东',
  sku: 'ABC-123',
  assetId: '',
  serialNo: '',
  entitlement: 'in_warranty',
  tags: 'VIP, 复购',
};

/** Moves the caret to the first field marked invalid, once React has rendered the marks. */
const focusFirstError = () =>
  requestAnimationFrame(() => {
    document.querySelector<HTMLElement>('.field.has-error input, .field.has-error select, .field.has-error textarea')?.focus();
  });

const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean);
const list = (s: string) =>
  s
    .split(/[,，]/)
    .map((x) => x.trim())
    .filter(Boolean);

function toBody(f: FormState): CreateTicketBody {
  const attachments = lines(f.attachments);
  const tags = list(f.tags);
  const optional: Partial<CreateTicketBody> = {};
  for (const k of ['orderId', 'category1', 'category2', 'category3', 'region', 'sku', 'assetId', 'serialNo', 'entitlement'] as const) {
    const v = f[k].trim();
    if (v) optional[k] = v;
  }
  return {
    customerId: f.customerId.trim(),
    channel: f.channel as Channel,
    priority: f.priority,
    description: f.description.trim(),
    ...optional,
    ...(attachments.length ? { attachments } : {}),
    ...(tags.length ? { tags } : {}),
  };
}

/** Fields a link may prefill (#/new?customerId=…&assetId=…), e.g. from a customer's 360 page or an asset. */
const PREFILLABLE = ['customerId', 'orderId', 'region', 'sku', 'assetId', 'serialNo', 'category1', 'category2', 'category3'] as const;

function prefilled(params?: URLSearchParams): FormState {
  const f = { ...EMPTY };
  for (const k of PREFILLABLE) {
    const v = params?.get(k)?.trim();
    if (v) f[k] = v.slice(0, 200);
  }
  const channel = params?.get('channel');
  if (channel && (CHANNELS as readonly string[]).includes(channel)) f.channel = channel as Channel;
  return f;
}

export function CreateTicketPage({ params }: { params?: URLSearchParams }) {
  const { t, label } = useI18n();
  const [form, setForm] = useState<FormState>(() => prefilled(params));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  // One Idempotency-Key per distinct submission: a double click or a retry of the same body reuses it.
  const attempt = useRef<{ body: string; key: string } | null>(null);

  const set = <K extends FieldName>(k: K, v: FormState[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    if (errors[k]) setErrors((e) => ({ ...e, [k]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const missing: Partial<Record<FieldName, string>> = {};
    if (!form.customerId.trim()) missing.customerId = t('new.required');
    if (!form.channel) missing.channel = t('new.required');
    if (!form.description.trim()) missing.description = t('new.required');
    setErrors(missing);
    setGeneral([]);
    if (Object.keys(missing).length > 0) {
      setGeneral([t('new.invalid')]);
      focusFirstError();
      return;
    }

    const body = toBody(form);
    const json = JSON.stringify(body);
    if (attempt.current?.body !== json) attempt.current = { body: json, key: uuid() };
    setBusy(true);
    try {
      const res = await api.createTicket(body, attempt.current.key);
      attempt.current = null;
      showFlash('success', res.status === 200 ? t('new.replayed', { id: res.data.ticketId }) : t('new.created', { id: res.data.ticketId }));
      setForm(EMPTY);
      navigate(href.ticket(res.data.ticketId));
    } catch (err) {
      const fieldErrors: Partial<Record<FieldName, string>> = {};
      const rest: string[] = [];
      if (err instanceof ApiError && err.problem?.errors?.length) {
        for (const fe of err.problem.errors) {
          const [head, index] = fe.field.split('.');
          if (head && head in EMPTY) {
            const name = head as FieldName;
            const msg = index !== undefined && /^\d+$/.test(index) ? `#${Number(index) + 1}: ${fe.message}` : fe.message;
            fieldErrors[name] = fieldErrors[name] ? `${fieldErrors[name]}; ${msg}` : msg;
          } else {
            rest.push(fe.field ? `${fe.field}: ${fe.message}` : fe.message);
          }
        }
        setErrors(fieldErrors);
        setGeneral(rest.length ? rest : [t('new.invalid')]);
        focusFirstError();
      } else {
        setGeneral([problemMessage(err, t)]);
      }
    } finally {
      setBusy(false);
    }
  };

  const text = (name: FieldName, opts: { label: MessageKey; hint?: MessageKey; maxLength?: number; mono?: boolean; wide?: boolean }) => {
    const id = `new-${name}`;
    return (
      <FormField
        id={id}
        label={t(opts.label)}
        hint={opts.hint && t(opts.hint)}
        error={errors[name]}
        className={opts.wide ? 'field-wide' : undefined}
      >
        <input
          id={id}
          name={name}
          value={form[name]}
          maxLength={opts.maxLength ?? 200}
          placeholder={EXAMPLE[name]}
          className={opts.mono ? 'mono' : undefined}
          aria-invalid={Boolean(errors[name])}
          aria-describedby={`${id}-msg`}
          onChange={(e) => set(name, e.target.value)}
        />
      </FormField>
    );
  };

  return (
    <section className="page page-narrow">
      <div className="page-head">
        <div>
          <h1>{t('new.title')}</h1>
          <p className="page-sub">{t('new.subtitle')}</p>
        </div>
        <div className="page-head-actions">
          <button
            type="button"
            className="btn"
            onClick={() => {
              setForm(EXAMPLE);
              setErrors({});
              setGeneral([]);
            }}
          >
            {t('new.fillExample')}
          </button>
        </div>
      </div>

      <form className="card form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('new.section.customer')}</legend>
          <div className="form-grid">
            {text('customerId', { label: 'new.field.customerId', maxLength: 128, mono: true })}
            {text('orderId', { label: 'new.field.orderId', maxLength: 128, mono: true })}
            <FormField id="new-channel" label={t('new.field.channel')} error={errors.channel}>
              <select
                id="new-channel"
                value={form.channel}
                aria-invalid={Boolean(errors.channel)}
                aria-describedby="new-channel-msg"
                onChange={(e) => set('channel', e.target.value as Channel | '')}
              >
                <option value="">{t('new.field.channelPlaceholder')}</option>
                {CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {label('channel', c)}
                  </option>
                ))}
              </select>
            </FormField>
            <FormField id="new-priority" label={t('new.field.priority')} error={errors.priority}>
              <select
                id="new-priority"
                value={form.priority}
                aria-describedby="new-priority-msg"
                onChange={(e) => set('priority', e.target.value as Priority)}
              >
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {label('priority', p)}
                  </option>
                ))}
              </select>
            </FormField>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('new.section.problem')}</legend>
          <div className="form-grid form-grid-3">
            {text('category1', { label: 'new.field.category1' })}
            {text('category2', { label: 'new.field.category2' })}
            {text('category3', { label: 'new.field.category3' })}
          </div>
          <FormField id="new-description" label={t('new.field.description')} error={errors.description}>
            <textarea
              id="new-description"
              rows={4}
              value={form.description}
              maxLength={10000}
              placeholder={EXAMPLE.description}
              aria-invalid={Boolean(errors.description)}
              aria-describedby="new-description-msg"
              onChange={(e) => set('description', e.target.value)}
            />
          </FormField>
          <FormField
            id="new-attachments"
            label={t('new.field.attachments')}
            hint={t('new.field.attachmentsHint')}
            error={errors.attachments}
          >
            <textarea
              id="new-attachments"
              rows={2}
              className="mono"
              value={form.attachments}
              placeholder={EXAMPLE.attachments}
              aria-invalid={Boolean(errors.attachments)}
              aria-describedby="new-attachments-msg"
              onChange={(e) => set('attachments', e.target.value)}
            />
          </FormField>
        </fieldset>

        <fieldset>
          <legend>{t('new.section.extra')}</legend>
          <div className="form-grid">
            {text('region', { label: 'new.field.region' })}
            {text('sku', { label: 'new.field.sku', maxLength: 128, mono: true })}
            {text('assetId', { label: 'new.field.assetId', maxLength: 128, mono: true })}
            {text('serialNo', { label: 'new.field.serialNo', hint: 'new.field.serialNoHint', maxLength: 128, mono: true })}
            <FormField
              id="new-entitlement"
              label={t('new.field.entitlement')}
              hint={t('new.field.entitlementHint')}
              error={errors.entitlement}
            >
              <select
                id="new-entitlement"
                value={form.entitlement}
                aria-describedby="new-entitlement-msg"
                onChange={(e) => set('entitlement', e.target.value)}
              >
                <option value="">{t('common.none')}</option>
                {ENTITLEMENTS.map((v) => (
                  <option key={v} value={v}>
                    {label('entitlement', v)}
                  </option>
                ))}
              </select>
            </FormField>
            {text('tags', { label: 'new.field.tags', hint: 'new.field.tagsHint' })}
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
          <a className="btn" href={href.tickets()}>
            {t('common.cancel')}
          </a>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('new.submitting') : t('new.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

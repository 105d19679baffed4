import { useState, type FormEvent } from 'react';
import { archivesApi } from '../api/archives-client';
import { ApiError } from '../api/client';
import { maintenanceApi, type CreatePlanBody, type PlanTarget } from '../api/maintenance-client';
import { PRIORITIES } from '../api/types';
import { FormField } from '../components/form-field';
import { DEFAULT_TIME_ZONE } from '../components/maintenance-labels';
import { useI18n } from '../i18n';
import { showFlash } from '../lib/flash';
import { formatDateTime } from '../lib/format';
import { href, navigate } from '../lib/hash-route';
import { problemMessage } from '../lib/problem-message';

type TargetType = PlanTarget['type'];
const TARGET_TYPES: TargetType[] = ['asset', 'site', 'model'];
/** Customers are in China first; a few neighbours and UTC for plants abroad. */
const TIME_ZONES = [
  DEFAULT_TIME_ZONE,
  'Asia/Urumqi',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Europe/Berlin',
  'UTC',
];

interface FormState {
  name: string;
  targetType: TargetType;
  assetId: string;
  siteId: string;
  customerId: string;
  model: string;
  everyMonths: string;
  startDate: string;
  timeOfDay: string;
  timeZone: string;
  endDate: string;
  priority: string;
  descriptionTemplate: string;
  paused: boolean;
  note: string;
}

/** Error keys are the API's field paths (trigger.startDate, target.assetId …), so a 422 lands at its input. */
type Errors = Record<string, string>;

const FIELD_OF: Record<string, keyof FormState> = {
  name: 'name',
  'target.assetId': 'assetId',
  'target.siteId': 'siteId',
  'target.customerId': 'customerId',
  'target.model': 'model',
  'trigger.everyMonths': 'everyMonths',
  'trigger.startDate': 'startDate',
  'trigger.timeOfDay': 'timeOfDay',
  'trigger.timeZone': 'timeZone',
  'trigger.endDate': 'endDate',
  'ticket.priority': 'priority',
  'ticket.descriptionTemplate': 'descriptionTemplate',
  note: 'note',
};

const focusFirstError = () =>
  requestAnimationFrame(() => {
    document.querySelector<HTMLElement>('.field.has-error input, .field.has-error select, .field.has-error textarea')?.focus();
  });

/** Tomorrow (local calendar day) as YYYY-MM-DD, but on a day every month has. */
function defaultStart(): string {
  const d = new Date(Date.now() + 86_400_000);
  if (d.getDate() > 28) d.setDate(28);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function toBody(f: FormState): CreatePlanBody {
  const target: PlanTarget =
    f.targetType === 'asset'
      ? { type: 'asset', assetId: f.assetId.trim() }
      : f.targetType === 'site'
        ? { type: 'site', siteId: f.siteId.trim() }
        : { type: 'model', customerId: f.customerId.trim(), model: f.model.trim() };
  const body: CreatePlanBody = {
    name: f.name.trim(),
    target,
    trigger: {
      type: 'cycle',
      everyMonths: Number(f.everyMonths),
      startDate: f.startDate,
      timeOfDay: f.timeOfDay,
      timeZone: f.timeZone,
      ...(f.endDate ? { endDate: f.endDate } : {}),
    },
    ticket: { priority: f.priority, ...(f.descriptionTemplate.trim() ? { descriptionTemplate: f.descriptionTemplate.trim() } : {}) },
  };
  if (f.paused) body.paused = true;
  if (f.note.trim()) body.note = f.note.trim();
  return body;
}

/** A new fixed-cycle maintenance plan (#/maintenance/new, prefilled by ?assetId= / ?siteId= / ?customerId=). */
export function MaintenancePlanFormPage({ params }: { params: URLSearchParams }) {
  const { t, lang } = useI18n();
  const [form, setForm] = useState<FormState>(() => ({
    name: '',
    targetType: params.get('siteId') ? 'site' : params.get('customerId') && !params.get('assetId') ? 'model' : 'asset',
    assetId: params.get('assetId') ?? '',
    siteId: params.get('siteId') ?? '',
    customerId: params.get('customerId') ?? '',
    model: params.get('model') ?? '',
    everyMonths: '3',
    startDate: defaultStart(),
    timeOfDay: '09:00',
    timeZone: DEFAULT_TIME_ZONE,
    endDate: '',
    priority: 'P3',
    descriptionTemplate: '',
    paused: false,
    note: '',
  }));
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [assetHint, setAssetHint] = useState<string | null>(null);

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    if (errors[k]) setErrors(({ [k]: _gone, ...rest }) => rest);
    if (k === 'assetId') setAssetHint(null);
  };

  // Which asset the id names, so a typo shows before submitting.
  const lookUpAsset = () => {
    const id = form.assetId.trim();
    if (!id) return;
    archivesApi.getAsset(id).then(
      (a) => setAssetHint([a.model, a.serialNo, a.customerName ?? a.customerId].filter(Boolean).join(' · ')),
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 404) setErrors((e) => ({ ...e, assetId: t('mnt.form.assetUnknown', { id }) }));
      },
    );
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const missing: Errors = {};
    const required = (k: keyof FormState) => {
      if (!String(form[k]).trim()) missing[k] = t('new.required');
    };
    required('name');
    if (form.targetType === 'asset') required('assetId');
    if (form.targetType === 'site') required('siteId');
    if (form.targetType === 'model') {
      required('customerId');
      required('model');
    }
    const n = Number(form.everyMonths);
    if (!Number.isInteger(n) || n < 1 || n > 120) missing.everyMonths = t('mnt.form.everyMonthsRange');
    if (!form.startDate) missing.startDate = t('new.required');
    else if (Number(form.startDate.slice(8, 10)) > 28) missing.startDate = t('mnt.form.dayTooLate');
    if (!form.timeOfDay) missing.timeOfDay = t('new.required');
    if (form.endDate && form.startDate && form.endDate < form.startDate) missing.endDate = t('mnt.form.endBeforeStart');
    setErrors(missing);
    setGeneral([]);
    if (Object.keys(missing).length) {
      focusFirstError();
      return;
    }
    setBusy(true);
    try {
      const plan = await maintenanceApi.create(toBody(form));
      const first = plan.schedule?.nextRunTimes?.[0];
      showFlash(
        'success',
        first
          ? t('mnt.form.createdNext', { name: plan.name, time: formatDateTime(first, lang) })
          : t('mnt.form.created', { name: plan.name }),
        8000,
      );
      navigate(href.maintenance());
    } catch (err) {
      if (err instanceof ApiError && err.problem?.errors?.length) {
        const fieldErrors: Errors = {};
        const rest: string[] = [];
        for (const fe of err.problem.errors) {
          const k = FIELD_OF[fe.field];
          if (k) fieldErrors[k] = fieldErrors[k] ? `${fieldErrors[k]}; ${fe.message}` : fe.message;
          else rest.push(fe.field ? `${fe.field}: ${fe.message}` : fe.message);
        }
        setErrors(fieldErrors);
        setGeneral(rest.length ? rest : [t('new.invalid')]);
        focusFirstError();
      } else setGeneral([problemMessage(err, t)]);
    } finally {
      setBusy(false);
    }
  };

  const text = (
    k: keyof FormState,
    label: string,
    opts: { type?: string; placeholder?: string; hint?: string; mono?: boolean; onBlur?: () => void; min?: number; max?: number } = {},
  ) => (
    <FormField id={`mnt-${k}`} label={label} hint={opts.hint} error={errors[k]}>
      <input
        id={`mnt-${k}`}
        name={k}
        type={opts.type ?? 'text'}
        value={String(form[k])}
        min={opts.min}
        max={opts.max}
        placeholder={opts.placeholder}
        className={opts.mono ? 'mono' : undefined}
        aria-invalid={Boolean(errors[k])}
        aria-describedby={`mnt-${k}-msg`}
        onBlur={opts.onBlur}
        onChange={(e) => set(k, e.target.value as never)}
      />
    </FormField>
  );

  return (
    <section className="page page-narrow">
      <a className="back-link" href={href.maintenance()}>
        ← {t('mnt.back')}
      </a>
      <div className="page-head">
        <div>
          <h1>{t('mnt.form.title')}</h1>
          <p className="page-sub">{t('mnt.form.subtitle')}</p>
        </div>
      </div>
      <form className="card form mnt-form" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>{text('name', t('mnt.form.name'), { placeholder: t('mnt.form.namePlaceholder') })}</fieldset>
        <fieldset>
          <legend>{t('mnt.form.target')}</legend>
          <div className="segmented" role="group" aria-label={t('mnt.form.target')}>
            {TARGET_TYPES.map((tt) => (
              <button
                key={tt}
                type="button"
                className={`btn btn-sm${form.targetType === tt ? ' is-active' : ''}`}
                aria-pressed={form.targetType === tt}
                onClick={() => set('targetType', tt)}
              >
                {t(`mnt.form.targetType.${tt}`)}
              </button>
            ))}
          </div>
          {form.targetType === 'asset' &&
            text('assetId', t('mnt.form.assetId'), {
              mono: true,
              placeholder: 'AS-7F3K9Q2M4X',
              hint: assetHint ?? t('mnt.form.assetHint'),
              onBlur: lookUpAsset,
            })}
          {form.targetType === 'site' &&
            text('siteId', t('mnt.form.siteId'), { mono: true, placeholder: 'ST-7F3K9Q2M4X', hint: t('mnt.form.siteHint') })}
          {form.targetType === 'model' && (
            <div className="form-grid">
              {text('customerId', t('mnt.form.customerId'), { mono: true, placeholder: 'CU-7F3K9Q2M4X' })}
              {text('model', t('mnt.form.model'), { mono: true, placeholder: 'KX-5', hint: t('mnt.form.modelHint') })}
            </div>
          )}
        </fieldset>
        <fieldset>
          <legend>{t('mnt.form.cycle')}</legend>
          <div className="form-grid form-grid-3">
            {text('everyMonths', t('mnt.form.everyMonths'), { type: 'number', min: 1, max: 120 })}
            {text('startDate', t('mnt.form.startDate'), { type: 'date', hint: t('mnt.form.startHint') })}
            {text('timeOfDay', t('mnt.form.timeOfDay'), { type: 'time' })}
          </div>
          <div className="form-grid">
            <FormField id="mnt-timeZone" label={t('mnt.form.timeZone')} error={errors.timeZone}>
              <select
                id="mnt-timeZone"
                name="timeZone"
                value={form.timeZone}
                aria-invalid={Boolean(errors.timeZone)}
                aria-describedby="mnt-timeZone-msg"
                onChange={(e) => set('timeZone', e.target.value)}
              >
                {TIME_ZONES.map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </select>
            </FormField>
            {text('endDate', t('mnt.form.endDate'), { type: 'date', hint: t('mnt.form.endHint') })}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('mnt.form.ticket')}</legend>
          <div className="form-grid">
            <FormField id="mnt-priority" label={t('mnt.form.priority')} error={errors.priority}>
              <select
                id="mnt-priority"
                name="priority"
                value={form.priority}
                aria-invalid={Boolean(errors.priority)}
                aria-describedby="mnt-priority-msg"
                onChange={(e) => set('priority', e.target.value)}
              >
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </FormField>
          </div>
          <FormField
            id="mnt-descriptionTemplate"
            label={t('mnt.form.descriptionTemplate')}
            hint={t('mnt.form.templateHint')}
            error={errors.descriptionTemplate}
          >
            <textarea
              id="mnt-descriptionTemplate"
              name="descriptionTemplate"
              rows={3}
              value={form.descriptionTemplate}
              maxLength={2000}
              placeholder={t('mnt.form.templatePlaceholder')}
              aria-invalid={Boolean(errors.descriptionTemplate)}
              aria-describedby="mnt-descriptionTemplate-msg"
              onChange={(e) => set('descriptionTemplate', e.target.value)}
            />
          </FormField>
          <label className="check-inline" htmlFor="mnt-paused">
            <input id="mnt-paused" type="checkbox" checked={form.paused} onChange={(e) => set('paused', e.target.checked)} />
            {t('mnt.form.startPaused')}
          </label>
          {form.paused && text('note', t('mnt.form.note'), { placeholder: t('mnt.form.notePlaceholder') })}
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
          <a className="btn" href={href.maintenance()}>
            {t('common.cancel')}
          </a>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('mnt.form.creating') : t('mnt.form.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

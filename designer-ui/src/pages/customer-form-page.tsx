import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { archivesApi } from '../api/archives-client';
import {
  CUSTOMER_TIERS,
  CUSTOMER_TYPES,
  REGIONS,
  type Address,
  type Contact,
  type Customer,
  type CustomerBody,
  type CustomerTier,
  type CustomerType,
} from '../api/archive-types';
import { ApiError, uuid } from '../api/client';
import { FormField } from '../components/form-field';
import { useI18n, type MessageKey } from '../i18n';
import { showFlash } from '../lib/flash';
import { href, navigate } from '../lib/hash-route';
import { isAbort, problemMessage } from '../lib/problem-message';

type ContactRow = { name: string; phone: string; email: string; role: string };
type AddressRow = { label: string; province: string; city: string; district: string; detail: string; primary: boolean };

interface FormState {
  id: string;
  name: string;
  type: '' | CustomerType;
  tier: CustomerTier;
  phone: string;
  email: string;
  fax: string;
  region: string;
  province: string;
  city: string;
  tags: string;
  contacts: ContactRow[];
  addresses: AddressRow[];
}

type Scalar = Exclude<keyof FormState, 'contacts' | 'addresses'>;

const EMPTY: FormState = {
  id: '',
  name: '',
  type: '',
  tier: 'standard',
  phone: '',
  email: '',
  fax: '',
  region: '',
  province: '',
  city: '',
  tags: '',
  contacts: [],
  addresses: [],
};
const EMPTY_CONTACT: ContactRow = { name: '', phone: '', email: '', role: '' };
const EMPTY_ADDRESS: AddressRow = { label: '', province: '', city: '', district: '', detail: '', primary: false };

/** Placeholders: a typical enterprise customer of a Chinese after-sales team. */
const EXAMPLE = {
  id: 'C-GD-0001',
  name: '广州市天河区恒信物业管理有限公司',
  phone: '020-38881234',
  email: 'service@hengxin.example.cn',
  fax: '020-38881235',
  province: '广东',
  city: '广州',
  tags: '重点客户, 物业',
  contact: { name: '王经理', phone: '13800138000', email: 'wang@hengxin.example.cn', role: '设备主管' },
  address: { label: '总部', province: '广东', city: '广州', district: '天河区', detail: '天河路 385 号太古汇一座 18 楼' },
};

const str = (v: string | null | undefined) => v ?? '';

function fromCustomer(c: Customer): FormState {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    tier: c.tier,
    phone: str(c.phone),
    email: str(c.email),
    fax: str(c.fax),
    region: str(c.region),
    province: str(c.province),
    city: str(c.city),
    tags: (c.tags ?? []).join(', '),
    contacts: (c.contacts ?? []).map((x) => ({ name: x.name, phone: str(x.phone), email: str(x.email), role: str(x.role) })),
    addresses: (c.addresses ?? []).map((a) => ({
      label: str(a.label),
      province: str(a.province),
      city: str(a.city),
      district: str(a.district),
      detail: a.detail,
      primary: Boolean(a.primary),
    })),
  };
}

const opt = (v: string) => (v.trim() ? v.trim() : undefined);

function toBody(f: FormState, creating: boolean): CustomerBody {
  const contacts: Contact[] = f.contacts.map((c) => {
    const out: Contact = { name: c.name.trim() };
    for (const k of ['phone', 'email', 'role'] as const) if (opt(c[k])) out[k] = c[k].trim();
    return out;
  });
  const addresses: Address[] = f.addresses.map((a) => {
    const out: Address = { detail: a.detail.trim(), primary: a.primary };
    for (const k of ['label', 'province', 'city', 'district'] as const) if (opt(a[k])) out[k] = a[k].trim();
    return out;
  });
  const body: CustomerBody = { name: f.name.trim(), type: f.type as CustomerType, tier: f.tier, contacts, addresses };
  if (creating && opt(f.id)) body.id = f.id.trim();
  for (const k of ['phone', 'email', 'fax', 'region', 'province', 'city'] as const) {
    const v = opt(f[k]);
    // On an edit an emptied field is cleared on the server; on a create it is simply left out.
    if (v) body[k] = v;
    else if (!creating) body[k] = null;
  }
  body.tags = f.tags
    .split(/[,，]/)
    .map((x) => x.trim())
    .filter(Boolean);
  return body;
}

/**
 * Only what the user changed: the API answers phones masked (138****5678), so sending back an
 * untouched masked number would overwrite the real one.
 */
function changedFields(before: CustomerBody, after: CustomerBody): Partial<CustomerBody> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (JSON.stringify(v ?? null) !== JSON.stringify((before as unknown as Record<string, unknown>)[k] ?? null)) out[k] = v;
  }
  return out as Partial<CustomerBody>;
}

const focusFirstError = () =>
  requestAnimationFrame(() => {
    document.querySelector<HTMLElement>('.field.has-error input, .field.has-error select, .field.has-error textarea')?.focus();
  });

/** Create (#/new-customer) or edit (#/customers/:id/edit) a customer; 422 field errors are shown at their fields. */
export function CustomerFormPage({ customerId }: { customerId?: string }) {
  const { t, label } = useI18n();
  const creating = customerId === undefined;
  const [form, setForm] = useState<FormState>(EMPTY);
  const [loaded, setLoaded] = useState<Customer | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const attempt = useRef<{ body: string; key: string } | null>(null);

  useEffect(() => {
    if (creating) return;
    const ctrl = new AbortController();
    archivesApi
      .getCustomer(customerId, ctrl.signal)
      .then((c) => {
        setLoaded(c);
        setForm(fromCustomer(c));
      })
      .catch((err: unknown) => {
        if (!isAbort(err)) setLoadError(problemMessage(err, t));
      });
    return () => ctrl.abort();
  }, [creating, customerId]);

  const clearError = (path: string) => {
    if (errors[path]) setErrors(({ [path]: _gone, ...rest }) => rest);
  };
  const set = <K extends Scalar>(k: K, v: FormState[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    clearError(k);
  };
  const setRow = <L extends 'contacts' | 'addresses'>(list: L, i: number, patch: Partial<FormState[L][number]>) => {
    setForm((f) => ({ ...f, [list]: f[list].map((row, j) => (j === i ? { ...row, ...patch } : row)) }));
    for (const k of Object.keys(patch)) clearError(`${list}.${i}.${k}`);
  };
  const addRow = (list: 'contacts' | 'addresses') =>
    setForm((f) =>
      list === 'contacts'
        ? { ...f, contacts: [...f.contacts, { ...EMPTY_CONTACT }] }
        : { ...f, addresses: [...f.addresses, { ...EMPTY_ADDRESS, primary: f.addresses.length === 0 }] },
    );
  const removeRow = (list: 'contacts' | 'addresses', i: number) => {
    setForm((f) => ({ ...f, [list]: f[list].filter((_, j) => j !== i) }));
    // the errors of later rows no longer line up with their rows
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith(`${list}.`))));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const missing: Record<string, string> = {};
    if (!form.name.trim()) missing.name = t('new.required');
    if (!form.type) missing.type = t('new.required');
    form.contacts.forEach((c, i) => {
      if (!c.name.trim()) missing[`contacts.${i}.name`] = t('new.required');
    });
    form.addresses.forEach((a, i) => {
      if (!a.detail.trim()) missing[`addresses.${i}.detail`] = t('new.required');
    });
    setErrors(missing);
    setGeneral([]);
    if (Object.keys(missing).length > 0) {
      setGeneral([t('new.invalid')]);
      focusFirstError();
      return;
    }

    setBusy(true);
    try {
      let saved: Customer;
      if (creating) {
        const body = toBody(form, true);
        const json = JSON.stringify(body);
        if (attempt.current?.body !== json) attempt.current = { body: json, key: uuid() };
        const res = await archivesApi.createCustomer(body, attempt.current.key);
        attempt.current = null;
        saved = res.data;
        showFlash(
          'success',
          res.status === 200 ? t('customerForm.replayed', { name: saved.name }) : t('customerForm.created', { name: saved.name }),
        );
      } else {
        const patch = changedFields(toBody(fromCustomer(loaded!), false), toBody(form, false));
        if (Object.keys(patch).length === 0) {
          navigate(href.customer(customerId));
          return;
        }
        saved = await archivesApi.updateCustomer(customerId, patch, loaded?.version);
        showFlash('success', t('customerForm.updated', { name: saved.name }));
      }
      navigate(href.customer(saved.id));
    } catch (err) {
      if (err instanceof ApiError && err.problem?.errors?.length) {
        const fieldErrors: Record<string, string> = {};
        const rest: string[] = [];
        const known = fieldPaths(form);
        for (const fe of err.problem.errors) {
          // "tags.2" belongs to the one tags input
          const path = fe.field.startsWith('tags.') ? 'tags' : fe.field;
          if (known.has(path)) fieldErrors[path] = fieldErrors[path] ? `${fieldErrors[path]}; ${fe.message}` : fe.message;
          else rest.push(fe.field ? `${fe.field}: ${fe.message}` : fe.message);
        }
        setErrors(fieldErrors);
        setGeneral(rest.length ? rest : [t('new.invalid')]);
        focusFirstError();
      } else if (err instanceof ApiError && err.status === 412) {
        setGeneral([t('customerForm.conflict')]);
      } else {
        setGeneral([problemMessage(err, t)]);
      }
    } finally {
      setBusy(false);
    }
  };

  if (!creating && !loaded) {
    return (
      <section className="page page-narrow">
        <a className="back-link" href={href.customer(customerId)}>
          ← {t('customer.back')}
        </a>
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

  const input = (path: Scalar, lbl: MessageKey, opts: { placeholder?: string; mono?: boolean; type?: string; maxLength?: number } = {}) => {
    const id = `cust-${path}`;
    return (
      <FormField id={id} label={t(lbl)} error={errors[path]}>
        <input
          id={id}
          name={path}
          type={opts.type ?? 'text'}
          value={form[path] as string}
          maxLength={opts.maxLength ?? 200}
          placeholder={opts.placeholder}
          className={opts.mono ? 'mono' : undefined}
          aria-invalid={Boolean(errors[path])}
          aria-describedby={`${id}-msg`}
          onChange={(e) => set(path, e.target.value)}
        />
      </FormField>
    );
  };
  const rowInput = (
    list: 'contacts' | 'addresses',
    i: number,
    key: string,
    lbl: MessageKey,
    value: string,
    placeholder?: string,
  ): ReactNode => {
    const path = `${list}.${i}.${key}`;
    const id = `cust-${list}-${i}-${key}`;
    return (
      <FormField id={id} label={t(lbl)} error={errors[path]}>
        <input
          id={id}
          value={value}
          maxLength={200}
          placeholder={placeholder}
          aria-invalid={Boolean(errors[path])}
          aria-describedby={`${id}-msg`}
          onChange={(e) => setRow(list, i, { [key]: e.target.value })}
        />
      </FormField>
    );
  };

  return (
    <section className="page page-narrow">
      <a className="back-link" href={creating ? href.customers() : href.customer(customerId)}>
        ← {creating ? t('customer.backToList') : t('customer.back')}
      </a>
      <div className="page-head">
        <div>
          <h1>{creating ? t('customerForm.newTitle') : t('customerForm.editTitle', { name: loaded?.name ?? '' })}</h1>
          <p className="page-sub">{t('customerForm.subtitle')}</p>
        </div>
      </div>

      <form className="card form customer-form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('customerForm.section.basic')}</legend>
          <div className="form-grid">
            {creating ? (
              <FormField id="cust-id" label={t('customerForm.field.id')} hint={t('customerForm.field.idHint')} error={errors.id}>
                <input
                  id="cust-id"
                  value={form.id}
                  maxLength={128}
                  className="mono"
                  placeholder={EXAMPLE.id}
                  aria-invalid={Boolean(errors.id)}
                  aria-describedby="cust-id-msg"
                  onChange={(e) => set('id', e.target.value)}
                />
              </FormField>
            ) : (
              <FormField id="cust-id" label={t('customerForm.field.id')}>
                <input id="cust-id" value={form.id} className="mono" readOnly aria-describedby="cust-id-msg" />
              </FormField>
            )}
            {input('name', 'customerForm.field.name', { placeholder: EXAMPLE.name })}
            <FormField id="cust-type" label={t('customerForm.field.type')} error={errors.type}>
              <select
                id="cust-type"
                value={form.type}
                aria-invalid={Boolean(errors.type)}
                aria-describedby="cust-type-msg"
                onChange={(e) => set('type', e.target.value as CustomerType | '')}
              >
                <option value="">{t('action.choose')}</option>
                {CUSTOMER_TYPES.map((v) => (
                  <option key={v} value={v}>
                    {label('customerType', v)}
                  </option>
                ))}
              </select>
            </FormField>
            <FormField id="cust-tier" label={t('customerForm.field.tier')} error={errors.tier}>
              <select
                id="cust-tier"
                value={form.tier}
                aria-invalid={Boolean(errors.tier)}
                aria-describedby="cust-tier-msg"
                onChange={(e) => set('tier', e.target.value as CustomerTier)}
              >
                {CUSTOMER_TIERS.map((v) => (
                  <option key={v} value={v}>
                    {label('tier', v)}
                  </option>
                ))}
              </select>
            </FormField>
            {input('phone', 'customerForm.field.phone', { placeholder: EXAMPLE.phone, type: 'tel', maxLength: 64 })}
            {input('email', 'customerForm.field.email', { placeholder: EXAMPLE.email, type: 'email' })}
            {input('fax', 'customerForm.field.fax', { placeholder: EXAMPLE.fax, type: 'tel', maxLength: 64 })}
            {input('tags', 'customerForm.field.tags', { placeholder: EXAMPLE.tags })}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('customerForm.section.place')}</legend>
          <div className="form-grid form-grid-3">
            <FormField id="cust-region" label={t('customerForm.field.region')} error={errors.region}>
              <select
                id="cust-region"
                value={form.region}
                aria-invalid={Boolean(errors.region)}
                aria-describedby="cust-region-msg"
                onChange={(e) => set('region', e.target.value)}
              >
                <option value="">{t('common.none')}</option>
                {/* a region the server knows but this list does not is kept, not dropped */}
                {[...REGIONS, ...(form.region && !(REGIONS as readonly string[]).includes(form.region) ? [form.region] : [])].map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            </FormField>
            {input('province', 'customerForm.field.province', { placeholder: EXAMPLE.province })}
            {input('city', 'customerForm.field.city', { placeholder: EXAMPLE.city })}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('customerForm.section.contacts')}</legend>
          {form.contacts.length === 0 && <p className="muted form-note">{t('customerForm.noContacts')}</p>}
          {form.contacts.map((c, i) => (
            <div className="repeat-row" key={i} data-row={`contacts-${i}`}>
              <div className="repeat-row-head">
                <span className="muted">{t('customerForm.contactN', { n: i + 1 })}</span>
                <button type="button" className="btn btn-link btn-sm" onClick={() => removeRow('contacts', i)}>
                  {t('customerForm.remove')}
                </button>
              </div>
              <div className="form-grid">
                {rowInput('contacts', i, 'name', 'customerForm.field.contactName', c.name, EXAMPLE.contact.name)}
                {rowInput('contacts', i, 'phone', 'customerForm.field.contactPhone', c.phone, EXAMPLE.contact.phone)}
                {rowInput('contacts', i, 'email', 'customerForm.field.contactEmail', c.email, EXAMPLE.contact.email)}
                {rowInput('contacts', i, 'role', 'customerForm.field.contactRole', c.role, EXAMPLE.contact.role)}
              </div>
            </div>
          ))}
          <div>
            <button type="button" className="btn btn-sm" onClick={() => addRow('contacts')}>
              + {t('customerForm.addContact')}
            </button>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('customerForm.section.addresses')}</legend>
          {form.addresses.length === 0 && <p className="muted form-note">{t('customerForm.noAddresses')}</p>}
          {form.addresses.map((a, i) => (
            <div className="repeat-row" key={i} data-row={`addresses-${i}`}>
              <div className="repeat-row-head">
                <label className="check-inline">
                  <input
                    type="radio"
                    name="primary-address"
                    checked={a.primary}
                    onChange={() => setForm((f) => ({ ...f, addresses: f.addresses.map((x, j) => ({ ...x, primary: j === i })) }))}
                  />
                  {t('customerForm.primary')}
                </label>
                <button type="button" className="btn btn-link btn-sm" onClick={() => removeRow('addresses', i)}>
                  {t('customerForm.remove')}
                </button>
              </div>
              <div className="form-grid">
                {rowInput('addresses', i, 'label', 'customerForm.field.addressLabel', a.label, EXAMPLE.address.label)}
                {rowInput('addresses', i, 'province', 'customerForm.field.province', a.province, EXAMPLE.address.province)}
                {rowInput('addresses', i, 'city', 'customerForm.field.city', a.city, EXAMPLE.address.city)}
                {rowInput('addresses', i, 'district', 'customerForm.field.district', a.district, EXAMPLE.address.district)}
              </div>
              {rowInput('addresses', i, 'detail', 'customerForm.field.addressDetail', a.detail, EXAMPLE.address.detail)}
            </div>
          ))}
          <div>
            <button type="button" className="btn btn-sm" onClick={() => addRow('addresses')}>
              + {t('customerForm.addAddress')}
            </button>
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
          <a className="btn" href={creating ? href.customers() : href.customer(customerId)}>
            {t('common.cancel')}
          </a>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('customerForm.saving') : creating ? t('customerForm.create') : t('customerForm.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Every error path the form can show next to a field ("name", "contacts.0.phone" …). */
function fieldPaths(f: FormState): Set<string> {
  const paths = new Set<string>(Object.keys(EMPTY).filter((k) => k !== 'contacts' && k !== 'addresses'));
  f.contacts.forEach((_, i) => ['name', 'phone', 'email', 'role'].forEach((k) => paths.add(`contacts.${i}.${k}`)));
  f.addresses.forEach((_, i) => ['label', 'province', 'city', 'district', 'detail'].forEach((k) => paths.add(`addresses.${i}.${k}`)));
  return paths;
}

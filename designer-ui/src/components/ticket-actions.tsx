import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError, uuid } from '../api/client';
import type { ActionName, Ticket } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';
import { showFlash } from '../lib/flash';
import { problemMessage } from '../lib/problem-message';
import { ActionFields } from './action-fields';
import { ACTION_FIELDS, buildBody, initialValues, missingFields, orderActions, type FieldSpec } from './action-specs';

interface Props {
  ticket: Ticket;
  onUpdated: (ticket: Ticket) => void;
}

/**
 * Buttons for the actions the server says the ticket allows now (`availableActions`), each opening a
 * small inline form. The flow decides what is allowed; this panel only knows what each action asks for.
 */
export function TicketActions({ ticket, onUpdated }: Props) {
  const { t } = useI18n();
  const [open, setOpen] = useState<ActionName | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  // Kept across a retry after a lost answer, so the server can tell it is the same request.
  const pendingKey = useRef<string | null>(null);

  const { actions, primary } = orderActions(ticket.availableActions);
  // A refresh or another agent's action can take the open action away; its form goes with it.
  const current = open && actions.includes(open) ? open : null;

  const choose = (action: ActionName) => {
    const closing = current === action;
    setOpen(closing ? null : action);
    setValues(closing ? {} : initialValues(action));
    setError(null);
    setFieldErrors({});
    pendingKey.current = null;
  };

  const change = (name: string, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    if (fieldErrors[name]) setFieldErrors(({ [name]: _, ...rest }) => rest);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!current || busy) return;
    const missing = missingFields(current, values);
    setFieldErrors(Object.fromEntries(missing.map((name) => [name, t('action.required')])));
    if (missing.length > 0) return;

    setBusy(true);
    setError(null);
    const key = pendingKey.current ?? uuid();
    pendingKey.current = key;
    try {
      const updated = await api.act(ticket.ticketId, current, buildBody(current, values), key);
      pendingKey.current = null;
      showFlash('success', t('action.done', { action: t(`action.${current}` as MessageKey) }));
      setOpen(null);
      setValues({});
      onUpdated(updated);
    } catch (err) {
      // No answer or 503: the action may have been applied, so a retry must reuse the key.
      // Any other answer is final for this key; a corrected retry is a new request.
      if (!(err instanceof ApiError && (err.status === 0 || err.status === 503))) pendingKey.current = null;
      if (err instanceof ApiError && err.problem?.errors) {
        const byField: Record<string, string> = {};
        for (const fe of err.problem.errors) byField[fe.field] = fe.message;
        setFieldErrors(byField);
      }
      setError(problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card panel" aria-labelledby="actions-title">
      <div className="panel-head">
        <h2 id="actions-title">{t('detail.section.actions')}</h2>
      </div>
      {actions.length === 0 ? (
        <p className="muted">{t('detail.noActions')}</p>
      ) : (
        <div className="action-buttons">
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              className={`btn${a === primary ? ' btn-primary' : ''}${current === a ? ' is-active' : ''}`}
              aria-expanded={current === a}
              aria-controls={current === a ? 'action-form' : undefined}
              onClick={() => choose(a)}
              disabled={busy}
            >
              {t(`action.${a}` as MessageKey)}
            </button>
          ))}
        </div>
      )}

      {error && current && (
        <div className="alert alert-error" role="alert">
          <strong>{t('action.refused')}</strong>
          <span>{error}</span>
        </div>
      )}

      {current && (
        <form id="action-form" className="action-form" onSubmit={submit} noValidate>
          <h3>{t(`action.${current}.title` as MessageKey)}</h3>
          <ActionFields
            key={current}
            fields={ACTION_FIELDS[current] as readonly FieldSpec[]}
            values={values}
            errors={fieldErrors}
            onChange={change}
          />
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => choose(current)} disabled={busy}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t('action.submitting') : t(`action.${current}` as MessageKey)}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

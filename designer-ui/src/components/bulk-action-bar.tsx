import { useRef, useState, type FormEvent } from 'react';
import { ApiError, uuid } from '../api/client';
import { BULK_ACTIONS, workbench, type BulkAction, type BulkAnswer } from '../api/workbench';
import { useI18n, type MessageKey } from '../i18n';
import { problemMessage } from '../lib/problem-message';
import { ActionFields } from './action-fields';
import { ACTION_FIELDS, buildBody, initialValues, missingFields, type FieldSpec } from './action-specs';

interface Props {
  selected: string[];
  onClear: () => void;
  /** after the server answered: the tickets changed (or not) and the list should show it */
  onApplied: (answer: BulkAnswer) => void;
}

/**
 * One action for every selected ticket (POST /api/v1/tickets/bulk-actions). Each ticket is its own
 * workflow update, so some may be refused while others are done: the answer lists each one with why.
 */
export function BulkActionBar({ selected, onClear, onApplied }: Props) {
  const { t } = useI18n();
  const [action, setAction] = useState<BulkAction | ''>('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [answer, setAnswer] = useState<BulkAnswer | null>(null);
  const pendingKey = useRef<string | null>(null);

  const choose = (a: BulkAction | '') => {
    setAction(a);
    setValues(a ? initialValues(a) : {});
    setErrors({});
    setError(null);
    pendingKey.current = null;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!action || busy || selected.length === 0) return;
    const missing = missingFields(action, values);
    setErrors(Object.fromEntries(missing.map((n) => [n, t('action.required')])));
    if (missing.length) return;
    setBusy(true);
    setError(null);
    const key = pendingKey.current ?? uuid();
    pendingKey.current = key;
    try {
      const res = await workbench.bulk(selected, action, buildBody(action, values) as Record<string, unknown>, key);
      pendingKey.current = null;
      setAnswer(res);
      choose('');
      onApplied(res);
    } catch (err) {
      if (!(err instanceof ApiError && (err.status === 0 || err.status === 503))) pendingKey.current = null;
      if (err instanceof ApiError && err.problem?.errors) {
        setErrors(Object.fromEntries(err.problem.errors.map((fe) => [fe.field.replace(/^payload\./, ''), fe.message])));
      }
      setError(problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const refused = answer?.results.filter((r) => r.outcome === 'refused') ?? [];

  return (
    <div className="bulk-bar card" role="region" aria-label={t('wb.bulk.title')}>
      {selected.length > 0 && (
        <form className="bulk-form" onSubmit={submit} noValidate>
          <strong>{t('common.selected', { count: selected.length })}</strong>
          <label className="bulk-action">
            <span className="sr-only">{t('wb.bulk.action')}</span>
            <select aria-label={t('wb.bulk.action')} value={action} onChange={(e) => choose(e.target.value as BulkAction | '')}>
              <option value="">{t('wb.bulk.choose')}</option>
              {BULK_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {t(`action.${a}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          {action && (
            <div className="bulk-fields">
              <ActionFields
                fields={ACTION_FIELDS[action] as readonly FieldSpec[]}
                values={values}
                errors={errors}
                onChange={(n, v) => setValues((x) => ({ ...x, [n]: v }))}
              />
            </div>
          )}
          <button type="submit" className="btn btn-primary" disabled={!action || busy}>
            {busy ? t('action.submitting') : t('wb.bulk.apply', { count: selected.length })}
          </button>
          <button type="button" className="btn btn-link" onClick={onClear} disabled={busy}>
            {t('common.clear')}
          </button>
        </form>
      )}
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      {answer && (
        <div className={`alert ${refused.length ? 'alert-warn' : 'alert-ok'}`} role="status">
          <span>{t('wb.bulk.result', { done: answer.done, refused: answer.refused })}</span>
          {refused.length > 0 && (
            <ul className="bulk-refused">
              {refused.map((r) => (
                <li key={r.ticketId}>
                  <span className="mono">{r.ticketId}</span>: {r.outcome === 'refused' ? r.detail : ''}
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="btn btn-sm" onClick={() => setAnswer(null)}>
            {t('wb.bulk.dismiss')}
          </button>
        </div>
      )}
    </div>
  );
}

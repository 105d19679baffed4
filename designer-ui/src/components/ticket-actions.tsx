import { useState, type FormEvent } from 'react';
import { api, ApiError, uuid } from '../api/client';
import { ACTIONS_BY_STATUS, type ActionName, type Ticket } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';
import { showFlash } from '../lib/flash';
import { problemMessage } from '../lib/problem-message';
import { FormField } from './form-field';

const ORDER: ActionName[] = ['assign', 'resolve', 'close'];

interface Props {
  ticket: Ticket;
  onUpdated: (ticket: Ticket) => void;
}

/** Buttons for the actions that make sense in the ticket's status, each opening a small inline form. */
export function TicketActions({ ticket, onUpdated }: Props) {
  const { t } = useI18n();
  const [open, setOpen] = useState<ActionName | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [assigneeId, setAssigneeId] = useState('');
  const [groupId, setGroupId] = useState('');
  const [note, setNote] = useState('');
  const [resolution, setResolution] = useState('');

  const available = ORDER.filter((a) => ACTIONS_BY_STATUS[a].includes(ticket.status));

  const choose = (action: ActionName) => {
    setOpen((cur) => (cur === action ? null : action));
    setError(null);
    setFieldErrors({});
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!open || busy) return;
    const missing: Record<string, string> = {};
    if (open === 'assign' && !assigneeId.trim()) missing.assigneeId = t('action.required');
    if (open === 'resolve' && !resolution.trim()) missing.resolution = t('action.required');
    setFieldErrors(missing);
    if (Object.keys(missing).length > 0) return;

    setBusy(true);
    setError(null);
    try {
      const key = uuid();
      let updated: Ticket;
      if (open === 'assign') {
        updated = await api.act(
          ticket.ticketId,
          'assign',
          {
            assigneeId: assigneeId.trim(),
            ...(groupId.trim() ? { groupId: groupId.trim() } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
          },
          key,
        );
      } else if (open === 'resolve') {
        updated = await api.act(ticket.ticketId, 'resolve', { resolution: resolution.trim() }, key);
      } else {
        updated = await api.act(ticket.ticketId, 'close', note.trim() ? { note: note.trim() } : {}, key);
      }
      showFlash('success', t('action.done', { action: t(`action.${open}` as MessageKey) }));
      setOpen(null);
      setAssigneeId('');
      setGroupId('');
      setNote('');
      setResolution('');
      onUpdated(updated);
    } catch (err) {
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
      {available.length === 0 ? (
        <p className="muted">{t('detail.noActions')}</p>
      ) : (
        <div className="action-buttons">
          {available.map((a) => (
            <button
              key={a}
              type="button"
              className={`btn ${a === 'resolve' ? 'btn-primary' : ''}${open === a ? ' is-active' : ''}`}
              aria-expanded={open === a}
              onClick={() => choose(a)}
              disabled={busy}
            >
              {t(`action.${a}` as MessageKey)}
            </button>
          ))}
        </div>
      )}

      {error && (
        <div className="alert alert-error" role="alert">
          <strong>{t('action.refused')}</strong>
          <span>{error}</span>
        </div>
      )}

      {open && (
        <form className="action-form" onSubmit={submit} noValidate>
          <h3>{t(`action.${open}.title` as MessageKey)}</h3>
          {open === 'assign' && (
            <>
              <FormField id="act-assignee" label={t('action.assigneeId')} error={fieldErrors.assigneeId}>
                <input
                  id="act-assignee"
                  value={assigneeId}
                  maxLength={128}
                  placeholder={t('action.assigneeIdPlaceholder')}
                  aria-describedby="act-assignee-msg"
                  aria-invalid={Boolean(fieldErrors.assigneeId)}
                  onChange={(e) => setAssigneeId(e.target.value)}
                  autoFocus
                />
              </FormField>
              <FormField id="act-group" label={t('action.groupId')} error={fieldErrors.groupId}>
                <input
                  id="act-group"
                  value={groupId}
                  maxLength={128}
                  placeholder={t('action.groupIdPlaceholder')}
                  aria-describedby="act-group-msg"
                  onChange={(e) => setGroupId(e.target.value)}
                />
              </FormField>
            </>
          )}
          {open === 'resolve' && (
            <FormField id="act-resolution" label={t('action.resolution')} error={fieldErrors.resolution}>
              <textarea
                id="act-resolution"
                rows={4}
                value={resolution}
                maxLength={10000}
                placeholder={t('action.resolutionPlaceholder')}
                aria-describedby="act-resolution-msg"
                aria-invalid={Boolean(fieldErrors.resolution)}
                onChange={(e) => setResolution(e.target.value)}
                autoFocus
              />
            </FormField>
          )}
          {(open === 'assign' || open === 'close') && (
            <FormField id="act-note" label={t('action.note')} error={fieldErrors.note}>
              <textarea
                id="act-note"
                rows={2}
                value={note}
                maxLength={2000}
                aria-describedby="act-note-msg"
                onChange={(e) => setNote(e.target.value)}
              />
            </FormField>
          )}
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setOpen(null)} disabled={busy}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t('action.submitting') : t(`action.${open}` as MessageKey)}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

import { useCallback, useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { api, uuid } from '../api/client';
import type { Ticket } from '../api/types';
import { uploadTicketFile, workbench, type AttachmentItem } from '../api/workbench';
import { useI18n } from '../i18n';
import { showFlash } from '../lib/flash';
import { formatDateTime } from '../lib/format';
import { problemMessage } from '../lib/problem-message';

interface Note {
  text: string;
  visibility: 'internal' | 'public';
  actor: string;
  at: string;
}

/**
 * Notes and attachments of a ticket. A note is the add-note action; a file goes to the attachments
 * API and is then recorded on the ticket (add-attachment), so both show on the timeline too.
 */
export function TicketNotesFiles({ ticket, onUpdated }: { ticket: Ticket; onUpdated: (t: Ticket) => void }) {
  const { t, lang } = useI18n();
  const notes = ((ticket as unknown as { notes?: Note[] }).notes ?? []).slice().reverse();
  const [text, setText] = useState('');
  const [isPublic, setPublic] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<AttachmentItem[]>([]);
  const [uploading, setUploading] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const loadFiles = useCallback(() => {
    workbench
      .attachments(ticket.ticketId)
      .then(setFiles)
      .catch(() => undefined);
  }, [ticket.ticketId]);
  // the ticket's seq moves with every change, an upload included
  useEffect(() => loadFiles(), [loadFiles, ticket.seq]);

  const addNote = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      const updated = await api.act(
        ticket.ticketId,
        'add-note',
        { text: text.trim(), visibility: isPublic ? 'public' : 'internal' },
        uuid(),
      );
      setText('');
      onUpdated(updated);
    } catch (err) {
      setError(problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setUploading(true);
    setError(null);
    try {
      const att = await uploadTicketFile(ticket.ticketId, file, uuid());
      const kind = att.kind === 'photo' || att.kind === 'video' || att.kind === 'document' ? att.kind : 'other';
      const updated = await api.act(ticket.ticketId, 'add-attachment', { url: att.ref.url, name: file.name.slice(0, 200), kind }, uuid());
      showFlash('success', t('wb.files.uploaded', { name: file.name }));
      onUpdated(updated);
      loadFiles();
    } catch (err) {
      setError(err instanceof Error && !('status' in err) ? err.message : problemMessage(err, t));
    } finally {
      setUploading(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <section className="card panel" aria-labelledby="notes-title">
      <div className="panel-head">
        <h2 id="notes-title">{t('wb.notes.title')}</h2>
      </div>
      <form className="note-form" onSubmit={addNote}>
        <textarea
          aria-label={t('wb.notes.add')}
          placeholder={t('wb.notes.placeholder')}
          rows={2}
          maxLength={10_000}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="form-actions">
          <label className="check">
            <input type="checkbox" checked={isPublic} onChange={(e) => setPublic(e.target.checked)} /> {t('wb.notes.public')}
          </label>
          <button type="submit" className="btn btn-primary btn-sm" disabled={busy || !text.trim()}>
            {t('wb.notes.add')}
          </button>
        </div>
      </form>
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      {notes.length === 0 ? (
        <p className="muted">{t('wb.notes.empty')}</p>
      ) : (
        <ul className="notes">
          {notes.map((n, i) => (
            <li key={`${n.at}-${i}`} className={`note note-${n.visibility}`}>
              <div className="note-meta muted">
                {n.actor} · {formatDateTime(n.at, lang)}
                {n.visibility === 'public' && <span className="chip">{t('wb.notes.public')}</span>}
              </div>
              <p className="prewrap">{n.text}</p>
            </li>
          ))}
        </ul>
      )}

      <div className="panel-head">
        <h2>{t('wb.files.title')}</h2>
        <label className="btn btn-sm">
          {uploading ? t('wb.files.uploading') : t('wb.files.upload')}
          <input ref={input} type="file" className="sr-only" aria-label={t('wb.files.upload')} onChange={upload} disabled={uploading} />
        </label>
      </div>
      {files.length === 0 ? (
        <p className="muted">{t('wb.files.empty')}</p>
      ) : (
        <ul className="attachments">
          {files.map((f) => (
            <li key={f.id}>
              <a href={f.signedUrl} target="_blank" rel="noopener noreferrer">
                {f.name ?? f.id}
              </a>{' '}
              <span className="muted">
                {f.kind} · {Math.ceil(f.sizeBytes / 1024)} KB · {formatDateTime(f.createdAt, lang)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

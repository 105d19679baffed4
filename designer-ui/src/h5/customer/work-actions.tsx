import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { PublicCallError } from '../public-client';
import {
  addNote,
  cancelVisit,
  getWork,
  newKey,
  rateWork,
  rescheduleVisit,
  uploadPhoto,
  type CustomerAction,
  type VerifiedProgress,
} from './customer-client';
import { customerText, type CustomerTextKey } from './customer-text';
import { PhotoPicker } from './photo-picker';
import './customer.css';

type Panel = CustomerAction | null;

/**
 * Under the progress of a verified look-up: the buttons for what the customer may do now (the
 * server says which) and their small forms. The look-up's access token carries the proof.
 */
export function WorkActions({
  progress,
  token,
  onChange,
}: {
  progress: VerifiedProgress;
  token: string;
  onChange: (p: VerifiedProgress) => void;
}) {
  const { lang } = useI18n();
  const c = customerText(lang);
  const [panel, setPanel] = useState<Panel>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // A new look-up (a new token) starts afresh: the last call's message belongs to the old answer.
  useEffect(() => {
    setMessage(null);
    setPanel(null);
  }, [token]);
  const labels: Record<CustomerAction, CustomerTextKey> = {
    'add-material': 'addMaterial',
    reschedule: 'reschedule',
    cancel: 'cancelVisit',
    rate: 'rate',
  };

  const run = async (work: () => Promise<unknown>, done: CustomerTextKey) => {
    setBusy(true);
    setMessage(null);
    try {
      await work();
      setMessage({ ok: true, text: c(done) });
      setPanel(null);
      onChange(await getWork(progress.number, token));
    } catch (err) {
      const e = err as PublicCallError & { code?: string };
      const status = err instanceof PublicCallError ? e.status : 0;
      setMessage({
        ok: false,
        text:
          status === 401
            ? c('expired')
            : e.code === 'already_rated'
              ? c('alreadyRated')
              : status === 409
                ? c('notNow')
                : status === 422
                  ? c('fieldError', { fields: e.fields.join(', ') })
                  : c('networkError'),
      });
    } finally {
      setBusy(false);
    }
  };

  if (!progress.actions.length && !message) return null;
  return (
    <section className="h5-card">
      {message ? (
        <p className={message.ok ? 'h5-ok' : 'h5-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      ) : null}
      <div className="h5-actions">
        {progress.actions.map((a) => (
          <button key={a} type="button" aria-expanded={panel === a} onClick={() => setPanel(panel === a ? null : a)}>
            {c(labels[a])}
          </button>
        ))}
      </div>
      {panel === 'add-material' ? (
        <MaterialForm
          busy={busy}
          onSubmit={(text, files) => run(() => sendMaterial(progress.number, token, text, files), 'materialSent')}
        />
      ) : null}
      {panel === 'reschedule' ? (
        <RescheduleForm busy={busy} onSubmit={(b) => run(() => rescheduleVisit(progress.number, token, b), 'rescheduled')} />
      ) : null}
      {panel === 'cancel' ? (
        <CancelForm busy={busy} onSubmit={(reason) => run(() => cancelVisit(progress.number, token, reason), 'cancelled')} />
      ) : null}
      {panel === 'rate' ? <RateForm busy={busy} onSubmit={(b) => run(() => rateWork(progress.number, token, b), 'rated')} /> : null}
    </section>
  );
}

async function sendMaterial(number: string, token: string, text: string, files: File[]) {
  const key = newKey();
  if (text.trim()) await addNote(number, token, text.trim(), `${key}-note`);
  for (const [i, file] of files.entries()) await uploadPhoto(number, token, file, `${key}-photo-${i}`);
}

function MaterialForm({ busy, onSubmit }: { busy: boolean; onSubmit: (text: string, files: File[]) => void }) {
  const { lang } = useI18n();
  const c = customerText(lang);
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() || files.length) onSubmit(text, files);
  };
  return (
    <form className="h5-form" onSubmit={submit}>
      <label>
        {c('materialText')}
        <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <PhotoPicker label={c('addPhotos')} files={files} onChange={setFiles} />
      <button type="submit" disabled={busy}>
        {c('send')}
      </button>
    </form>
  );
}

/** datetime-local is the phone's own picker; it gives local time without a zone. */
const toIso = (local: string) => new Date(local).toISOString();

function RescheduleForm({
  busy,
  onSubmit,
}: {
  busy: boolean;
  onSubmit: (b: { windowStart: string; windowEnd: string; reason?: string }) => void;
}) {
  const { lang } = useI18n();
  const c = customerText(lang);
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (start && end) onSubmit({ windowStart: toIso(start), windowEnd: toIso(end), ...(reason.trim() ? { reason: reason.trim() } : {}) });
  };
  return (
    <form className="h5-form" onSubmit={submit}>
      <label>
        {c('windowStart')}
        <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
      </label>
      <label>
        {c('windowEnd')}
        <input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} required />
      </label>
      <label>
        {c('reason')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        {c('send')}
      </button>
    </form>
  );
}

function CancelForm({ busy, onSubmit }: { busy: boolean; onSubmit: (reason: string) => void }) {
  const { lang } = useI18n();
  const c = customerText(lang);
  const [reason, setReason] = useState('');
  return (
    <form
      className="h5-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim()) onSubmit(reason.trim());
      }}
    >
      <label>
        {c('cancelReason')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} required />
      </label>
      <button type="submit" disabled={busy}>
        {c('cancelVisit')}
      </button>
    </form>
  );
}

function Scale({
  legend,
  from,
  to,
  value,
  onPick,
}: {
  legend: string;
  from: number;
  to: number;
  value: number | null;
  onPick: (n: number) => void;
}) {
  return (
    <fieldset className="h5-scale">
      <legend>{legend}</legend>
      {Array.from({ length: to - from + 1 }, (_, i) => from + i).map((n) => (
        <button key={n} type="button" aria-pressed={value === n} aria-label={`${legend} ${n}`} onClick={() => onPick(n)}>
          {n}
        </button>
      ))}
    </fieldset>
  );
}

function RateForm({ busy, onSubmit }: { busy: boolean; onSubmit: (b: { csat: number; nps?: number; comment?: string }) => void }) {
  const { lang } = useI18n();
  const c = customerText(lang);
  const [csat, setCsat] = useState<number | null>(null);
  const [nps, setNps] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  return (
    <form
      className="h5-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (csat !== null) onSubmit({ csat, ...(nps !== null ? { nps } : {}), ...(comment.trim() ? { comment: comment.trim() } : {}) });
      }}
    >
      <Scale legend={c('csat')} from={1} to={5} value={csat} onPick={setCsat} />
      <Scale legend={c('nps')} from={0} to={10} value={nps} onPick={setNps} />
      <label>
        {c('comment')}
        <textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <button type="submit" disabled={busy || csat === null}>
        {c('send')}
      </button>
    </form>
  );
}

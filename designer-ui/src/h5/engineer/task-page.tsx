import { useCallback, useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import { ApiError, uuid } from '../../api/client';
import { engineerApi, uploadToVisit, type AttachmentItem, type VanItem, type VisitDetail } from './engineer-client';
import { cstTime, useT, yuan } from './engineer-i18n';
import { NavLinks } from './nav-menu';
import { SignaturePad } from './signature-pad';
import type { UploadQueue } from './upload-queue';

const FILE_KINDS = new Set(['photo', 'video']);
/** The statuses a visit waits in (the flow's states); the others pass while its steps run. */
const RESTING = new Set([
  'pending_schedule',
  'pending_confirmation',
  'waiting_parts',
  'pending_acceptance',
  'scheduled',
  'on_the_way',
  'on_site',
  'pending_signature',
  'pending_followup',
  'exception',
  'closed',
  'cancelled',
]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One visit on the phone: the steps the visit allows now (accept or dispute, depart, check in,
 * record the work with photos and parts, the customer's signature, the follow-up rating) and the
 * receipt once issued. What is offered comes from the live workflow (availableActions).
 */
export function TaskPage({ visitId, queue }: { visitId: string; queue: UploadQueue }) {
  const { t } = useT();
  const [visit, setVisit] = useState<VisitDetail | null>(null);
  const [files, setFiles] = useState<AttachmentItem[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const queued = useSyncExternalStore(queue.subscribe, queue.snapshot).filter((q) => q.visitId === visitId);

  const loadFiles = useCallback(() => {
    engineerApi
      .attachments(visitId)
      .then(setFiles)
      .catch(() => undefined);
  }, [visitId]);

  useEffect(() => {
    engineerApi
      .visit(visitId)
      .then(setVisit)
      .catch((err: unknown) => setError(problemText(err, t)));
    loadFiles();
    return queue.onUploaded((id) => id === visitId && loadFiles());
  }, [visitId]);

  /** Runs an action, then reads the visit until the projection shows it (it trails the workflow). */
  const act = async (action: string, body: Record<string, unknown> = {}) => {
    if (!visit) return;
    setBusy(true);
    setError(null);
    const before = visit.seq;
    try {
      const answer = await engineerApi.act(visitId, action, body);
      let latest: VisitDetail = answer;
      for (let i = 0; i < 40; i++) {
        latest = await engineerApi.visit(visitId);
        const settled = RESTING.has(latest.status);
        if (latest.seq > before && settled) break;
        await sleep(400);
      }
      setVisit(latest);
    } catch (err) {
      setError(problemText(err, t));
    } finally {
      setBusy(false);
    }
  };

  if (!visit)
    return error ? (
      <p className="eng-error" role="alert">
        {error}
      </p>
    ) : (
      <p>{t('loading')}</p>
    );

  const can = (a: string) => visit.availableActions.includes(a);
  const purpose = visit.purpose ?? 'repair';
  const target =
    typeof visit.siteLat === 'number' && typeof visit.siteLng === 'number'
      ? { lat: visit.siteLat, lng: visit.siteLng, name: visit.address ?? visit.visitId }
      : null;
  const uploaded = files.filter((f) => FILE_KINDS.has(f.kind));

  return (
    <article className="eng-task-page" aria-labelledby="eng-visit-title">
      <section className="h5-card">
        <h1 id="eng-visit-title" className="eng-title">
          <span className={`eng-badge eng-purpose-${purpose}`}>{t(`purpose_${purpose}`)}</span> {visit.visitId}
        </h1>
        <p>
          <span className="eng-badge" data-testid="visit-status">
            {t(`status_${visit.status}`)}
          </span>
        </p>
        <dl>
          <dt>{t('window')}</dt>
          <dd>
            {cstTime(visit.windowStart, true)}–{cstTime(visit.windowEnd)}
          </dd>
          <dt>{t('address')}</dt>
          <dd>{visit.address ?? '—'}</dd>
          {visit.description && (
            <>
              <dt>{t('description')}</dt>
              <dd>{visit.description}</dd>
            </>
          )}
        </dl>
        {target && <NavLinks target={target} />}
      </section>

      {error && (
        <p className="eng-error" role="alert">
          {error}
        </p>
      )}

      {(can('accept') || can('dispute')) && <AcceptOrDispute busy={busy} onAct={act} canAccept={can('accept')} />}
      {can('depart') && (
        <button type="button" className="eng-primary eng-block" disabled={busy} onClick={() => act('depart')}>
          {t('depart')}
        </button>
      )}
      {can('check-in') && <CheckIn busy={busy} onAct={act} />}
      {(visit.checkIn.distanceM !== null || visit.checkIn.flagged) && (
        <p className={visit.checkIn.flagged ? 'eng-warn' : 'eng-ok'} data-testid="check-in-result">
          {visit.checkIn.distanceM !== null ? t('checkedIn', { m: Math.round(visit.checkIn.distanceM) }) : ''}
          {visit.checkIn.flagged ? ` ${t('checkInFlagged')}` : ''}
        </p>
      )}
      {/* once the record is in, the signature comes next (the flow still takes a corrected record) */}
      {can('record-work') && !can('sign') && (
        <WorkRecord
          visit={visit}
          purpose={purpose}
          busy={busy}
          uploaded={uploaded}
          queuedCount={queued.length}
          refused={queued.filter((q) => q.refused)}
          onCapture={(file) => queue.add(visitId, file)}
          onDiscard={(id) => queue.discard(id)}
          onSave={(body) => act('record-work', body)}
        />
      )}
      {can('sign') && (
        <section className="h5-card" aria-labelledby="eng-sign-title">
          <h2 id="eng-sign-title">{t('signature')}</h2>
          <SignaturePad
            busy={busy}
            onSigned={async (png) => {
              setBusy(true);
              setError(null);
              try {
                const { id } = await uploadToVisit(
                  visitId,
                  { blob: png, type: 'image/png', name: 'signature.png', kind: 'signature' },
                  uuid(),
                );
                setBusy(false);
                await act('sign', { signature: id });
              } catch (err) {
                setError(problemText(err, t));
                setBusy(false);
              }
            }}
          />
        </section>
      )}
      {visit.receipt && <Receipt receipt={visit.receipt} />}
      {can('follow-up') && <FollowUp busy={busy} onAct={act} />}
      {visit.status === 'closed' && (
        <p className="eng-ok" role="status">
          {t('done')}
          {visit.rating ? ` ★${visit.rating}` : ''}
        </p>
      )}
      {visit.availableActions.length === 0 && visit.status !== 'closed' && <p>{t('waiting', { status: t(`status_${visit.status}`) })}</p>}
    </article>
  );
}

type Act = (action: string, body?: Record<string, unknown>) => Promise<void>;

function problemText(err: unknown, t: (k: string) => string): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('networkError');
    if (err.problem?.code === 'not_your_visit') return t('notYours');
    return err.problem?.detail ?? err.problem?.title ?? `HTTP ${err.status}`;
  }
  return String(err);
}

function AcceptOrDispute({ busy, onAct, canAccept }: { busy: boolean; onAct: Act; canAccept: boolean }) {
  const { t } = useT();
  const [disputing, setDisputing] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <section className="h5-card">
      <div className="eng-row">
        {canAccept && (
          <button type="button" className="eng-primary" disabled={busy} onClick={() => onAct('accept')}>
            {t('accept')}
          </button>
        )}
        <button type="button" disabled={busy} aria-expanded={disputing} onClick={() => setDisputing(!disputing)}>
          {t('dispute')}
        </button>
      </div>
      {disputing && (
        <form
          className="h5-form"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void onAct('dispute', { reason: reason.trim() });
          }}
        >
          <label>
            {t('disputeReason')}
            <textarea id="eng-dispute-reason" value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} />
          </label>
          <button type="submit" disabled={busy || !reason.trim()}>
            {t('submitDispute')}
          </button>
        </form>
      )}
    </section>
  );
}

function CheckIn({ busy, onAct }: { busy: boolean; onAct: Act }) {
  const { t } = useT();
  const [locating, setLocating] = useState(false);
  const [gpsError, setGpsError] = useState<string | null>(null);
  const locate = () => {
    if (!('geolocation' in navigator)) return setGpsError(t('gpsFailed', { reason: 'n/a' }));
    setLocating(true);
    setGpsError(null);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        void onAct('check-in', { lat: pos.coords.latitude, lng: pos.coords.longitude });
      },
      (err) => {
        setLocating(false);
        setGpsError(t('gpsFailed', { reason: err.message || String(err.code) }));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };
  return (
    <section className="h5-card">
      <button type="button" className="eng-primary eng-block" disabled={busy || locating} onClick={locate}>
        {locating ? t('locating') : t('checkIn')}
      </button>
      {gpsError && (
        <>
          <p className="eng-error" role="alert">
            {gpsError}
          </p>
          {/* allowed, and flagged for the team lead like a far check-in */}
          <button type="button" disabled={busy} onClick={() => onAct('check-in', {})}>
            {t('checkInNoGps')}
          </button>
        </>
      )}
    </section>
  );
}

interface PartChoice {
  partCode: string;
  name: string;
  inVan: number;
  reserved: number;
}

function WorkRecord(props: {
  visit: VisitDetail;
  purpose: string;
  busy: boolean;
  uploaded: AttachmentItem[];
  queuedCount: number;
  refused: { id: string; name: string; refused?: string }[];
  onCapture: (file: File) => Promise<void>;
  onDiscard: (id: string) => Promise<void>;
  onSave: (body: Record<string, unknown>) => Promise<void>;
}) {
  const { t } = useT();
  const [summary, setSummary] = useState('');
  const [van, setVan] = useState<VanItem[]>([]);
  const [qty, setQty] = useState<Record<string, number>>({});
  const repair = props.purpose === 'repair';

  useEffect(() => {
    if (repair)
      engineerApi
        .vanStock()
        .then(setVan)
        .catch(() => setVan([]));
  }, [repair]);

  const choices = new Map<string, PartChoice>();
  for (const v of van) choices.set(v.partCode, { partCode: v.partCode, name: v.partName, inVan: v.available, reserved: 0 });
  for (const n of props.visit.parts?.needed ?? []) {
    const c = choices.get(n.partCode) ?? { partCode: n.partCode, name: n.partCode, inVan: 0, reserved: 0 };
    choices.set(n.partCode, { ...c, reserved: c.reserved + n.qty });
  }
  const waiting = props.queuedCount - props.refused.length;

  return (
    <form
      className="h5-card h5-form"
      aria-labelledby="eng-record-title"
      onSubmit={(e) => {
        e.preventDefault();
        void props.onSave({
          summary: summary.trim(),
          photos: props.uploaded.map((f) => f.id),
          partsUsed: Object.entries(qty)
            .filter(([, n]) => n > 0)
            .map(([partCode, n]) => ({ partCode, qty: n })),
        });
      }}
    >
      <h2 id="eng-record-title">{repair ? t('workRecord') : t('patrolRecord')}</h2>
      <label>
        {t('summary')}
        <textarea id="eng-summary" value={summary} onChange={(e) => setSummary(e.target.value)} required maxLength={10_000} rows={3} />
      </label>
      <fieldset className="eng-fieldset">
        <legend>{t('photos')}</legend>
        <label className="eng-capture">
          {t('addPhoto')}
          <input
            id="eng-capture"
            type="file"
            accept="image/*,video/*"
            capture="environment"
            multiple
            onChange={async (e) => {
              const input = e.currentTarget;
              for (const f of Array.from(input.files ?? [])) await props.onCapture(f);
              input.value = '';
            }}
          />
        </label>
        <p data-testid="uploaded-count">{t('uploaded', { n: props.uploaded.length })}</p>
        {waiting > 0 && (
          <p className="eng-warn" data-testid="queued-count">
            {t('queued', { n: waiting })}
          </p>
        )}
        {props.refused.map((r) => (
          <p key={r.id} className="eng-error">
            {r.name}: {r.refused}{' '}
            <button type="button" className="eng-link" onClick={() => void props.onDiscard(r.id)}>
              {t('clear')}
            </button>
          </p>
        ))}
      </fieldset>
      {repair && (
        <fieldset className="eng-fieldset">
          <legend>{t('partsUsed')}</legend>
          {choices.size === 0 && <p>{t('noParts')}</p>}
          {[...choices.values()].map((c) => (
            <label key={c.partCode} className="eng-part">
              <span>
                {c.name} {c.name !== c.partCode && <small>{c.partCode}</small>}
                <small>
                  {' '}
                  {c.inVan > 0 ? t('inVan', { n: c.inVan }) : ''} {c.reserved > 0 ? t('reserved', { n: c.reserved }) : ''}
                </small>
              </span>
              <input
                type="number"
                inputMode="numeric"
                data-part={c.partCode}
                min={0}
                max={c.inVan + c.reserved}
                value={qty[c.partCode] ?? 0}
                onChange={(e) => setQty({ ...qty, [c.partCode]: Math.max(0, Math.min(c.inVan + c.reserved, Number(e.target.value) || 0)) })}
              />
            </label>
          ))}
        </fieldset>
      )}
      {waiting > 0 && <p className="eng-warn">{t('waitUploads')}</p>}
      <button type="submit" className="eng-primary" disabled={props.busy || waiting > 0 || !summary.trim()}>
        {t('saveRecord')}
      </button>
    </form>
  );
}

function Receipt({ receipt }: { receipt: NonNullable<VisitDetail['receipt']> }) {
  const { t } = useT();
  return (
    <section className="h5-card eng-receipt" aria-labelledby="eng-receipt-title" data-testid="receipt">
      <h2 id="eng-receipt-title">{t('receipt')}</h2>
      <p>
        {t('receiptNo')}: {receipt.receiptNo}
      </p>
      <p>{receipt.summary}</p>
      <table>
        <tbody>
          {receipt.parts.map((p) => (
            <tr key={p.partCode}>
              <td>
                {t('parts')}: {p.name} × {p.qty}
              </td>
              <td>{yuan(p.amountFen)}</td>
            </tr>
          ))}
          {receipt.fees.map((f, i) => (
            <tr key={i}>
              <td>
                {t('fees')}: {f.item}
              </td>
              <td>{yuan(f.amountFen)}</td>
            </tr>
          ))}
          <tr className="eng-total">
            <th scope="row">{t('total')}</th>
            <td data-testid="receipt-total">{yuan(receipt.totalFen)}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

function FollowUp({ busy, onAct }: { busy: boolean; onAct: Act }) {
  const { t } = useT();
  const [rating, setRating] = useState(5);
  const [comment, setComment] = useState('');
  return (
    <form
      className="h5-card h5-form"
      aria-labelledby="eng-followup-title"
      onSubmit={(e) => {
        e.preventDefault();
        void onAct('follow-up', { rating, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      }}
    >
      <h2 id="eng-followup-title">{t('followUp')}</h2>
      <fieldset className="eng-stars">
        <legend>{t('rating')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n}>
            <input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} />
            {n}★
          </label>
        ))}
      </fieldset>
      <label>
        {t('comment')}
        <input id="eng-comment" value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />
      </label>
      <button type="submit" className="eng-primary" disabled={busy}>
        {t('submitFollowUp')}
      </button>
    </form>
  );
}

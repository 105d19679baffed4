import { useEffect, useState, type FormEvent } from 'react';
import { useI18n, type Lang } from '../i18n';
import { formatDateTime } from '../lib/format';
import {
  getProgress,
  getPublicAsset,
  listAssetWork,
  PublicCallError,
  type AssetWork,
  type Progress,
  type PublicAsset,
  type Text,
} from './public-client';
import type { VerifiedProgress } from './customer/customer-client';
import { customerText } from './customer/customer-text';
import { ReportPage } from './customer/report-page';
import { WorkActions } from './customer/work-actions';

/**
 * The customer's phone pages, no sign-in: /h5/assets/<token> (what the product's QR code opens:
 * the product and its service requests), /h5/track (follow one by its number and a code, then act
 * on it) and /h5/report (report a problem; customer/).
 */
export function H5App() {
  const { t, lang, setLang } = useI18n();
  const path = window.location.pathname;
  const asset = /^\/h5\/assets\/([A-Za-z0-9_-]+)$/.exec(path);
  return (
    <div className="h5">
      <header className="h5-bar">
        <span>{t('h5.brand')}</span>
        <button type="button" className="h5-lang" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
          {t('nav.language')}
        </button>
      </header>
      <main>{asset ? <AssetPage token={asset[1]!} /> : path === '/h5/report' ? <ReportPage /> : <TrackPage />}</main>
    </div>
  );
}

const pick = (text: Text, lang: Lang) => (lang === 'en' ? text.en : text.zh);

function AssetPage({ token }: { token: string }) {
  const { t, lang } = useI18n();
  const [asset, setAsset] = useState<PublicAsset | null>(null);
  const [work, setWork] = useState<AssetWork[]>([]);
  const [error, setError] = useState<'h5.noProduct' | 'common.networkError' | null>(null);
  useEffect(() => {
    Promise.all([getPublicAsset(token), listAssetWork(token)])
      .then(([a, w]) => {
        setAsset(a);
        setWork(w);
      })
      .catch((err: unknown) => setError(err instanceof PublicCallError && err.status === 404 ? 'h5.noProduct' : 'common.networkError'));
  }, [token]);
  if (error) return <p className="h5-error">{t(error)}</p>;
  if (!asset) return <p>{t('common.loading')}</p>;
  return (
    <>
      <section className="h5-card">
        <h1>{asset.name ?? asset.model}</h1>
        <dl>
          <dt>{t('h5.model')}</dt>
          <dd>{asset.model}</dd>
          <dt>{t('h5.serial')}</dt>
          <dd>{asset.serialNo ?? '—'}</dd>
          <dt>{t('h5.warranty')}</dt>
          <dd>
            {asset.warranty.status === 'in_warranty'
              ? t('warranty.valid')
              : asset.warranty.status === 'expired'
                ? t('h5.warrantyExpired')
                : '—'}
            {asset.warranty.endsOn ? ` (${asset.warranty.endsOn})` : ''}
          </dd>
          {asset.site.city ? (
            <>
              <dt>{t('h5.city')}</dt>
              <dd>{asset.site.city}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <a className="h5-button" href={`/h5/report?qr=${encodeURIComponent(token)}`}>
        {customerText(lang)('reportThis')}
      </a>
      <section className="h5-card">
        <h2>{t('h5.requests')}</h2>
        {work.length === 0 ? <p>{t('h5.noRequests')}</p> : null}
        <ul className="h5-list">
          {work.map((w) => (
            <li key={w.number}>
              <a href={`/h5/track?number=${encodeURIComponent(w.number)}`}>
                <strong>{w.number}</strong>
                <span>{pick(w.statusLabel, lang)}</span>
                <small>{formatDateTime(w.updatedAt, lang)}</small>
              </a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function TrackPage() {
  const { t } = useI18n();
  const [number, setNumber] = useState(() => new URLSearchParams(window.location.search).get('number') ?? '');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<VerifiedProgress | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!number.trim() || !code.trim()) return setError(t('h5.fillBoth'));
    setBusy(true);
    setError(null);
    try {
      setProgress((await getProgress(number.trim(), code.trim())) as VerifiedProgress);
    } catch (err) {
      setProgress(null);
      const status = err instanceof PublicCallError ? err.status : 0;
      setError(
        status === 404 ? t('h5.noMatch') : status === 429 ? t('h5.tooMany') : status === 422 ? t('h5.badNumber') : t('common.networkError'),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form className="h5-card h5-form" onSubmit={submit} noValidate>
        <h1>{t('h5.trackTitle')}</h1>
        <label>
          {t('h5.number')}
          <input
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            placeholder="TK-20261125-XXXXXXXX"
            autoCapitalize="characters"
          />
        </label>
        <label>
          {t('h5.code')}
          <input value={code} onChange={(e) => setCode(e.target.value)} inputMode="text" autoComplete="off" />
          <small>{t('h5.codeHint')}</small>
        </label>
        {error ? (
          <p className="h5-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? t('common.loading') : t('h5.track')}
        </button>
      </form>
      {progress ? <ProgressView progress={progress} /> : null}
      {progress?.access ? (
        <WorkActions progress={progress} token={progress.access.token} onChange={(p) => setProgress({ ...p, access: progress.access })} />
      ) : null}
    </>
  );
}

function ProgressView({ progress }: { progress: Progress }) {
  const { t, lang } = useI18n();
  return (
    <section className="h5-card" aria-live="polite">
      <h2>
        {progress.number} · {pick(progress.statusLabel, lang)}
      </h2>
      {progress.actionNeeded ? <p className="h5-action">{t('h5.actionNeeded')}</p> : null}
      <ol className="h5-milestones">
        {progress.milestones.map((m) => (
          <li key={m.key} className={`h5-ms h5-ms-${m.state}`}>
            <span>{pick(m.label, lang)}</span>
            {m.at ? <small>{formatDateTime(m.at, lang)}</small> : null}
          </li>
        ))}
      </ol>
      {progress.next ? (
        <p className="h5-next">
          {pick(progress.next.label, lang)}
          {progress.next.by ? `：${formatDateTime(progress.next.by, lang)}` : ''}
        </p>
      ) : null}
      <h3>{t('h5.history')}</h3>
      <ul className="h5-steps">
        {[...progress.steps].reverse().map((s, i) => (
          <li key={`${s.at}-${i}`}>
            <small>{formatDateTime(s.at, lang)}</small>
            <span>{pick(s.label, lang)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

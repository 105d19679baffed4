import { useEffect, useState } from 'react';
import { archivesApi } from '../api/archives-client';
import { EXPIRY_WINDOWS, type Contract } from '../api/archive-types';
import { DaysLeft } from '../components/archive-labels';
import { useI18n } from '../i18n';
import { href, navigate } from '../lib/hash-route';
import { isAbort, problemMessage } from '../lib/problem-message';
import { daysUntil } from '../lib/warranty';

/** Contracts that end within 30, 60 or 90 days: the renewal call list. */
export function ContractsPage({ params }: { params: URLSearchParams }) {
  const { t, label } = useI18n();
  const asked = Number(params.get('within'));
  const within = (EXPIRY_WINDOWS as readonly number[]).includes(asked) ? asked : 30;
  const [items, setItems] = useState<Contract[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [reloadToken, setReloadToken] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    archivesApi
      .expiringContracts(within, ctrl.signal)
      .then(setItems)
      .catch((err: unknown) => {
        if (!isAbort(err)) setError(problemMessage(err, t));
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
  }, [within, reloadToken]);

  const rows = items ?? [];
  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>{t('contracts.title')}</h1>
          <p className="page-sub">{t('contracts.subtitle')}</p>
        </div>
        <div className="page-head-actions">
          <button type="button" className="btn" onClick={() => setReloadToken((n) => n + 1)} disabled={loading}>
            {t('common.refresh')}
          </button>
        </div>
      </div>

      <div className="filters card">
        <span className="filter-select-label">{t('contracts.within')}</span>
        <div className="segmented" role="group" aria-label={t('contracts.within')}>
          {EXPIRY_WINDOWS.map((d) => (
            <button
              key={d}
              type="button"
              className={`btn btn-sm${d === within ? ' is-active' : ''}`}
              aria-pressed={d === within}
              onClick={() => navigate(href.contracts(new URLSearchParams({ within: String(d) })), { replace: true })}
            >
              {t('contracts.days', { n: d })}
            </button>
          ))}
        </div>
      </div>

      {error && (
        <div className="alert alert-error" role="alert">
          <span>{error}</span>
          <button type="button" className="btn btn-sm" onClick={() => setReloadToken((n) => n + 1)}>
            {t('common.retry')}
          </button>
        </div>
      )}

      <div className={`card table-card${loading ? ' is-loading' : ''}`}>
        <table className="records contracts">
          <thead>
            <tr>
              <th>{t('contracts.col.contract')}</th>
              <th>{t('contracts.col.customer')}</th>
              <th>{t('contracts.col.kind')}</th>
              <th>{t('contracts.col.term')}</th>
              <th>{t('contracts.col.left')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((k) => {
              const days = k.daysLeft ?? daysUntil(k.endsOn);
              return (
                <tr key={k.id} data-contract={k.id}>
                  <td className="cell-head">
                    <span className="record-title">{k.name}</span>
                    <span className="mono muted record-id">{k.id}</span>
                  </td>
                  <td data-label={t('contracts.col.customer')}>
                    <a href={href.customer(k.customerId, 'contracts')} className="contract-customer">
                      {k.customerName ?? k.customerId}
                    </a>
                  </td>
                  <td data-label={t('contracts.col.kind')}>{label('contractKind', k.kind)}</td>
                  <td data-label={t('contracts.col.term')} className="nowrap">
                    <span className="nowrap">{k.startsOn}</span> ~ <span className="nowrap">{k.endsOn}</span>
                  </td>
                  <td data-label={t('contracts.col.left')} className="cell-warranty">
                    {days === null ? <span className="muted">{t('common.none')}</span> : <DaysLeft days={days} />}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {loading && rows.length === 0 && <p className="table-empty">{t('common.loading')}</p>}
        {!loading && !error && rows.length === 0 && <p className="table-empty">{t('contracts.empty', { n: within })}</p>}
      </div>
      {rows.length > 0 && <p className="muted">{t('contracts.count', { count: rows.length, n: within })}</p>}
    </section>
  );
}

import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { archivesApi } from '../api/archives-client';
import type { Asset } from '../api/archive-types';
import { ApiError } from '../api/client';
import type { Ticket } from '../api/types';
import { AssetStatusBadge, WarrantyBadge } from '../components/archive-labels';
import { useI18n, type MessageKey } from '../i18n';
import { href } from '../lib/hash-route';
import { isAbort, problemMessage } from '../lib/problem-message';
import { TicketsTable } from './customer-360-page';

/**
 * The QR code of an asset as an object URL: the image needs the Authorization header, which an
 * <img src> cannot send. The URL is revoked when the asset changes or the page goes away.
 */
function useQrImage(assetId: string) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { t } = useI18n();
  useEffect(() => {
    const ctrl = new AbortController();
    let objectUrl: string | null = null;
    setUrl(null);
    setError(null);
    archivesApi
      .assetQr(assetId, ctrl.signal)
      .then((blob) => {
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch((err: unknown) => {
        if (!isAbort(err)) setError(problemMessage(err, t));
      });
    return () => {
      ctrl.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [assetId]);
  return { url, error };
}

/** The names of the asset's owner and site, which the asset row only has the ids of. */
function useNames(asset: Asset | null) {
  const [names, setNames] = useState<{ customer?: string; site?: string }>({});
  const customerId = asset?.customerId;
  const siteId = asset?.siteId;
  useEffect(() => {
    const ctrl = new AbortController();
    setNames({});
    if (customerId)
      archivesApi
        .getCustomer(customerId, ctrl.signal)
        .then((c) => setNames((n) => ({ ...n, customer: c.name })))
        .catch(() => {});
    if (siteId)
      archivesApi
        .getSite(siteId, ctrl.signal)
        .then((s) => setNames((n) => ({ ...n, site: s.name })))
        .catch(() => {});
    return () => ctrl.abort();
  }, [customerId, siteId]);
  return names;
}

export function AssetDetailPage({ assetId }: { assetId: string }) {
  const { t } = useI18n();
  const [asset, setAsset] = useState<Asset | null>(null);
  const [tickets, setTickets] = useState<Ticket[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ticketsError, setTicketsError] = useState<string | null>(null);
  const [notFound, setNotFound] = useState(false);
  const qr = useQrImage(assetId);
  const names = useNames(asset);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      setError(null);
      setTicketsError(null);
      const [a, tk] = await Promise.allSettled([archivesApi.getAsset(assetId, signal), archivesApi.assetTickets(assetId, signal)]);
      if (signal?.aborted) return;
      if (a.status === 'fulfilled') setAsset(a.value);
      else if (a.reason instanceof ApiError && a.reason.status === 404) setNotFound(true);
      else if (!isAbort(a.reason)) setError(problemMessage(a.reason, t));
      if (tk.status === 'fulfilled') setTickets(tk.value.items);
      else if (!isAbort(tk.reason)) setTicketsError(problemMessage(tk.reason, t));
    },
    [assetId],
  );
  useEffect(() => {
    const ctrl = new AbortController();
    void load(ctrl.signal);
    return () => ctrl.abort();
  }, [load]);

  const back = (
    <a className="back-link" href={asset?.customerId ? href.customer(asset.customerId, 'assets') : href.assets()}>
      ← {asset?.customerId ? t('asset.backToCustomer') : t('asset.backToList')}
    </a>
  );
  if (notFound)
    return (
      <section className="page">
        <a className="back-link" href={href.assets()}>
          ← {t('asset.backToList')}
        </a>
        <div className="card empty-state">
          <p>{t('asset.notFound', { id: assetId })}</p>
        </div>
      </section>
    );
  if (!asset)
    return (
      <section className="page">
        {back}
        {error ? (
          <div className="alert alert-error" role="alert">
            <span>{error}</span>
            <button type="button" className="btn btn-sm" onClick={() => void load()}>
              {t('common.retry')}
            </button>
          </div>
        ) : (
          <p className="muted">{t('common.loading')}</p>
        )}
      </section>
    );

  const none = <span className="muted">{t('common.none')}</span>;
  const field = (key: MessageKey, value: ReactNode) => (
    <div key={key}>
      <dt>{t(key)}</dt>
      <dd>{value === null || value === undefined || value === '' ? none : value}</dd>
    </div>
  );
  const attributes = Object.entries(asset.attributes ?? {});
  const newTicket = href.newTicket({ customerId: asset.customerId, sku: asset.sku, assetId: asset.id, serialNo: asset.serialNo });

  return (
    <section className="page">
      {back}
      <div className="card detail-head">
        <div className="detail-title">
          <h1 className="mono">{asset.serialNo}</h1>
          <AssetStatusBadge status={asset.status} />
          <WarrantyBadge endsOn={asset.warrantyEndsOn} />
        </div>
        <div className="page-head-actions">
          {asset.customerId ? (
            <a className="btn btn-primary" href={newTicket}>
              + {t('asset.newTicket')}
            </a>
          ) : null}
        </div>
      </div>

      <div className="detail-grid">
        <div className="detail-side">
          <section className="card panel qr-panel" aria-labelledby="qr-title">
            <div className="panel-head">
              <h2 id="qr-title">{t('asset.qr.title')}</h2>
            </div>
            {qr.url ? (
              <img className="qr-image" src={qr.url} alt={t('asset.qr.alt', { serial: asset.serialNo })} width={220} height={220} />
            ) : qr.error ? (
              <div className="alert alert-error" role="alert">
                {qr.error}
              </div>
            ) : (
              <p className="muted">{t('common.loading')}</p>
            )}
            <p className="muted qr-hint">{t('asset.qr.hint')}</p>
            {qr.url && (
              <a className="btn btn-sm" href={qr.url} download={`qr-${asset.serialNo}.svg`}>
                {t('asset.qr.download')}
              </a>
            )}
          </section>
        </div>

        <div className="detail-main">
          <section className="card panel" aria-labelledby="asset-info">
            <div className="panel-head">
              <h2 id="asset-info">{asset.name || asset.model}</h2>
            </div>
            <dl className="kv kv-grid">
              {field('asset.field.model', asset.model)}
              {field('asset.field.sku', asset.sku && <span className="mono">{asset.sku}</span>)}
              {field('asset.field.name', asset.name)}
              {field(
                'asset.field.customer',
                asset.customerId && <a href={href.customer(asset.customerId)}>{names.customer ?? asset.customerId}</a>,
              )}
              {field('asset.field.site', asset.siteId && (names.site ?? asset.siteId))}
              {field('asset.field.project', asset.projectId)}
              {field('asset.field.producedOn', asset.producedOn)}
              {field('asset.field.installedOn', asset.installedOn)}
              {field('asset.field.warrantyEndsOn', asset.warrantyEndsOn)}
              {attributes.map(([k, v]) => (
                <div key={`attr-${k}`}>
                  <dt>{k}</dt>
                  <dd>{v === null ? none : String(v)}</dd>
                </div>
              ))}
            </dl>
          </section>

          <section className="card panel" aria-labelledby="asset-tickets">
            <div className="panel-head">
              <h2 id="asset-tickets">{t('asset.tickets')}</h2>
            </div>
            {ticketsError ? (
              <div className="alert alert-error" role="alert">
                {ticketsError}
              </div>
            ) : tickets === null ? (
              <p className="muted">{t('common.loading')}</p>
            ) : (
              <TicketsTable tickets={tickets} empty={t('asset.noTickets')} />
            )}
          </section>
        </div>
      </div>
    </section>
  );
}

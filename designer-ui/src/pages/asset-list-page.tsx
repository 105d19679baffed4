import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { archivesApi } from '../api/archives-client';
import { ASSET_STATUSES, type Asset, type AssetFilters } from '../api/archive-types';
import { AssetStatusBadge, WarrantyBadge } from '../components/archive-labels';
import { FilterSelect } from '../components/filter-select';
import { ListFoot } from '../components/list-foot';
import { useI18n } from '../i18n';
import { href, navigate } from '../lib/hash-route';
import { usePagedList } from '../lib/use-paged-list';

const idOf = (a: Asset) => a.id;

function filtersFrom(p: URLSearchParams): AssetFilters {
  return { q: p.get('q')?.trim() || undefined, status: p.get('status') || undefined, customerId: p.get('customerId') || undefined };
}

function paramsFrom(f: AssetFilters): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of ['q', 'status', 'customerId'] as const) if (f[k]) p.set(k, f[k]);
  return p;
}

export function AssetListPage({ params }: { params: URLSearchParams }) {
  const { t, label } = useI18n();
  const key = params.toString();
  const filters = useMemo(() => filtersFrom(new URLSearchParams(key)), [key]);
  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => setText(filters.q ?? ''), [filters.q]);

  const list = usePagedList(key, ({ cursor, signal }) => archivesApi.listAssets(filters, { cursor, signal }), idOf);
  const update = (patch: Partial<AssetFilters>) => navigate(href.assets(paramsFrom({ ...filters, ...patch })), { replace: true });
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    update({ q: text.trim() || undefined });
  };
  const none = <span className="muted">{t('common.none')}</span>;

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>{t('assets.title')}</h1>
          <p className="page-sub">{t('assets.subtitle')}</p>
        </div>
        <div className="page-head-actions">
          <button type="button" className="btn" onClick={list.reload} disabled={list.loading}>
            {t('common.refresh')}
          </button>
        </div>
      </div>

      <div className="filters card">
        <FilterSelect
          id="f-status"
          label={t('assets.filter.status')}
          value={filters.status ?? ''}
          options={ASSET_STATUSES.map((v) => ({ value: v, label: label('assetStatus', v) }))}
          onChange={(status) => update({ status: status || undefined })}
        />
        <form className="search" role="search" onSubmit={onSearch}>
          <input
            type="search"
            aria-label={t('assets.filter.q')}
            placeholder={t('assets.filter.qPlaceholder')}
            value={text}
            maxLength={200}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="btn">
            {t('list.filter.search')}
          </button>
        </form>
        {(filters.q || filters.status || filters.customerId) && (
          <button type="button" className="btn btn-link" onClick={() => navigate(href.assets(), { replace: true })}>
            {t('list.filter.reset')}
          </button>
        )}
      </div>

      {list.error && (
        <div className="alert alert-error" role="alert">
          <span>{list.error}</span>
          <button type="button" className="btn btn-sm" onClick={list.reload}>
            {t('common.retry')}
          </button>
        </div>
      )}

      <div className={`card table-card${list.loading ? ' is-loading' : ''}`}>
        <table className="records assets">
          <thead>
            <tr>
              <th>{t('asset.field.serialNo')}</th>
              <th>{t('asset.field.model')}</th>
              <th>{t('asset.field.customer')}</th>
              <th>{t('asset.field.site')}</th>
              <th>{t('asset.field.status')}</th>
              <th>{t('asset.field.warranty')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((a) => (
              <tr
                key={a.id}
                onClick={(e) => {
                  if (!(e.target as HTMLElement).closest('a')) navigate(href.asset(a.id));
                }}
              >
                <td className="cell-head">
                  <a href={href.asset(a.id)} className="record-title mono">
                    {a.serialNo}
                  </a>
                  {a.name && <span className="muted record-id">{a.name}</span>}
                </td>
                <td data-label={t('asset.field.model')}>{a.model}</td>
                <td data-label={t('asset.field.customer')}>
                  {a.customerId ? <a href={href.customer(a.customerId)}>{a.customerName ?? a.customerId}</a> : none}
                </td>
                <td data-label={t('asset.field.site')}>{(a.siteId && (a.siteName ?? a.siteId)) || none}</td>
                <td data-label={t('asset.field.status')}>
                  <AssetStatusBadge status={a.status} />
                </td>
                <td data-label={t('asset.field.warranty')} className="cell-warranty">
                  <WarrantyBadge endsOn={a.warrantyEndsOn} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.loading && list.items.length === 0 && <p className="table-empty">{t('common.loading')}</p>}
        {!list.loading && !list.error && list.items.length === 0 && <p className="table-empty">{t('assets.empty')}</p>}
      </div>

      <ListFoot
        count={list.items.length}
        hasMore={Boolean(list.nextCursor)}
        busy={list.loadingMore || list.loading}
        onMore={list.loadMore}
      />
    </section>
  );
}

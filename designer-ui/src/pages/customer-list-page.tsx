import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { archivesApi } from '../api/archives-client';
import { CUSTOMER_TIERS, REGIONS, type Customer, type CustomerFilters } from '../api/archive-types';
import { TierBadge } from '../components/archive-labels';
import { FilterSelect } from '../components/filter-select';
import { ListFoot } from '../components/list-foot';
import { useI18n } from '../i18n';
import { href, navigate } from '../lib/hash-route';
import { usePagedList } from '../lib/use-paged-list';

const idOf = (c: Customer) => c.id;

function filtersFrom(p: URLSearchParams): CustomerFilters {
  return { q: p.get('q')?.trim() || undefined, tier: p.get('tier') || undefined, region: p.get('region') || undefined };
}

function paramsFrom(f: CustomerFilters): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of ['q', 'tier', 'region'] as const) if (f[k]) p.set(k, f[k]);
  return p;
}

/** "广东 · 广州" from whichever of region, province and city the customer has. */
export function placeText(x: { region?: string | null; province?: string | null; city?: string | null }): string {
  return [x.province, x.city].filter(Boolean).join(' · ') || x.region || '';
}

export function CustomerListPage({ params }: { params: URLSearchParams }) {
  const { t, label } = useI18n();
  const key = params.toString();
  const filters = useMemo(() => filtersFrom(new URLSearchParams(key)), [key]);
  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => setText(filters.q ?? ''), [filters.q]);

  const list = usePagedList(key, ({ cursor, signal }) => archivesApi.listCustomers(filters, { cursor, signal }), idOf);
  const update = (patch: Partial<CustomerFilters>) => navigate(href.customers(paramsFrom({ ...filters, ...patch })), { replace: true });
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    update({ q: text.trim() || undefined });
  };
  const hasFilters = Boolean(filters.q || filters.tier || filters.region);
  const none = <span className="muted">{t('common.none')}</span>;

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>{t('customers.title')}</h1>
          <p className="page-sub">{t('customers.subtitle')}</p>
        </div>
        <div className="page-head-actions">
          <button type="button" className="btn" onClick={list.reload} disabled={list.loading}>
            {t('common.refresh')}
          </button>
          <a className="btn btn-primary" href={href.newCustomer()}>
            + {t('customers.new')}
          </a>
        </div>
      </div>

      <div className="filters card">
        <FilterSelect
          id="f-tier"
          label={t('customers.filter.tier')}
          value={filters.tier ?? ''}
          options={CUSTOMER_TIERS.map((v) => ({ value: v, label: label('tier', v) }))}
          onChange={(tier) => update({ tier: tier || undefined })}
        />
        <FilterSelect
          id="f-region"
          label={t('customers.filter.region')}
          value={filters.region ?? ''}
          options={REGIONS.map((v) => ({ value: v, label: v }))}
          onChange={(region) => update({ region: region || undefined })}
        />
        <form className="search" role="search" onSubmit={onSearch}>
          <input
            type="search"
            aria-label={t('customers.filter.q')}
            placeholder={t('customers.filter.qPlaceholder')}
            value={text}
            maxLength={200}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="btn">
            {t('list.filter.search')}
          </button>
        </form>
        {hasFilters && (
          <button type="button" className="btn btn-link" onClick={() => navigate(href.customers(), { replace: true })}>
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
        <table className="records customers">
          <thead>
            <tr>
              <th>{t('customers.col.name')}</th>
              <th>{t('customers.col.tier')}</th>
              <th>{t('customers.col.type')}</th>
              <th>{t('customers.col.phone')}</th>
              <th>{t('customers.col.place')}</th>
              <th>{t('customers.col.contact')}</th>
              <th>{t('customers.col.tags')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((c) => (
              <tr
                key={c.id}
                onClick={(e) => {
                  if (!(e.target as HTMLElement).closest('a')) navigate(href.customer(c.id));
                }}
              >
                <td className="cell-head">
                  <a href={href.customer(c.id)} className="record-title">
                    {c.name}
                  </a>
                  <span className="mono muted record-id">{c.id}</span>
                </td>
                <td data-label={t('customers.col.tier')} className="cell-badge">
                  <TierBadge tier={c.tier} />
                </td>
                <td data-label={t('customers.col.type')}>{label('customerType', c.type)}</td>
                <td data-label={t('customers.col.phone')} className="mono nowrap">
                  {c.phone || none}
                </td>
                <td data-label={t('customers.col.place')}>{placeText(c) || none}</td>
                <td data-label={t('customers.col.contact')}>{c.contacts?.[0]?.name || none}</td>
                <td data-label={t('customers.col.tags')}>
                  {c.tags?.length ? (
                    <span className="tags">
                      {c.tags.map((tag) => (
                        <span key={tag} className="tag">
                          {tag}
                        </span>
                      ))}
                    </span>
                  ) : (
                    none
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.loading && list.items.length === 0 && <p className="table-empty">{t('common.loading')}</p>}
        {!list.loading && !list.error && list.items.length === 0 && <p className="table-empty">{t('customers.empty')}</p>}
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

import { useEffect, useMemo, useState } from 'react';
import { archivesApi } from '../api/archives-client';
import { REGIONS, SITE_STATUSES, type Asset, type Project, type Site, type SiteFilters } from '../api/archive-types';
import type { Ticket } from '../api/types';
import { AssetStatusBadge, SiteStatusBadge } from '../components/archive-labels';
import { PriorityTag, StatusBadge } from '../components/ticket-labels';
import { FilterSelect } from '../components/filter-select';
import { SiteMap, hasCoordinates } from '../components/site-map';
import { useI18n } from '../i18n';
import { href, navigate } from '../lib/hash-route';
import { isAbort, problemMessage } from '../lib/problem-message';

/** The map shows every matching site; past this many it says so instead of loading on. */
const MAX_SITES = 5000;
const PAGE = 1000;

const FILTER_KEYS = ['region', 'projectId', 'status', 'openTickets', 'installedFrom', 'installedTo', 'customerId'] as const;

function filtersFrom(p: URLSearchParams): SiteFilters {
  const f: SiteFilters = {};
  for (const k of FILTER_KEYS) if (p.get(k)) f[k] = p.get(k)!;
  return f;
}

function paramsFrom(f: SiteFilters, selected: string | null): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k]) p.set(k, f[k]);
  if (selected) p.set('site', selected);
  return p;
}

/** Installation sites (安装点) on a map, coloured by status, with filters and a card for the clicked site. */
export function SitesMapPage({ params }: { params: URLSearchParams }) {
  const { t, label } = useI18n();
  const selectedId = params.get('site');
  const filterKey = paramsFrom(filtersFrom(params), null).toString();
  const filters = useMemo(() => filtersFrom(new URLSearchParams(filterKey)), [filterKey]);

  const [sites, setSites] = useState<Site[]>([]);
  const [truncated, setTruncated] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [projects, setProjects] = useState<Project[]>([]);
  const [reloadToken, setReloadToken] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    archivesApi
      .listProjects({ signal: ctrl.signal, customerId: filters.customerId })
      .then((p) => setProjects(p.items))
      .catch(() => {
        /* the project filter just offers nothing to choose */
      });
    return () => ctrl.abort();
  }, [filters.customerId]);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    (async () => {
      const all: Site[] = [];
      let cursor: string | null = null;
      do {
        const page = await archivesApi.listSites(filters, { cursor, limit: PAGE, signal: ctrl.signal });
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && all.length < MAX_SITES);
      return { all, more: Boolean(cursor) };
    })()
      .then(({ all, more }) => {
        setSites(all);
        setTruncated(more);
      })
      .catch((err: unknown) => {
        if (!isAbort(err)) setError(problemMessage(err, t));
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
  }, [filters, reloadToken]);

  const update = (patch: Partial<SiteFilters>) => navigate(href.sites(paramsFrom({ ...filters, ...patch }, null)), { replace: true });
  const select = (id: string | null) => navigate(href.sites(paramsFrom(filters, id)), { replace: true });

  const located = sites.filter(hasCoordinates);
  const unlocated = sites.filter((s) => !hasCoordinates(s));
  const selected = sites.find((s) => s.id === selectedId) ?? null;
  const hasFilters = FILTER_KEYS.some((k) => filters[k]);

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>{t('sites.title')}</h1>
          <p className="page-sub">
            {loading
              ? t('common.loading')
              : t('sites.summary', { total: sites.length, located: located.length, unlocated: unlocated.length })}
            {truncated && ` ${t('sites.truncated', { max: MAX_SITES })}`}
          </p>
        </div>
        <div className="page-head-actions">
          <button type="button" className="btn" onClick={() => setReloadToken((n) => n + 1)} disabled={loading}>
            {t('common.refresh')}
          </button>
        </div>
      </div>

      <div className="filters card">
        <FilterSelect
          id="f-region"
          label={t('sites.filter.region')}
          value={filters.region ?? ''}
          options={REGIONS.map((v) => ({ value: v, label: v }))}
          onChange={(region) => update({ region: region || undefined })}
        />
        <FilterSelect
          id="f-project"
          label={t('sites.filter.project')}
          value={filters.projectId ?? ''}
          options={projects.map((p) => ({ value: p.id, label: p.name }))}
          onChange={(projectId) => update({ projectId: projectId || undefined })}
        />
        <FilterSelect
          id="f-status"
          label={t('sites.filter.status')}
          value={filters.status ?? ''}
          options={SITE_STATUSES.map((v) => ({ value: v, label: label('siteStatus', v) }))}
          onChange={(status) => update({ status: status || undefined })}
        />
        <FilterSelect
          id="f-open-tickets"
          label={t('sites.filter.openTickets')}
          value={filters.openTickets ?? ''}
          options={[
            { value: 'true', label: t('sites.openTickets.true') },
            { value: 'false', label: t('sites.openTickets.false') },
          ]}
          onChange={(openTickets) => update({ openTickets: openTickets || undefined })}
        />
        <label className={`filter-select filter-dates${filters.installedFrom || filters.installedTo ? ' has-value' : ''}`}>
          <span className="filter-select-label">{t('sites.filter.installed')}</span>
          <input
            type="date"
            aria-label={t('sites.filter.installedFrom')}
            value={filters.installedFrom ?? ''}
            max={filters.installedTo}
            onChange={(e) => update({ installedFrom: e.target.value || undefined })}
          />
          <span aria-hidden="true">~</span>
          <input
            type="date"
            aria-label={t('sites.filter.installedTo')}
            value={filters.installedTo ?? ''}
            min={filters.installedFrom}
            onChange={(e) => update({ installedTo: e.target.value || undefined })}
          />
        </label>
        {hasFilters && (
          <button type="button" className="btn btn-link" onClick={() => navigate(href.sites(), { replace: true })}>
            {t('list.filter.reset')}
          </button>
        )}
      </div>

      {error && (
        <div className="alert alert-error" role="alert">
          <span>{error}</span>
          <button type="button" className="btn btn-sm" onClick={() => setReloadToken((n) => n + 1)}>
            {t('common.retry')}
          </button>
        </div>
      )}

      <div className="map-layout">
        <div className={`card map-card${loading ? ' is-loading' : ''}`}>
          <SiteMap sites={sites} selectedId={selectedId} onSelect={select} />
        </div>
        <aside className="map-side">
          {selected ? (
            <SiteCard site={selected} onClose={() => select(null)} />
          ) : (
            <div className="card panel muted site-card-empty">{t('sites.pickOne')}</div>
          )}
          {unlocated.length > 0 && (
            <details className="card panel unlocated">
              <summary>{t('sites.unlocated', { count: unlocated.length })}</summary>
              <ul>
                {unlocated.map((s) => (
                  <li key={s.id}>
                    <button type="button" className="btn-link btn btn-sm" onClick={() => select(s.id)}>
                      {s.name}
                    </button>
                    <span className="muted">{s.address}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </aside>
      </div>
    </section>
  );
}

/** The clicked site: address, contact, counts and customer, then its products and their ticket history. */
function SiteCard({ site, onClose }: { site: Site; onClose: () => void }) {
  const { t } = useI18n();
  // The list has the counts; the card also names the customer, which the site row only has the id of.
  const [customerName, setCustomerName] = useState<string | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    setCustomerName(null);
    archivesApi
      .getCustomer(site.customerId, ctrl.signal)
      .then((c) => setCustomerName(c.name))
      .catch(() => {
        /* the link shows the customer id instead */
      });
    return () => ctrl.abort();
  }, [site.customerId]);
  const s = site;
  const none = <span className="muted">{t('common.none')}</span>;
  const count = (n: number | undefined) => (n === undefined ? none : n);
  return (
    <section className="card panel site-card" aria-labelledby="site-card-title" data-site={s.id}>
      <div className="panel-head">
        <h2 id="site-card-title">{s.name}</h2>
        <button type="button" className="flash-close" aria-label={t('common.close')} onClick={onClose}>
          ×
        </button>
      </div>
      <div>
        <SiteStatusBadge status={s.status} />
      </div>
      <dl className="kv kv-compact">
        <div>
          <dt>{t('site.field.address')}</dt>
          <dd>{[s.province, s.city, s.district, s.address].filter(Boolean).join(' ')}</dd>
        </div>
        <div>
          <dt>{t('site.field.contact')}</dt>
          <dd>
            {s.contactName || s.contactPhone ? (
              <>
                {s.contactName} <span className="mono">{s.contactPhone}</span>
              </>
            ) : (
              none
            )}
          </dd>
        </div>
        <div>
          <dt>{t('site.field.assets')}</dt>
          <dd className="site-assets">{count(s.assetCount)}</dd>
        </div>
        <div>
          <dt>{t('site.field.openTickets')}</dt>
          <dd className="site-open-tickets">
            {count(s.openTicketCount)}
            {s.worstOpenPriority && (
              <>
                {' '}
                <PriorityTag priority={s.worstOpenPriority} />
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('site.field.customer')}</dt>
          <dd>
            <a href={href.customer(s.customerId)} className="site-customer-link">
              {customerName ?? s.customerName ?? s.customerId}
            </a>
          </dd>
        </div>
      </dl>
      <SiteProducts siteId={s.id} />
    </section>
  );
}

/** Products listed in the card; their tickets are fetched per product, so only this many are followed. */
const CARD_ASSETS = 20;

/** The site's products (linking to their pages) and the tickets about them, open ones first. */
function SiteProducts({ siteId }: { siteId: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<
    { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ok'; assets: Asset[]; more: boolean; tickets: Ticket[] }
  >({ kind: 'loading' });
  useEffect(() => {
    const ctrl = new AbortController();
    setState({ kind: 'loading' });
    (async () => {
      const page = await archivesApi.listAssets({ siteId }, { limit: CARD_ASSETS, signal: ctrl.signal });
      // asked per product, so each ticket is known to be about that product (the ticket view may not say)
      const histories = await Promise.all(
        page.items.map(async (a) => (await archivesApi.assetTickets(a.id, ctrl.signal)).items.map((tk) => ({ ...tk, assetId: a.id }))),
      );
      const tickets = histories.flat().sort((a, b) => Number(isOpen(b)) - Number(isOpen(a)) || b.createdAt.localeCompare(a.createdAt));
      return { assets: page.items, more: Boolean(page.nextCursor), tickets };
    })()
      .then((v) => setState({ kind: 'ok', ...v }))
      .catch((err: unknown) => {
        if (!isAbort(err)) setState({ kind: 'error', message: problemMessage(err, t) });
      });
    return () => ctrl.abort();
  }, [siteId]);

  if (state.kind === 'loading') return <p className="muted site-products-loading">{t('common.loading')}</p>;
  if (state.kind === 'error')
    return (
      <p className="alert alert-error" role="alert">
        {state.message}
      </p>
    );
  const serialOf = new Map(state.assets.map((a) => [a.id, a.serialNo]));
  return (
    <>
      <h3 className="site-card-sub">{t('sites.panel.assets')}</h3>
      {state.assets.length === 0 ? (
        <p className="muted">{t('sites.panel.noAssets')}</p>
      ) : (
        <ul className="site-card-list site-card-assets">
          {state.assets.map((a) => (
            <li key={a.id}>
              <a href={href.asset(a.id)} className="mono">
                {a.serialNo}
              </a>
              <span>{[a.model, a.name].filter(Boolean).join(' · ')}</span>
              <AssetStatusBadge status={a.status} />
            </li>
          ))}
          {state.more && <li className="muted">{t('sites.panel.moreAssets', { n: CARD_ASSETS })}</li>}
        </ul>
      )}
      <h3 className="site-card-sub">{t('sites.panel.history')}</h3>
      {state.tickets.length === 0 ? (
        <p className="muted">{t('sites.panel.noTickets')}</p>
      ) : (
        <ul className="site-card-list site-card-tickets">
          {state.tickets.map((tk) => (
            <li key={tk.ticketId}>
              <a href={href.ticket(tk.ticketId)} className="mono">
                {tk.ticketId}
              </a>
              <span className="site-card-ticket-meta">
                <PriorityTag priority={tk.priority} /> <StatusBadge status={tk.status} />{' '}
                <span className="muted">
                  {tk.createdAt.slice(0, 10)} · <span className="mono">{serialOf.get(tk.assetId!)}</span>
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Open as the API counts it (domain OPEN_STATUSES: anything not resolved or closed). */
const isOpen = (tk: Ticket) => tk.status !== 'resolved' && tk.status !== 'closed';

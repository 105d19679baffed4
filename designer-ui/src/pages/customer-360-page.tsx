import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { archivesApi } from '../api/archives-client';
import type {
  Asset,
  Contract,
  Coverage,
  Customer360,
  CustomerEntitlements,
  Project,
  QuotaCheck,
  Site,
  TicketSummary,
} from '../api/archive-types';
import { ApiError } from '../api/client';
import { AssetStatusBadge, DaysLeft, SiteStatusBadge, TierBadge, WarrantyBadge } from '../components/archive-labels';
import { PriorityTag, StatusBadge } from '../components/ticket-labels';
import { useI18n, type MessageKey } from '../i18n';
import { formatDateTime } from '../lib/format';
import { href, navigate } from '../lib/hash-route';
import { isAbort, problemMessage } from '../lib/problem-message';
import { daysUntil } from '../lib/warranty';
import { placeText } from './customer-list-page';

export const TABS = ['assets', 'sites', 'projects', 'contracts', 'tickets'] as const;
type Tab = (typeof TABS)[number];

/** Customer–asset 360 (MISSION §8): one call, everything about a customer on one page. */
export function Customer360Page({ customerId, params }: { customerId: string; params: URLSearchParams }) {
  const { t, label } = useI18n();
  const [data, setData] = useState<Customer360 | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [loading, setLoading] = useState(true);
  const tabParam = params.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(tabParam ?? '') ? (tabParam as Tab) : 'assets';

  const load = useCallback(
    async (signal?: AbortSignal) => {
      setLoading(true);
      setError(null);
      try {
        setData(await archivesApi.customer360(customerId, signal));
      } catch (err) {
        if (isAbort(err)) return;
        if (err instanceof ApiError && err.status === 404) setNotFound(true);
        else setError(problemMessage(err, t));
      }
      if (!signal?.aborted) setLoading(false);
    },
    // Not keyed on `t`: switching the language need not reload.
    [customerId],
  );
  useEffect(() => {
    const ctrl = new AbortController();
    void load(ctrl.signal);
    return () => ctrl.abort();
  }, [load]);

  const back = (
    <a className="back-link" href={href.customers()}>
      ← {t('customer.backToList')}
    </a>
  );
  if (notFound)
    return (
      <section className="page">
        {back}
        <div className="card empty-state">
          <p>{t('customer.notFound', { id: customerId })}</p>
        </div>
      </section>
    );
  if (!data)
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

  const c = data.customer;
  const none = <span className="muted">{t('common.none')}</span>;
  const counts: Record<Tab, number> = {
    assets: data.assets.length,
    sites: data.sites.length,
    projects: data.projects.length,
    contracts: data.contracts.length,
    tickets: data.tickets.open.length,
  };
  const newTicket = (asset?: Asset) =>
    href.newTicket({ customerId: c.id, region: c.region, sku: asset?.sku, assetId: asset?.id, serialNo: asset?.serialNo });

  return (
    <section className="page customer-360">
      {back}
      <div className="card detail-head customer-head">
        <div className="customer-head-main">
          <div className="detail-title">
            <h1>{c.name}</h1>
            <TierBadge tier={c.tier} />
            <span className="muted">{label('customerType', c.type)}</span>
          </div>
          <dl className="kv kv-inline">
            <div>
              <dt>{t('customer.field.id')}</dt>
              <dd className="mono">{c.id}</dd>
            </div>
            <div>
              <dt>{t('customer.field.phone')}</dt>
              <dd className="mono">{c.phone || none}</dd>
            </div>
            <div>
              <dt>{t('customer.field.email')}</dt>
              <dd>{c.email || none}</dd>
            </div>
            <div>
              <dt>{t('customer.field.place')}</dt>
              <dd>{[c.region, placeText({ province: c.province, city: c.city })].filter(Boolean).join(' · ') || none}</dd>
            </div>
          </dl>
          {data.counts?.tickets && (
            <ul className="stats" aria-label={t('customer.stats')}>
              <li>
                {t('customer.stat.contracts')}
                <span className="stat-n">{data.counts.contractsInForce ?? data.contracts.length}</span>
              </li>
              <li>
                {t('customer.stat.tickets')}
                <span className="stat-n">{data.counts.tickets.total}</span>
              </li>
              <li>
                {t('customer.stat.last12Months')}
                <span className="stat-n">{data.counts.tickets.last12Months}</span>
              </li>
              <li className={data.counts.tickets.slaBreached ? 'stat-bad' : undefined}>
                {t('customer.stat.slaBreached')}
                <span className="stat-n">{data.counts.tickets.slaBreached}</span>
              </li>
              <li className={data.counts.tickets.reopened ? 'stat-bad' : undefined}>
                {t('customer.stat.reopened')}
                <span className="stat-n">{data.counts.tickets.reopened}</span>
              </li>
            </ul>
          )}
          {c.contacts.length > 0 && (
            <ul className="contacts" aria-label={t('customer.contacts')}>
              {c.contacts.map((p, i) => (
                <li key={i}>
                  <span className="contact-name">{p.name}</span>
                  {p.role && <span className="muted">{p.role}</span>}
                  {p.phone && <span className="mono">{p.phone}</span>}
                  {p.email && <span className="muted">{p.email}</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="page-head-actions customer-head-actions">
          <button type="button" className="btn" onClick={() => void load()} disabled={loading}>
            {loading ? t('common.loading') : t('common.refresh')}
          </button>
          <a className="btn" href={href.editCustomer(c.id)}>
            {t('customer.edit')}
          </a>
          <a className="btn btn-primary" href={newTicket()}>
            + {t('customer.newTicket')}
          </a>
        </div>
      </div>

      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}

      <div className="tabs" role="tablist" aria-label={t('customer.sections')}>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            className={`tab${tab === name ? ' active' : ''}`}
            onClick={() => navigate(href.customer(c.id, name), { replace: true })}
          >
            {t(`customer.tab.${name}` as MessageKey)}
            <span className="tab-count">{counts[name]}</span>
          </button>
        ))}
      </div>

      <div className="card panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'assets' && <AssetsTable assets={data.assets} sites={data.sites} entitlements={data.entitlements} newTicket={newTicket} />}
        {tab === 'sites' && <SitesTable sites={data.sites} />}
        {tab === 'projects' && <ProjectsTable projects={data.projects} />}
        {tab === 'contracts' && <ContractsSection contracts={data.contracts} entitlements={data.entitlements} />}
        {tab === 'tickets' && (
          <>
            <h2>{t('customer.openTickets', { count: data.tickets.open.length })}</h2>
            <TicketsTable tickets={data.tickets.open} empty={t('customer.noOpenTickets')} />
            <h2>{t('customer.recentTickets')}</h2>
            <TicketsTable tickets={data.tickets.recent} empty={t('customer.noTickets')} />
          </>
        )}
      </div>
    </section>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="table-empty">{children}</p>;
}

/** What a ticket on it would be served under: the contract's entitlement, the warranty, or nothing. */
function CoverageTag({ coverage }: { coverage: Coverage | undefined }) {
  const { t, label } = useI18n();
  if (!coverage) return <span className="muted">{t('common.none')}</span>;
  const text = coverage.entitlement ? label('entitlement', coverage.entitlement) : label('coverageReason', coverage.reason);
  const kind = coverage.covered === false ? 'chip-danger-soft' : coverage.covered ? 'chip-ok' : 'chip-warn';
  return (
    <span className={`chip ${kind} coverage-${coverage.reason}`} title={label('coverageReason', coverage.reason)}>
      {text}
      {coverage.contractId ? ` · ${coverage.contractId}` : ''}
    </span>
  );
}

function AssetsTable({
  assets,
  sites,
  entitlements,
  newTicket,
}: {
  assets: Asset[];
  sites: Site[];
  entitlements: CustomerEntitlements | null;
  newTicket: (a: Asset) => string;
}) {
  const { t } = useI18n();
  if (assets.length === 0) return <Empty>{t('customer.noAssets')}</Empty>;
  const siteName = new Map(sites.map((s) => [s.id, s.name]));
  const coverage = new Map((entitlements?.assets ?? []).map((e) => [e.assetId, e.coverage]));
  const none = <span className="muted">{t('common.none')}</span>;
  return (
    <div className="table-scroll">
      <table className="records assets">
        <thead>
          <tr>
            <th>{t('asset.field.serialNo')}</th>
            <th>{t('asset.field.model')}</th>
            <th>{t('asset.field.site')}</th>
            <th>{t('asset.field.status')}</th>
            <th>{t('asset.field.warrantyEndsOn')}</th>
            <th>{t('asset.field.warranty')}</th>
            <th>{t('asset.field.coverage')}</th>
            <th aria-label={t('customer.newTicket')} />
          </tr>
        </thead>
        <tbody>
          {assets.map((a) => (
            <tr key={a.id} data-asset={a.id}>
              <td className="cell-head">
                <a href={href.asset(a.id)} className="record-title mono">
                  {a.serialNo}
                </a>
                {a.name && <span className="muted record-id">{a.name}</span>}
              </td>
              <td data-label={t('asset.field.model')}>{a.model}</td>
              <td data-label={t('asset.field.site')}>{(a.siteId && (a.siteName ?? siteName.get(a.siteId) ?? a.siteId)) || none}</td>
              <td data-label={t('asset.field.status')}>
                <AssetStatusBadge status={a.status} />
              </td>
              <td data-label={t('asset.field.warrantyEndsOn')} className="nowrap">
                {a.warrantyEndsOn || none}
              </td>
              <td data-label={t('asset.field.warranty')} className="cell-warranty">
                <WarrantyBadge endsOn={a.warrantyEndsOn} />
              </td>
              <td data-label={t('asset.field.coverage')}>
                <CoverageTag coverage={coverage.get(a.id)} />
              </td>
              <td className="cell-action">
                <a className="btn btn-sm" href={newTicket(a)}>
                  {t('asset.report')}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SitesTable({ sites }: { sites: Site[] }) {
  const { t } = useI18n();
  if (sites.length === 0) return <Empty>{t('customer.noSites')}</Empty>;
  const none = <span className="muted">{t('common.none')}</span>;
  return (
    <div className="table-scroll">
      <table className="records sites">
        <thead>
          <tr>
            <th>{t('site.field.name')}</th>
            <th>{t('site.field.status')}</th>
            <th>{t('site.field.address')}</th>
            <th>{t('site.field.contact')}</th>
            <th>{t('site.field.onMap')}</th>
          </tr>
        </thead>
        <tbody>
          {sites.map((s) => (
            <tr key={s.id}>
              <td className="cell-head">
                <span className="record-title">{s.name}</span>
                <span className="mono muted record-id">{s.id}</span>
              </td>
              <td data-label={t('site.field.status')}>
                <SiteStatusBadge status={s.status} />
              </td>
              <td data-label={t('site.field.address')}>{[s.province, s.city, s.district, s.address].filter(Boolean).join(' ')}</td>
              <td data-label={t('site.field.contact')}>
                {s.contactName || s.contactPhone ? (
                  <>
                    {s.contactName} <span className="mono">{s.contactPhone}</span>
                  </>
                ) : (
                  none
                )}
              </td>
              <td data-label={t('site.field.onMap')}>
                {s.lat !== null && s.lat !== undefined && s.lng !== null && s.lng !== undefined ? (
                  <a href={href.sites(new URLSearchParams({ customerId: s.customerId, site: s.id }))}>{t('site.showOnMap')}</a>
                ) : (
                  <span className="muted">{t('site.noCoordinates')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ProjectsTable({ projects }: { projects: Project[] }) {
  const { t, label } = useI18n();
  if (projects.length === 0) return <Empty>{t('customer.noProjects')}</Empty>;
  const none = <span className="muted">{t('common.none')}</span>;
  const money = (v: Project['amount']) =>
    v === null || v === undefined || v === '' ? none : `¥${Number(v).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}`;
  return (
    <div className="table-scroll">
      <table className="records projects">
        <thead>
          <tr>
            <th>{t('project.field.name')}</th>
            <th>{t('project.field.status')}</th>
            <th>{t('project.field.region')}</th>
            <th>{t('project.field.amount')}</th>
            <th>{t('project.field.period')}</th>
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => (
            <tr key={p.id}>
              <td className="cell-head">
                <span className="record-title">{p.name}</span>
                <span className="mono muted record-id">{p.id}</span>
              </td>
              <td data-label={t('project.field.status')}>
                <span className={`badge project-${p.status}`}>{label('projectStatus', p.status)}</span>
              </td>
              <td data-label={t('project.field.region')}>{[p.region, p.province].filter(Boolean).join(' · ') || none}</td>
              <td data-label={t('project.field.amount')} className="nowrap">
                {money(p.amount)}
              </td>
              <td data-label={t('project.field.period')} className="nowrap">
                {p.startedOn || p.completedOn ? `${p.startedOn ?? '…'} ~ ${p.completedOn ?? '…'}` : none}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Each contract with its quotas: used of limit in the current period, and what is left. */
function ContractsSection({ contracts, entitlements }: { contracts: Contract[]; entitlements: CustomerEntitlements | null }) {
  const { t, label } = useI18n();
  if (contracts.length === 0) return <Empty>{t('customer.noContracts')}</Empty>;
  // A contract's quotas as the contract reports them, else as the entitlement view found them.
  const fromEntitlements = new Map<string, QuotaCheck[]>();
  for (const e of [entitlements?.general, ...(entitlements?.assets ?? [])])
    for (const c of e?.contracts ?? []) if (!fromEntitlements.has(c.contractId)) fromEntitlements.set(c.contractId, c.quotas);
  return (
    <ul className="contract-list">
      {contracts.map((k) => {
        const quotas = k.quotaStatus ?? fromEntitlements.get(k.id) ?? [];
        const days = k.daysLeft ?? daysUntil(k.endsOn);
        return (
          <li key={k.id} className="contract-item" data-contract={k.id}>
            <div className="contract-head">
              <div>
                <span className="record-title">{k.name}</span> <span className="mono muted">{k.id}</span>
              </div>
              <div className="contract-badges">
                <span className={`badge contract-${k.status}`}>{label('contractStatus', k.status)}</span>
                {k.status === 'active' && days !== null && <DaysLeft days={days} />}
              </div>
            </div>
            <div className="muted contract-meta">
              {label('contractKind', k.kind)} · {k.startsOn} ~ {k.endsOn}
              {k.entitlement && label('entitlement', k.entitlement) !== label('contractKind', k.kind)
                ? ` · ${label('entitlement', k.entitlement)}`
                : ''}
            </div>
            {quotas.length > 0 ? (
              <ul className="quotas">
                {quotas.map((q) => (
                  <li key={q.kind} className={`quota${q.left === 0 ? ' quota-exhausted' : ''}`}>
                    <div className="quota-label">
                      <span>
                        {label('quotaKind', q.kind)}
                        {q.period ? ` · ${label('quotaPeriod', q.period)}` : ''}
                      </span>
                      <span className="quota-numbers">{t('contract.quotaUsed', { used: q.used, limit: q.limit, left: q.left })}</span>
                    </div>
                    <div
                      className="quota-bar"
                      role="meter"
                      aria-valuemin={0}
                      aria-valuemax={q.limit}
                      aria-valuenow={q.used}
                      aria-label={label('quotaKind', q.kind)}
                    >
                      <span style={{ width: `${Math.min(100, (q.used / Math.max(1, q.limit)) * 100)}%` }} />
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted contract-meta">{t('contract.noQuota')}</p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function TicketsTable({ tickets, empty }: { tickets: TicketSummary[]; empty: string }) {
  const { t, lang } = useI18n();
  if (tickets.length === 0) return <Empty>{empty}</Empty>;
  return (
    <div className="table-scroll">
      <table className="records ticket-history">
        <thead>
          <tr>
            <th>{t('list.col.ticketId')}</th>
            <th>{t('list.col.status')}</th>
            <th>{t('list.col.priority')}</th>
            <th>{t('list.col.category')}</th>
            <th>{t('list.col.created')}</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((tk) => (
            <tr key={tk.ticketId}>
              <td className="cell-head">
                <a href={href.ticket(tk.ticketId)} className="mono record-title">
                  {tk.ticketId}
                </a>
              </td>
              <td data-label={t('list.col.status')}>
                <StatusBadge status={tk.status} />
              </td>
              <td data-label={t('list.col.priority')}>
                <PriorityTag priority={tk.priority} />
              </td>
              <td data-label={t('list.col.category')}>
                {[tk.category1, tk.category2, tk.category3].filter(Boolean).join(' / ') || tk.description || (
                  <span className="muted">{t('common.none')}</span>
                )}
              </td>
              <td data-label={t('list.col.created')} className="nowrap">
                {formatDateTime(tk.createdAt, lang)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

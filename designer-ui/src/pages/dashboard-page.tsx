import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { HistogramBucket, ServiceDashboard } from '../../../domain/dashboards/service-dashboard';
import { REGIONS } from '../api/archive-types';
import { query, request } from '../api/client';
import { CHANNELS } from '../api/types';
import { BarListChart } from '../components/charts/bar-list-chart';
import { ColumnChart } from '../components/charts/column-chart';
import { LineChart } from '../components/charts/line-chart';
import { useI18n, type I18n } from '../i18n';
import { formatMinutes } from '../lib/format';
import { href, navigate } from '../lib/hash-route';
import { isAbort, problemMessage } from '../lib/problem-message';

const FILTER_KEYS = ['from', 'to', 'region', 'productLine', 'channel', 'groupId'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Record<FilterKey, string>;

const TZ = 'Asia/Shanghai';
const RANGES = [7, 30, 90] as const;

/** A calendar day in China time, n days before today. */
function dayBefore(n: number): string {
  const d = new Date(Date.now() - n * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

function readFilters(params: URLSearchParams): Filters {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as Filters;
}

function useFormats(i18n: I18n) {
  const { lang, t } = i18n;
  const locale = lang === 'en' ? 'en-GB' : 'zh-CN';
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const dec = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const money = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'CNY',
    currencyDisplay: 'narrowSymbol',
    maximumFractionDigits: 0,
  });
  const none = t('common.none');
  return {
    count: (n: number) => int.format(n),
    tickets: (n: number) => t(n === 1 ? 'dash.unit.ticket' : 'dash.unit.tickets', { n: int.format(n) }),
    pct: (v: number | null) => (v === null ? none : `${dec.format(v)}%`),
    mins: (v: number | null) => (v === null ? none : formatMinutes(v, t)),
    /** fen → yuan */
    yuan: (fen: number) => money.format(fen / 100),
    dec: (v: number | null) => (v === null ? none : dec.format(v)),
  };
}

function bucketLabel(b: HistogramBucket, mins: (v: number) => string): string {
  if (b.fromMinutes === 0 && b.toMinutes !== null) return `<${mins(b.toMinutes)}`;
  if (b.toMinutes === null) return `≥${mins(b.fromMinutes)}`;
  return `${mins(b.fromMinutes)}–${mins(b.toMinutes)}`;
}

/** The customer-service dashboard (客户服务看板): figures from GET /api/v1/dashboards/service. */
export function DashboardPage({ params }: { params: URLSearchParams }) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const fmt = useFormats(i18n);
  const applied = readFilters(params);
  const appliedKey = params.toString();
  const [form, setForm] = useState<Filters>(applied);
  const [data, setData] = useState<ServiceDashboard | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [groups, setGroups] = useState<{ id: string; name: string }[]>([]);

  useEffect(() => setForm(readFilters(params)), [appliedKey]);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    request<ServiceDashboard>(`/api/v1/dashboards/service${query({ ...applied, tz: TZ })}`, { signal: ctrl.signal })
      .then((r) => {
        setData(r.data);
        // The period the server chose (the last 30 days) shows in the date fields.
        setForm((f) => ({ ...f, from: f.from || r.data.filters.from, to: f.to || r.data.filters.to }));
      })
      .catch((err: unknown) => {
        if (!isAbort(err)) setError(problemMessage(err, t));
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
  }, [appliedKey, reload]);

  // The groups are a suggestion list only; a role that may not list them still types a group id.
  useEffect(() => {
    const ctrl = new AbortController();
    request<{ items: { id: string; name: string }[] }>('/api/v1/groups?limit=200', { signal: ctrl.signal }).then(
      (r) => setGroups(r.data.items),
      () => undefined,
    );
    return () => ctrl.abort();
  }, []);

  const apply = (next: Filters) => {
    const p = new URLSearchParams();
    for (const k of FILTER_KEYS) if (next[k].trim()) p.set(k, next[k].trim());
    if (p.toString() === appliedKey) setReload((n) => n + 1);
    else navigate(href.dashboard(p), { replace: true });
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    apply(form);
  };
  const set = (k: FilterKey) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  const d = data;
  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>{t('dash.title')}</h1>
          <p className="page-sub">{t('dash.subtitle')}</p>
        </div>
        <div className="page-head-actions">
          <button type="button" className="btn" onClick={() => setReload((n) => n + 1)} disabled={loading}>
            {t('common.refresh')}
          </button>
        </div>
      </div>

      <form className="card filters dash-filters" onSubmit={onSubmit} aria-label={t('dash.filters')}>
        <label>
          {t('dash.from')}
          <input type="date" value={form.from} max={form.to || undefined} onChange={set('from')} />
        </label>
        <label>
          {t('dash.to')}
          <input type="date" value={form.to} min={form.from || undefined} onChange={set('to')} />
        </label>
        <div className="segmented" role="group" aria-label={t('dash.quickRange')}>
          {RANGES.map((n) => (
            <button
              key={n}
              type="button"
              className="btn btn-sm"
              onClick={() => {
                const next = { ...form, from: dayBefore(n - 1), to: dayBefore(0) };
                setForm(next);
                apply(next);
              }}
            >
              {t('dash.lastDays', { n })}
            </button>
          ))}
        </div>
        <label>
          {t('dash.region')}
          <input list="dash-regions" value={form.region} onChange={set('region')} placeholder={t('common.all')} />
          <datalist id="dash-regions">
            {REGIONS.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </label>
        <label>
          {t('dash.productLine')}
          <input value={form.productLine} onChange={set('productLine')} placeholder={t('dash.productLineHint')} />
        </label>
        <label>
          {t('dash.channel')}
          <select value={form.channel} onChange={set('channel')}>
            <option value="">{t('common.all')}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {label('channel', c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('dash.group')}
          <input list="dash-groups" value={form.groupId} onChange={set('groupId')} placeholder={t('common.all')} />
          <datalist id="dash-groups">
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </datalist>
        </label>
        <button type="submit" className="btn btn-primary">
          {t('dash.apply')}
        </button>
      </form>

      {error && (
        <div className="alert alert-error" role="alert">
          <span>{error}</span>
          <button type="button" className="btn btn-sm" onClick={() => setReload((n) => n + 1)}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {!d && loading && <p className="muted">{t('common.loading')}</p>}

      {d && (
        <div aria-busy={loading} className={loading ? 'is-loading' : undefined}>
          <p className="muted" aria-live="polite">
            {t('dash.period', { from: d.filters.from, to: d.filters.to })}
          </p>
          <div className="dash-kpis">
            <Kpi title={t('dash.kpi.created')} value={fmt.count(d.volume.totals.created)} unit={t('dash.unit.ticketsShort')} />
            <Kpi
              title={t('dash.kpi.sla')}
              value={fmt.pct(d.sla.attainmentPct)}
              note={t('dash.ofResolved', { n: fmt.count(d.sla.withinTarget), total: fmt.count(d.sla.resolved) })}
            />
            <Kpi title={t('dash.kpi.frt')} value={fmt.mins(d.frt.p50Minutes)} note={t('dash.p90', { v: fmt.mins(d.frt.p90Minutes) })} />
            <Kpi title={t('dash.kpi.ttr')} value={fmt.mins(d.ttr.p50Minutes)} note={t('dash.p90', { v: fmt.mins(d.ttr.p90Minutes) })} />
            <Kpi
              title={t('dash.kpi.reopen')}
              value={fmt.pct(d.reopen.ratePct)}
              note={t('dash.ofResolved', { n: fmt.count(d.reopen.reopened), total: fmt.count(d.reopen.resolved) })}
            />
            <Kpi
              title={t('dash.kpi.fcr')}
              value={fmt.pct(d.firstContactResolution.ratePct)}
              note={t('dash.ofResolved', {
                n: fmt.count(d.firstContactResolution.firstContact),
                total: fmt.count(d.firstContactResolution.resolved),
              })}
            />
            <Kpi
              title={t('dash.kpi.punctuality')}
              value={fmt.pct(d.punctuality.ratePct)}
              note={t('dash.punctualityNote', {
                onTime: fmt.count(d.punctuality.onTime),
                early: fmt.count(d.punctuality.early),
                late: fmt.count(d.punctuality.late),
              })}
            />
            <Kpi
              title={t('dash.kpi.partsHit')}
              value={fmt.pct(d.partsHit.ratePct)}
              note={t('dash.ofVisits', { n: fmt.count(d.partsHit.hit), total: fmt.count(d.partsHit.checked) })}
            />
            <Kpi
              title={t('dash.kpi.csat')}
              value={fmt.dec(d.satisfaction.csat.average)}
              unit="/ 5"
              note={t('dash.csatNote', { pct: fmt.pct(d.satisfaction.csat.satisfiedPct), n: fmt.count(d.satisfaction.csat.count) })}
            />
            <Kpi
              title={t('dash.kpi.nps')}
              value={fmt.dec(d.satisfaction.nps.score)}
              note={t('dash.answers', { n: fmt.count(d.satisfaction.nps.count) })}
            />
          </div>

          <div className="dash-grid">
            <Panel wide title={t('dash.volume')} def={t('dash.def.volume')}>
              <LineChart
                title={t('dash.volume')}
                categories={d.volume.days.map((x) => x.day.slice(5))}
                categoryLabel={(c) => `${d.volume.days.find((x) => x.day.endsWith(c))?.day ?? c}`}
                series={[
                  { label: t('dash.created'), values: d.volume.days.map((x) => x.created) },
                  { label: t('dash.resolved'), values: d.volume.days.map((x) => x.resolved) },
                  { label: t('dash.closed'), values: d.volume.days.map((x) => x.closed) },
                ]}
                format={fmt.count}
                empty={t('dash.empty')}
              />
            </Panel>

            <Panel title={t('dash.funnel')} def={t('dash.def.funnel')}>
              <BarListChart
                title={t('dash.funnel')}
                rows={d.funnel
                  .filter((s) => s.reached > 0)
                  .map((s) => ({
                    label: label('status', s.status),
                    values: [s.reached],
                    note: `${fmt.tickets(s.reached)} · ${fmt.mins(s.p50Minutes)} / ${fmt.mins(s.p90Minutes)}`,
                  }))}
                format={fmt.tickets}
                empty={t('dash.empty')}
              />
            </Panel>

            <Panel title={t('dash.topFaults')} def={t('dash.def.topFaults')}>
              <BarListChart
                title={t('dash.topFaults')}
                rows={d.topFaults.map((f) => ({
                  label: [f.category1 ?? t('dash.uncategorised'), f.category2].filter(Boolean).join(' › '),
                  values: [f.count],
                  note: `${fmt.tickets(f.count)} · ${fmt.pct(f.sharePct)}`,
                }))}
                format={fmt.tickets}
                empty={t('dash.empty')}
              />
            </Panel>

            <Panel
              title={t('dash.frt')}
              def={t('dash.def.frt', { p50: fmt.mins(d.frt.p50Minutes), p90: fmt.mins(d.frt.p90Minutes), n: fmt.count(d.frt.count) })}
            >
              <ColumnChart
                title={t('dash.frt')}
                columns={d.frt.buckets.map((b) => ({ label: bucketLabel(b, (m) => formatMinutes(m, t)), value: b.count }))}
                format={fmt.count}
                empty={t('dash.empty')}
              />
            </Panel>

            <Panel
              title={t('dash.ttr')}
              def={t('dash.def.ttr', { p50: fmt.mins(d.ttr.p50Minutes), p90: fmt.mins(d.ttr.p90Minutes), n: fmt.count(d.ttr.count) })}
            >
              <ColumnChart
                title={t('dash.ttr')}
                columns={d.ttr.buckets.map((b) => ({ label: bucketLabel(b, (m) => formatMinutes(m, t)), value: b.count }))}
                format={fmt.count}
                empty={t('dash.empty')}
                colour="#1a8a4d"
              />
            </Panel>

            <Panel title={t('dash.sla')} def={t('dash.def.sla')}>
              {d.sla.breachesByPriority.length === 0 ? (
                <p className="chart-empty">{t('dash.empty')}</p>
              ) : (
                <table className="dash-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('dash.priority')}</th>
                      <th scope="col">{t('dash.ticketsCol')}</th>
                      <th scope="col">{t('dash.ttrBreached')}</th>
                      <th scope="col">{t('dash.flagged')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.sla.breachesByPriority.map((r) => (
                      <tr key={r.priority}>
                        <th scope="row">{label('priority', r.priority)}</th>
                        <td>{fmt.count(r.tickets)}</td>
                        <td>{fmt.count(r.ttrBreached)}</td>
                        <td>{fmt.count(r.flagged)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Panel>

            <Panel title={t('dash.satisfaction')} def={t('dash.def.satisfaction')}>
              <BarListChart
                title={t('dash.satisfaction')}
                segments={[t('dash.promoters'), t('dash.passives'), t('dash.detractors')]}
                rows={
                  d.satisfaction.nps.count === 0
                    ? []
                    : [
                        {
                          label: 'NPS',
                          values: [d.satisfaction.nps.promoters, d.satisfaction.nps.passives, d.satisfaction.nps.detractors],
                          note: `${fmt.dec(d.satisfaction.nps.score)} · ${t('dash.answers', { n: fmt.count(d.satisfaction.nps.count) })}`,
                        },
                      ]
                }
                format={fmt.count}
                empty={t('dash.empty')}
              />
            </Panel>

            <Panel wide title={t('dash.costBySku')} def={t('dash.def.cost', { total: fmt.yuan(d.cost.totals.totalFen) })}>
              <CostChart title={t('dash.costBySku')} lines={d.cost.bySku} unknown={t('dash.unknown')} fmt={fmt.yuan} t={t} />
            </Panel>
            <Panel wide title={t('dash.costByRegion')}>
              <CostChart title={t('dash.costByRegion')} lines={d.cost.byRegion} unknown={t('dash.unknown')} fmt={fmt.yuan} t={t} />
            </Panel>
          </div>
        </div>
      )}
    </section>
  );
}

function Kpi({ title, value, unit, note }: { title: string; value: string; unit?: string; note?: string }) {
  return (
    <div className="card dash-kpi" role="group" aria-label={title}>
      <h3>{title}</h3>
      <div className="dash-kpi-value">
        {value}
        {unit && <small>{unit}</small>}
      </div>
      {note && <div className="dash-kpi-note">{note}</div>}
    </div>
  );
}

function Panel({ title, def, wide, children }: { title: string; def?: string; wide?: boolean; children: ReactNode }) {
  return (
    <section className={`card dash-panel${wide ? ' dash-panel-wide' : ''}`} aria-label={title}>
      <h2>{title}</h2>
      {def && <p className="dash-def">{def}</p>}
      {children}
    </section>
  );
}

function CostChart({
  title,
  lines,
  unknown,
  fmt,
  t,
}: {
  title: string;
  lines: ServiceDashboard['cost']['bySku'];
  unknown: string;
  fmt: (fen: number) => string;
  t: I18n['t'];
}) {
  return (
    <BarListChart
      title={title}
      segments={[t('dash.cost.fees'), t('dash.cost.parts'), t('dash.cost.refund'), t('dash.cost.settlement')]}
      rows={lines.slice(0, 12).map((l) => ({
        label: l.key ?? unknown,
        values: [l.visitFeesFen, l.visitPartsFen, l.rmaRefundFen, l.rmaSettlementFen],
        note: fmt(l.totalFen),
      }))}
      format={fmt}
      empty={t('dash.empty')}
    />
  );
}

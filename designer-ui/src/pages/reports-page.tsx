import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/client';
import {
  reportsApi,
  type Catalogue,
  type Fact,
  type Label,
  type ReportResult,
  type RunBody,
  type SavedReport,
} from '../api/reports-client';
import { useI18n, type MessageKey } from '../i18n';
import { showFlash } from '../lib/flash';
import { problemMessage } from '../lib/problem-message';
import './reports-page.css';

type Sort = { field: string; direction: 'asc' | 'desc' };
type Filters = Record<string, string>;

const FACTS: Fact[] = ['ticket', 'visit', 'rma'];
const MAX_DIMENSIONS = 4;

/** Beijing calendar day, `days` from today. */
function beijingDay(days = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** The filters as the API takes them: blanks dropped, list filters split on commas (、，, too). */
function filterBody(filters: Filters, multiple: Set<string>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(filters)) {
    const s = v.trim();
    if (!s) continue;
    out[k] = multiple.has(k)
      ? s
          .split(/[,，、]/)
          .map((x) => x.trim())
          .filter(Boolean)
      : s;
  }
  return out;
}

/**
 * The report centre (#/reports, 报表中心): pick a standard report (service productivity, quality,
 * product faults, RMA reasons) or build one from the catalogue's dimensions × measures × filters;
 * the table shows the rows and the totals computed by the server; export to .xlsx, print (the print
 * stylesheet leaves only the report), and keep definitions of one's own.
 */
export function ReportsPage() {
  const { t, lang } = useI18n();
  const L = useCallback((l: Label | undefined) => (l ? (lang === 'en' ? l.en : l.zh) : ''), [lang]);
  const unit = (u: Label | undefined) => (!u ? '' : lang === 'en' ? ` (${u.en})` : `（${u.zh}）`);
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [stdKey, setStdKey] = useState<string | null>('productivity');
  const [dimensions, setDimensions] = useState<string[]>([]);
  const [measures, setMeasures] = useState<string[]>([]);
  const [sort, setSort] = useState<Sort[]>([]);
  const [filters, setFilters] = useState<Filters>(() => ({ from: beijingDay(-29), to: beijingDay() }));
  const [result, setResult] = useState<ReportResult | null>(null);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<SavedReport[]>([]);
  const [savedId, setSavedId] = useState('');
  const [saveName, setSaveName] = useState('');
  const [busy, setBusy] = useState(false);

  const loadSaved = useCallback(async (signal?: AbortSignal) => {
    try {
      setSaved(await reportsApi.saved(signal));
    } catch {
      /* the list stays as it was; running reports does not depend on it */
    }
  }, []);

  useEffect(() => {
    const ctl = new AbortController();
    reportsApi.catalogue(ctl.signal).then(
      (c) => {
        setCatalogue(c);
        const first = c.reports[0];
        if (first) {
          setDimensions(first.definition.dimensions);
          setMeasures(first.definition.measures);
          setSort(first.definition.sort ?? []);
        }
      },
      (err) => {
        if (ctl.signal.aborted) return;
        if (err instanceof ApiError && err.status === 403) setForbidden(true);
        else setLoadError(err);
      },
    );
    void loadSaved(ctl.signal);
    return () => ctl.abort();
    // once per visit (t changes identity on every render)
  }, [loadSaved]);

  const multiple = useMemo(() => new Set((catalogue?.filters ?? []).filter((f) => f.multiple).map((f) => f.key)), [catalogue]);
  const facts = useMemo(
    () => new Set(measures.map((m) => catalogue?.measures.find((x) => x.key === m)?.fact).filter(Boolean) as Fact[]),
    [measures, catalogue],
  );
  const fits = (on: Fact[]) => [...facts].every((f) => on.includes(f));

  const body = useCallback(
    (): RunBody =>
      stdKey
        ? { report: stdKey, filters: filterBody(filters, multiple) }
        : { dimensions, measures, filters: filterBody(filters, multiple), sort },
    [stdKey, dimensions, measures, sort, filters, multiple],
  );

  const run = useCallback(
    async (what: RunBody) => {
      setRunning(true);
      setRunError(null);
      setFieldErrors({});
      try {
        setResult(await reportsApi.run(what));
      } catch (err) {
        const fields = err instanceof ApiError ? (err.problem?.errors ?? []) : [];
        setFieldErrors(Object.fromEntries(fields.map((f) => [f.field, f.message])));
        setRunError(problemMessage(err, t));
      } finally {
        setRunning(false);
      }
    },
    [t],
  );

  // The first standard report runs as soon as the catalogue is there.
  useEffect(() => {
    if (catalogue && !result && stdKey) void run({ report: stdKey, filters: filterBody(filters, multiple) });
    // only when the catalogue arrives: later runs are the user's
  }, [catalogue]);

  const chooseStandard = (key: string) => {
    const r = catalogue?.reports.find((x) => x.key === key);
    if (!r) return;
    setStdKey(key);
    setDimensions(r.definition.dimensions);
    setMeasures(r.definition.measures);
    setSort(r.definition.sort ?? []);
    setSavedId('');
    void run({ report: key, filters: filterBody(filters, multiple) });
  };

  /** Any change to the picked fields makes it a custom report (based on what was there). */
  const edit = (change: () => void) => {
    setStdKey(null);
    change();
  };
  const toggle = (list: string[], key: string, on: boolean) => (on ? [...list, key] : list.filter((k) => k !== key));

  const loadSavedReport = (id: string) => {
    setSavedId(id);
    const s = saved.find((x) => x.id === id);
    if (!s) return;
    setSaveName(s.name);
    const d = s.definition;
    const f: Filters = {};
    for (const [k, v] of Object.entries(d.filters ?? {})) f[k] = Array.isArray(v) ? v.join(', ') : v;
    setFilters(f);
    if ('report' in d) {
      const r = catalogue?.reports.find((x) => x.key === d.report);
      setStdKey(d.report);
      if (r) {
        setDimensions(r.definition.dimensions);
        setMeasures(r.definition.measures);
        setSort(r.definition.sort ?? []);
      }
    } else {
      setStdKey(null);
      setDimensions(d.dimensions);
      setMeasures(d.measures);
      setSort(d.sort ?? []);
    }
    void run(d);
  };

  const saveCurrent = async () => {
    const name = saveName.trim();
    if (!name) {
      setFieldErrors({ name: t('report.nameRequired') });
      return;
    }
    setBusy(true);
    try {
      const existing = saved.find((s) => s.name === name);
      const s = existing ? await reportsApi.update(existing.id, body(), existing.version) : await reportsApi.save(name, body());
      setSavedId(s.id);
      await loadSaved();
      showFlash('success', t('report.savedAs', { name }));
    } catch (err) {
      showFlash('error', problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const deleteSaved = async () => {
    const s = saved.find((x) => x.id === savedId);
    if (!s || !window.confirm(t('report.deleteConfirm', { name: s.name }))) return;
    setBusy(true);
    try {
      await reportsApi.remove(s.id);
      setSavedId('');
      await loadSaved();
      showFlash('success', t('report.deleted', { name: s.name }));
    } catch (err) {
      showFlash('error', problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const exportXlsx = async () => {
    setBusy(true);
    try {
      const blob = await reportsApi.exportXlsx(body());
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${L(result?.title) || t('report.title')}-${beijingDay().replace(/-/g, '')}.xlsx`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      showFlash('error', problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  if (forbidden) {
    return (
      <section className="page">
        <h1>{t('report.title')}</h1>
        <div className="alert alert-error" role="alert">
          {t('report.forbidden')}
        </div>
      </section>
    );
  }
  if (!catalogue) {
    return (
      <section className="page">
        <h1>{t('report.title')}</h1>
        {loadError ? (
          <div className="alert alert-error" role="alert">
            {problemMessage(loadError, t)}
          </div>
        ) : (
          <p className="muted">{t('common.loading')}</p>
        )}
      </section>
    );
  }

  const fieldError = (prefix: string) => Object.entries(fieldErrors).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];
  const shownFilters = catalogue.filters.filter((f) => f.type !== 'values' || fits(f.facts));
  const sortFields = [...dimensions, ...measures];
  const labelOf = (key: string) =>
    L(catalogue.dimensions.find((d) => d.key === key)?.label ?? catalogue.measures.find((m) => m.key === key)?.label) || key;
  const cell = (v: string | number | null | undefined) =>
    v === null || v === undefined ? '—' : typeof v === 'number' ? v.toLocaleString(lang, { maximumFractionDigits: 2 }) : v;
  const periodText = result ? `${String(result.definition.filters.from ?? '')} ~ ${String(result.definition.filters.to ?? '')}` : '';

  return (
    <section className="page reports-page">
      <div className="page-head">
        <div>
          <h1>{t('report.title')}</h1>
          <p className="page-sub">{t('report.subtitle')}</p>
        </div>
      </div>

      <div className="card reports-controls">
        <div className="reports-std" role="group" aria-label={t('report.standard')}>
          {catalogue.reports.map((r) => (
            <button
              key={r.key}
              type="button"
              className={`btn btn-sm${stdKey === r.key ? ' btn-primary' : ''}`}
              aria-pressed={stdKey === r.key}
              title={L(r.description)}
              onClick={() => chooseStandard(r.key)}
            >
              {L(r.label)}
            </button>
          ))}
          <button
            type="button"
            className={`btn btn-sm${stdKey === null ? ' btn-primary' : ''}`}
            aria-pressed={stdKey === null}
            onClick={() => setStdKey(null)}
          >
            {t('report.custom')}
          </button>
        </div>

        <div className="reports-builder">
          <fieldset>
            <legend>{t('report.measures')}</legend>
            {FACTS.map((fact) => (
              <div key={fact} className="reports-group">
                <span className="reports-group-title">{t(`report.fact.${fact}` as MessageKey)}</span>
                {catalogue.measures
                  .filter((m) => m.fact === fact)
                  .map((m) => (
                    <label key={m.key} className="check" title={L(m.note)}>
                      <input
                        type="checkbox"
                        checked={measures.includes(m.key)}
                        onChange={(e) => edit(() => setMeasures(toggle(measures, m.key, e.target.checked)))}
                      />
                      {L(m.label)}
                      {unit(m.unit)}
                    </label>
                  ))}
              </div>
            ))}
            {fieldError('measures') && (
              <p className="field-error" role="alert">
                {fieldError('measures')}
              </p>
            )}
          </fieldset>

          <fieldset>
            <legend>{t('report.dimensions', { max: MAX_DIMENSIONS })}</legend>
            <div className="reports-group">
              {catalogue.dimensions.map((d) => {
                const on = dimensions.includes(d.key);
                const usable = fits(d.facts);
                return (
                  <label
                    key={d.key}
                    className={`check${usable ? '' : ' is-disabled'}`}
                    title={usable ? undefined : t('report.notForMeasures')}
                  >
                    <input
                      type="checkbox"
                      checked={on}
                      disabled={(!on && (!usable || dimensions.length >= MAX_DIMENSIONS)) || false}
                      onChange={(e) => edit(() => setDimensions(toggle(dimensions, d.key, e.target.checked)))}
                    />
                    {L(d.label)}
                  </label>
                );
              })}
            </div>
            {fieldError('dimensions') && (
              <p className="field-error" role="alert">
                {fieldError('dimensions')}
              </p>
            )}
          </fieldset>

          <fieldset>
            <legend>{t('report.sort')}</legend>
            <div className="reports-filters">
              <label className="reports-filter">
                <span>{t('report.sortBy')}</span>
                <select
                  value={sort[0]?.field ?? ''}
                  onChange={(e) =>
                    edit(() => setSort(e.target.value ? [{ field: e.target.value, direction: sort[0]?.direction ?? 'desc' }] : []))
                  }
                >
                  <option value="">{t('report.sortDefault')}</option>
                  {sortFields.map((k) => (
                    <option key={k} value={k}>
                      {labelOf(k)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="reports-filter">
                <span>{t('report.direction')}</span>
                <select
                  value={sort[0]?.direction ?? 'desc'}
                  disabled={!sort[0]}
                  onChange={(e) =>
                    edit(() => setSort(sort[0] ? [{ field: sort[0].field, direction: e.target.value as 'asc' | 'desc' }] : []))
                  }
                >
                  <option value="desc">{t('report.desc')}</option>
                  <option value="asc">{t('report.asc')}</option>
                </select>
              </label>
            </div>
          </fieldset>
          <fieldset className="reports-filterset">
            <legend>{t('report.filters')}</legend>
            <div className="reports-filters">
              {shownFilters.map((f) => (
                <label key={f.key} className="reports-filter">
                  <span>
                    {L(f.label)}
                    {f.multiple ? <span className="muted"> {t('report.manyValues')}</span> : null}
                  </span>
                  <input
                    type={f.type === 'date' ? 'date' : 'text'}
                    value={filters[f.key] ?? ''}
                    placeholder={f.key === 'tz' ? 'Asia/Shanghai' : undefined}
                    aria-invalid={fieldError(`filters.${f.key}`) ? true : undefined}
                    onChange={(e) => setFilters({ ...filters, [f.key]: e.target.value })}
                  />
                  {fieldError(`filters.${f.key}`) && (
                    <span className="field-error" role="alert">
                      {fieldError(`filters.${f.key}`)}
                    </span>
                  )}
                </label>
              ))}
            </div>
          </fieldset>
        </div>

        <div className="reports-actions">
          <button type="button" className="btn btn-primary" disabled={running || measures.length === 0} onClick={() => void run(body())}>
            {running ? t('report.running') : t('report.run')}
          </button>
          <button type="button" className="btn" disabled={busy || !result} onClick={() => void exportXlsx()}>
            {t('report.export')}
          </button>
          <button type="button" className="btn" disabled={!result} onClick={() => window.print()}>
            {t('report.print')}
          </button>
          <span className="reports-spacer" />
          <label className="reports-filter reports-inline">
            <span>{t('report.saved')}</span>
            <select value={savedId} onChange={(e) => loadSavedReport(e.target.value)}>
              <option value="">{saved.length ? t('report.pickSaved') : t('report.noSaved')}</option>
              {saved.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn btn-sm" disabled={busy || !savedId} onClick={() => void deleteSaved()}>
            {t('report.delete')}
          </button>
          <label className="reports-filter reports-inline">
            <span>{t('report.name')}</span>
            <input
              value={saveName}
              maxLength={100}
              aria-invalid={fieldErrors.name ? true : undefined}
              onChange={(e) => setSaveName(e.target.value)}
            />
          </label>
          <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void saveCurrent()}>
            {t('report.save')}
          </button>
        </div>
        {runError && (
          <div className="alert alert-error" role="alert">
            {runError}
          </div>
        )}
      </div>

      {result && (
        <div className={`card table-card reports-result${running ? ' is-loading' : ''}`}>
          <div className="reports-print-head">
            <h2>{L(result.title)}</h2>
            <p className="muted">
              {t('report.period')}: {periodText}
              {' · '}
              {t('report.rowCount', { count: result.rowCount })}
              {result.truncated ? ` · ${t('report.truncated', { shown: result.rows.length })}` : ''}
            </p>
          </div>
          <table className="records reports-table">
            <caption className="sr-only">{L(result.title)}</caption>
            <thead>
              <tr>
                {result.columns.map((c) => (
                  <th key={c.key} scope="col" className={c.type === 'number' ? 'num' : undefined}>
                    {L(c.label)}
                    {unit(c.unit)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r, i) => (
                <tr key={i}>
                  {result.columns.map((c) => (
                    <td key={c.key} className={c.type === 'number' ? 'num' : undefined}>
                      {cell(r[c.key])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            {result.definition.dimensions.length > 0 && (
              <tfoot>
                <tr>
                  {result.columns.map((c, i) => (
                    <td key={c.key} className={c.type === 'number' ? 'num' : undefined}>
                      {i === 0 ? t('report.total') : c.kind === 'measure' ? cell(result.totals[c.key]) : ''}
                    </td>
                  ))}
                </tr>
              </tfoot>
            )}
          </table>
          {result.rows.length === 0 && <p className="table-empty">{t('report.empty')}</p>}
        </div>
      )}
    </section>
  );
}

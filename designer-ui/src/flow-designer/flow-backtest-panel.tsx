import { useState } from 'react';
import { useI18n } from '../i18n';
import { href } from '../lib/hash-route';
import { problemMessage } from '../lib/problem-message';
import { flowApi } from './flow-api';
import { useFlowText } from './flow-text';

type Row = Record<string, unknown>;

/**
 * Back-test: the draft (or a version) replayed over the recorded events of the last N closed
 * tickets on the server, listing what would differ (path, assignee, escalations, SLA breaches).
 */
export function BacktestPanel({ flowKey, versions, hasDraft }: { flowKey: string; versions: number[]; hasDraft: boolean }) {
  const ft = useFlowText();
  const { t } = useI18n();
  const [limit, setLimit] = useState(50);
  const [version, setVersion] = useState<number | 'draft'>(hasDraft ? 'draft' : (versions[0] ?? 'draft'));
  const [result, setResult] = useState<Row | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [onlyChanged, setOnlyChanged] = useState(true);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult((await flowApi.backtest(flowKey, { limit, version })) as Row);
    } catch (err) {
      setError(problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const items = (Array.isArray(result?.items) ? result.items : []) as Row[];
  const changed = (r: Row) => {
    const d = r.differences ?? r.changes ?? r.diff;
    return r.changed === true || (Array.isArray(d) ? d.length > 0 : Boolean(d && typeof d === 'object' && Object.keys(d).length));
  };
  const shown = onlyChanged ? items.filter(changed) : items;
  const totals = result?.totals ?? result?.summary;

  return (
    <div className="fd-backtest" data-panel="backtest">
      <div className="fd-grid-2">
        <label className="fd-row">
          <span className="fd-row-label">{ft('backtest.limit')}</span>
          <input
            className="fd-input"
            type="number"
            min={1}
            max={1000}
            value={limit}
            onChange={(e) => setLimit(Math.max(1, Number(e.target.value) || 1))}
          />
        </label>
        <label className="fd-row">
          <span className="fd-row-label">{ft('backtest.version')}</span>
          <select
            className="fd-input"
            value={String(version)}
            onChange={(e) => setVersion(e.target.value === 'draft' ? 'draft' : Number(e.target.value))}
          >
            {hasDraft && <option value="draft">{ft('versions.draft')}</option>}
            {versions.map((v) => (
              <option key={v} value={v}>
                v{v}
              </option>
            ))}
          </select>
        </label>
      </div>
      <button type="button" className="btn btn-primary btn-sm" disabled={busy} onClick={() => void run()}>
        {busy ? ft('backtest.running') : ft('backtest.run')}
      </button>
      {error && (
        <p className="fd-row-hint is-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <>
          {totals !== undefined && (
            <dl className="fd-totals">
              {Object.entries(totals as Row).map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
                </div>
              ))}
            </dl>
          )}
          {Array.isArray(result.approximations) && (
            <details className="fd-small">
              <summary>{ft('backtest.approximations')}</summary>
              <ul>
                {(result.approximations as unknown[]).map((a, i) => (
                  <li key={i}>{String(a)}</li>
                ))}
              </ul>
            </details>
          )}
          <label className="fd-check">
            <input type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)} />
            <span>{ft('backtest.onlyChanged', { changed: items.filter(changed).length, total: items.length })}</span>
          </label>
          <ul className="fd-backtest-list">
            {shown.map((r, i) => {
              const id = String(r.ticketId ?? r.id ?? i);
              const d = r.differences ?? r.changes ?? r.diff;
              return (
                <li key={id}>
                  <a href={href.ticket(id)} className="mono">
                    {id}
                  </a>
                  {Array.isArray(d) ? (
                    <ul>
                      {(d as unknown[]).map((x, j) => (
                        <li key={j}>{typeof x === 'string' ? x : describeChange(x as Row)}</li>
                      ))}
                    </ul>
                  ) : d && typeof d === 'object' ? (
                    <ul>
                      {Object.entries(d as Row).map(([k, v]) => (
                        <li key={k}>
                          <strong>{k}</strong>: {describeValue(v)}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="muted"> {ft('backtest.same')}</span>
                  )}
                  {typeof r.error === 'string' && <div className="fd-row-hint is-error">{r.error}</div>}
                </li>
              );
            })}
          </ul>
          {!items.length && <p className="muted">{ft('backtest.none')}</p>}
        </>
      )}
    </div>
  );
}

function describeValue(v: unknown): string {
  if (v && typeof v === 'object' && ('from' in v || 'before' in v)) {
    const o = v as Row;
    return `${JSON.stringify(o.from ?? o.before)} → ${JSON.stringify(o.to ?? o.after)}`;
  }
  return JSON.stringify(v);
}

function describeChange(x: Row): string {
  const field = x.field ?? x.what ?? x.kind;
  if (field !== undefined) return `${String(field)}: ${describeValue(x)}`;
  return JSON.stringify(x);
}

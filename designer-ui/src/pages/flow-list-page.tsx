import { useEffect, useState, type FormEvent } from 'react';
import { FLOW_KINDS, type FlowKind } from '../../../domain/flow/flow-definition';
import { ApiError } from '../api/client';
import { flowApi, type FlowSummary } from '../flow-designer/flow-api';
import '../flow-designer/flow-designer.css';
import { blankDefinition } from '../flow-designer/flow-graph';
import { useFlowText } from '../flow-designer/flow-text';
import { useI18n } from '../i18n';
import { href, navigate } from '../lib/hash-route';
import { isAbort, problemMessage } from '../lib/problem-message';

const KEY = /^[a-z][a-z0-9_-]{0,63}$/;

/** The flows of each kind: published version, open draft, how much work runs on them; new flow. */
export function FlowListPage({ params }: { params: URLSearchParams }) {
  const ft = useFlowText();
  const { t } = useI18n();
  const asked = params.get('kind') as FlowKind | null;
  const kind: FlowKind = asked && (FLOW_KINDS as readonly string[]).includes(asked) ? asked : 'ticket';
  const [items, setItems] = useState<FlowSummary[] | null>(null);
  const [running, setRunning] = useState<Record<string, number>>({});
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [newKey, setNewKey] = useState('');
  const [newName, setNewName] = useState('');
  const [newKind, setNewKind] = useState<FlowKind>(kind);
  const [createError, setCreateError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => setNewKind(kind), [kind]);

  useEffect(() => {
    const ctrl = new AbortController();
    flowApi
      .list(ctrl.signal)
      .then(async (list) => {
        setItems(list);
        setError(null);
        // running work per flow, from each flow's usage (a handful of flows: one call each)
        const counts = await Promise.all(
          list
            .filter((f) => f.publishedVersion !== null)
            .map(async (f) => {
              try {
                const usage = await flowApi.usage(f.flowKey, ctrl.signal);
                return [f.flowKey, usage.reduce((n, u) => n + u.running, 0)] as const;
              } catch {
                return [f.flowKey, -1] as const;
              }
            }),
        );
        if (!ctrl.signal.aborted) setRunning(Object.fromEntries(counts));
      })
      .catch((err: unknown) => {
        if (!isAbort(err)) setError(problemMessage(err, t));
      });
    return () => ctrl.abort();
  }, [reload]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    const key = newKey.trim();
    if (!KEY.test(key)) return setCreateError(ft('list.badKey'));
    if (items?.some((f) => f.flowKey === key)) return setCreateError(ft('list.exists', { key }));
    setCreating(true);
    try {
      await flowApi.saveDraft(key, blankDefinition(key, newKind, newName.trim() || key), null);
      navigate(href.flow(key));
    } catch (err) {
      setCreateError(err instanceof ApiError && err.status === 412 ? ft('list.exists', { key }) : problemMessage(err, t));
    } finally {
      setCreating(false);
    }
  };

  const rows = (items ?? []).filter((f) => f.kind === kind);
  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>{ft('list.title')}</h1>
          <p className="page-sub">{ft('list.subtitle')}</p>
        </div>
        <div className="page-head-actions">
          <button type="button" className="btn" onClick={() => setReload((n) => n + 1)}>
            {t('common.refresh')}
          </button>
        </div>
      </div>

      <div className="filters card">
        <div className="segmented" role="group" aria-label={ft('list.col.kind')}>
          {FLOW_KINDS.map((k) => (
            <button
              key={k}
              type="button"
              className={`btn btn-sm${k === kind ? ' is-active' : ''}`}
              aria-pressed={k === kind}
              onClick={() => navigate(href.flows(new URLSearchParams({ kind: k })), { replace: true })}
            >
              {ft(`kind.${k}`)}
            </button>
          ))}
        </div>
      </div>

      {error && (
        <div className="alert alert-error" role="alert">
          <span>{error}</span>
          <button type="button" className="btn btn-sm" onClick={() => setReload((n) => n + 1)}>
            {t('common.retry')}
          </button>
        </div>
      )}

      <div className="card table-card">
        <table className="records">
          <thead>
            <tr>
              <th>{ft('list.col.name')}</th>
              <th>{ft('list.col.published')}</th>
              <th>{ft('list.col.draft')}</th>
              <th>{ft('list.col.running')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => (
              <tr key={f.flowKey} data-flow={f.flowKey}>
                <td className="cell-head">
                  <a href={href.flow(f.flowKey)} className="record-title">
                    {f.name}
                  </a>
                  <span className="mono muted record-id">{f.flowKey}</span>
                </td>
                <td data-label={ft('list.col.published')}>
                  {f.publishedVersion === null ? <span className="muted">—</span> : <span className="mono">v{f.publishedVersion}</span>}
                </td>
                <td data-label={ft('list.col.draft')}>
                  {f.draftVersion === null ? (
                    <span className="muted">{ft('list.noDraft')}</span>
                  ) : (
                    <span className="chip chip-warn">v{f.draftVersion}</span>
                  )}
                </td>
                <td data-label={ft('list.col.running')} className="fd-num">
                  {running[f.flowKey] === undefined ? '—' : running[f.flowKey]! < 0 ? '?' : running[f.flowKey]}
                </td>
                <td>
                  <a className="btn btn-sm" href={href.flow(f.flowKey)}>
                    {ft('list.open')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {items === null && !error && <p className="table-empty">{t('common.loading')}</p>}
        {items !== null && rows.length === 0 && <p className="table-empty">{ft('list.none')}</p>}
      </div>

      <form className="card fd-new-flow" onSubmit={(e) => void create(e)} aria-label={ft('list.new')}>
        <label className="fd-row">
          <span className="fd-row-label">{ft('list.newKey')}</span>
          <input
            className="fd-input mono"
            name="flowKey"
            value={newKey}
            onChange={(e) => setNewKey(e.target.value)}
            placeholder="ticket-vip"
          />
        </label>
        <label className="fd-row">
          <span className="fd-row-label">{ft('list.newName')}</span>
          <input className="fd-input" name="flowName" value={newName} onChange={(e) => setNewName(e.target.value)} />
        </label>
        <label className="fd-row">
          <span className="fd-row-label">{ft('list.newKind')}</span>
          <select className="fd-input" name="flowKind" value={newKind} onChange={(e) => setNewKind(e.target.value as FlowKind)}>
            {FLOW_KINDS.map((k) => (
              <option key={k} value={k}>
                {ft(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-primary" disabled={creating}>
          {ft('list.new')}
        </button>
        {createError && (
          <p className="fd-row-hint is-error" role="alert">
            {createError}
          </p>
        )}
      </form>
    </section>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { showFlash } from '../lib/flash';
import { formatDateTime } from '../lib/format';
import { href } from '../lib/hash-route';
import { problemMessage } from '../lib/problem-message';
import { flowApi, type FlowDiff, type UsageItem } from './flow-api';
import { useFlowText } from './flow-text';

type Side = number | 'draft';

/**
 * Version history ("which version runs where"): each published version with its running and
 * closed work, a diff between any two (drawn on the canvas), roll back by publishing an old
 * version anew, and an explicit, audited migration of running tickets to another version.
 */
export function VersionsPanel({
  flowKey,
  hasDraft,
  current,
  onDiff,
  onChanged,
  readOnly,
}: {
  flowKey: string;
  hasDraft: boolean;
  /** the version the canvas shows (null: the draft) */
  current: number | null;
  onDiff: (diff: FlowDiff, from: Side, to: Side) => void;
  onChanged: () => void;
  readOnly: boolean;
}) {
  const ft = useFlowText();
  const { t, lang } = useI18n();
  const [items, setItems] = useState<UsageItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [from, setFrom] = useState<Side | ''>('');
  const [to, setTo] = useState<Side | ''>('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [migrateTo, setMigrateTo] = useState<number | ''>('');
  const [ticketIds, setTicketIds] = useState('');
  const [reason, setReason] = useState('');

  const load = useCallback(async () => {
    try {
      const usage = await flowApi.usage(flowKey);
      setItems(usage);
      setError(null);
      const versions = usage.map((u) => u.version).sort((a, b) => b - a);
      setTo((v) => (v === '' ? (hasDraft ? 'draft' : (versions[0] ?? '')) : v));
      setFrom((v) => (v === '' ? (hasDraft ? (versions[0] ?? '') : (versions[1] ?? '')) : v));
      setMigrateTo((v) => (v === '' ? (versions[0] ?? '') : v));
    } catch (err) {
      setError(problemMessage(err, t));
    }
  }, [flowKey, hasDraft]);

  useEffect(() => {
    void load();
  }, [load]);

  const newest = Math.max(0, ...(items ?? []).map((x) => x.version));
  const sides: Side[] = [...(hasDraft ? (['draft'] as const) : []), ...(items ?? []).map((i) => i.version).sort((a, b) => b - a)];
  const sideLabel = (s: Side) => (s === 'draft' ? ft('versions.draft') : `v${s}`);

  const diff = async () => {
    if (from === '' || to === '') return;
    setBusy(true);
    try {
      onDiff(await flowApi.diff(flowKey, from, to), from, to);
      setError(null);
    } catch (err) {
      setError(problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const republish = async (version: number) => {
    const message = prompt(ft('versions.rollbackPrompt', { version }), ft('versions.rollbackMessage', { version }));
    if (message === null) return;
    setBusy(true);
    try {
      const v = await flowApi.republish(flowKey, version, message);
      // the editor reloads to show the new version: the banner above the page carries the news
      showFlash('success', ft('versions.republished', { version, newVersion: v.version }), 8000);
      onChanged();
    } catch (err) {
      setError(problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const migrate = async () => {
    const ids = ticketIds.split(/[\s,]+/).filter(Boolean);
    if (!ids.length || migrateTo === '' || !reason.trim()) return setError(ft('versions.migrateNeeds'));
    setBusy(true);
    try {
      const result = await flowApi.migrate(flowKey, { ticketIds: ids, toVersion: migrateTo, reason: reason.trim() });
      setNotice(`${ft('versions.migrated')}: ${summarize(result)}`);
      setTicketIds('');
      setReason('');
      await load();
    } catch (err) {
      setError(problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fd-versions" data-panel="versions">
      {error && (
        <p className="fd-row-hint is-error" role="alert">
          {error}
        </p>
      )}
      {notice && <p className="fd-notice">{notice}</p>}
      <table className="fd-table">
        <thead>
          <tr>
            <th>{ft('versions.version')}</th>
            <th>{ft('versions.running')}</th>
            <th>{ft('versions.closed')}</th>
            <th>{ft('versions.published')}</th>
          </tr>
        </thead>
        <tbody>
          {(items ?? []).map((u) => (
            <tr key={u.version} className={current === u.version ? 'is-current' : undefined} data-version={u.version}>
              <td>
                <a href={`${href.flow(flowKey)}?version=${u.version}`} className="mono">
                  v{u.version}
                </a>
                {u.message && <div className="muted fd-small">{u.message}</div>}
                {!readOnly && u.version !== newest && (
                  <button type="button" className="btn btn-sm fd-rollback" disabled={busy} onClick={() => void republish(u.version)}>
                    {ft('versions.rollback')}
                  </button>
                )}
              </td>
              <td className="fd-num">{u.running}</td>
              <td className="fd-num">{u.closed}</td>
              <td className="fd-small">
                {u.publishedAt ? formatDateTime(u.publishedAt, lang) : '—'}
                {u.publishedBy && (
                  <span className="muted fd-who" title={u.publishedBy}>
                    {u.publishedBy}
                  </span>
                )}
              </td>
            </tr>
          ))}
          {items?.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                {ft('versions.none')}
              </td>
            </tr>
          )}
        </tbody>
      </table>

      <h4 className="fd-subtitle">{ft('versions.diff')}</h4>
      <div className="fd-inline">
        <select
          className="fd-input fd-input-sm"
          aria-label={ft('versions.from')}
          value={String(from)}
          onChange={(e) => setFrom(e.target.value === 'draft' ? 'draft' : Number(e.target.value))}
        >
          {sides.map((s) => (
            <option key={String(s)} value={String(s)}>
              {sideLabel(s)}
            </option>
          ))}
        </select>
        →
        <select
          className="fd-input fd-input-sm"
          aria-label={ft('versions.to')}
          value={String(to)}
          onChange={(e) => setTo(e.target.value === 'draft' ? 'draft' : Number(e.target.value))}
        >
          {sides.map((s) => (
            <option key={String(s)} value={String(s)}>
              {sideLabel(s)}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-sm" disabled={busy || from === '' || to === '' || from === to} onClick={() => void diff()}>
          {ft('versions.showDiff')}
        </button>
      </div>
      <p className="muted fd-small">
        <span className="fd-legend diff-added" /> {ft('diff.added')} <span className="fd-legend diff-removed" /> {ft('diff.removed')}{' '}
        <span className="fd-legend diff-changed" /> {ft('diff.changed')}
      </p>

      {!readOnly && (
        <>
          <h4 className="fd-subtitle">{ft('versions.migrate')}</h4>
          <p className="muted fd-small">{ft('versions.migrateHint')}</p>
          <label className="fd-row">
            <span className="fd-row-label">{ft('versions.ticketIds')}</span>
            <textarea
              className="fd-input mono"
              rows={2}
              value={ticketIds}
              onChange={(e) => setTicketIds(e.target.value)}
              placeholder="TK-…"
            />
          </label>
          <div className="fd-grid-2">
            <label className="fd-row">
              <span className="fd-row-label">{ft('versions.toVersion')}</span>
              <select className="fd-input" value={String(migrateTo)} onChange={(e) => setMigrateTo(Number(e.target.value))}>
                {(items ?? []).map((u) => (
                  <option key={u.version} value={u.version}>
                    v{u.version}
                  </option>
                ))}
              </select>
            </label>
            <label className="fd-row">
              <span className="fd-row-label">{ft('versions.reason')}</span>
              <input className="fd-input" value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
          </div>
          <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void migrate()}>
            {ft('versions.migrateButton')}
          </button>
        </>
      )}
    </div>
  );
}

/** A one-line account of an answer whose exact shape belongs to the server. */
export function summarize(result: unknown): string {
  if (!result || typeof result !== 'object') return String(result);
  const r = result as Record<string, unknown>;
  const items = Array.isArray(r.items) ? (r.items as Record<string, unknown>[]) : null;
  if (items)
    return items
      .map(
        (i) =>
          `${String(i.ticketId ?? i.id ?? '?')}: ${String(i.status ?? i.result ?? i.outcome ?? (i.ok === false ? 'refused' : 'ok'))}${i.reason || i.error ? ` (${String(i.reason ?? i.error)})` : ''}`,
      )
      .join('; ');
  return JSON.stringify(result);
}

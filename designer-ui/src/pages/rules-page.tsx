import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { ApiError, getMe, subscribeMe } from '../api/client';
import {
  RULE_EVENTS,
  RULE_KINDS,
  rulesApi,
  type BacktestResult,
  type Rule,
  type RuleKind,
  type RuleSetDiff,
  type RuleSetSummary,
  type RuleTestResult,
  type TraceNode,
} from '../api/rules-client';
import { ConditionBuilder, conditionFields, describeCondition, fetchConditionVariables } from '../flow-designer/condition-builder';
import type { ConditionVariable } from '../flow-designer/condition-fields';
import { useI18n, type I18n } from '../i18n';
import { showFlash } from '../lib/flash';
import { href, navigate } from '../lib/hash-route';
import { isAbort, problemMessage } from '../lib/problem-message';
import './rules-page.css';

type T = I18n['t'];

/** What the editor holds: the rule's editable fields, the actions as JSON text. */
interface EditState {
  isNew: boolean;
  key: string;
  name: string;
  kind: RuleKind;
  priority: number;
  enabled: boolean;
  stopProcessing: boolean;
  on: string[];
  condition: unknown;
  actionsText: string;
}

const SAMPLE_TICKET = {
  priority: 'P1',
  region: '上海',
  channel: 'chat',
  category1: '质量问题',
  category2: '功能异常',
  category3: '开机失败',
  customerTier: 'vip',
  description: '开机后黑屏伴随蜂鸣',
  status: 'pending_assignment',
  tags: [],
  createdAt: '2026-11-20T01:00:00Z',
};

function editState(rule: Rule | null): EditState {
  if (!rule)
    return {
      isNew: true,
      key: '',
      name: '',
      kind: 'routing',
      priority: 100,
      enabled: true,
      stopProcessing: false,
      on: [],
      condition: undefined,
      actionsText: JSON.stringify([{ action: 'add_tags', tags: ['tag'] }], null, 2),
    };
  return {
    isNew: false,
    key: rule.key,
    name: rule.name,
    kind: rule.kind,
    priority: rule.priority,
    enabled: rule.enabled,
    stopProcessing: Boolean(rule.stopProcessing),
    on: rule.on ?? [],
    condition: rule.condition,
    actionsText: JSON.stringify(rule.actions, null, 2),
  };
}

/**
 * The rule store in the console (#/rules): rules by kind, a rule's condition in the visual builder
 * and its actions, saved to the draft; a test on a sample ticket with the evaluation trace; a
 * back-test of the draft; publishing (admins); versions and their diff.
 */
export function RulesPage({ params }: { params: URLSearchParams }) {
  const { t, lang } = useI18n();
  const kindFilter = (params.get('kind') ?? '') as RuleKind | '';
  const selectedKey = params.get('key');
  const creating = params.get('new') === '1';
  const [rules, setRules] = useState<Rule[]>([]);
  const [ruleSet, setRuleSet] = useState<RuleSetSummary | null>(null);
  const [variables, setVariables] = useState<ConditionVariable[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [reloadCount, setReloadCount] = useState(0);
  const reload = useCallback(() => setReloadCount((n) => n + 1), []);

  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    Promise.all([rulesApi.list(ac.signal), fetchConditionVariables(undefined, ac.signal)])
      .then(([list, vars]) => {
        setRules(list.items);
        setRuleSet(list.ruleSet);
        setVariables(vars);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!isAbort(err)) setError(problemMessage(err, t));
      })
      .finally(() => setLoading(false));
    return () => ac.abort();
    // t changes with the language only; the data does not
  }, [reloadCount]);

  // the signed-in caller (the app loads it): only admins publish
  const me = useSyncExternalStore(subscribeMe, getMe);
  const isAdmin = Boolean(me?.roles.includes('admin'));
  const fields = useMemo(() => conditionFields(variables, lang), [variables, lang]);
  const shown = rules.filter((r) => !kindFilter || r.kind === kindFilter);
  const selected = rules.find((r) => r.key === selectedKey) ?? null;
  const go = (p: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(p))
      if (v === null) next.delete(k);
      else next.set(k, v);
    navigate(href.rules(next));
  };

  return (
    <section className="page rules-page">
      <div className="page-head">
        <div>
          <h1>{t('rules.title')}</h1>
          <p className="page-sub">{t('rules.sub')}</p>
          {ruleSet && (
            <p className="muted" data-testid="rule-set">
              {t('rules.ruleSet', { key: ruleSet.key, version: ruleSet.version, status: t(`rules.status.${ruleSet.status}`) })}
            </p>
          )}
        </div>
        <div className="page-head-actions">
          <button type="button" className="btn" onClick={reload} disabled={loading}>
            {t('common.refresh')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => go({ key: null, new: '1' })}>
            + {t('rules.new')}
          </button>
        </div>
      </div>
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}

      <nav className="tabs" aria-label={t('rules.kind')}>
        {(['', ...RULE_KINDS] as const).map((k) => (
          <a
            key={k || 'all'}
            className={`tab${kindFilter === k ? ' active' : ''}`}
            href={href.rules(new URLSearchParams(k ? { kind: k } : {}))}
          >
            {t(k ? `rules.kind.${k}` : 'rules.kind.all')}
            <span className="tab-count">{k ? rules.filter((r) => r.kind === k).length : rules.length}</span>
          </a>
        ))}
      </nav>

      <div className="rp-layout">
        <aside className="card rp-list">
          {shown.length === 0 && !loading && <p className="muted">{t('rules.none')}</p>}
          <ul>
            {shown.map((r) => (
              <li key={r.key}>
                <button type="button" className={r.key === selectedKey ? 'active' : ''} onClick={() => go({ key: r.key, new: null })}>
                  <span className="rp-name">{r.name}</span>
                  <span className="rp-meta mono">
                    {r.key} · {t(`rules.kind.${r.kind}`)} · {r.priority}
                    {!r.enabled && ` · ${t('rules.enabled')} ✗`}
                  </span>
                  <span className="rp-cond">{describeCondition(r.condition, fields, t)}</span>
                </button>
              </li>
            ))}
          </ul>
        </aside>
        <div className="rp-main">
          {selected || creating ? (
            <RuleEditor
              key={selected ? `${selected.key}@${selected.version ?? 0}` : 'new'}
              rule={selected}
              fields={fields}
              onSaved={(key) => {
                reload();
                go({ key, new: null });
              }}
              onDeleted={() => {
                reload();
                go({ key: null });
              }}
              t={t}
            />
          ) : (
            <p className="card panel muted">{t('rules.select')}</p>
          )}
          <BacktestPanel t={t} />
          <PublishPanel isAdmin={isAdmin} onPublished={reload} t={t} />
          <VersionsPanel reloadCount={reloadCount} t={t} />
        </div>
      </div>
    </section>
  );
}

function RuleEditor({
  rule,
  fields,
  onSaved,
  onDeleted,
  t,
}: {
  rule: Rule | null;
  fields: ReturnType<typeof conditionFields>;
  onSaved: (key: string) => void;
  onDeleted: () => void;
  t: T;
}) {
  const [s, setS] = useState<EditState>(() => editState(rule));
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<EditState>) => {
    setS((x) => ({ ...x, ...patch }));
    setDirty(true);
  };
  let actions: Record<string, unknown>[] | null = null;
  let actionsError: string | null = null;
  try {
    const parsed: unknown = JSON.parse(s.actionsText);
    if (!Array.isArray(parsed)) throw new Error('[…]');
    actions = parsed as Record<string, unknown>[];
  } catch (err) {
    actionsError = t('rules.actionsInvalid', { error: err instanceof Error ? err.message : String(err) });
  }

  const save = async () => {
    if (!actions) return;
    setBusy(true);
    setError(null);
    const body = {
      name: s.name,
      kind: s.kind,
      priority: s.priority,
      enabled: s.enabled,
      condition: s.condition ?? true,
      actions,
      on: s.kind === 'automation' && s.on.length ? s.on : null,
      stopProcessing: s.stopProcessing || null,
    };
    try {
      let saved: Rule;
      if (s.isNew) {
        const { on, stopProcessing, ...rest } = body;
        saved = await rulesApi.create({ key: s.key, ...rest, ...(on ? { on } : {}), ...(stopProcessing ? { stopProcessing } : {}) });
        showFlash('success', t('rules.created', { key: saved.key }));
      } else {
        saved = await rulesApi.update(s.key, body);
        showFlash('success', t('rules.saved', { version: saved.ruleSet?.version ?? '' }));
      }
      setDirty(false);
      onSaved(saved.key);
    } catch (err) {
      const fieldErrors = err instanceof ApiError ? err.problem?.errors : undefined;
      setError(fieldErrors?.length ? fieldErrors.map((e) => `${e.field}: ${e.message}`).join('\n') : problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!window.confirm(t('rules.deleteConfirm', { key: s.key }))) return;
    try {
      await rulesApi.remove(s.key);
      showFlash('success', t('rules.deleted', { key: s.key }));
      onDeleted();
    } catch (err) {
      setError(problemMessage(err, t));
    }
  };

  return (
    <>
      <div className="card panel rp-editor">
        <div className="panel-head">
          <h2>{s.isNew ? t('rules.new') : s.name}</h2>
          {dirty && <span className="chip chip-warn">{t('rules.unsaved')}</span>}
        </div>
        <div className="form-grid rp-fields">
          <label className="field">
            <span>{t('rules.key')}</span>
            <input className="mono" value={s.key} disabled={!s.isNew} onChange={(e) => set({ key: e.target.value })} />
          </label>
          <label className="field">
            <span>{t('rules.name')}</span>
            <input value={s.name} onChange={(e) => set({ name: e.target.value })} />
          </label>
          <label className="field">
            <span>{t('rules.kind')}</span>
            <select value={s.kind} onChange={(e) => set({ kind: e.target.value as RuleKind })}>
              {RULE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`rules.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('rules.priority')}</span>
            <input type="number" min={0} value={s.priority} onChange={(e) => set({ priority: Number(e.target.value) })} />
          </label>
        </div>
        <div className="rp-checks">
          <label className="check-inline">
            <input type="checkbox" checked={s.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> {t('rules.enabled')}
          </label>
          <label className="check-inline">
            <input type="checkbox" checked={s.stopProcessing} onChange={(e) => set({ stopProcessing: e.target.checked })} />{' '}
            {t('rules.stop')}
          </label>
        </div>
        {s.kind === 'automation' && (
          <fieldset className="rp-events">
            <legend>{t('rules.on')}</legend>
            {RULE_EVENTS.map((ev) => (
              <label key={ev} className="check-inline mono">
                <input
                  type="checkbox"
                  checked={s.on.includes(ev)}
                  onChange={(e) => set({ on: e.target.checked ? [...s.on, ev] : s.on.filter((x) => x !== ev) })}
                />
                {ev}
              </label>
            ))}
          </fieldset>
        )}
        <h3>{t('rules.condition')}</h3>
        <ConditionBuilder value={s.condition} onChange={(v) => set({ condition: v })} fields={fields} />
        <h3>{t('rules.actions')}</h3>
        <textarea
          className="mono rp-actions"
          aria-label={t('rules.actions')}
          rows={Math.min(14, s.actionsText.split('\n').length + 1)}
          spellCheck={false}
          value={s.actionsText}
          onChange={(e) => set({ actionsText: e.target.value })}
        />
        {actionsError && <p className="field-error">{actionsError}</p>}
        {error && (
          <div className="alert alert-error prewrap" role="alert">
            {error}
          </div>
        )}
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={save} disabled={busy || !actions || (!dirty && !s.isNew)}>
            {busy ? t('rules.saving') : t('rules.save')}
          </button>
          {!s.isNew && (
            <button type="button" className="btn btn-ghost cb-remove" onClick={remove}>
              {t('rules.delete')}
            </button>
          )}
        </div>
      </div>
      {!s.isNew && <TestPanel ruleKey={s.key} dirty={dirty} t={t} />}
    </>
  );
}

function TestPanel({ ruleKey, dirty, t }: { ruleKey: string; dirty: boolean; t: T }) {
  const [sample, setSample] = useState(() => JSON.stringify(SAMPLE_TICKET, null, 2));
  const [event, setEvent] = useState('');
  const [now, setNow] = useState('');
  const [result, setResult] = useState<RuleTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setError(null);
    setResult(null);
    let ticket: Record<string, unknown>;
    try {
      ticket = JSON.parse(sample) as Record<string, unknown>;
    } catch (err) {
      setError(t('cond.jsonInvalid', { error: err instanceof Error ? err.message : String(err) }));
      return;
    }
    try {
      setResult(await rulesApi.test(ruleKey, { ticket, ...(event ? { event } : {}), ...(now ? { now } : {}) }));
    } catch (err) {
      const fieldErrors = err instanceof ApiError ? err.problem?.errors : undefined;
      setError(fieldErrors?.length ? fieldErrors.map((e) => `${e.field}: ${e.message}`).join('\n') : problemMessage(err, t));
    }
  };
  return (
    <div className="card panel rp-test">
      <h2>{t('rules.test')}</h2>
      {dirty && <p className="alert alert-info">{t('rules.testHint')}</p>}
      <label className="field">
        <span>{t('rules.sample')}</span>
        <textarea
          className="mono"
          rows={8}
          spellCheck={false}
          value={sample}
          onChange={(e) => setSample(e.target.value)}
          aria-label={t('rules.sample')}
        />
      </label>
      <div className="rp-fields form-grid">
        <label className="field">
          <span>{t('rules.event')}</span>
          <select value={event} onChange={(e) => setEvent(e.target.value)}>
            <option value="">{t('rules.eventNone')}</option>
            {RULE_EVENTS.map((ev) => (
              <option key={ev} value={ev}>
                {ev}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('rules.now')}</span>
          <input className="mono" placeholder="2026-11-25T02:00:00Z" value={now} onChange={(e) => setNow(e.target.value)} />
        </label>
      </div>
      <div className="form-actions">
        <button type="button" className="btn" onClick={run}>
          {t('rules.runTest')}
        </button>
      </div>
      {error && (
        <div className="alert alert-error prewrap" role="alert">
          {error}
        </div>
      )}
      {result && (
        <div className="rp-result" data-testid="rule-test-result">
          <p>
            <span className={`chip ${result.matched ? 'chip-ok' : 'chip-warn'}`}>
              {result.matched ? t('rules.matched') : t('rules.notMatched')}
            </span>{' '}
            <span className="muted">
              {result.triggered ? (result.wouldAct ? t('rules.wouldAct') : t('rules.wouldNotAct')) : t('rules.notTriggered')}
            </span>
          </p>
          <p>
            <strong>{t('rules.why')}:</strong> <span className="mono">{result.why}</span>
          </p>
          {result.actions.length > 0 && <pre className="payload mono">{JSON.stringify(result.actions, null, 2)}</pre>}
          <h3>{t('rules.trace')}</h3>
          <Trace node={result.trace} />
        </div>
      )}
    </div>
  );
}

function Trace({ node }: { node: TraceNode }) {
  return (
    <ul className="rp-trace">
      <li>
        <span className={`mono ${node.value === true ? 'rp-true' : node.value === false ? 'rp-false' : ''}`}>
          {node.expr} → {JSON.stringify(node.value)}
        </span>
        {node.reads && (
          <span className="muted mono">
            {' '}
            (
            {Object.entries(node.reads)
              .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
              .join(', ')}
            )
          </span>
        )}
        {node.children?.map((c) => (
          <Trace key={c.path} node={c} />
        ))}
      </li>
    </ul>
  );
}

function BacktestPanel({ t }: { t: T }) {
  const [limit, setLimit] = useState(50);
  const [result, setResult] = useState<BacktestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await rulesApi.backtest(limit));
    } catch (err) {
      setError(problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };
  const changed = result?.items.filter((i) => i.changes.length) ?? [];
  return (
    <div className="card panel">
      <h2>{t('rules.backtest')}</h2>
      <p className="muted">{t('rules.backtestHint')}</p>
      <div className="form-actions">
        <label className="check-inline">
          {t('rules.backtestLimit')}
          <input type="number" min={1} max={500} value={limit} onChange={(e) => setLimit(Number(e.target.value) || 1)} />
        </label>
        <button type="button" className="btn" onClick={run} disabled={busy}>
          {t('rules.runBacktest')}
        </button>
      </div>
      {error && <div className="alert alert-error">{error}</div>}
      {result && (
        <div data-testid="backtest-result">
          <p>{t('rules.backtestSummary', { tickets: result.totals.tickets, changed: result.totals.changed })}</p>
          {changed.length === 0 ? (
            <p className="muted">{t('rules.backtestNone')}</p>
          ) : (
            <ul className="rp-diff">
              {changed.slice(0, 50).map((i) => (
                <li key={i.ticketId}>
                  <a className="mono" href={href.ticket(i.ticketId)}>
                    {i.ticketId}
                  </a>
                  : {i.changes.map((c) => `${c.field} ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`).join('; ')}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function PublishPanel({ isAdmin, onPublished, t }: { isAdmin: boolean; onPublished: () => void; t: T }) {
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      const out = await rulesApi.publish(notes.trim() || undefined);
      showFlash('success', t('rules.published', { version: out.version }));
      setNotes('');
      onPublished();
    } catch (err) {
      const fieldErrors = err instanceof ApiError ? err.problem?.errors : undefined;
      setError(fieldErrors?.length ? fieldErrors.map((e) => `${e.field}: ${e.message}`).join('\n') : problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card panel">
      <h2>{t('rules.publish')}</h2>
      {isAdmin ? (
        <div className="form-actions">
          <input
            aria-label={t('rules.publishNotes')}
            placeholder={t('rules.publishNotes')}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
          />
          <button type="button" className="btn btn-primary" onClick={publish} disabled={busy}>
            {t('rules.publish')}
          </button>
        </div>
      ) : (
        <p className="muted">{t('rules.adminOnly')}</p>
      )}
      {error && (
        <div className="alert alert-error prewrap" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

function VersionsPanel({ reloadCount, t }: { reloadCount: number; t: T }) {
  const [versions, setVersions] = useState<RuleSetSummary[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<RuleSetDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    rulesApi
      .versions(ac.signal)
      .then((v) => {
        setVersions(v);
        const published = v.filter((x) => x.status !== 'draft');
        const draft = v.find((x) => x.status === 'draft');
        setFrom(published[0] ? String(published[draft ? 0 : 1]?.version ?? published[0].version) : '');
        setTo(draft ? 'draft' : published[0] ? String(published[0].version) : '');
      })
      .catch((err: unknown) => {
        if (!isAbort(err)) setError(problemMessage(err, t));
      });
    return () => ac.abort();
  }, [reloadCount]);
  const compare = async () => {
    setError(null);
    try {
      setDiff(await rulesApi.diff(Number(from), to === 'draft' ? 'draft' : Number(to)));
    } catch (err) {
      setError(problemMessage(err, t));
    }
  };
  const option = (v: RuleSetSummary) => (
    <option key={v.version} value={v.status === 'draft' ? 'draft' : String(v.version)}>
      v{v.version} · {t(`rules.status.${v.status}`)}
      {v.notes ? ` · ${v.notes}` : ''}
    </option>
  );
  return (
    <div className="card panel">
      <h2>{t('rules.versions')}</h2>
      <div className="form-actions">
        <label className="check-inline">
          {t('rules.diffFrom')}
          <select value={from} onChange={(e) => setFrom(e.target.value)}>
            {versions.filter((v) => v.status !== 'draft').map(option)}
          </select>
        </label>
        <label className="check-inline">
          {t('rules.diffTo')}
          <select value={to} onChange={(e) => setTo(e.target.value)}>
            {versions.map(option)}
          </select>
        </label>
        <button type="button" className="btn" onClick={compare} disabled={!from || !to}>
          {t('rules.showDiff')}
        </button>
      </div>
      {error && <div className="alert alert-error">{error}</div>}
      {diff &&
        (diff.added.length + diff.removed.length + diff.changed.length === 0 ? (
          <p className="muted">{t('rules.diffSame')}</p>
        ) : (
          <ul className="rp-diff" data-testid="rule-diff">
            {diff.added.map((k) => (
              <li key={`a-${k}`} className="rp-added">
                + {t('rules.diffAdded')} <span className="mono">{k}</span>
              </li>
            ))}
            {diff.removed.map((k) => (
              <li key={`r-${k}`} className="rp-removed">
                − {t('rules.diffRemoved')} <span className="mono">{k}</span>
              </li>
            ))}
            {diff.changed.map((c) => (
              <li key={`c-${c.key}`} className="rp-changed">
                ~ {t('rules.diffChanged')} <span className="mono">{c.key}</span>: {c.fields.join(', ')}
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}

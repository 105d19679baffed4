import { useEffect, useMemo, useState } from 'react';
import type { FlowDefinition, FlowKind } from '../../../domain/flow/flow-definition';
import type { FlowEvent } from '../../../domain/flow/flow-interpreter';
import { armedTimeouts, simActions, simulate, type SimStep } from './flow-simulation';
import { useFlowText } from './flow-text';

/** Sample work items per kind; the admin edits them or types another. */
const SAMPLES: Record<FlowKind, { name: string; work: Record<string, unknown> }[]> = {
  ticket: [
    {
      name: 'P1 · north',
      work: {
        ticketId: 'TK-SIM-1',
        priority: 'P1',
        region: 'north',
        channel: 'phone',
        customerTier: 'vip',
        finance: { refundAmount: 3000 },
        tags: [],
      },
    },
    {
      name: 'P3 · south',
      work: {
        ticketId: 'TK-SIM-2',
        priority: 'P3',
        region: 'south',
        channel: 'web',
        customerTier: 'standard',
        finance: { refundAmount: 0 },
        tags: [],
      },
    },
  ],
  rma: [
    {
      name: 'refund 1500',
      work: { rmaId: 'RMA-SIM-1', orderId: 'SO-1', sku: 'SKU-1', region: 'east', requestedResolution: 'refund', claimAmount: 1500 },
    },
    {
      name: 'repair 100',
      work: { rmaId: 'RMA-SIM-2', orderId: 'SO-2', sku: 'SKU-2', region: 'west', requestedResolution: 'repair', claimAmount: 100 },
    },
  ],
  visit: [{ name: 'visit', work: { visitId: 'VS-SIM-1', region: 'east', siteLat: 31.23, siteLng: 121.47, partsNeeded: [] } }],
};

type EventKind = 'action' | 'timeout' | 'activity-result' | 'activity-failed' | 'child-outcome';

export function SimulatePanel({
  definition,
  onPath,
}: {
  definition: FlowDefinition;
  onPath: (path: string[], current: string | null, edges: string[]) => void;
}) {
  const ft = useFlowText();
  const kind = definition.kind;
  const samples = SAMPLES[kind];
  const [sampleText, setSampleText] = useState(() => JSON.stringify(samples[0]?.work ?? {}, null, 1));
  const [sampleError, setSampleError] = useState<string | null>(null);
  const [steps, setSteps] = useState<SimStep[]>([]);
  const [eventKind, setEventKind] = useState<EventKind>('action');
  const [action, setAction] = useState('');
  const [payload, setPayload] = useState('{}');
  const [actor, setActor] = useState('sim-admin');
  const [roles, setRoles] = useState('team_lead, finance, qa');
  const [timeoutEdge, setTimeoutEdge] = useState('');
  const [result, setResult] = useState('{}');
  const [outcome, setOutcome] = useState('');
  const [eventError, setEventError] = useState<string | null>(null);

  const last = [...steps].reverse().find((s) => s.ok);
  const state = last?.state ?? null;
  const work = last?.work ?? null;
  const now = useMemo(() => new Date().toISOString(), [steps.length]);
  const actions = work ? simActions(definition, state, work, now) : [];
  const timeouts = armedTimeouts(definition, state);
  const waiting = state?.waiting;

  useEffect(() => {
    if (!state) return onPath([], null, []);
    const taken = steps.flatMap((s) => s.trace.map((r) => r.takenEdge).filter((x): x is string => Boolean(x)));
    onPath(state.path, state.ended ? state.nodeId : state.nodeId, taken);
  }, [steps]);

  useEffect(() => {
    if (actions.length && !actions.includes(action)) setAction(actions[0]!);
    if (timeouts.length && !timeouts.includes(timeoutEdge)) setTimeoutEdge(timeouts[0]!);
    if (waiting?.for === 'activity' && eventKind !== 'activity-result' && eventKind !== 'activity-failed') setEventKind('activity-result');
    else if (waiting?.for === 'child' && eventKind !== 'child-outcome') setEventKind('child-outcome');
    else if (!waiting && (eventKind === 'activity-result' || eventKind === 'activity-failed' || eventKind === 'child-outcome'))
      setEventKind('action');
  }, [state]);

  const start = () => {
    let sample: Record<string, unknown>;
    try {
      sample = JSON.parse(sampleText) as Record<string, unknown>;
      if (!sample || typeof sample !== 'object' || Array.isArray(sample)) throw new Error(ft('sim.sampleObject'));
      setSampleError(null);
    } catch (err) {
      setSampleError(err instanceof Error ? err.message : String(err));
      return;
    }
    setSteps([simulate(definition, null, { type: 'start' }, sample, new Date().toISOString())]);
  };

  const send = () => {
    if (!state || !work) return;
    let event: FlowEvent;
    try {
      const json = (s: string) => (s.trim() ? (JSON.parse(s) as Record<string, unknown>) : {});
      switch (eventKind) {
        case 'action':
          event = {
            type: 'action',
            action,
            payload: json(payload),
            actor,
            actorRoles: roles
              .split(/[,\s]+/)
              .map((r) => r.trim())
              .filter(Boolean),
          };
          break;
        case 'timeout':
          event = { type: 'timeout', edgeId: timeoutEdge };
          break;
        case 'activity-result':
          event = { type: 'activity-result', callId: waiting?.for === 'activity' ? waiting.callId : '', result: json(result) };
          break;
        case 'activity-failed':
          event = { type: 'activity-failed', callId: waiting?.for === 'activity' ? waiting.callId : '', error: outcome || 'failed' };
          break;
        case 'child-outcome':
          event = {
            type: 'child-outcome',
            childId: waiting?.for === 'child' ? waiting.childId : '',
            outcome: outcome || 'closed',
            result: json(result),
          };
          break;
      }
      setEventError(null);
    } catch (err) {
      setEventError(`${ft('json.invalid')}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    setSteps((s) => [...s, simulate(definition, state, event, work, new Date().toISOString())]);
  };

  return (
    <div className="fd-sim" data-panel="simulate">
      <div className="fd-form">
        <label className="fd-row">
          <span className="fd-row-label">{ft('sim.sample')}</span>
          <select
            className="fd-input"
            onChange={(e) => setSampleText(JSON.stringify(samples[Number(e.target.value)]?.work ?? {}, null, 1))}
          >
            {samples.map((s, i) => (
              <option key={s.name} value={i}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="fd-row">
          <span className="fd-row-label">{ft('sim.sampleJson', { kind })}</span>
          <textarea
            className="fd-input fd-json mono"
            name="sample"
            rows={5}
            value={sampleText}
            onChange={(e) => setSampleText(e.target.value)}
            spellCheck={false}
          />
          {sampleError && <span className="fd-row-hint is-error">{sampleError}</span>}
        </label>
        <div className="fd-actions">
          <button type="button" className="btn btn-primary btn-sm" onClick={start} data-action="sim-start">
            {steps.length ? ft('sim.restart') : ft('sim.start')}
          </button>
          {steps.length > 0 && (
            <button type="button" className="btn btn-sm" onClick={() => setSteps([])}>
              {ft('sim.clear')}
            </button>
          )}
        </div>
      </div>

      {state && (
        <div className="fd-sim-now" data-sim-node={state.nodeId} data-sim-status={state.status}>
          <strong>{state.ended ? ft('sim.ended') : ft('sim.waitingAt')}</strong> <span className="mono">{state.nodeId}</span> ·{' '}
          {ft('sim.status')} <span className="mono">{state.status}</span>
          {waiting && (
            <span className="muted">
              {' '}
              ·{' '}
              {waiting.for === 'activity'
                ? `${ft('sim.awaitingActivity')} ${waiting.activity}`
                : `${ft('sim.awaitingChild')} ${waiting.kind}`}
            </span>
          )}
          {state.approval && (
            <span className="muted">
              {' '}
              ·{' '}
              {ft('sim.approvalProgress', {
                done: state.approval.approvedBy.length,
                of: state.approval.required.length,
                level: state.approval.required[state.approval.approvedBy.length]?.role ?? '',
              })}
            </span>
          )}
        </div>
      )}

      {state && !state.ended && (
        <div className="fd-form fd-sim-event">
          <label className="fd-row">
            <span className="fd-row-label">{ft('sim.event')}</span>
            <select className="fd-input" name="eventKind" value={eventKind} onChange={(e) => setEventKind(e.target.value as EventKind)}>
              <option value="action">{ft('sim.event.action')}</option>
              <option value="timeout" disabled={!timeouts.length}>
                {ft('sim.event.timeout')}
              </option>
              <option value="activity-result" disabled={waiting?.for !== 'activity'}>
                {ft('sim.event.activityResult')}
              </option>
              <option value="activity-failed" disabled={waiting?.for !== 'activity'}>
                {ft('sim.event.activityFailed')}
              </option>
              <option value="child-outcome" disabled={waiting?.for !== 'child'}>
                {ft('sim.event.childOutcome')}
              </option>
            </select>
          </label>
          {eventKind === 'action' && (
            <>
              <label className="fd-row">
                <span className="fd-row-label">{ft('sim.action')}</span>
                <input
                  className="fd-input mono"
                  name="simAction"
                  list="fd-sim-actions"
                  value={action}
                  onChange={(e) => setAction(e.target.value)}
                />
                <datalist id="fd-sim-actions">
                  {actions.map((a) => (
                    <option key={a} value={a} />
                  ))}
                </datalist>
                <span className="fd-row-hint">
                  {ft('sim.allowed')}: {actions.join(', ') || '—'}
                </span>
              </label>
              <label className="fd-row">
                <span className="fd-row-label">{ft('sim.payload')}</span>
                <textarea
                  className="fd-input fd-json mono"
                  name="payload"
                  rows={2}
                  value={payload}
                  onChange={(e) => setPayload(e.target.value)}
                  spellCheck={false}
                />
              </label>
              <div className="fd-grid-2">
                <label className="fd-row">
                  <span className="fd-row-label">{ft('sim.actor')}</span>
                  <input className="fd-input" name="actor" value={actor} onChange={(e) => setActor(e.target.value)} />
                </label>
                <label className="fd-row">
                  <span className="fd-row-label">{ft('sim.roles')}</span>
                  <input className="fd-input" name="roles" value={roles} onChange={(e) => setRoles(e.target.value)} />
                </label>
              </div>
            </>
          )}
          {eventKind === 'timeout' && (
            <label className="fd-row">
              <span className="fd-row-label">{ft('sim.timeoutEdge')}</span>
              <select className="fd-input" value={timeoutEdge} onChange={(e) => setTimeoutEdge(e.target.value)}>
                {timeouts.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
          )}
          {(eventKind === 'activity-result' || eventKind === 'child-outcome') && (
            <label className="fd-row">
              <span className="fd-row-label">{ft('sim.result')}</span>
              <textarea
                className="fd-input fd-json mono"
                name="result"
                rows={3}
                value={result}
                onChange={(e) => setResult(e.target.value)}
                spellCheck={false}
              />
            </label>
          )}
          {(eventKind === 'activity-failed' || eventKind === 'child-outcome') && (
            <label className="fd-row">
              <span className="fd-row-label">{eventKind === 'child-outcome' ? ft('edge.outcome') : ft('sim.error')}</span>
              <input className="fd-input mono" value={outcome} onChange={(e) => setOutcome(e.target.value)} />
            </label>
          )}
          {eventError && <p className="fd-row-hint is-error">{eventError}</p>}
          <button type="button" className="btn btn-primary btn-sm" onClick={send} data-action="sim-send">
            {ft('sim.send')}
          </button>
        </div>
      )}

      <ol className="fd-trace" aria-label={ft('sim.trace')}>
        {steps.map((s, i) => (
          <li key={i} className={s.ok ? 'fd-trace-step' : 'fd-trace-step is-error'}>
            <div className="fd-trace-event">
              <strong>{i + 1}.</strong> <span className="mono">{eventText(s.event)}</span>
            </div>
            {s.error && <p className="fd-trace-error">{s.error}</p>}
            {s.trace.map((r, j) => (
              <div key={j} className="fd-trace-node" data-trace-node={r.nodeId}>
                <div>
                  <span className="fd-trace-type">{ft(r.type === 'unknown' ? 'type.unknown' : `type.${r.type}`)}</span>{' '}
                  <strong>{r.label}</strong> <span className="mono muted">{r.nodeId}</span>
                </div>
                {Object.keys(r.input).length > 0 && (
                  <div className="fd-trace-kv">
                    <span className="muted">{ft('sim.input')}</span> <code>{JSON.stringify(r.input)}</code>
                  </div>
                )}
                {r.branches && (
                  <ul className="fd-trace-branches">
                    {r.branches.map((b) => (
                      <li key={b.edgeId} className={b.edgeId === r.takenEdge ? 'is-taken' : b.matched ? '' : 'is-false'}>
                        {b.edgeId === r.takenEdge ? '➜' : b.matched ? '✓' : '✗'} <code>{b.condition}</code> → {b.to}
                        {!b.isDefault && <div className="muted fd-trace-why">{b.why}</div>}
                      </li>
                    ))}
                  </ul>
                )}
                {r.why && (
                  <div className="fd-trace-kv">
                    <span className="muted">{ft('sim.why')}</span> {r.why}
                  </div>
                )}
                {r.output.length > 0 && (
                  <ul className="fd-trace-out">
                    {r.output.map((o, k) => (
                      <li key={k}>{o}</li>
                    ))}
                  </ul>
                )}
              </div>
            ))}
          </li>
        ))}
      </ol>
    </div>
  );
}

function eventText(e: FlowEvent): string {
  switch (e.type) {
    case 'start':
      return 'start';
    case 'action':
      return `action ${e.action} ${JSON.stringify(e.payload)} by ${e.actor}`;
    case 'timeout':
      return `timeout ${e.edgeId}`;
    case 'activity-result':
      return `activity-result ${e.callId} ${JSON.stringify(e.result)}`;
    case 'activity-failed':
      return `activity-failed ${e.callId}: ${e.error}`;
    case 'child-outcome':
      return `child-outcome ${e.outcome}`;
  }
}

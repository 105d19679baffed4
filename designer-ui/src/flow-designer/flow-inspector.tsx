import { checkDefaultBranch } from '../../../domain/flow/flow-connection-rules';
import {
  FLOW_KINDS,
  PAUSE_REASON_CODES,
  type CompensationStep,
  type FlowEdge,
  type FlowKind,
  type FlowStep,
} from '../../../domain/flow/flow-definition';
import type { FlowValidationOptions } from '../../../domain/flow/flow-validation';
import { NOTIFICATION_CHANNELS, NOTIFICATION_TEMPLATES } from '../../../domain/notify/notification-templates';
import { CheckField, ConditionField, JsonField, NumberField, NumberOrParamField, Row, SelectField, TextField } from './flow-fields';
import { edgeText, type FlowDoc, type NodeBody } from './flow-graph';
import { useFlowText } from './flow-text';

type Ft = ReturnType<typeof useFlowText>;
type Step = FlowStep | CompensationStep;

/** the templates the notification activity knows: a step naming another fails when it runs */
const TEMPLATES = Object.keys(NOTIFICATION_TEMPLATES).sort();

const STEP_KINDS = ['notify', 'assign', 'set', 'sla', 'escalate', 'webhook', 'call'] as const;

function blankStep(kind: (typeof STEP_KINDS)[number], activities: readonly string[]): Step {
  switch (kind) {
    case 'notify':
      return { do: 'notify', channel: 'sms', target: 'customer', template: 'ticket_created' };
    case 'assign':
      return { do: 'assign', group: 'support' };
    case 'set':
      return { do: 'set', field: 'tags', value: ['flagged'] };
    case 'sla':
      return { do: 'sla', op: 'pause', reason: 'waiting_customer' };
    case 'escalate':
      return { do: 'escalate', level: 1 };
    case 'webhook':
      return { do: 'webhook', event: 'flow.step' };
    case 'call':
      return { do: 'call', activity: activities[0] ?? 'oms.check-eligibility', input: {}, resultVar: 'result' };
  }
}

/** Removes keys set to undefined, so an emptied field leaves the object (the schema is strict). */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

function StepFields({ step, onChange, vocab, ft }: { step: Step; onChange: (s: Step) => void; vocab: FlowValidationOptions; ft: Ft }) {
  const set = (patch: Partial<Record<string, unknown>>) => onChange(clean({ ...step, ...patch } as Step));
  switch (step.do) {
    case 'notify':
      return (
        <>
          <SelectField
            label={ft('step.channel')}
            value={step.channel}
            options={[...NOTIFICATION_CHANNELS, 'inbox']}
            onChange={(v) => set({ channel: v ?? step.channel })}
          />
          <TextField
            label={ft('step.target')}
            value={step.target}
            onCommit={(v) => set({ target: v })}
            placeholder="customer | assignee | team_lead | group:…"
          />
          <SelectField
            label={ft('step.template')}
            value={step.template}
            name="template"
            options={TEMPLATES}
            onChange={(v) => set({ template: v ?? step.template })}
          />
        </>
      );
    case 'assign':
      return (
        <>
          <TextField label={ft('step.group')} value={step.group} onCommit={(v) => set({ group: v })} />
          <TextField label={ft('step.assignee')} value={step.assignee} onCommit={(v) => set({ assignee: v })} />
          <CheckField label={ft('step.clear')} checked={Boolean(step.clear)} onChange={(v) => set({ clear: v || undefined })} />
        </>
      );
    case 'set':
      return (
        <>
          <TextField label={ft('step.field')} value={step.field} onCommit={(v) => set({ field: v })} mono />
          <JsonField label={ft('step.value')} value={step.value} onCommit={(v) => set({ value: v ?? null })} />
        </>
      );
    case 'sla':
      return (
        <>
          <SelectField
            label={ft('step.op')}
            value={step.op}
            options={['pause', 'resume', 'stop', 'restart'] as const}
            onChange={(v) => set({ op: v ?? 'pause' })}
          />
          <SelectField
            label={ft('step.metric')}
            value={step.metric}
            options={['frt', 'ttr'] as const}
            empty={ft('common.both')}
            onChange={(v) => set({ metric: v })}
          />
          <SelectField
            label={ft('step.reason')}
            value={step.reason}
            options={PAUSE_REASON_CODES}
            empty="—"
            onChange={(v) => set({ reason: v })}
          />
        </>
      );
    case 'escalate':
      return (
        <>
          <NumberField label={ft('step.level')} value={step.level} min={1} onCommit={(v) => set({ level: v })} />
          <TextField label={ft('step.group')} value={step.group} onCommit={(v) => set({ group: v })} />
        </>
      );
    case 'webhook':
      return <TextField label={ft('step.event')} value={step.event} onCommit={(v) => set({ event: v })} mono />;
    case 'call':
      return (
        <>
          <SelectField
            label={ft('step.activity')}
            value={step.activity}
            options={vocab.knownActivities ?? []}
            onChange={(v) => set({ activity: v ?? step.activity })}
          />
          <JsonField
            label={ft('step.input')}
            value={step.input}
            onCommit={(v) => set({ input: v as Record<string, unknown> | undefined })}
            hint={ft('step.inputHint')}
          />
          <TextField label={ft('step.resultVar')} value={step.resultVar} onCommit={(v) => set({ resultVar: v })} mono />
        </>
      );
  }
}

export function StepsEditor({
  steps,
  onChange,
  vocab,
  allowCall,
}: {
  steps: Step[];
  onChange: (s: Step[]) => void;
  vocab: FlowValidationOptions;
  allowCall: boolean;
}) {
  const ft = useFlowText();
  const kinds = STEP_KINDS.filter((k) => k !== 'call' || (allowCall && (vocab.knownActivities?.length ?? 0) > 0));
  const replace = (i: number, s: Step) => onChange(steps.map((x, j) => (j === i ? s : x)));
  return (
    <div className="fd-steps">
      {steps.map((s, i) => (
        <fieldset key={i} className="fd-step" data-step={i}>
          <legend>
            <select
              className="fd-input fd-input-sm"
              aria-label={ft('step.kind')}
              value={s.do}
              onChange={(e) => replace(i, blankStep(e.target.value as (typeof STEP_KINDS)[number], vocab.knownActivities ?? []))}
            >
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {ft(`step.${k}`)}
                </option>
              ))}
            </select>
            <span className="fd-step-tools">
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                disabled={i === 0}
                title={ft('common.up')}
                onClick={() => onChange(steps.map((x, j) => (j === i - 1 ? s : j === i ? steps[i - 1]! : x)))}
              >
                ↑
              </button>
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                title={ft('common.remove')}
                onClick={() => onChange(steps.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </span>
          </legend>
          <StepFields step={s} onChange={(n) => replace(i, n)} vocab={vocab} ft={ft} />
        </fieldset>
      ))}
      <button type="button" className="btn btn-sm" onClick={() => onChange([...steps, blankStep('notify', vocab.knownActivities ?? [])])}>
        + {ft('step.add')}
      </button>
    </div>
  );
}

interface InspectorProps {
  doc: FlowDoc;
  vocab: FlowValidationOptions;
  readOnly: boolean;
  onNode: (body: NodeBody) => void;
  onRename: (from: string, to: string) => string | null;
  onEdge: (edge: FlowEdge) => void;
  onMeta: (meta: FlowDoc['meta']) => void;
  onSelect: (id: string, kind: 'node' | 'edge') => void;
  onDelete: () => void;
  /** problems of the selection, shown above its form */
  problemsOf: (id: string, kind: 'node' | 'edge') => string[];
}

/** Variables conditions may read, for the condition builder and the raw view's hint. */
export function conditionFields(kind: FlowKind, vocab: FlowValidationOptions, params: string[]): string[] {
  return [...vocab.knownFields.map((f) => `${kind}.${f}`), ...params.map((p) => `params.${p}`), 'payload', 'actor', 'now'];
}

export function FlowInspector(props: InspectorProps) {
  const ft = useFlowText();
  const { doc } = props;
  const nodes = doc.nodes.filter((n) => n.selected);
  const edges = doc.edges.filter((e) => e.selected);
  const params = Object.keys(doc.meta.params ?? {});
  const fields = conditionFields(doc.meta.kind, props.vocab, params);
  let body;
  if (nodes.length + edges.length > 1)
    body = (
      <div className="fd-inspector-multi">
        <p>{ft('inspector.multi', { nodes: nodes.length, edges: edges.length })}</p>
        {!props.readOnly && (
          <button type="button" className="btn btn-sm" onClick={props.onDelete}>
            {ft('toolbar.delete')}
          </button>
        )}
      </div>
    );
  else if (nodes.length === 1) body = <NodeForm {...props} node={nodes[0]!.data.node} fields={fields} params={params} />;
  else if (edges.length === 1) body = <EdgeForm {...props} edge={edges[0]!.data!.edge} params={params} />;
  else body = <MetaForm {...props} />;
  return (
    <fieldset className="fd-inspector" disabled={props.readOnly}>
      {body}
    </fieldset>
  );
}

function Problems({ list }: { list: string[] }) {
  if (!list.length) return null;
  return (
    <ul className="fd-inline-problems" role="alert">
      {list.map((p, i) => (
        <li key={i}>{p}</li>
      ))}
    </ul>
  );
}

function NodeForm({
  node: n,
  onNode,
  onRename,
  vocab,
  doc,
  onSelect,
  problemsOf,
  fields,
  params,
}: InspectorProps & { node: NodeBody; fields: string[]; params: string[] }) {
  const ft = useFlowText();
  const set = (patch: Record<string, unknown>) => onNode(clean({ ...n, ...patch } as NodeBody));
  const out = doc.edges.filter((e) => e.source === n.id).map((e) => e.data!.edge);
  return (
    <div className="fd-form" data-form={`node-${n.type}`}>
      <h3 className="fd-form-title">
        {ft(`type.${n.type}`)} <span className="mono muted">{n.id}</span>
      </h3>
      <Problems list={problemsOf(n.id, 'node')} />
      <TextField
        label={ft('field.id')}
        value={n.id}
        name="id"
        mono
        onCommit={(v) => {
          const err = onRename(n.id, v.trim());
          if (err) alert(err);
        }}
      />
      <TextField label={ft('field.label')} value={n.label} name="label" onCommit={(v) => set({ label: v.trim() || undefined })} />
      {n.type === 'state' && (
        <>
          <TextField label={ft('field.status')} value={n.status} name="status" mono onCommit={(v) => set({ status: v.trim() })} />
          <TextField label={ft('field.substatus')} value={n.substatus} mono onCommit={(v) => set({ substatus: v.trim() || undefined })} />
          <SelectField
            label={ft('field.pauseSla')}
            value={n.pauseSla}
            name="pauseSla"
            options={[...PAUSE_REASON_CODES, 'from_action'] as const}
            empty={ft('field.noPause')}
            onChange={(v) => set({ pauseSla: v })}
          />
          <Row label={ft('field.stopSla')}>
            <span className="fd-inline">
              {(['frt', 'ttr'] as const).map((m) => (
                <CheckField
                  key={m}
                  label={m.toUpperCase()}
                  checked={n.stopSla?.includes(m) ?? false}
                  onChange={(on) => {
                    const next = (n.stopSla ?? []).filter((x) => x !== m);
                    set({ stopSla: on ? [...next, m] : next.length ? next : undefined });
                  }}
                />
              ))}
            </span>
          </Row>
          <Row label={ft('field.allowedActions')}>
            <ul className="fd-edge-list">
              {out.map((e) => (
                <li key={e.id}>
                  <button type="button" className="btn-link" onClick={() => onSelect(e.id, 'edge')}>
                    {edgeText(e) || e.id} → {e.to}
                  </button>
                </li>
              ))}
              {doc.meta.globalActions.map((a) => (
                <li key={`g-${a}`} className="muted">
                  {a} ({ft('field.global')})
                </li>
              ))}
            </ul>
          </Row>
        </>
      )}
      {n.type === 'action' && (
        <>
          <TextField label={ft('field.waitStatus')} value={n.status} mono onCommit={(v) => set({ status: v.trim() || undefined })} />
          <Row label={ft('field.steps')}>
            <StepsEditor steps={n.steps} onChange={(steps) => set({ steps })} vocab={vocab} allowCall />
          </Row>
          <JsonField label={ft('field.compensate')} value={n.compensate} onCommit={(v) => set({ compensate: v })} rows={3} />
        </>
      )}
      {n.type === 'decision' && (
        <Row label={ft('field.branches')}>
          <ol className="fd-edge-list">
            {[...out]
              .sort((a, b) => Number(Boolean(a.default)) - Number(Boolean(b.default)) || (a.order ?? 0) - (b.order ?? 0))
              .map((e) => (
                <li key={e.id}>
                  <button type="button" className="btn-link" onClick={() => onSelect(e.id, 'edge')}>
                    {e.default ? `${ft('field.default')} ` : `#${e.order ?? 0} `}
                    {edgeText(e)} → {e.to}
                  </button>
                </li>
              ))}
          </ol>
        </Row>
      )}
      {n.type === 'approval' && (
        <>
          <TextField label={ft('field.status')} value={n.status} mono onCommit={(v) => set({ status: v.trim() })} />
          <SelectField
            label={ft('field.amountVar')}
            value={n.amountVar}
            name="amountVar"
            options={fields.filter((f) => !['payload', 'actor', 'now'].includes(f))}
            onChange={(v) => set({ amountVar: v ?? n.amountVar })}
          />
          <NumberOrParamField
            label={ft('field.autoApproveBelow')}
            value={n.autoApproveBelow}
            params={params}
            optional
            onCommit={(v) => set({ autoApproveBelow: v })}
          />
          <Row label={ft('field.levels')}>
            <table className="fd-levels">
              <thead>
                <tr>
                  <th>{ft('field.id')}</th>
                  <th>{ft('field.minAmount')}</th>
                  <th>{ft('field.role')}</th>
                  <th>{ft('step.group')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {n.levels.map((l, i) => {
                  const setLevel = (patch: Record<string, unknown>) =>
                    set({ levels: n.levels.map((x, j) => (j === i ? clean({ ...x, ...patch }) : x)) });
                  return (
                    <tr key={i} data-level={i}>
                      <td>
                        <LevelInput value={l.id} onCommit={(v) => setLevel({ id: v })} />
                      </td>
                      <td>
                        <LevelInput
                          value={typeof l.minAmount === 'number' ? String(l.minAmount) : `params.${l.minAmount.param}`}
                          onCommit={(v) => setLevel({ minAmount: v.startsWith('params.') ? { param: v.slice(7) } : Number(v) || 0 })}
                        />
                      </td>
                      <td>
                        <LevelInput value={l.role} onCommit={(v) => setLevel({ role: v })} />
                      </td>
                      <td>
                        <LevelInput value={l.group ?? ''} onCommit={(v) => setLevel({ group: v || undefined })} />
                      </td>
                      <td>
                        <button
                          type="button"
                          className="btn btn-ghost btn-sm"
                          disabled={n.levels.length === 1}
                          onClick={() => set({ levels: n.levels.filter((_, j) => j !== i) })}
                        >
                          ✕
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => {
                const last = n.levels[n.levels.length - 1];
                const min = last && typeof last.minAmount === 'number' ? last.minAmount : 0;
                set({ levels: [...n.levels, { id: `level_${n.levels.length + 1}`, minAmount: min ? min * 5 : 1000, role: 'finance' }] });
              }}
            >
              + {ft('field.addLevel')}
            </button>
          </Row>
          <ConditionField
            label={ft('field.distinctApprovers')}
            value={n.distinctApprovers}
            onCommit={(v) => set({ distinctApprovers: v })}
          />
          <SelectField
            label={ft('field.notifyTemplate')}
            value={n.notify?.template}
            options={TEMPLATES}
            empty="approval_requested"
            onChange={(v) => set({ notify: v ? { channel: n.notify?.channel ?? 'inbox', template: v } : undefined })}
          />
        </>
      )}
      {n.type === 'subflow' && (
        <>
          <TextField label={ft('field.status')} value={n.status} mono onCommit={(v) => set({ status: v.trim() })} />
          <SelectField
            label={ft('field.subflowKind')}
            value={n.kind}
            options={vocab.subflowKinds?.length ? vocab.subflowKinds : FLOW_KINDS}
            onChange={(v) => set({ kind: v ?? n.kind })}
          />
          <TextField label={ft('field.flowKey')} value={n.flowKey} mono onCommit={(v) => set({ flowKey: v.trim() || undefined })} />
          <JsonField label={ft('step.input')} value={n.input} onCommit={(v) => set({ input: v })} />
          <TextField label={ft('step.resultVar')} value={n.resultVar} mono onCommit={(v) => set({ resultVar: v.trim() || undefined })} />
        </>
      )}
      {n.type === 'timer' && (
        <NumberField label={ft('field.minutes')} value={n.minutes} min={1} name="minutes" onCommit={(v) => set({ minutes: v ?? 60 })} />
      )}
      {n.type === 'end' && (
        <TextField label={ft('field.status')} value={n.status} name="status" mono onCommit={(v) => set({ status: v.trim() })} />
      )}
    </div>
  );
}

function LevelInput({ value, onCommit }: { value: string; onCommit: (v: string) => void }) {
  return (
    <input
      className="fd-input fd-input-sm mono"
      defaultValue={value}
      key={value}
      onBlur={(e) => e.target.value !== value && onCommit(e.target.value.trim())}
      onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
    />
  );
}

type Trigger = 'none' | 'action' | 'timeoutMinutes' | 'timeoutParam' | 'outcome';
const triggerOf = (e: FlowEdge): Trigger =>
  !e.on
    ? 'none'
    : 'action' in e.on
      ? 'action'
      : 'timeoutMinutes' in e.on
        ? 'timeoutMinutes'
        : 'timeoutParam' in e.on
          ? 'timeoutParam'
          : 'outcome';

function EdgeForm({ edge: e, onEdge, vocab, doc, problemsOf, params }: InspectorProps & { edge: FlowEdge; params: string[] }) {
  const ft = useFlowText();
  const set = (patch: Partial<FlowEdge>) => onEdge(clean({ ...e, ...patch }));
  const source = doc.nodes.find((n) => n.id === e.from)?.data.node;
  const trigger = triggerOf(e);
  const graph = { nodes: doc.nodes.map((n) => n.data.node), edges: doc.edges.map((x) => x.data!.edge) };
  const canDefault = checkDefaultBranch(graph, e.id);
  const setTrigger = (t: Trigger | undefined) => {
    switch (t) {
      case 'action':
        return set({ on: { action: vocab.knownActions[0] ?? 'assign' } });
      case 'timeoutMinutes':
        return set({ on: { timeoutMinutes: 60 } });
      case 'timeoutParam':
        return set({ on: { timeoutParam: params[0] ?? 'timeoutDays', unit: 'days' } });
      case 'outcome':
        return set({ on: { outcome: source?.type === 'approval' ? 'approved' : source?.type === 'action' ? 'failed' : '*' } });
      default:
        return set({ on: undefined });
    }
  };
  return (
    <div className="fd-form" data-form="edge">
      <h3 className="fd-form-title">
        {ft('inspector.edge')} <span className="mono muted">{e.id}</span>
      </h3>
      <p className="muted fd-edge-ends mono">
        {e.from} → {e.to}
      </p>
      <Problems list={problemsOf(e.id, 'edge')} />
      <TextField label={ft('field.label')} value={e.label} name="label" onCommit={(v) => set({ label: v.trim() || undefined })} />
      {source?.type !== 'decision' && (
        <SelectField
          label={ft('edge.trigger')}
          name="trigger"
          value={trigger}
          options={(['none', 'action', 'timeoutMinutes', 'timeoutParam', 'outcome'] as const).map((v) => ({
            value: v,
            label: ft(`edge.trigger.${v}`),
          }))}
          onChange={setTrigger}
        />
      )}
      {e.on && 'action' in e.on && (
        <SelectField
          label={ft('edge.action')}
          name="action"
          value={e.on.action}
          options={vocab.knownActions}
          onChange={(v) => set({ on: { action: v ?? vocab.knownActions[0]! } })}
        />
      )}
      {e.on && 'timeoutMinutes' in e.on && (
        <NumberField
          label={ft('field.minutes')}
          value={e.on.timeoutMinutes}
          min={1}
          onCommit={(v) => set({ on: { timeoutMinutes: v ?? 60 } })}
        />
      )}
      {e.on && 'timeoutParam' in e.on && (
        <>
          <SelectField
            label={ft('edge.timeoutParam')}
            value={e.on.timeoutParam}
            options={params}
            onChange={(v) => set({ on: { timeoutParam: v ?? '', unit: (e.on as { unit: 'days' }).unit } })}
          />
          <SelectField
            label={ft('edge.unit')}
            value={e.on.unit}
            options={['minutes', 'hours', 'days'] as const}
            onChange={(v) => set({ on: { timeoutParam: (e.on as { timeoutParam: string }).timeoutParam, unit: v ?? 'days' } })}
          />
        </>
      )}
      {e.on && 'outcome' in e.on && (
        <TextField label={ft('edge.outcome')} value={e.on.outcome} mono onCommit={(v) => set({ on: { outcome: v.trim() } })} />
      )}
      {source?.type === 'decision' && (
        <>
          <CheckField
            label={ft('edge.default')}
            checked={Boolean(e.default)}
            disabled={!e.default && !canDefault.ok}
            title={!canDefault.ok ? ft(`refusal.${canDefault.reason}`) : undefined}
            onChange={(v) => set(v ? { default: true, condition: undefined, order: undefined } : { default: undefined })}
          />
          {!e.default && <NumberField label={ft('edge.order')} value={e.order} min={0} name="order" onCommit={(v) => set({ order: v })} />}
        </>
      )}
      {!e.default && (
        <ConditionField label={ft('edge.condition')} value={e.condition} name="condition" onCommit={(v) => set({ condition: v })} />
      )}
      <Row label={ft('field.steps')}>
        <StepsEditor
          steps={e.steps ?? []}
          onChange={(steps) => set({ steps: steps.length ? (steps as FlowStep[]) : undefined })}
          vocab={vocab}
          allowCall={false}
        />
      </Row>
      <SelectField
        label={ft('edge.compensate')}
        value={e.compensate === true ? 'all' : Array.isArray(e.compensate) ? 'some' : undefined}
        options={[
          { value: 'all', label: ft('edge.compensate.all') },
          { value: 'some', label: ft('edge.compensate.some') },
        ]}
        empty={ft('edge.compensate.none')}
        onChange={(v) =>
          set({ compensate: v === 'all' ? true : v === 'some' ? (Array.isArray(e.compensate) ? e.compensate : [e.from]) : undefined })
        }
      />
      {Array.isArray(e.compensate) && (
        <TextField
          label={ft('edge.compensateNodes')}
          value={e.compensate.join(', ')}
          mono
          onCommit={(v) => {
            const ids = v.split(/[,\s]+/).filter(Boolean);
            set({ compensate: ids.length ? ids : undefined });
          }}
        />
      )}
    </div>
  );
}

function MetaForm({ doc, onMeta, vocab }: InspectorProps) {
  const ft = useFlowText();
  const m = doc.meta;
  const set = (patch: Partial<FlowDoc['meta']>) => onMeta(clean({ ...m, ...patch }));
  const params = Object.entries(m.params ?? {});
  const setParams = (list: [string, number | string | boolean][]) => set({ params: list.length ? Object.fromEntries(list) : undefined });
  return (
    <div className="fd-form" data-form="flow">
      <h3 className="fd-form-title">{ft('inspector.flow')}</h3>
      <p className="muted">{ft('inspector.hint')}</p>
      <TextField label={ft('field.name')} value={m.name} name="flowName" onCommit={(v) => set({ name: v.trim() || m.name })} />
      <TextField label={ft('field.description')} value={m.description} onCommit={(v) => set({ description: v.trim() || undefined })} />
      <Row label={ft('field.globalActions')}>
        <span className="fd-chips">
          {vocab.knownActions.map((a) => (
            <CheckField
              key={a}
              label={a}
              checked={m.globalActions.includes(a)}
              onChange={(on) => set({ globalActions: on ? [...m.globalActions, a] : m.globalActions.filter((x) => x !== a) })}
            />
          ))}
        </span>
      </Row>
      <Row label={ft('field.params')}>
        <table className="fd-levels">
          <tbody>
            {params.map(([k, v], i) => (
              <tr key={`${k}-${i}`}>
                <td>
                  <LevelInput value={k} onCommit={(nk) => setParams(params.map((p, j) => (j === i ? [nk, p[1]] : p)))} />
                </td>
                <td>
                  <LevelInput
                    value={String(v)}
                    onCommit={(nv) => {
                      const parsed =
                        nv === 'true' ? true : nv === 'false' ? false : nv.trim() !== '' && Number.isFinite(Number(nv)) ? Number(nv) : nv;
                      setParams(params.map((p, j) => (j === i ? [p[0], parsed] : p)));
                    }}
                  />
                </td>
                <td>
                  <button type="button" className="btn btn-ghost btn-sm" onClick={() => setParams(params.filter((_, j) => j !== i))}>
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="btn btn-sm" onClick={() => setParams([...params, [`param${params.length + 1}`, 1]])}>
          + {ft('field.addParam')}
        </button>
      </Row>
    </div>
  );
}

import { createContext, useContext, useEffect, useId, useState, type ReactNode } from 'react';
import type { NumberOrParam } from '../../../domain/flow/flow-definition';
import { ConditionBuilder, type ConditionField as BuilderField } from './condition-builder';
import { useFlowText } from './flow-text';

/**
 * Form fields of the side panel. Text is committed on blur or Enter (one undo step per edit, not
 * per keystroke); selects and checkboxes commit at once.
 */
export function Row({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="fd-row">
      <span className="fd-row-label">{label}</span>
      {children}
      {hint && <span className="fd-row-hint">{hint}</span>}
    </label>
  );
}

export function TextField({
  label,
  value,
  onCommit,
  placeholder,
  list,
  name,
  mono,
}: {
  label: string;
  value: string | undefined;
  onCommit: (v: string) => void;
  placeholder?: string;
  list?: string;
  name?: string;
  mono?: boolean;
}) {
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  const commit = () => {
    if (draft !== (value ?? '')) onCommit(draft);
  };
  return (
    <Row label={label}>
      <input
        className={mono ? 'fd-input mono' : 'fd-input'}
        name={name}
        value={draft}
        placeholder={placeholder}
        list={list}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(value ?? '');
        }}
      />
    </Row>
  );
}

export function NumberField({
  label,
  value,
  onCommit,
  name,
  min,
}: {
  label: string;
  value: number | undefined;
  onCommit: (v: number | undefined) => void;
  name?: string;
  min?: number;
}) {
  const [draft, setDraft] = useState(value === undefined ? '' : String(value));
  useEffect(() => setDraft(value === undefined ? '' : String(value)), [value]);
  const commit = () => {
    const v = draft.trim() === '' ? undefined : Number(draft);
    if (v !== undefined && !Number.isFinite(v)) return setDraft(value === undefined ? '' : String(value));
    if (v !== value) onCommit(v);
  };
  return (
    <Row label={label}>
      <input
        className="fd-input"
        type="number"
        name={name}
        min={min}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </Row>
  );
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  name,
  empty,
}: {
  label: string;
  value: T | undefined;
  options: readonly (T | { value: T; label: string })[];
  onChange: (v: T | undefined) => void;
  name?: string;
  /** the text of the "not set" choice; without it a value is required */
  empty?: string;
}) {
  const opts = options.map((o) => (typeof o === 'string' ? { value: o, label: o } : o));
  const known = value === undefined || opts.some((o) => o.value === value);
  return (
    <Row label={label}>
      <select
        className="fd-input"
        name={name}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : (e.target.value as T))}
      >
        {(empty !== undefined || value === undefined) && <option value="">{empty ?? '—'}</option>}
        {!known && <option value={value}>{value}</option>}
        {opts.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Row>
  );
}

export function CheckField({
  label,
  checked,
  onChange,
  disabled,
  title,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  disabled?: boolean;
  title?: string;
}) {
  return (
    <label className="fd-check" title={title}>
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}

/** Raw JSON (JSON-Logic, activity inputs): committed when it parses; an empty box is "not set". */
export function JsonField({
  label,
  value,
  onCommit,
  rows = 4,
  name,
  hint,
}: {
  label: string;
  value: unknown;
  onCommit: (v: unknown) => void;
  rows?: number;
  name?: string;
  hint?: string;
}) {
  const ft = useFlowText();
  const text = value === undefined ? '' : JSON.stringify(value, null, 1);
  const [draft, setDraft] = useState(text);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDraft(text);
    setError(null);
  }, [text]);
  const commit = () => {
    if (draft === text) return;
    if (draft.trim() === '') {
      setError(null);
      return onCommit(undefined);
    }
    try {
      const parsed: unknown = JSON.parse(draft);
      setError(null);
      onCommit(parsed);
    } catch (err) {
      setError(`${ft('json.invalid')}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return (
    <Row label={label} hint={error ?? hint}>
      <textarea
        className={error ? 'fd-input fd-json mono is-invalid' : 'fd-input fd-json mono'}
        name={name}
        rows={rows}
        spellCheck={false}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
      />
    </Row>
  );
}

/** A number written in place or a flow parameter's name (`params.<name>`). */
export function NumberOrParamField({
  label,
  value,
  onCommit,
  params,
  optional,
}: {
  label: string;
  value: NumberOrParam | undefined;
  onCommit: (v: NumberOrParam | undefined) => void;
  params: string[];
  optional?: boolean;
}) {
  const ft = useFlowText();
  const listId = useId();
  const text = value === undefined ? '' : typeof value === 'number' ? String(value) : `params.${value.param}`;
  const [draft, setDraft] = useState(text);
  useEffect(() => setDraft(text), [text]);
  const commit = () => {
    const s = draft.trim();
    if (s === text) return;
    if (s === '') return optional ? onCommit(undefined) : setDraft(text);
    if (s.startsWith('params.')) return onCommit({ param: s.slice(7) });
    const n = Number(s);
    if (Number.isFinite(n)) onCommit(n);
    else setDraft(text);
  };
  return (
    <Row label={label} hint={ft('field.numberOrParam')}>
      <input
        className="fd-input mono"
        list={listId}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      <datalist id={listId}>
        {params.map((p) => (
          <option key={p} value={`params.${p}`} />
        ))}
      </datalist>
    </Row>
  );
}

/** The typed variables conditions may read (the editor provides them for its flow's kind). */
export const ConditionFieldsContext = createContext<BuilderField[]>([]);

/** A JSON-Logic condition over the flow's variables: the visual builder with its raw JSON-Logic tab. */
export function ConditionField({
  label,
  value,
  onCommit,
  name,
}: {
  label: string;
  value: unknown;
  onCommit: (v: unknown) => void;
  name?: string;
}) {
  const fields = useContext(ConditionFieldsContext);
  return (
    <div className="fd-row fd-condition" data-field={name}>
      <span className="fd-row-label">{label}</span>
      <ConditionBuilder value={value} onChange={onCommit} fields={fields} />
    </div>
  );
}

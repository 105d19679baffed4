import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import {
  asRootGroup,
  defaultValue,
  fromJsonLogic,
  newRule,
  operandType,
  operatorsFor,
  rootToJsonLogic,
  type ConditionField,
  type ConditionGroup,
  type ConditionNode,
  type ConditionRule,
  type FieldType,
  type Operand,
  type Operator,
} from '../../../domain/conditions/condition-tree';
import { useI18n, type I18n, type MessageKey } from '../i18n';
import './condition-builder.css';

export type { ConditionField } from '../../../domain/conditions/condition-tree';
export { conditionFields, conditionFieldsFromNames, fetchConditionVariables } from './condition-fields';

export interface ConditionBuilderProps {
  /** the condition as JSON-Logic (undefined: none yet) */
  value: unknown;
  /** called with the new JSON-Logic on every valid change (undefined when every rule was removed) */
  onChange: (v: unknown) => void;
  /** the variables the condition may read, typed (conditionFields builds them from the API) */
  fields: ConditionField[];
}

type T = I18n['t'];

/**
 * Edits a JSON-Logic condition as nested groups of rules, with a raw JSON-Logic tab for experts.
 * Both views write through onChange and read `value`, so they are always in sync; invalid JSON in
 * the raw tab is shown and not applied. Parts the visual view cannot show are kept verbatim.
 */
export function ConditionBuilder({ value, onChange, fields }: ConditionBuilderProps) {
  const { t } = useI18n();
  const [tab, setTab] = useState<'visual' | 'json'>('visual');
  const root = useMemo(() => asRootGroup(value), [value]);
  const emit = (next: ConditionGroup) => onChange(rootToJsonLogic(next));

  return (
    <div className="cb">
      <div className="cb-tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'visual'}
          className={tab === 'visual' ? 'active' : ''}
          onClick={() => setTab('visual')}
        >
          {t('cond.tab.visual')}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'json'}
          className={tab === 'json' ? 'active' : ''}
          onClick={() => setTab('json')}
        >
          {t('cond.tab.json')}
        </button>
      </div>
      {tab === 'visual' ? (
        <GroupEditor group={root} fields={fields} onChange={emit} isRoot t={t} />
      ) : (
        <RawJsonEditor value={value} onChange={onChange} label={t('cond.tab.json')} allowEmpty />
      )}
    </div>
  );
}

/** JSON text kept in sync with `value`; a parse error is shown and not passed on. */
function RawJsonEditor({
  value,
  onChange,
  label,
  allowEmpty,
}: {
  value: unknown;
  onChange: (v: unknown) => void;
  label: string;
  allowEmpty?: boolean;
}) {
  const { t } = useI18n();
  const pretty = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [text, setText] = useState(pretty);
  const [error, setError] = useState<string | null>(null);
  // Follow outside changes unless the text already means the same thing (keeps the user's layout).
  useEffect(() => {
    setText((current) => {
      try {
        if (current.trim() === '' ? value === undefined : JSON.stringify(JSON.parse(current)) === JSON.stringify(value)) return current;
      } catch {
        /* the text was invalid: the new value replaces it */
      }
      setError(null);
      return pretty;
    });
  }, [pretty, value]);
  const edit = (next: string) => {
    setText(next);
    if (allowEmpty && next.trim() === '') {
      setError(null);
      onChange(undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(next);
      setError(null);
      onChange(parsed);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <div className="cb-json">
      <textarea
        className="mono"
        aria-label={label}
        aria-invalid={error ? true : undefined}
        spellCheck={false}
        rows={Math.min(24, Math.max(4, text.split('\n').length + 1))}
        value={text}
        onChange={(e) => edit(e.target.value)}
      />
      {error && (
        <p className="field-error" role="alert">
          {t('cond.jsonInvalid', { error })}
        </p>
      )}
    </div>
  );
}

interface GroupProps {
  group: ConditionGroup;
  fields: ConditionField[];
  onChange: (g: ConditionGroup) => void;
  onRemove?: () => void;
  isRoot?: boolean;
  t: T;
}

function GroupEditor({ group, fields, onChange, onRemove, isRoot, t }: GroupProps) {
  // Once the user shapes the root group (adds a second rule, changes all/any/not) it is written as a group.
  const change = (g: Partial<ConditionGroup>) =>
    onChange({ ...group, ...g, implicit: group.implicit && !g.combinator ? group.implicit : undefined });
  const setChild = (i: number, node: ConditionNode) => change({ children: group.children.map((c, j) => (j === i ? node : c)) });
  const removeChild = (i: number) => change({ children: group.children.filter((_, j) => j !== i) });
  const addRule = () => {
    const field = fields[0] ?? { name: 'ticket.priority', label: 'ticket.priority', type: 'string' as const };
    change({ children: [...group.children, newRule(field)] });
  };
  const addGroup = () => change({ children: [...group.children, { type: 'group', combinator: 'all', children: [] }] });
  return (
    <div className={`cb-group cb-group-${group.combinator}`} role="group" aria-label={t(`cond.${group.combinator}`)}>
      <div className="cb-group-head">
        <select
          aria-label={t('cond.combinator')}
          value={group.combinator}
          onChange={(e) => change({ combinator: e.target.value as ConditionGroup['combinator'] })}
        >
          <option value="all">{t('cond.all')}</option>
          <option value="any">{t('cond.any')}</option>
          <option value="not">{t('cond.not')}</option>
        </select>
        <button type="button" className="btn btn-sm" onClick={addRule}>
          {t('cond.addRule')}
        </button>
        <button type="button" className="btn btn-sm" onClick={addGroup}>
          {t('cond.addGroup')}
        </button>
        {!isRoot && onRemove && (
          <button type="button" className="btn btn-ghost btn-sm cb-remove" onClick={onRemove} aria-label={t('cond.removeGroup')}>
            {t('cond.removeGroup')}
          </button>
        )}
      </div>
      {group.children.length === 0 && <p className="muted cb-empty">{t('cond.empty')}</p>}
      <ul className="cb-children">
        {group.children.map((child, i) => (
          <li key={i}>
            {child.type === 'group' ? (
              <GroupEditor group={child} fields={fields} onChange={(g) => setChild(i, g)} onRemove={() => removeChild(i)} t={t} />
            ) : child.type === 'rule' ? (
              <RuleEditor rule={child} fields={fields} onChange={(r) => setChild(i, r)} onRemove={() => removeChild(i)} t={t} />
            ) : (
              <div className="cb-raw">
                <span className="muted">{t('cond.raw')}</span>
                <RawJsonEditor value={child.logic} onChange={(logic) => setChild(i, fromJsonLogic(logic))} label={t('cond.raw')} />
                <button type="button" className="btn btn-ghost btn-sm cb-remove" onClick={() => removeChild(i)}>
                  {t('cond.remove')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

const OP_KEYS: Record<Operator, MessageKey> = {
  '==': 'cond.op.eq',
  '!=': 'cond.op.ne',
  '<': 'cond.op.lt',
  '<=': 'cond.op.lte',
  '>': 'cond.op.gt',
  '>=': 'cond.op.gte',
  between: 'cond.op.between',
  in: 'cond.op.in',
  includes: 'cond.op.includes',
  contains: 'cond.op.contains',
  in_region: 'cond.op.in_region',
  is_set: 'cond.op.is_set',
  business_hours: 'cond.op.business_hours',
};
const DATE_OP_KEYS: Partial<Record<Operator, MessageKey>> = {
  '<': 'cond.op.before',
  '<=': 'cond.op.onOrBefore',
  '>': 'cond.op.after',
  '>=': 'cond.op.onOrAfter',
};

function opLabel(op: Operator, type: FieldType, t: T): string {
  return t((type === 'date' && DATE_OP_KEYS[op]) || OP_KEYS[op]);
}

/** Which measure of a date field the rule compares: the date itself or the time from it until now. */
type Measure = 'value' | 'days' | 'hours';

function RuleEditor({
  rule,
  fields,
  onChange,
  onRemove,
  t,
}: {
  rule: ConditionRule;
  fields: ConditionField[];
  onChange: (r: ConditionRule) => void;
  onRemove: () => void;
  t: T;
}) {
  const fieldName = rule.left.kind === 'var' ? rule.left.name : rule.left.from;
  const field = fields.find((f) => f.name === fieldName);
  const baseType: FieldType = field?.type ?? (rule.left.kind === 'elapsed' ? 'date' : 'string');
  const type = operandType(rule.left, fields);
  const measure: Measure = rule.left.kind === 'elapsed' ? rule.left.unit : 'value';
  const ops = operatorsFor(type);
  if (!ops.includes(rule.op)) ops.push(rule.op);

  const withOp = (left: Operand, op: Operator, ofType: FieldType, ofField?: ConditionField): ConditionRule => {
    const value = defaultValue(op, ofType, ofField);
    return value === undefined ? { type: 'rule', left, op } : { type: 'rule', left, op, value };
  };
  const setField = (name: string) => {
    const f = fields.find((x) => x.name === name);
    if (f) onChange(newRule(f));
  };
  const setMeasure = (m: Measure) => {
    const left: Operand = m === 'value' ? { kind: 'var', name: fieldName } : { kind: 'elapsed', unit: m, from: fieldName, to: 'now' };
    const ofType = m === 'value' ? baseType : 'number';
    onChange(withOp(left, operatorsFor(ofType)[0]!, ofType, field));
  };
  const setOp = (op: Operator) => {
    // keep the value when it still fits (== ↔ != on the same field)
    const keep = ['==', '!=', '<', '<=', '>', '>='];
    if (keep.includes(op) && keep.includes(rule.op)) onChange({ ...rule, op });
    else onChange(withOp(rule.left, op, type, field));
  };
  const setValue = (value: unknown) => onChange(value === undefined ? { type: 'rule', left: rule.left, op: rule.op } : { ...rule, value });
  const canLower = rule.left.kind === 'var' && (type === 'string' || type === 'enum') && ['==', '!=', 'in'].includes(rule.op);

  return (
    <div className="cb-rule">
      <select aria-label={t('cond.field')} value={fieldName} onChange={(e) => setField(e.target.value)}>
        {!field && <option value={fieldName}>{fieldName}</option>}
        {fields.map((f) => (
          <option key={f.name} value={f.name}>
            {f.label === f.name ? f.name : `${f.label} · ${f.name}`}
          </option>
        ))}
      </select>
      {baseType === 'date' && (
        <select aria-label={t('cond.measure')} value={measure} onChange={(e) => setMeasure(e.target.value as Measure)}>
          <option value="value">{t('cond.measure.value')}</option>
          <option value="days">
            {rule.left.kind === 'elapsed' && rule.left.to !== 'now'
              ? t('cond.measure.daysTo', { to: rule.left.to })
              : t('cond.measure.days')}
          </option>
          <option value="hours">
            {rule.left.kind === 'elapsed' && rule.left.to !== 'now'
              ? t('cond.measure.hoursTo', { to: rule.left.to })
              : t('cond.measure.hours')}
          </option>
        </select>
      )}
      <select aria-label={t('cond.operator')} value={rule.op} onChange={(e) => setOp(e.target.value as Operator)}>
        {ops.map((op) => (
          <option key={op} value={op}>
            {opLabel(op, type, t)}
          </option>
        ))}
      </select>
      <ValueEditor rule={rule} type={type} field={field} onChange={setValue} t={t} />
      {canLower && rule.left.kind === 'var' && (
        <label className="cb-check" title={t('cond.lowerHint')}>
          <input
            type="checkbox"
            checked={Boolean(rule.left.lower)}
            onChange={(e) =>
              onChange({ ...rule, left: { ...(rule.left as Extract<Operand, { kind: 'var' }>), lower: e.target.checked || undefined } })
            }
          />
          {t('cond.lower')}
        </label>
      )}
      <button type="button" className="btn btn-ghost btn-sm cb-remove" onClick={onRemove} aria-label={t('cond.remove')}>
        ×
      </button>
    </div>
  );
}

function ValueEditor({
  rule,
  type,
  field,
  onChange,
  t,
}: {
  rule: ConditionRule;
  type: FieldType;
  field?: ConditionField;
  onChange: (v: unknown) => void;
  t: T;
}) {
  const v = rule.value;
  const isVar = typeof v === 'object' && v !== null && !Array.isArray(v) && 'var' in v && type !== 'date';
  if (isVar)
    return (
      <input
        className="mono"
        aria-label={t('cond.var')}
        title={t('cond.var')}
        value={String((v as { var: unknown }).var)}
        onChange={(e) => onChange({ var: e.target.value })}
      />
    );
  switch (rule.op) {
    case 'is_set':
      return null;
    case 'business_hours':
      return (
        <input
          aria-label={t('cond.calendar')}
          placeholder="cn-business"
          value={typeof v === 'string' ? v : ''}
          onChange={(e) => onChange(e.target.value || undefined)}
        />
      );
    case 'between': {
      const [low, high] = Array.isArray(v) ? v : [null, null];
      return (
        <span className="cb-between">
          <ScalarInput type={type} field={field} value={low} onChange={(x) => onChange([x, high])} label={t('cond.low')} t={t} />
          <span className="muted">{t('cond.and')}</span>
          <ScalarInput type={type} field={field} value={high} onChange={(x) => onChange([low, x])} label={t('cond.high')} t={t} />
        </span>
      );
    }
    case 'in':
    case 'in_region': {
      const list = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
      return field?.options?.length ? (
        <OptionsPicker options={field.options} selected={list} onChange={onChange} label={t('cond.value')} t={t} />
      ) : (
        <TagInput values={list} onChange={onChange} label={t('cond.value')} t={t} />
      );
    }
    default:
      return (
        <ScalarInput
          type={rule.op === 'contains' || rule.op === 'includes' ? 'string' : type}
          field={field}
          value={v}
          onChange={onChange}
          label={t('cond.value')}
          t={t}
        />
      );
  }
}

/** One value of a type: a dictionary select, a number, yes/no, a date (fixed, now, now ± days) or text. */
function ScalarInput({
  type,
  field,
  value,
  onChange,
  label,
  t,
}: {
  type: FieldType;
  field?: ConditionField;
  value: unknown;
  onChange: (v: unknown) => void;
  label: string;
  t: T;
}) {
  if (type === 'enum' && field?.options?.length) {
    const current = value === null || value === undefined ? '' : String(value);
    return (
      <select aria-label={label} value={current} onChange={(e) => onChange(e.target.value)}>
        {!field.options.some((o) => o.value === current) && <option value={current}>{current || '—'}</option>}
        {field.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label === o.value ? o.value : `${o.label} (${o.value})`}
          </option>
        ))}
      </select>
    );
  }
  if (type === 'number')
    return (
      <input
        type="number"
        aria-label={label}
        value={typeof value === 'number' ? value : value === null || value === undefined ? '' : String(value)}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
      />
    );
  if (type === 'boolean')
    return (
      <select
        aria-label={label}
        value={value === true ? 'true' : value === false ? 'false' : 'null'}
        onChange={(e) => onChange(e.target.value === 'null' ? null : e.target.value === 'true')}
      >
        <option value="true">{t('cond.true')}</option>
        <option value="false">{t('cond.false')}</option>
        <option value="null">{t('cond.null')}</option>
      </select>
    );
  if (type === 'date') return <DateInput value={value} onChange={onChange} label={label} t={t} />;
  return (
    <input
      aria-label={label}
      value={value === null || value === undefined ? '' : String(value)}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** A fixed instant (ISO, UTC), `now`, or `add_days(now, n)`. */
function DateInput({ value, onChange, label, t }: { value: unknown; onChange: (v: unknown) => void; label: string; t: T }) {
  const isNow = typeof value === 'object' && value !== null && (value as { var?: unknown }).var === 'now';
  const relative =
    typeof value === 'object' && value !== null && Array.isArray((value as { add_days?: unknown }).add_days)
      ? (value as { add_days: [unknown, number] }).add_days
      : null;
  const mode = isNow ? 'now' : relative ? 'relative' : 'at';
  const setMode = (m: string) =>
    onChange(
      m === 'now' ? { var: 'now' } : m === 'relative' ? { add_days: [{ var: 'now' }, -1] } : new Date().toISOString().slice(0, 16) + ':00Z',
    );
  const at = typeof value === 'string' ? value.slice(0, 16) : '';
  return (
    <span className="cb-date">
      <select aria-label={t('cond.date.mode')} value={mode} onChange={(e) => setMode(e.target.value)}>
        <option value="at">{t('cond.date.at')}</option>
        <option value="now">{t('cond.date.now')}</option>
        <option value="relative">{t('cond.date.relative')}</option>
      </select>
      {mode === 'at' && (
        <input
          type="datetime-local"
          aria-label={label}
          value={at}
          onChange={(e) => onChange(e.target.value ? `${e.target.value}:00Z` : '')}
        />
      )}
      {mode === 'relative' && relative && (
        <input
          type="number"
          aria-label={t('cond.date.days')}
          value={relative[1]}
          onChange={(e) => onChange({ add_days: [relative[0], Number(e.target.value || 0)] })}
        />
      )}
    </span>
  );
}

/** Enum values and regions: tick the ones that count; values outside the list stay as chips. */
function OptionsPicker({
  options,
  selected,
  onChange,
  label,
  t,
}: {
  options: { value: string; label: string }[];
  selected: string[];
  onChange: (v: string[]) => void;
  label: string;
  t: T;
}) {
  const toggle = (value: string) => onChange(selected.includes(value) ? selected.filter((s) => s !== value) : [...selected, value]);
  const extra = selected.filter((s) => !options.some((o) => o.value === s));
  return (
    <span className="cb-options" role="group" aria-label={label}>
      {options.map((o) => (
        <label key={o.value} className={`cb-option${selected.includes(o.value) ? ' on' : ''}`}>
          <input type="checkbox" checked={selected.includes(o.value)} onChange={() => toggle(o.value)} />
          {o.label}
        </label>
      ))}
      <TagInput
        values={extra}
        onChange={(more) => onChange([...selected.filter((s) => options.some((o) => o.value === s)), ...more])}
        label={t('cond.other')}
        t={t}
      />
    </span>
  );
}

/** Free values as chips: type and press Enter (or comma) to add, × to remove. */
function TagInput({ values, onChange, label, t }: { values: string[]; onChange: (v: string[]) => void; label: string; t: T }) {
  const [text, setText] = useState('');
  const add = () => {
    const v = text.trim();
    if (v && !values.includes(v)) onChange([...values, v]);
    setText('');
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      add();
    } else if (e.key === 'Backspace' && !text && values.length) onChange(values.slice(0, -1));
  };
  return (
    <span className="cb-tags">
      {values.map((v) => (
        <span key={v} className="chip">
          {v}
          <button type="button" aria-label={`${t('cond.remove')} ${v}`} onClick={() => onChange(values.filter((x) => x !== v))}>
            ×
          </button>
        </span>
      ))}
      <input
        aria-label={label}
        placeholder={t('cond.tagPlaceholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKey}
        onBlur={add}
      />
    </span>
  );
}

/** A one-line reading of a condition for lists: "优先级 等于 P1 且 地区 位于地区 华东". */
export function describeCondition(logic: unknown, fields: ConditionField[], t: T): string {
  const walk = (n: ConditionNode): string => {
    if (n.type === 'raw') return JSON.stringify(n.logic);
    if (n.type === 'group') {
      const parts = n.children.map(walk);
      if (n.combinator === 'not') return `${t('cond.notWord')}(${parts.join(` ${t('cond.and')} `)})`;
      return parts.length > 1 ? `(${parts.join(` ${t(n.combinator === 'all' ? 'cond.and' : 'cond.or')} `)})` : (parts[0] ?? '');
    }
    const name = n.left.kind === 'var' ? n.left.name : n.left.from;
    const label = fields.find((f) => f.name === name)?.label ?? name;
    const left = n.left.kind === 'elapsed' ? `${label} ${t(n.left.unit === 'days' ? 'cond.measure.days' : 'cond.measure.hours')}` : label;
    const value = n.value === undefined ? '' : ` ${JSON.stringify(n.value)}`;
    return `${left} ${opLabel(n.op, operandType(n.left, fields), t)}${value}`;
  };
  const root = fromJsonLogic(logic);
  if (root.type === 'group' && root.combinator !== 'not')
    return root.children.map(walk).join(` ${t(root.combinator === 'all' ? 'cond.and' : 'cond.or')} `);
  return walk(root);
}

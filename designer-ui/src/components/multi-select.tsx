import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n';

interface Option {
  value: string;
  label: string;
}

interface Props {
  label: string;
  options: Option[];
  selected: string[];
  onChange: (values: string[]) => void;
}

/** A compact dropdown of checkboxes: "状态: 全部" until something is picked. */
export function MultiSelect({ label, options, selected, onChange }: Props) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const summary =
    selected.length === 0
      ? t('common.all')
      : selected.length === 1
        ? (options.find((o) => o.value === selected[0])?.label ?? selected[0])
        : t('common.selected', { count: selected.length });

  const toggle = (value: string) => onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]);

  return (
    <div className="multiselect" ref={root}>
      <button
        type="button"
        className={`multiselect-button${selected.length > 0 ? ' has-value' : ''}`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="multiselect-label">{label}</span>
        <span className="multiselect-value">{summary}</span>
        <span className="caret" aria-hidden="true" />
      </button>
      {open && (
        <div className="multiselect-panel" id={panelId} role="group" aria-label={label}>
          {options.map((o) => (
            <label key={o.value} className="check">
              <input type="checkbox" checked={selected.includes(o.value)} onChange={() => toggle(o.value)} />
              <span>{o.label}</span>
            </label>
          ))}
          {selected.length > 0 && (
            <button type="button" className="btn btn-link btn-sm multiselect-clear" onClick={() => onChange([])}>
              {t('common.clear')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

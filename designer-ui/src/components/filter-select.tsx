import { useI18n } from '../i18n';

interface Props {
  id: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  /** what the empty choice says; "全部" when not given */
  allLabel?: string;
}

/** A labelled single-choice filter for a filter bar; the empty value means "any". */
export function FilterSelect({ id, label, value, options, onChange, allLabel }: Props) {
  const { t } = useI18n();
  return (
    <label className={`filter-select${value ? ' has-value' : ''}`} htmlFor={id}>
      <span className="filter-select-label">{label}</span>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{allLabel ?? t('common.all')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

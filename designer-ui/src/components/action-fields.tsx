import { useI18n } from '../i18n';
import type { FieldSpec } from './action-specs';
import { FormField } from './form-field';

interface Props {
  fields: readonly FieldSpec[];
  values: Record<string, string>;
  errors: Record<string, string>;
  onChange: (name: string, value: string) => void;
}

/** The inputs of one action's form, drawn from its field list; the first one takes the focus. */
export function ActionFields({ fields, values, errors, onChange }: Props) {
  const { t, label } = useI18n();
  return (
    <>
      {fields.map((f, i) => {
        const id = `act-${f.name}`;
        const common = {
          id,
          value: values[f.name] ?? '',
          'aria-describedby': `${id}-msg`,
          'aria-invalid': Boolean(errors[f.name]),
          'aria-required': f.required ? true : undefined,
          autoFocus: i === 0,
        };
        const text = t(f.label) + (f.required ? '' : t('action.optional'));
        return (
          <FormField key={f.name} id={id} label={text} error={errors[f.name]}>
            {f.kind === 'select' ? (
              <select {...common} onChange={(e) => onChange(f.name, e.target.value)}>
                {/* an empty first choice only where nothing is preselected; optional ones can be cleared */}
                {(!f.initial || !f.required) && <option value="">{f.required ? t('action.choose') : t('common.none')}</option>}
                {(f.options ?? []).map((o) => (
                  <option key={o} value={o}>
                    {f.optionLabel ? label(f.optionLabel, o) : o}
                  </option>
                ))}
              </select>
            ) : f.kind === 'textarea' ? (
              <textarea
                {...common}
                rows={f.rows ?? 2}
                maxLength={f.max}
                placeholder={f.placeholder && t(f.placeholder)}
                onChange={(e) => onChange(f.name, e.target.value)}
              />
            ) : (
              <input
                {...common}
                type={f.inputType ?? 'text'}
                inputMode={f.inputType === 'url' ? 'url' : undefined}
                maxLength={f.max}
                placeholder={f.placeholder && t(f.placeholder)}
                autoComplete="off"
                onChange={(e) => onChange(f.name, e.target.value)}
              />
            )}
          </FormField>
        );
      })}
    </>
  );
}

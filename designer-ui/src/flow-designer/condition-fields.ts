import { query, request } from '../api/client';
import type { Lang } from '../i18n';
import type { ConditionField, FieldType } from '../../../domain/conditions/condition-tree';

/** A variable as GET /api/v1/rules/variables describes it (domain/conditions/condition-variables.ts). */
export interface ConditionVariable {
  name: string;
  type: FieldType;
  label: { zh: string; en: string };
  options?: { value: string; label: { zh: string; en: string } }[];
}

/**
 * The variables conditions may read: those of rules by default, or of a flow of `flowKind`
 * (ticket, rma, visit), typed and with their dictionary values.
 */
export async function fetchConditionVariables(flowKind?: 'ticket' | 'rma' | 'visit', signal?: AbortSignal): Promise<ConditionVariable[]> {
  return (await request<{ items: ConditionVariable[] }>(`/api/v1/rules/variables${query({ flowKind })}`, { signal })).data.items;
}

/** The condition builder's `fields` from the variables, labelled in `lang` ("优先级 · ticket.priority"). */
export function conditionFields(variables: readonly ConditionVariable[], lang: Lang): ConditionField[] {
  const pick = (l: { zh: string; en: string }) => (lang === 'en' ? l.en : l.zh);
  return variables.map((v) => ({
    name: v.name,
    label: pick(v.label),
    type: v.type,
    ...(v.options ? { options: v.options.map((o) => ({ value: o.value, label: pick(o.label) })) } : {}),
  }));
}

/**
 * Fields from bare variable names (a flow vocabulary's field list) with a prefix: typed as the
 * typed variables say when one has the name, else as text.
 */
export function conditionFieldsFromNames(
  prefix: string,
  names: readonly string[],
  typed: readonly ConditionField[] = [],
): ConditionField[] {
  return names.map((n) => {
    const name = `${prefix}.${n}`;
    return typed.find((f) => f.name === name) ?? { name, label: n, type: 'string' };
  });
}

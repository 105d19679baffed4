/**
 * How values read in messages to people (SMS, IM cards, the in-app inbox): one place, so every
 * channel names the SLA clocks and shows times the same way.
 */
export const METRIC_LABELS: Record<string, string> = { frt: '首次响应', ttr: '解决' };

/** 2026-11-25T06:30:00Z → 2026-11-25 14:30 (Asia/Shanghai is UTC+8 all year, no DST). */
export function beijingTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/** `metric` as frt/ttr becomes its name; `dueAt` and a visit's window as ISO instants become Beijing time. */
export function humanMessageValues(vars: Record<string, unknown>): Record<string, unknown> {
  const shown: Record<string, unknown> = { ...vars };
  if (typeof vars.metric === 'string') shown.metric = METRIC_LABELS[vars.metric] ?? vars.metric;
  for (const key of ['dueAt', 'windowStart', 'windowEnd'] as const) {
    const v = vars[key];
    if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) shown[key] = beijingTime(v);
  }
  return shown;
}

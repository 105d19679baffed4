/** Days from the local calendar day `today` to the date `ymd` (YYYY-MM-DD); negative when it is past. */
export function daysUntil(ymd: string, today: Date = new Date()): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd);
  if (!m) return null;
  // Both as UTC midnights of calendar days, so a daylight-saving shift cannot make it 0.96 days.
  const end = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const start = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((end - start) / 86_400_000);
}

export type WarrantyState =
  { kind: 'none' } | { kind: 'expired'; days: number } | { kind: 'expiring'; days: number } | { kind: 'valid'; days: number };

/** Within this many days a warranty or contract counts as expiring: time enough to offer an extension. */
export const EXPIRING_WITHIN_DAYS = 60;

/** The warranty's state on `today`: the last day of cover is still covered. */
export function warrantyState(endsOn: string | null | undefined, today: Date = new Date()): WarrantyState {
  const days = endsOn ? daysUntil(endsOn, today) : null;
  if (days === null) return { kind: 'none' };
  if (days < 0) return { kind: 'expired', days: -days };
  if (days <= EXPIRING_WITHIN_DAYS) return { kind: 'expiring', days };
  return { kind: 'valid', days };
}

import type { RoutingTicket } from './routing-model';

/**
 * Order of a queue (seed 002 §5): priority first; within a priority, VIP customers, renewal
 * opportunities and warranties about to end come before the rest, then the oldest ticket.
 */
export const NEAR_WARRANTY_END_DAYS = 30;
const DAY_MS = 86_400_000;
const PRIORITY_RANK = { P1: 0, P2: 1, P3: 2, P4: 3 } as const;

export type UrgencyFactor = 'vip' | 'renewal' | 'near_warranty_end';

export function urgencyFactors(t: RoutingTicket, now: Date): UrgencyFactor[] {
  const out: UrgencyFactor[] = [];
  if (t.customerTier === 'vip' || t.customerTier === 'premium') out.push('vip');
  if (t.renewal) out.push('renewal');
  if (t.warrantyEndsOn) {
    // contract dates are China calendar days; the day ends at 24:00 UTC+8
    const ends = Date.parse(`${t.warrantyEndsOn}T00:00:00+08:00`) + DAY_MS;
    const days = (ends - now.getTime()) / DAY_MS;
    if (days >= 0 && days <= NEAR_WARRANTY_END_DAYS) out.push('near_warranty_end');
  }
  return out;
}

/** New hires take only this: P3/P4 for an ordinary customer with nothing at stake. */
export function isLowRisk(t: RoutingTicket, now: Date): boolean {
  return (t.priority === 'P3' || t.priority === 'P4') && urgencyFactors(t, now).length === 0;
}

export interface QueuedTicket<T extends RoutingTicket = RoutingTicket> {
  ticket: T;
  factors: UrgencyFactor[];
  position: number;
}

/** Stable: equal tickets keep their creation order, then their input order. */
export function orderQueue<T extends RoutingTicket>(tickets: readonly T[], now: Date): QueuedTicket<T>[] {
  const keyed = tickets.map((ticket, i) => ({ ticket, i, factors: urgencyFactors(ticket, now) }));
  const weight = (f: UrgencyFactor[]) =>
    (f.includes('vip') ? 4 : 0) + (f.includes('renewal') ? 2 : 0) + (f.includes('near_warranty_end') ? 1 : 0);
  keyed.sort(
    (a, b) =>
      PRIORITY_RANK[a.ticket.priority] - PRIORITY_RANK[b.ticket.priority] ||
      weight(b.factors) - weight(a.factors) ||
      (a.ticket.createdAt ?? '').localeCompare(b.ticket.createdAt ?? '') ||
      a.i - b.i,
  );
  return keyed.map((k, position) => ({ ticket: k.ticket, factors: k.factors, position }));
}

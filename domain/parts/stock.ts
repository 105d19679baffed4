import type { LocationKind, ReservationStatus } from './part.schema';

/**
 * The decisions of spare-parts stock, free of the database: what is free to promise, which
 * substitute to offer, when and how much to order, and which step a reservation may take next.
 */

export interface StockLevel {
  onHand: number;
  reserved: number;
}

/** Free to promise: what is on the shelf less what is promised to a visit already. Never below 0. */
export const availableOf = (l: StockLevel): number => Math.max(0, l.onHand - l.reserved);

export interface SubstituteCandidate {
  code: string;
  /** 1 = first choice */
  priority: number;
  available: number;
}

/**
 * Substitutes worth offering for `wanted` units: only those with any stock; those that cover the
 * whole need first (one part swapped for one), then by the catalogue's priority, then the most stock.
 */
export function rankSubstitutes<T extends SubstituteCandidate>(candidates: readonly T[], wanted: number): T[] {
  return candidates
    .filter((c) => c.available > 0)
    .sort(
      (a, b) =>
        Number(b.available >= wanted) - Number(a.available >= wanted) ||
        a.priority - b.priority ||
        b.available - a.available ||
        a.code.localeCompare(b.code),
    );
}

export interface ReorderTerms {
  reorderPoint: number;
  reorderQty: number;
}

/**
 * How many to order when `available` has fallen below the reorder point (null: no need): at least
 * the usual lot, and enough to get back to the point.
 */
export function reorderQuantity(available: number, terms: ReorderTerms): number | null {
  if (terms.reorderPoint <= 0 || available >= terms.reorderPoint) return null;
  return Math.max(terms.reorderQty, terms.reorderPoint - available);
}

/** How many to order when a reservation could not be met: the missing units, at least the usual lot. */
export function shortageQuantity(wanted: number, available: number, terms: ReorderTerms): number {
  return Math.max(wanted - available, terms.reorderQty, 1);
}

export type ReservationAction = 'release' | 'issue' | 'consume' | 'return';

/**
 * Whether a reservation in `status`, held at a location of `kind`, may take `action`; else why not.
 * reserved → released | issued (warehouse → van) | consumed (already in a van);
 * issued → consumed | returned (unused, back to a warehouse); consumed → returned (the old part).
 */
export function reservationStep(
  status: ReservationStatus,
  kind: LocationKind,
  action: ReservationAction,
): { ok: true } | { ok: false; reason: string } {
  const allowed: Record<ReservationAction, boolean> = {
    release: status === 'reserved',
    issue: status === 'reserved' && kind === 'warehouse',
    consume: status === 'issued' || (status === 'reserved' && kind === 'engineer'),
    return: status === 'issued' || status === 'consumed',
  };
  if (allowed[action]) return { ok: true };
  if (action === 'issue' && status === 'reserved')
    return { ok: false, reason: 'the reservation is in an engineer’s van already; consume it there' };
  if (action === 'consume' && status === 'reserved') return { ok: false, reason: 'issue the parts to the engineer first' };
  if (action === 'release' && status === 'issued') return { ok: false, reason: 'the parts are with the engineer; return them instead' };
  const done: Record<ReservationAction, string> = { release: 'released', issue: 'issued', consume: 'consumed', return: 'returned' };
  return { ok: false, reason: `a ${status} reservation cannot be ${done[action]}` };
}

/** Pairs of (location, part) in the one order every transaction locks them in, so two never wait on each other. */
export function lockOrder<T extends { locationId: string; partCode: string }>(pairs: readonly T[]): T[] {
  const seen = new Set<string>();
  return [...pairs]
    .sort((a, b) =>
      a.partCode < b.partCode ? -1 : a.partCode > b.partCode ? 1 : a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0,
    )
    .filter((p) => {
      const k = `${p.partCode}\u0000${p.locationId}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

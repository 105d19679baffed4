import type { ReservationStatus, StockLine } from '../parts/part.schema';

/**
 * What the parts an engineer recorded as used (`partsUsed`) mean for the stock, free of I/O: each
 * part is taken first from what the visit's reservation holds (reserved, or issued to the van),
 * the rest from the engineer's own van stock; reserved lines nothing was taken from go back.
 * Lines consumed already count as taken, so a retry after a partial run plans the same van lines.
 */
export interface HeldLine {
  /** the reservation line's id */
  id: string;
  partCode: string;
  qty: number;
  status: ReservationStatus;
  consumedQty: number;
}

export interface PartsUsePlan {
  /** reservation lines fitted, with how many of each (fewer than held frees the rest in the van) */
  consume: { id: string; qty: number }[];
  /** reservation lines not used at all: released where they are held, or returned if issued */
  unused: string[];
  /** used beyond what the reservation held: from the van's own free stock, by part */
  fromVan: StockLine[];
}

/**
 * `used` null means the engineer recorded nothing about parts: every held line counts as used whole
 * (what the visit flow did before parts from the van were recorded).
 */
export function planPartsUse(held: readonly HeldLine[], used: readonly StockLine[] | null): PartsUsePlan {
  const open = (l: HeldLine) => l.status === 'reserved' || l.status === 'issued';
  if (used === null) return { consume: held.filter(open).map((l) => ({ id: l.id, qty: l.qty })), unused: [], fromVan: [] };
  const left = new Map<string, number>();
  for (const u of used) left.set(u.partCode, (left.get(u.partCode) ?? 0) + u.qty);
  const taken = (partCode: string, qty: number) => left.set(partCode, Math.max(0, (left.get(partCode) ?? 0) - qty));
  for (const l of held) if (l.status === 'consumed') taken(l.partCode, l.consumedQty);
  const plan: PartsUsePlan = { consume: [], unused: [], fromVan: [] };
  for (const l of [...held].filter(open).sort((a, b) => a.partCode.localeCompare(b.partCode) || Number(a.id) - Number(b.id))) {
    const take = Math.min(l.qty, left.get(l.partCode) ?? 0);
    if (take > 0) {
      plan.consume.push({ id: l.id, qty: take });
      taken(l.partCode, take);
    } else plan.unused.push(l.id);
  }
  plan.fromVan = [...left]
    .filter(([, qty]) => qty > 0)
    .map(([partCode, qty]) => ({ partCode, qty }))
    .sort((a, b) => a.partCode.localeCompare(b.partCode));
  return plan;
}

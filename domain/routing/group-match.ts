import type { RoutingGroup, RoutingTicket } from './routing-model';

/**
 * The queue a ticket belongs in when the caller names none: every dimension a group requires
 * must equal the ticket's; the most specific such group wins (then the smallest id, so the
 * answer is stable). A group that requires nothing is the catch-all.
 */
export function matchGroup(groups: readonly RoutingGroup[], t: RoutingTicket): RoutingGroup | null {
  let best: RoutingGroup | null = null;
  let bestSpecificity = -1;
  for (const g of [...groups].sort((a, b) => a.id.localeCompare(b.id))) {
    const r = g.requiredSkills;
    const dims = [
      [r.productLine, t.productLine],
      [r.region, t.region],
      [r.issueType, t.issueType],
    ] as const;
    if (!dims.every(([want, have]) => want === undefined || want === '*' || want === have)) continue;
    const specificity = dims.filter(([want]) => want !== undefined && want !== '*').length;
    if (specificity > bestSpecificity) {
      best = g;
      bestSpecificity = specificity;
    }
  }
  return best;
}

import { pauseTicketSla, resumeTicketSla, type TicketSlaState } from './ticket-sla';

/**
 * Holds on a ticket's SLA clocks from outside the ticket: work linked to it (an RMA, an on-site
 * visit) sitting in a flow state with `pauseSla` (a visit waiting for parts: parts_on_order). Holds
 * are keyed by their source, several may overlap, and the clocks run only while none is held.
 *
 * They combine with the ticket's own pauses through the one pause the SLA state has: a hold pauses
 * a running clock with source 'hold'; a pause the ticket starts itself while held takes the pause
 * over (its reason shows), and when the ticket ends its own pause while a hold is still on, the
 * hold pauses the clocks again at the same instant, so no time is counted. A released last hold
 * resumes only a pause it started. Pure: the ticket workflow calls it with workflow time.
 */
export interface SlaHold {
  /** the pauseSla reason of the state the linked work is in, e.g. parts_on_order */
  reason: string;
  /** when the hold began (ISO 8601) */
  since: string;
}

/** The clocks as the holds want them: paused while any is on (the oldest names the reason), else as the ticket left them. */
export function applySlaHolds(s: TicketSlaState, holds: readonly SlaHold[], now: Date): TicketSlaState {
  const held = [...holds].sort((a, b) => a.since.localeCompare(b.since));
  const oldest = held[0];
  if (!oldest) return s.pause?.source === 'hold' ? resumeTicketSla(s, now, 'hold') : s;
  if (!s.pause) return pauseTicketSla(s, now, oldest.reason, null, 'hold');
  if (s.pause.source === 'hold' && s.pause.reason !== oldest.reason) return pauseTicketSla(s, now, oldest.reason, null, 'hold');
  return s;
}

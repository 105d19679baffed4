import type { Priority } from '../ticket/ticket.schema';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Default response (FRT) and resolution (TTR) targets by priority: MISSION §3. */
export const DEFAULT_SLA_TARGETS: Record<Priority, { frtMs: number; ttrMs: number }> = {
  P1: { frtMs: 10 * MINUTE, ttrMs: 8 * HOUR },
  P2: { frtMs: 2 * HOUR, ttrMs: 24 * HOUR },
  P3: { frtMs: 8 * HOUR, ttrMs: 72 * HOUR },
  P4: { frtMs: 24 * HOUR, ttrMs: 168 * HOUR },
};

/** Round-the-clock deadlines; business calendars replace this in the SLA clock module. */
export function defaultDeadlines(priority: Priority, createdAt: Date): { frtDueAt: string; ttrDueAt: string } {
  const t = DEFAULT_SLA_TARGETS[priority];
  return {
    frtDueAt: new Date(createdAt.getTime() + t.frtMs).toISOString(),
    ttrDueAt: new Date(createdAt.getTime() + t.ttrMs).toISOString(),
  };
}

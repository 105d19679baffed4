import * as wf from '@temporalio/workflow';
import { applySlaHolds } from '../../domain/sla/sla-holds';
import type { TicketSlaState } from '../../domain/sla/ticket-sla';
import { diffTicket } from '../../domain/ticket/ticket-actions';
import type { TicketEvent, TicketState } from '../../domain/ticket/ticket.schema';

/**
 * What an RMA or visit linked to a ticket tells it (the flow-work shell sends it through the
 * reportLinkedWork activity): that it exists, which `pauseSla` reason the state it is in holds on
 * the ticket's clocks, and when it ends. Reports are numbered by the work's event seq: a repeated
 * or late report (activities are retried, and run side by side) is older than what the ticket
 * knows and is dropped.
 */
export interface LinkedWorkReport {
  kind: 'rma' | 'visit';
  workId: string;
  seq: number;
  at: string;
  status: string;
  /** the pauseSla reason of the state the work is in; null when it holds nothing */
  hold: string | null;
  ended: boolean;
}

/** The ticket's record of one linked work item (carried across continue-as-new). */
export interface LinkedWorkEntry {
  kind: 'rma' | 'visit';
  workId: string;
  seq: number;
  status: string;
  hold: { reason: string; since: string } | null;
  ended: boolean;
}

export const linkedWorkSignal = wf.defineSignal<[LinkedWorkReport]>('linkedWork');

/** What the report needs from the ticket's workflow. */
export interface LinkedWorkHost {
  ticket(): TicketState;
  setTicket(t: TicketState): void;
  sla(): TicketSlaState;
  setSla(s: TicketSlaState): void;
  now(): Date;
  linked(): Record<string, LinkedWorkEntry>;
  commit(e: Omit<TicketEvent, 'seq'>): Promise<unknown>;
}

/** The SLA as the linked work's holds want it; called after every change the ticket makes to its own clocks. */
export function holdTicketSla(sla: TicketSlaState, linked: Record<string, LinkedWorkEntry> | undefined, now: Date): TicketSlaState {
  const holds = Object.values(linked ?? {}).flatMap((e) => (e.hold ? [e.hold] : []));
  return applySlaHolds(sla, holds, now);
}

/**
 * One report: records `work.linked` the first time, `work.sla_held` / `work.sla_released` when the
 * hold changes (the clocks pause or run as the holds say), `work.closed` with the outcome at its
 * end. Returns whether the ticket changed (so its loop re-arms the SLA timer).
 */
export function receiveLinkedWork(host: LinkedWorkHost, r: LinkedWorkReport): boolean {
  const key = `${r.kind}:${r.workId}`;
  const linked = host.linked();
  const known = linked[key];
  if (known && known.seq >= r.seq) return false;
  const now = host.now();
  const at = now.toISOString();
  const actor = `${r.kind}:${r.workId}`;
  const ids = { kind: r.kind, workId: r.workId, [`${r.kind}Id`]: r.workId };
  const record = (type: string, payload: Record<string, unknown>, before: TicketState) => {
    const t = host.ticket();
    host.commit({
      type,
      actor,
      at,
      fromStatus: t.status,
      toStatus: t.status,
      changes: diffTicket(before, t),
      payload: { ...ids, ...payload },
    });
  };
  const before = host.ticket();
  const hold = r.hold && !r.ended ? { reason: r.hold, since: known?.hold?.reason === r.hold ? known.hold.since : at } : null;
  linked[key] = { kind: r.kind, workId: r.workId, seq: r.seq, status: r.status, hold, ended: r.ended };
  if (!known) {
    // the ticket's logistics block names its RMA (the first one, as an agent would fill it in)
    if (r.kind === 'rma' && !before.logistics.rmaId) host.setTicket({ ...before, logistics: { ...before.logistics, rmaId: r.workId } });
    record('work.linked', { status: r.status }, before);
  }
  const previous = known?.hold ?? null;
  if (previous?.reason !== hold?.reason) {
    host.setSla(holdTicketSla(host.sla(), linked, now));
    if (previous)
      record('work.sla_released', { reason: previous.reason, heldMs: now.getTime() - Date.parse(previous.since) }, host.ticket());
    if (hold) record('work.sla_held', { reason: hold.reason, status: r.status }, host.ticket());
  }
  if (r.ended && !known?.ended) record('work.closed', { status: r.status }, host.ticket());
  return true;
}

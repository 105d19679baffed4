import { EntitySchema } from 'typeorm';

/** One entry of a ticket's audit trail: who did what, when, and what changed. */
export interface TicketEventRow {
  id: string;
  ticketId: string;
  seq: number;
  type: string;
  actor: string;
  occurredAt: Date;
  /** when the row reached the database (occurredAt is workflow time) */
  recordedAt: Date;
  fromStatus: string | null;
  toStatus: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
  payload: Record<string, unknown>;
}

export const TicketEventEntity = new EntitySchema<TicketEventRow>({
  name: 'TicketEvent',
  tableName: 'ticket_events',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    ticketId: { name: 'ticket_id', type: 'text' },
    seq: { type: 'int' },
    type: { type: 'text' },
    actor: { type: 'text' },
    occurredAt: { name: 'occurred_at', type: 'timestamptz' },
    recordedAt: { name: 'recorded_at', type: 'timestamptz', insert: false, update: false },
    fromStatus: { name: 'from_status', type: 'text', nullable: true },
    toStatus: { name: 'to_status', type: 'text', nullable: true },
    changes: { type: 'jsonb' },
    payload: { type: 'jsonb' },
  },
  uniques: [{ name: 'ticket_events_ticket_seq', columns: ['ticketId', 'seq'] }],
});

import type { DataSource } from 'typeorm';
import type { TicketEvent, TicketState } from '../domain/ticket/ticket.schema';
import { ticketWorkflowId } from '../domain/ticket/ticket.schema';
import { enqueueWebhookDeliveries } from './webhook-outbox';

/** The PostgreSQL NOTIFY channel of ticket changes; payload `{ticketId, seq}`. */
export const TICKET_CHANGES_CHANNEL = 'ticket_changes';

export interface RecordTicketEventInput {
  state: TicketState;
  event: TicketEvent;
}

/**
 * Writes one ticket event and the ticket's new snapshot in one transaction. Keyed by
 * (ticketId, seq): a retried or late activity never writes an event twice or rolls the
 * projection back to an older snapshot.
 */
export function createTicketProjectionActivities(deps: { dataSource: DataSource }) {
  return {
    /** `webhooksQueued`: deliveries queued by this write; null when a retry found the event already recorded. */
    async recordTicketEvent({ state, event }: RecordTicketEventInput): Promise<{ inserted: boolean; webhooksQueued: number | null }> {
      return deps.dataSource.transaction(async (tx) => {
        const inserted: unknown[] = await tx.query(
          `INSERT INTO ticket_events (ticket_id, seq, type, actor, occurred_at, from_status, to_status, changes, payload)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (ticket_id, seq) DO NOTHING
           RETURNING id`,
          [
            state.ticketId,
            event.seq,
            event.type,
            event.actor,
            event.at,
            event.fromStatus,
            event.toStatus,
            JSON.stringify(event.changes),
            JSON.stringify(event.payload),
          ],
        );
        const webhooksQueued = inserted.length > 0 ? await enqueueWebhookDeliveries(tx, { state, event }) : null;
        // Every API replica's live stream (api/stream) hears of the change once this commits; the
        // payload names the change only, each listener reads the row it may see.
        if (inserted.length > 0) {
          await tx.query(`SELECT pg_notify($1, $2)`, [
            TICKET_CHANGES_CHANNEL,
            JSON.stringify({ ticketId: state.ticketId, seq: event.seq }),
          ]);
        }
        await tx.query(
          `INSERT INTO tickets (ticket_id, workflow_id, status, priority, channel, customer_id, order_id, sku,
              category1, category2, category3, region, entitlement, assignee_id, group_id, description, tags,
              frt_due_at, ttr_due_at, sla_breached, created_by, created_at, updated_at, resolved_at, closed_at, last_seq, data,
              flow_key, flow_version, provider_id, asset_id)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31)
           ON CONFLICT (ticket_id) DO UPDATE SET
              status = EXCLUDED.status, priority = EXCLUDED.priority, channel = EXCLUDED.channel,
              customer_id = EXCLUDED.customer_id, order_id = EXCLUDED.order_id, sku = EXCLUDED.sku,
              category1 = EXCLUDED.category1, category2 = EXCLUDED.category2, category3 = EXCLUDED.category3,
              region = EXCLUDED.region, entitlement = EXCLUDED.entitlement, assignee_id = EXCLUDED.assignee_id,
              group_id = EXCLUDED.group_id, description = EXCLUDED.description, tags = EXCLUDED.tags,
              frt_due_at = EXCLUDED.frt_due_at, ttr_due_at = EXCLUDED.ttr_due_at, sla_breached = EXCLUDED.sla_breached,
              updated_at = EXCLUDED.updated_at, resolved_at = EXCLUDED.resolved_at, closed_at = EXCLUDED.closed_at,
              last_seq = EXCLUDED.last_seq, data = EXCLUDED.data, flow_key = EXCLUDED.flow_key, flow_version = EXCLUDED.flow_version,
              provider_id = EXCLUDED.provider_id, asset_id = EXCLUDED.asset_id
           WHERE tickets.last_seq < EXCLUDED.last_seq`,
          [
            state.ticketId,
            ticketWorkflowId(state.ticketId),
            state.status,
            state.priority,
            state.channel,
            state.customerId,
            state.orderId ?? null,
            state.sku ?? null,
            state.category1 ?? null,
            state.category2 ?? null,
            state.category3 ?? null,
            state.region ?? null,
            state.entitlement ?? null,
            state.assigneeId,
            state.groupId,
            state.description,
            state.tags ?? [],
            state.sla.frtDueAt,
            // a resolved ticket keeps the deadline it was resolved against, so SLA attainment can be counted
            state.sla.resolutionDeadline ?? state.sla.ttrDueAt,
            state.sla.breached,
            state.createdBy,
            state.createdAt,
            state.updatedAt,
            state.resolvedAt,
            state.closedAt,
            state.seq,
            JSON.stringify(state),
            // first-release tickets carry no flow
            state.flow?.key ?? null,
            state.flow?.version ?? null,
            // who may see the ticket when a service provider's token asks
            state.providerId ?? null,
            // the asset the ticket is about (resolved from assetId or serialNo at intake)
            state.assetId ?? null,
          ],
        );
        return { inserted: inserted.length > 0, webhooksQueued };
      });
    },
  };
}

import type { EntityManager } from 'typeorm';
import type { RecordFlowWorkEventInput } from './flow-work.activities';
import { rmaWorkflowId } from '../domain/rma/rma-ids';

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The RMA read model: `rma_events` (one row per seq) and the `rmas` snapshot (newest seq wins). */
export async function projectRma(tx: EntityManager, { state, event }: RecordFlowWorkEventInput): Promise<{ inserted: boolean }> {
  const w = state.work;
  const inserted: unknown[] = await tx.query(
    `INSERT INTO rma_events (rma_id, seq, type, actor, occurred_at, from_status, to_status, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (rma_id, seq) DO NOTHING RETURNING id`,
    [state.workId, event.seq, event.type, event.actor, event.at, event.fromStatus, event.toStatus, JSON.stringify(event.payload)],
  );
  const { work: _w, ...rest } = state;
  const data = { ...w, ...rest };
  await tx.query(
    `INSERT INTO rmas (rma_id, workflow_id, ticket_id, status, order_id, customer_id, sku, serial_no, asset_id,
        resolution_requested, resolution, claim_amount_fen, approvals, flow_key, flow_version, data,
        created_by, created_at, updated_at, closed_at, last_seq)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)
     ON CONFLICT (rma_id) DO UPDATE SET
        status = EXCLUDED.status, resolution = EXCLUDED.resolution, approvals = EXCLUDED.approvals,
        data = EXCLUDED.data, updated_at = EXCLUDED.updated_at, closed_at = EXCLUDED.closed_at, last_seq = EXCLUDED.last_seq
     WHERE rmas.last_seq < EXCLUDED.last_seq`,
    [
      state.workId,
      rmaWorkflowId(state.workId),
      text(w.ticketId),
      state.status,
      String(w.orderId),
      String(w.customerId),
      text(w.sku),
      text(w.serialNo),
      text(w.assetId),
      String(w.requestedResolution),
      text(w.resolution),
      Number(w.claimAmountFen ?? 0),
      JSON.stringify(state.approvals),
      state.flow.key,
      state.flow.version,
      JSON.stringify(data),
      state.createdBy,
      state.createdAt,
      state.updatedAt,
      state.closedAt,
      event.seq,
    ],
  );
  return { inserted: inserted.length > 0 };
}

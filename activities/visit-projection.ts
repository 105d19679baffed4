import type { EntityManager } from 'typeorm';

/**
 * The visit's projection: each numbered event of a VisitWorkflow once (by visit + seq) and the
 * visit's row from the snapshot that came with it — only ever forwards, so a late retry of an older
 * write never rolls the row back. Whether the visit's SLA is paused, and why, comes from the
 * pinned flow's node (`pauseSla`), as the flow says (waiting_customer, parts_on_order).
 */
export interface VisitProjectionState {
  workId: string;
  status: string;
  work: Record<string, unknown>;
  flow: { key: string; version: number; nodeId: string; path: string[] };
  vars: Record<string, unknown>;
  closedAt: string | null;
  [k: string]: unknown;
}

export interface VisitProjectionEvent {
  seq: number;
  type: string;
  actor: string;
  at: string;
  fromStatus: string | null;
  toStatus: string;
  payload: Record<string, unknown>;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The visit's projector for the generic shell's recordFlowWorkEvent (activities/flow-work.activities.ts). */
export async function projectVisit(
  tx: Pick<EntityManager, 'query'>,
  input: { state: object; event: VisitProjectionEvent },
): Promise<{ inserted: boolean }> {
  const state = input.state as VisitProjectionState;
  return projectVisitEvent(tx, state, input.event, String(state.createdBy ?? 'system'));
}

export async function projectVisitEvent(
  tx: Pick<EntityManager, 'query'>,
  state: VisitProjectionState,
  event: VisitProjectionEvent,
  createdBy: string,
): Promise<{ inserted: boolean }> {
  const w = state.work;
  const v = state.vars ?? {};
  const inserted = (await tx.query(
    `INSERT INTO visit_events (visit_id, seq, type, actor, at, from_status, to_status, payload) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (visit_id, seq) DO NOTHING RETURNING seq`,
    [state.workId, event.seq, event.type, event.actor, event.at, event.fromStatus, event.toStatus, JSON.stringify(event.payload ?? {})],
  )) as unknown[];
  const [node] = (await tx.query(
    `SELECT n->>'pauseSla' AS pause FROM flow_versions, jsonb_array_elements(definition->'nodes') n
      WHERE flow_key = $1 AND version = $2 AND n->>'id' = $3`,
    [state.flow.key, state.flow.version, state.flow.nodeId],
  )) as { pause: string | null }[];
  const sla = node?.pause ? { paused: true, reason: node.pause, since: event.at } : { paused: false, reason: null };
  const parts = {
    needed: w.partsNeeded ?? [],
    status: w.partsStatus ?? null,
    check: v.parts ?? null,
    supply: v.supply ?? null,
    reservation: v.reservation ?? null,
    used: w.partsUsed ?? [],
  };
  const rating = num(w.rating);
  await tx.query(
    `INSERT INTO visits (visit_id, ticket_id, site_id, asset_id, customer_id, engineer_id, window_start, window_end, status,
        check_in_lat, check_in_lng, check_in_distance_m, check_in_flagged, parts, receipt, rating, data, created_by, created_at,
        updated_at, closed_at, last_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
     ON CONFLICT (visit_id) DO UPDATE SET ticket_id = EXCLUDED.ticket_id, site_id = EXCLUDED.site_id, asset_id = EXCLUDED.asset_id,
        customer_id = EXCLUDED.customer_id, engineer_id = EXCLUDED.engineer_id, window_start = EXCLUDED.window_start,
        window_end = EXCLUDED.window_end, status = EXCLUDED.status, check_in_lat = EXCLUDED.check_in_lat,
        check_in_lng = EXCLUDED.check_in_lng, check_in_distance_m = EXCLUDED.check_in_distance_m,
        check_in_flagged = EXCLUDED.check_in_flagged, parts = EXCLUDED.parts, receipt = EXCLUDED.receipt, rating = EXCLUDED.rating,
        data = EXCLUDED.data, updated_at = EXCLUDED.updated_at, closed_at = EXCLUDED.closed_at, last_seq = EXCLUDED.last_seq
      WHERE visits.last_seq < EXCLUDED.last_seq`,
    [
      state.workId,
      str(w.ticketId),
      str(w.siteId),
      str(w.assetId),
      str(w.customerId),
      str(w.engineerId),
      str(w.windowStart),
      str(w.windowEnd),
      state.status,
      num(w.checkInLat),
      num(w.checkInLng),
      num(w.checkInDistanceM) === null ? null : Math.round(num(w.checkInDistanceM)! * 10) / 10,
      w.checkInFlagged === true,
      JSON.stringify(parts),
      v.receipt && typeof v.receipt === 'object' && !('failed' in v.receipt) ? JSON.stringify(v.receipt) : null,
      rating !== null && rating >= 1 && rating <= 5 ? rating : null,
      JSON.stringify({
        ...w,
        sla,
        flow: state.flow,
        booking: v.booking ?? null,
        confirmCall: v.confirmCall ?? null,
        waitingFor: state.waitingFor ?? null,
        timers: state.timers ?? [],
        escalations: state.escalations ?? 0,
      }),
      createdBy,
      str(state.createdAt) ?? event.at,
      event.at,
      state.closedAt,
      event.seq,
    ],
  );
  return { inserted: inserted.length > 0 };
}

import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { audit } from '../db/audit-log';
import { HttpProblem } from '../api/http/problem';
import type { ReservationRow, ReservationView } from '../api/parts/part-queries';
import {
  consumeReservation,
  consumeStock,
  inTransitFor,
  issueReservation,
  releaseReservation,
  reserveStock,
  returnReservation,
  shipTransfer,
  type Shortage,
} from '../api/parts/stock-service';
import type { StockLine } from '../domain/parts/part.schema';
import { maskPhone } from '../domain/pii/pii-maskers';
import { confirmCallOutcome, planSupply, type ConfirmCallResult } from '../domain/visit/visit-supply';
import { planPartsUse } from '../domain/visit/visit-parts-use';
import { buildReceipt, mergePartLines, type FeeItem, type ReceiptPartLine, type VisitReceipt } from '../domain/visit/visit-receipt';
import type { FlowCallContext, FlowCallHandler } from './flow-call.activities';
import { createCtiClient } from './integrations/cti-client';
import type { IntegrationEndpoints } from './integrations/endpoints';
import { createPartsActivities } from './parts.activities';

/**
 * The calls of the visit flow (`visit-default`): the engineer's booking on the roster, the
 * customer's confirmation call (CTI), spare parts and the receipt. Each is keyed by the visit and the interpreter's call id, so an activity retried
 * by Temporal books, reserves or issues once. A refusal (the window is taken, no warehouse in the
 * region) fails without retries and the flow takes its `failed` edge; a shortage is an answer.
 */
const ACTOR = 'workflow:visit';

export interface VisitCallMeta {
  /** the interpreter's call id: unique within the visit, the same on every retry */
  callId: string;
  /** the idempotency key of an outside write: workflow id + call id (+ part), the same on every retry */
  key?: (part?: string) => string;
  /** the visit's data when the call was made */
  work?: Record<string, unknown>;
}

/** How long a confirmation call may ring before the activity lets Temporal retry (it finds the same call). */
const CALL_WAIT_MS = 90_000;
const CALL_POLL_MS = 500;
/** Attempts of a call to a call centre that is down before the call counts as failed. */
const CALL_ATTEMPTS = 3;
const attempt = (): number => {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1; // not in an activity (a direct call): no retries to wait for
  }
};

type Input = Record<string, unknown>;

const refuse = (message: string, type: string): never => {
  throw ApplicationFailure.nonRetryable(message, type);
};

const str = (v: unknown, name: string): string => (typeof v === 'string' && v.trim() ? v : refuse(`${name} is missing`, 'invalid_input'));

const instant = (v: unknown, name: string): Date => {
  const d = new Date(str(v, name));
  return Number.isNaN(d.getTime()) ? refuse(`${name} is not a date`, 'invalid_input') : d;
};

/** `[{ partCode, qty }]` from the flow's data; anything else counts as "no parts". */
export function partLines(v: unknown): StockLine[] {
  if (!Array.isArray(v)) return [];
  const merged = new Map<string, number>();
  for (const l of v as { partCode?: unknown; qty?: unknown }[]) {
    if (typeof l?.partCode !== 'string' || typeof l.qty !== 'number' || !(l.qty > 0)) continue;
    merged.set(l.partCode, (merged.get(l.partCode) ?? 0) + Math.floor(l.qty));
  }
  return [...merged].map(([partCode, qty]) => ({ partCode, qty }));
}

export interface BookingResult {
  bookingId: string;
  rosterEntryId: string;
  engineerId: string;
  windowStart: string;
  windowEnd: string;
}

export interface PartsCheckResult {
  /** lines still short after substitutes, with the purchase request that will bring them */
  shortage: {
    partCode: string;
    qty: number;
    available: number;
    locationId: string;
    purchaseRequestId: number;
    availableElsewhere: Shortage['availableElsewhere'];
  }[];
  /** substitutes used in place of a part short at the warehouse (or, when still short, offered) */
  substitutes: { partCode: string; for: string; qty: number; used: boolean }[];
  locationId: string | null;
  /** the key the parts are held under (parts.reserve confirms it) */
  held: string | null;
}

export function createVisitCalls(deps: { dataSource: DataSource; endpoints?: IntegrationEndpoints }) {
  const ds = deps.dataSource;
  const parts = createPartsActivities(deps);
  const cti = deps.endpoints ? createCtiClient(deps.endpoints.systems.cti) : null;

  /** Whom to call about the visit: its own contact, else the site's, else the customer's. */
  const phoneOf = async (input: Input, work: Record<string, unknown>): Promise<string | null> => {
    const given = typeof input.phone === 'string' && input.phone.trim() ? input.phone.trim() : null;
    if (given) return given;
    if (typeof work.siteId !== 'string' && typeof work.customerId !== 'string') return null;
    const [row] = (await ds.query(
      `SELECT COALESCE((SELECT contact_phone FROM sites WHERE id = $1), (SELECT phone FROM customers WHERE id = $2)) AS phone`,
      [typeof work.siteId === 'string' ? work.siteId : null, typeof work.customerId === 'string' ? work.customerId : null],
    )) as { phone: string | null }[];
    return row?.phone?.trim() || null;
  };

  /** The regional warehouse the visit's parts come from. */
  const warehouseFor = async (region: unknown): Promise<string> => {
    const [row] = (await ds.query(
      `SELECT id FROM stock_locations WHERE kind = 'warehouse' AND active AND ($1::text IS NULL OR region = $1) ORDER BY id LIMIT 1`,
      [typeof region === 'string' && region ? region : null],
    )) as { id: string }[];
    return row?.id ?? refuse(`no active warehouse in region ${String(region)}`, 'no_stock_location');
  };

  /** The active van of the visit's booked engineer (else of the engineer the visit names). */
  const vanOf = async (visitId: string, engineerId: unknown): Promise<string | null> => {
    const [row] = (await ds.query(
      `SELECT l.id FROM stock_locations l
        WHERE l.kind = 'engineer' AND l.active AND l.agent_id = COALESCE(
          (SELECT engineer_id FROM visit_bookings WHERE visit_id = $1 AND status = 'booked' ORDER BY created_at DESC LIMIT 1), $2::text)
        ORDER BY l.id LIMIT 1`,
      [visitId, typeof engineerId === 'string' && engineerId ? engineerId : null],
    )) as { id: string }[];
    return row?.id ?? null;
  };

  /** The reservation key the visit's parts are held under now (reserved, or issued to the van). */
  const heldKey = async (visitId: string): Promise<string | null> => {
    const [row] = (await ds.query(
      `SELECT key FROM stock_reservations WHERE ref_type = 'visit' AND ref_id = $1 AND status IN ('reserved', 'issued')
        ORDER BY id DESC LIMIT 1`,
      [visitId],
    )) as { key: string }[];
    return row?.key ?? null;
  };

  return {
    /**
     * An outbound call (CTI, IVR script `appointment_confirmation`) asking the customer to confirm
     * the booked window: key 1 confirms, 2 declines. Placed once per visit and call (the key is the
     * workflow's), then followed until it ends; a call still ringing after CALL_WAIT_MS is retried
     * by Temporal, which finds the same call. No number to call is an answer, not a failure.
     */
    async 'cti.confirm-call'(input: Input, meta: VisitCallMeta): Promise<ConfirmCallResult> {
      const visitId = str(input.visitId, 'visitId');
      const phone = await phoneOf(input, meta.work ?? {});
      if (!phone) return confirmCallOutcome(null, null);
      if (!cti || !meta.key) return refuse('the call centre (CTI) is not wired to the visit calls', 'IntegrationNotConfigured');
      const window = [input.windowStart, input.windowEnd].filter((x) => typeof x === 'string').join(' – ');
      let call;
      try {
        call = await cti.placeCall(
          { to: phone, script: 'appointment_confirmation', reason: `上门 ${visitId} 确认时间窗 ${window}`.trim() },
          meta.key('call'),
        );
        const deadline = Date.now() + CALL_WAIT_MS;
        while (call.status !== 'completed') {
          if (Date.now() > deadline) throw ApplicationFailure.retryable(`call ${call.callId} is still ringing`, 'CallInProgress');
          await new Promise((r) => setTimeout(r, CALL_POLL_MS));
          call = await cti.getCall(call.callId);
        }
      } catch (err) {
        // The SMS is out and the customer can confirm by hand: a call centre that stays down for a
        // few attempts (seconds) ends the call as failed instead of holding the visit for the whole
        // retry policy (a quarter of an hour in which `confirm` would be refused).
        if ((err as ApplicationFailure).type === 'IntegrationUnavailable' && attempt() >= CALL_ATTEMPTS)
          return { ...confirmCallOutcome(null, maskPhone(phone)), outcome: 'failed', error: (err as Error).message };
        throw err;
      }
      const result = confirmCallOutcome(call, maskPhone(phone));
      await audit(ds, ACTOR, 'visit.confirm_call', 'visit', visitId, {
        callId: call.callId,
        outcome: result.outcome,
        durationSec: call.durationSec,
      });
      return result;
    },

    /**
     * The engineer's promised window as a `busy` roster entry, so dispatch skips them then. The
     * agent's row is locked while overlapping leave and bookings are looked for, so of two visits
     * racing for one slot exactly one books it.
     */
    async 'calendar.book-slot'(input: Input, meta: VisitCallMeta): Promise<BookingResult> {
      const visitId = str(input.visitId, 'visitId');
      const engineerId = str(input.engineerId, 'engineerId');
      const start = instant(input.windowStart, 'windowStart');
      const end = instant(input.windowEnd, 'windowEnd');
      if (end <= start) refuse('windowEnd must be after windowStart', 'invalid_input');
      const key = `${visitId}:${meta.callId}`;
      return ds.transaction(async (tx) => {
        const view = (r: { key: string; roster_entry_id: string; engineer_id: string; starts_at: Date; ends_at: Date }) => ({
          bookingId: r.key,
          rosterEntryId: String(r.roster_entry_id),
          engineerId: r.engineer_id,
          windowStart: new Date(r.starts_at).toISOString(),
          windowEnd: new Date(r.ends_at).toISOString(),
        });
        const [agent] = (await tx.query(`SELECT id FROM agents WHERE id = $1 FOR UPDATE`, [engineerId])) as { id: string }[];
        if (!agent) refuse(`no engineer ${engineerId}`, 'unknown_engineer');
        const [done] = await tx.query(`SELECT * FROM visit_bookings WHERE key = $1`, [key]);
        if (done) return view(done);
        const clash = (await tx.query(
          `SELECT id, kind, note, starts_at, ends_at FROM roster_entries
            WHERE agent_id = $1 AND kind IN ('busy', 'leave') AND starts_at < $3 AND ends_at > $2 ORDER BY starts_at LIMIT 1`,
          [engineerId, start, end],
        )) as { id: string; kind: string; note: string | null }[];
        if (clash[0]) {
          const what = clash[0].kind === 'leave' ? 'on leave' : `booked (${clash[0].note ?? `roster entry ${clash[0].id}`})`;
          refuse(`${engineerId} is ${what} in that window`, 'slot_taken');
        }
        const [entry] = (await tx.query(
          `INSERT INTO roster_entries (agent_id, kind, starts_at, ends_at, note, created_by) VALUES ($1, 'busy', $2, $3, $4, $5) RETURNING id::text`,
          [engineerId, start, end, `上门 ${visitId}`, ACTOR],
        )) as { id: string }[];
        const [row] = await tx.query(
          `INSERT INTO visit_bookings (key, visit_id, engineer_id, roster_entry_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
          [key, visitId, engineerId, entry!.id, start, end],
        );
        await audit(tx, ACTOR, 'visit.slot_booked', 'visit', visitId, { bookingId: key, engineerId, rosterEntryId: entry!.id, start, end });
        return view(row);
      });
    },

    /** Takes the booking off the roster (a compensation: a booking already cancelled, or none, is fine). */
    async 'calendar.cancel-slot'(input: Input): Promise<{ bookingId: string | null; cancelled: boolean }> {
      const bookingId = typeof input.bookingId === 'string' ? input.bookingId : null;
      if (!bookingId) return { bookingId, cancelled: false };
      return ds.transaction(async (tx) => {
        const [b] = (await tx.query(`SELECT * FROM visit_bookings WHERE key = $1 FOR UPDATE`, [bookingId])) as {
          visit_id: string;
          roster_entry_id: string | null;
          status: string;
        }[];
        if (!b) return { bookingId, cancelled: false };
        if (b.status === 'booked') {
          await tx.query(`DELETE FROM roster_entries WHERE id = $1`, [b.roster_entry_id]);
          await tx.query(`UPDATE visit_bookings SET status = 'cancelled', cancelled_at = now() WHERE key = $1`, [bookingId]);
          await audit(tx, ACTOR, 'visit.slot_cancelled', 'visit', b.visit_id, { bookingId, rosterEntryId: b.roster_entry_id });
        }
        return { bookingId, cancelled: true };
      });
    },

    /**
     * Checks the parts against the regional warehouse by holding them: a check that only counted
     * would let two visits both see the last unit. All lines or none; a line short at the
     * warehouse takes its best substitute in stock; what is still short comes back with the
     * purchase request the shortage opened (or found on its way).
     */
    async 'parts.check'(input: Input, meta: VisitCallMeta): Promise<PartsCheckResult> {
      const visitId = str(input.visitId, 'visitId');
      const lines = partLines(input.parts);
      if (!lines.length) return { shortage: [], substitutes: [], locationId: null, held: null };
      const already = await heldKey(visitId);
      if (already) return { shortage: [], substitutes: [], locationId: null, held: already };
      const locationId = await warehouseFor(input.region);
      const key = `visit-${visitId}-${meta.callId}`;
      const reserve = (k: string, l: StockLine[], note?: string) =>
        reserveStock(ds, { key: k, refType: 'visit', refId: visitId, locationId, lines: l, note, actor: ACTOR });
      const first = await reserve(key, lines);
      if (first.reserved) return { shortage: [], substitutes: [], locationId, held: key };
      const offered = first.shortages.flatMap((s) =>
        s.substitutes.map((x) => ({ partCode: x.partCode, for: s.partCode, qty: s.wanted, used: false })),
      );
      if (input.allowSubstitutes === true) {
        const swap = new Map(first.shortages.flatMap((s) => (s.substitutes[0] ? [[s.partCode, s.substitutes[0].partCode] as const] : [])));
        if (swap.size === first.shortages.length) {
          const swapped = lines.map((l) => ({ partCode: swap.get(l.partCode) ?? l.partCode, qty: l.qty }));
          const used = [...swap].map(([orig, sub]) => ({
            partCode: sub,
            for: orig,
            qty: lines.find((l) => l.partCode === orig)!.qty,
            used: true,
          }));
          const second = await reserve(
            `${key}:sub`,
            partLines(swapped),
            `替代件 substitutes: ${used.map((u) => `${u.partCode}→${u.for}`).join(', ')}`,
          );
          if (second.reserved) return { shortage: [], substitutes: used, locationId, held: `${key}:sub` };
        }
      }
      return {
        shortage: first.shortages.map((s) => ({
          partCode: s.partCode,
          qty: s.wanted - s.available,
          available: s.available,
          locationId: s.locationId,
          purchaseRequestId: s.purchaseRequest.id,
          availableElsewhere: s.availableElsewhere,
        })),
        substitutes: offered,
        locationId,
        held: null,
      };
    },

    /**
     * Supply for a shortage: a line another warehouse has free is shipped from there now (a
     * transfer in transit, received at the visit's warehouse with POST /stock/transfers/:id/receive);
     * any other line waits for the purchase the shortage opened (which stays open either way: it
     * restocks the warehouse). The visit waits for `parts-arrived`, which receiving a transfer or a
     * purchase sends. Shipments are keyed by the visit and call, so a retry ships once; units
     * already on their way to the visit are not asked for twice.
     */
    async 'parts.request-supply'(
      input: Input,
      meta: VisitCallMeta,
    ): Promise<{
      requestNo: string;
      kind: 'purchase' | 'transfer' | 'mixed';
      purchaseRequestIds: number[];
      transferIds: number[];
      transfers: { transferId: number; partCode: string; qty: number; fromLocationId: string; toLocationId: string }[];
      eta: string | null;
    }> {
      const visitId = str(input.visitId, 'visitId');
      const shortage = Array.isArray(input.shortage) ? (input.shortage as PartsCheckResult['shortage']) : [];
      if (!shortage.length) refuse('no shortage to supply', 'invalid_input');
      const to = shortage[0]!.locationId;
      const plan = planSupply(shortage, await inTransitFor(ds, { type: 'visit', id: visitId }, to));
      const shipped: number[] = [];
      const stillShort = [...plan.purchase];
      for (const sh of plan.ship) {
        try {
          // Keyed by the source: a retry finds what it shipped in transit and plans only the rest.
          const out = await shipTransfer(ds, {
            ...sh,
            key: `visit-${visitId}-${meta.callId}:transfer:${sh.fromLocationId}`,
            ref: { type: 'visit', id: visitId },
            note: `上门 ${visitId} 缺件调拨`,
            actor: ACTOR,
          });
          shipped.push(out.transfer.id);
        } catch (err) {
          // The stock went elsewhere since the check saw it: those lines wait for their purchase.
          if (!(err instanceof HttpProblem && err.code === 'insufficient_stock')) throw err;
          stillShort.push(...shortage.filter((s) => sh.lines.some((l) => l.partCode === s.partCode)));
        }
      }
      const transferIds = [...new Set([...plan.awaiting, ...shipped])].sort((a, b) => a - b);
      const transfers = transferIds.length
        ? ((await ds.query(
            `SELECT t.id, t.from_location_id, t.to_location_id, l->>'partCode' AS part_code, (l->>'qty')::int AS qty
               FROM stock_transfers t, jsonb_array_elements(t.lines) l WHERE t.id = ANY($1) ORDER BY t.id, part_code`,
            [transferIds],
          )) as { id: string; from_location_id: string; to_location_id: string; part_code: string; qty: number }[])
        : [];
      // Every purchase the shortage opened stays listed: whichever arrives first wakes the visit.
      const ids = [...new Set(shortage.map((s) => s.purchaseRequestId))].sort((a, b) => a - b);
      const kind = stillShort.length === 0 ? 'transfer' : transferIds.length === 0 ? 'purchase' : 'mixed';
      return {
        requestNo: [...transferIds.map((id) => `TR-${id}`), ...ids.map((id) => `PR-${id}`)].join(','),
        kind,
        purchaseRequestIds: ids,
        transferIds,
        transfers: transfers.map((t) => ({
          transferId: Number(t.id),
          partCode: t.part_code,
          qty: t.qty,
          fromLocationId: t.from_location_id,
          toLocationId: t.to_location_id,
        })),
        eta: null,
      };
    },

    /**
     * Confirms the parts the check holds for the visit; the flow owes their release from here on.
     * The parts travel in the booked engineer's van, so an engineer without one is refused here
     * (not at the customer's door, when they would be issued); the flow then releases the hold.
     */
    async 'parts.reserve'(
      input: Input,
    ): Promise<{ reservationId: string | null; lines: { partCode: string; qty: number; locationId: string }[] }> {
      const visitId = str(input.visitId, 'visitId');
      const key = await heldKey(visitId);
      if (!key) {
        if (!partLines(input.parts).length) return { reservationId: null, lines: [] };
        return refuse(`no parts are held for ${visitId}; check them again`, 'not_held');
      }
      const [booked] = (await ds.query(
        `SELECT b.engineer_id, l.id AS van FROM visit_bookings b
           LEFT JOIN stock_locations l ON l.agent_id = b.engineer_id AND l.kind = 'engineer' AND l.active
          WHERE b.visit_id = $1 AND b.status = 'booked' ORDER BY b.created_at DESC LIMIT 1`,
        [visitId],
      )) as { engineer_id: string; van: string | null }[];
      if (booked && !booked.van)
        refuse(`${booked.engineer_id} has no van (stock location of kind engineer) to carry the parts of ${visitId}`, 'no_van');
      const rows = (await ds.query(`SELECT part_code, qty, location_id FROM stock_reservations WHERE key = $1 ORDER BY part_code`, [
        key,
      ])) as {
        part_code: string;
        qty: number;
        location_id: string;
      }[];
      return { reservationId: key, lines: rows.map((r) => ({ partCode: r.part_code, qty: r.qty, locationId: r.location_id })) };
    },

    /** Saga compensation: reserved lines released, lines issued to the van returned good. */
    async 'parts.release'(input: Input) {
      const reservationKey = typeof input.reservationId === 'string' ? input.reservationId : null;
      if (!reservationKey) return { released: [], returned: [], untouched: [] };
      return parts.releasePartsReservation({ key: `${reservationKey}:release`, reservationKey, actor: ACTOR });
    },

    /**
     * The parts fitted (`partsUsed`): each part first from what the visit's reservation holds —
     * issued from the warehouse to the engineer's van, then consumed there —, the rest from the
     * van's own free stock (a `consume` from the van, keyed by this call). Reserved lines nothing
     * was taken from go back: released at the warehouse, or returned good if already issued; a line
     * used in part frees the rest in the van. The van goes first, all lines or none, so a van
     * without the part fails the call (`not_in_van`, not retried) before any stock moved.
     */
    async 'parts.consume'(input: Input, meta: VisitCallMeta) {
      const reservationKey = typeof input.reservationId === 'string' ? input.reservationId : null;
      const held = reservationKey
        ? ((await ds.query(
            `SELECT r.*, l.kind AS location_kind FROM stock_reservations r JOIN stock_locations l ON l.id = r.location_id
              WHERE r.key = $1 ORDER BY r.part_code, r.id`,
            [reservationKey],
          )) as (ReservationRow & { location_kind: string })[])
        : [];
      const visitId =
        (typeof input.visitId === 'string' && input.visitId) ||
        (typeof meta.work?.visitId === 'string' && meta.work.visitId) ||
        held[0]?.ref_id ||
        null;
      const plan = planPartsUse(
        held.map((r) => ({ id: r.id, partCode: r.part_code, qty: r.qty, status: r.status, consumedQty: r.consumed_qty })),
        Array.isArray(input.partsUsed) ? partLines(input.partsUsed) : null,
      );
      const byId = new Map(held.map((r) => [r.id, r]));
      const toIssue = plan.consume.filter((c) => byId.get(c.id)!.status === 'reserved' && byId.get(c.id)!.location_kind === 'warehouse');
      let van: string | null = null;
      if (plan.fromVan.length || toIssue.length) {
        if (!visitId) return refuse('the visit of the parts used is not known', 'invalid_input');
        van = await vanOf(visitId, meta.work?.engineerId);
        if (!van) refuse(`the engineer of ${visitId} has no van (stock location of kind engineer) to take the parts from`, 'no_van');
      }
      let fromVan: { locationId: string; lines: StockLine[] } | null = null;
      if (plan.fromVan.length) {
        try {
          await consumeStock(ds, {
            locationId: van!,
            lines: plan.fromVan,
            ref: { type: 'visit', id: visitId! },
            note: `上门 ${visitId} 使用车载库存 van stock used`,
            key: meta.key ? meta.key('van') : `visit-${visitId}-${meta.callId}:van`,
            actor: ACTOR,
          });
        } catch (err) {
          if (err instanceof HttpProblem && err.code === 'insufficient_stock')
            refuse(`the van ${van} does not hold the parts used beyond the visit's reservation: ${err.detail}`, 'not_in_van');
          throw err;
        }
        fromVan = { locationId: van!, lines: plan.fromVan };
      }
      const step = { actor: ACTOR };
      for (const c of toIssue)
        await issueReservation(ds, { ...step, reservationId: Number(c.id), toLocationId: van!, key: `${reservationKey}:issue:${c.id}` });
      const reservations: ReservationView[] = [];
      for (const c of plan.consume) {
        const done = await consumeReservation(ds, {
          ...step,
          reservationId: Number(c.id),
          qty: c.qty,
          key: `${reservationKey}:consume:${c.id}`,
        });
        reservations.push(done.reservation);
      }
      const unused: ReservationView[] = [];
      for (const id of plan.unused) {
        const common = {
          ...step,
          reservationId: Number(id),
          key: `${reservationKey}:unused:${id}`,
          note: `上门 ${visitId} 未使用 not used`,
        };
        const done =
          byId.get(id)!.status === 'issued'
            ? await returnReservation(ds, { ...common, condition: 'good' })
            : await releaseReservation(ds, common);
        unused.push(done.reservation);
      }
      return { reservations, fromVan, unused };
    },

    /** The receipt: the work done, the parts used at their prices, labour and travel; money in fen. */
    async 'receipt.issue'(input: Input): Promise<VisitReceipt & { total: number }> {
      const visitId = str(input.visitId, 'visitId');
      const [existing] = (await ds.query(`SELECT receipt FROM visit_receipts WHERE visit_id = $1`, [visitId])) as {
        receipt: VisitReceipt;
      }[];
      if (existing) return { ...existing.receipt, total: existing.receipt.totalFen };
      const held = (await ds.query(
        `SELECT r.part_code, r.qty, r.consumed_qty, r.status, p.name, p.unit_cost_fen FROM stock_reservations r JOIN parts p ON p.code = r.part_code
          WHERE r.ref_type = 'visit' AND r.ref_id = $1 AND (r.status = 'consumed' OR (r.status = 'returned' AND r.consumed_qty > 0))
          ORDER BY r.part_code`,
        [visitId],
      )) as { part_code: string; consumed_qty: number; name: string; unit_cost_fen: string }[];
      // Parts taken from the van's own stock are ledger rows of the visit with no reservation.
      const fromVan = (await ds.query(
        `SELECT m.part_code, sum(m.qty)::int AS consumed_qty, p.name, p.unit_cost_fen FROM stock_movements m JOIN parts p ON p.code = m.part_code
          WHERE m.ref_type = 'visit' AND m.ref_id = $1 AND m.kind = 'consume' AND m.reservation_id IS NULL
          GROUP BY m.part_code, p.name, p.unit_cost_fen`,
        [visitId],
      )) as { part_code: string; consumed_qty: number; name: string; unit_cost_fen: string }[];
      const partRows: ReceiptPartLine[] = mergePartLines(
        [...held, ...fromVan].map((h) => ({
          partCode: h.part_code,
          name: h.name,
          qty: h.consumed_qty,
          unitPriceFen: Number(h.unit_cost_fen),
        })),
      );
      const receipt = buildReceipt({
        visitId,
        summary: typeof input.summary === 'string' ? input.summary : '',
        parts: partRows,
        feeItems: Array.isArray(input.feeItems) ? (input.feeItems as FeeItem[]) : null,
        signature: typeof input.signature === 'string' ? input.signature : null,
        issuedAt: new Date().toISOString(),
      });
      await ds.transaction(async (tx) => {
        const inserted = (await tx.query(
          `INSERT INTO visit_receipts (receipt_no, visit_id, receipt, total_fen) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING receipt_no`,
          [receipt.receiptNo, visitId, JSON.stringify(receipt), receipt.totalFen],
        )) as unknown[];
        if (inserted.length)
          await audit(tx, ACTOR, 'visit.receipt_issued', 'visit', visitId, { receiptNo: receipt.receiptNo, totalFen: receipt.totalFen });
      });
      const [stored] = (await ds.query(`SELECT receipt FROM visit_receipts WHERE visit_id = $1`, [visitId])) as { receipt: VisitReceipt }[];
      return { ...stored!.receipt, total: stored!.receipt.totalFen };
    },
  };
}

export type VisitCalls = ReturnType<typeof createVisitCalls>;

/**
 * The visit's entries of the flow-call dispatch table (activities/flow-call.activities.ts). A
 * refusal of the stock service (unknown part, a step its state forbids) fails without retries.
 */
export function visitCallHandlers(ds: DataSource, endpoints?: IntegrationEndpoints): Record<string, FlowCallHandler> {
  const calls = createVisitCalls({ dataSource: ds, endpoints });
  return Object.fromEntries(
    Object.entries(calls).map(([name, fn]) => [
      name,
      async ({ call, key }: FlowCallContext) => {
        try {
          return await (fn as (i: Input, m: VisitCallMeta) => Promise<unknown>)(call.input, { callId: call.callId, key, work: call.work });
        } catch (err) {
          if (err instanceof HttpProblem && err.status < 500) throw ApplicationFailure.nonRetryable(err.detail ?? err.title, err.code);
          throw err;
        }
      },
    ]),
  );
}

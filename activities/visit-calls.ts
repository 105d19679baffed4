import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { audit } from '../db/audit-log';
import { HttpProblem } from '../api/http/problem';
import { reserveStock, type Shortage } from '../api/parts/stock-service';
import type { StockLine } from '../domain/parts/part.schema';
import { buildReceipt, type FeeItem, type ReceiptPartLine, type VisitReceipt } from '../domain/visit/visit-receipt';
import type { FlowCallContext, FlowCallHandler } from './flow-call.activities';
import { createPartsActivities } from './parts.activities';

/**
 * The calls of the visit flow (`visit-default`): the engineer's booking on the roster, spare parts
 * and the receipt. Each is keyed by the visit and the interpreter's call id, so an activity retried
 * by Temporal books, reserves or issues once. A refusal (the window is taken, no warehouse in the
 * region) fails without retries and the flow takes its `failed` edge; a shortage is an answer.
 */
const ACTOR = 'workflow:visit';

export interface VisitCallMeta {
  /** the interpreter's call id: unique within the visit, the same on every retry */
  callId: string;
}

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

export function createVisitCalls(deps: { dataSource: DataSource }) {
  const ds = deps.dataSource;
  const parts = createPartsActivities(deps);

  /** The regional warehouse the visit's parts come from. */
  const warehouseFor = async (region: unknown): Promise<string> => {
    const [row] = (await ds.query(
      `SELECT id FROM stock_locations WHERE kind = 'warehouse' AND active AND ($1::text IS NULL OR region = $1) ORDER BY id LIMIT 1`,
      [typeof region === 'string' && region ? region : null],
    )) as { id: string }[];
    return row?.id ?? refuse(`no active warehouse in region ${String(region)}`, 'no_stock_location');
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
     * Supply for a shortage: a transfer when another warehouse has enough free stock (the proposal
     * goes to the dispatcher, who moves it with POST /stock/transfers), else the purchase the
     * shortage opened. The visit waits for `parts-arrived`, which receiving that purchase sends.
     */
    async 'parts.request-supply'(input: Input): Promise<{
      requestNo: string;
      kind: 'purchase' | 'transfer';
      purchaseRequestIds: number[];
      transfers: { partCode: string; qty: number; fromLocationId: string; toLocationId: string }[];
      eta: string | null;
    }> {
      const shortage = Array.isArray(input.shortage) ? (input.shortage as PartsCheckResult['shortage']) : [];
      if (!shortage.length) refuse('no shortage to supply', 'invalid_input');
      const transfers = shortage.flatMap((s) => {
        const from = s.availableElsewhere.find((e) => e.kind === 'warehouse' && e.available >= s.qty);
        return from ? [{ partCode: s.partCode, qty: s.qty, fromLocationId: from.locationId, toLocationId: s.locationId }] : [];
      });
      const kind = transfers.length === shortage.length ? 'transfer' : 'purchase';
      const ids = [...new Set(shortage.map((s) => s.purchaseRequestId))].sort((a, b) => a - b);
      return { requestNo: ids.map((id) => `PR-${id}`).join(','), kind, purchaseRequestIds: ids, transfers, eta: null };
    },

    /** Confirms the parts the check holds for the visit; the flow owes their release from here on. */
    async 'parts.reserve'(
      input: Input,
    ): Promise<{ reservationId: string | null; lines: { partCode: string; qty: number; locationId: string }[] }> {
      const visitId = str(input.visitId, 'visitId');
      const key = await heldKey(visitId);
      if (!key) {
        if (!partLines(input.parts).length) return { reservationId: null, lines: [] };
        return refuse(`no parts are held for ${visitId}; check them again`, 'not_held');
      }
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
     * The parts fitted: issued from the warehouse to the engineer's van (where the engineer took
     * them), then consumed; a line not named in partsUsed was used whole.
     */
    async 'parts.consume'(input: Input) {
      const reservationKey = typeof input.reservationId === 'string' ? input.reservationId : null;
      if (!reservationKey) return { reservations: [] };
      const [r] = (await ds.query(`SELECT ref_id FROM stock_reservations WHERE key = $1 LIMIT 1`, [reservationKey])) as {
        ref_id: string;
      }[];
      const [van] = (await ds.query(
        `SELECT l.id FROM visit_bookings b JOIN stock_locations l ON l.agent_id = b.engineer_id AND l.kind = 'engineer' AND l.active
          WHERE b.visit_id = $1 AND b.status = 'booked' ORDER BY b.created_at DESC LIMIT 1`,
        [r?.ref_id ?? ''],
      )) as { id: string }[];
      const lines = (await ds.query(`SELECT status FROM stock_reservations WHERE key = $1`, [reservationKey])) as { status: string }[];
      if (lines.some((l) => l.status === 'reserved')) {
        if (!van) refuse(`the engineer of ${r?.ref_id} has no van to issue the parts to`, 'no_van');
        await parts.issueReservedParts({ key: `${reservationKey}:issue`, reservationKey, toLocationId: van!.id, actor: ACTOR });
      }
      return parts.consumeParts({ key: `${reservationKey}:consume`, reservationKey, used: partLines(input.partsUsed), actor: ACTOR });
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
      const partRows: ReceiptPartLine[] = held.map((h) => ({
        partCode: h.part_code,
        name: h.name,
        qty: h.consumed_qty,
        unitPriceFen: Number(h.unit_cost_fen),
      }));
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
export function visitCallHandlers(ds: DataSource): Record<string, FlowCallHandler> {
  const calls = createVisitCalls({ dataSource: ds });
  return Object.fromEntries(
    Object.entries(calls).map(([name, fn]) => [
      name,
      async ({ call }: FlowCallContext) => {
        try {
          return await (fn as (i: Input, m: VisitCallMeta) => Promise<unknown>)(call.input, { callId: call.callId });
        } catch (err) {
          if (err instanceof HttpProblem && err.status < 500) throw ApplicationFailure.nonRetryable(err.detail ?? err.title, err.code);
          throw err;
        }
      },
    ]),
  );
}

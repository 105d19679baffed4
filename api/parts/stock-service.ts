import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { audit } from '../../db/audit-log';
import type { MovementKind, RefType, ReturnCondition, StockLine } from '../../domain/parts/part.schema';
import {
  availableOf,
  lockOrder,
  rankSubstitutes,
  reorderQuantity,
  reservationStep,
  shortageQuantity,
  type ReservationAction,
} from '../../domain/parts/stock';
import { claimIdempotencyKey, requestHash } from '../http/idempotency';
import { updateReturning } from '../maintenance/plan-store';
import { HttpProblem } from '../http/problem';
import {
  levelView,
  loadLocation,
  loadPurchaseRequest,
  loadReservation,
  loadTransfer,
  movementView,
  purchaseRequestView,
  reservationView,
  type LevelRow,
  type LocationRow,
  type MovementRow,
  type MovementView,
  type PurchaseRequestRow,
  type PurchaseRequestView,
  type ReservationRow,
  type ReservationView,
  type TransferRow,
  type TransferView,
  transferView,
} from './part-queries';

/**
 * Every stock movement, shared by the API and the visit workflow's activities. Each call is one
 * transaction that locks the stock_levels rows it touches (in lockOrder, so two calls never
 * deadlock), writes one ledger row per change of a location's stock, an audit row, and — for a
 * warehouse left below its reorder point — one purchase request. With a key a retry answers what
 * the first call did and moves nothing; a shortage is an answer, not an error, and does not use up
 * the key, so the same request can be tried again once the purchase arrived.
 */

/** Keys of the API and of workflows live in one space, so a workflow retry and an API call agree. */
const KEY_SCOPE = 'parts';

interface Ctx {
  tx: EntityManager;
  op: string;
  actor: string;
  seq: number;
}

interface LevelKey {
  locationId: string;
  partCode: string;
}

const invalid = (field: string, message: string) =>
  new HttpProblem(422, 'validation_failed', 'The request is not valid', `${field}: ${message}`, [{ field, message }]);

/** One transaction; a CHECK the service should never have let through is a conflict, not a 500. */
async function inTx<T>(ds: DataSource, fn: (tx: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await ds.transaction(fn);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '23514')
      throw new HttpProblem(409, 'stock_conflict', 'Stock conflict', 'the movement would leave stock negative or over-promised');
    if (code === '40P01' || code === '40001') throw HttpProblem.unavailable('stock was busy; retry', 1);
    throw err;
  }
}

/** Claims the key for this request; true when an earlier call with the same key did the work already. */
async function claimed(tx: EntityManager, key: string | undefined, request: unknown, resourceId: string): Promise<boolean> {
  if (!key) return false;
  const claim = await claimIdempotencyKey(tx, {
    scope: KEY_SCOPE,
    key,
    hash: requestHash(request),
    resourceType: 'stock',
    candidateId: resourceId,
  });
  return claim.replay;
}

/** Makes sure the rows exist, then locks them in the one global order. */
async function lockLevels(tx: EntityManager, pairs: LevelKey[]): Promise<Map<string, LevelRow>> {
  const ordered = lockOrder(pairs);
  await tx.query(`INSERT INTO stock_levels (location_id, part_code) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`, [
    ordered.map((p) => p.locationId),
    ordered.map((p) => p.partCode),
  ]);
  const rows = (await tx.query(
    `SELECT * FROM stock_levels WHERE (location_id, part_code) IN (SELECT * FROM unnest($1::text[], $2::text[]))
      ORDER BY part_code, location_id FOR UPDATE`,
    [ordered.map((p) => p.locationId), ordered.map((p) => p.partCode)],
  )) as LevelRow[];
  return new Map(rows.map((r) => [`${r.location_id}|${r.part_code}`, r]));
}

const levelOf = (levels: Map<string, LevelRow>, locationId: string, partCode: string) => levels.get(`${locationId}|${partCode}`)!;

interface Movement {
  kind: MovementKind;
  locationId: string;
  partCode: string;
  qty: number;
  onHand?: number;
  reserved?: number;
  defective?: number;
  peerLocationId?: string | null;
  reservationId?: string | null;
  refType?: string | null;
  refId?: string | null;
  note?: string | null;
}

/** Changes one locked level and writes its ledger row with the balance after. */
async function move(c: Ctx, m: Movement): Promise<MovementView> {
  const [after] = await updateReturning<{ on_hand: number; reserved: number; defective: number }>(
    c.tx,
    `UPDATE stock_levels SET on_hand = on_hand + $3, reserved = reserved + $4, defective = defective + $5, updated_at = now()
      WHERE location_id = $1 AND part_code = $2 RETURNING on_hand, reserved, defective`,
    [m.locationId, m.partCode, m.onHand ?? 0, m.reserved ?? 0, m.defective ?? 0],
  );
  if (!after) throw new Error(`stock level ${m.locationId}/${m.partCode} was not locked before moving it`);
  c.seq += 1;
  const [row] = (await c.tx.query(
    `INSERT INTO stock_movements (op, idempotency_key, kind, location_id, part_code, qty, on_hand_delta, reserved_delta, defective_delta,
        on_hand_after, reserved_after, defective_after, peer_location_id, reservation_id, ref_type, ref_id, note, actor)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING *`,
    [
      c.op,
      `${c.op}:${c.seq}`,
      m.kind,
      m.locationId,
      m.partCode,
      m.qty,
      m.onHand ?? 0,
      m.reserved ?? 0,
      m.defective ?? 0,
      after.on_hand,
      after.reserved,
      after.defective,
      m.peerLocationId ?? null,
      m.reservationId ?? null,
      m.refType ?? null,
      m.refId ?? null,
      m.note ?? null,
      c.actor,
    ],
  )) as MovementRow[];
  return movementView(row!);
}

/**
 * After the movements of a call: a warehouse whose available stock of a part fell below the
 * reorder point gets a purchase request, unless one is on its way already (the partial unique
 * index makes that one, however many movements see the low stock). Vans are refilled by transfer.
 */
async function reorderIfLow(c: Ctx, pairs: LevelKey[]): Promise<PurchaseRequestView[]> {
  const opened: PurchaseRequestView[] = [];
  for (const p of lockOrder(pairs)) {
    const [row] = (await c.tx.query(
      `SELECT l.on_hand, l.reserved, p.reorder_point, p.reorder_qty FROM stock_levels l
         JOIN parts p ON p.code = l.part_code JOIN stock_locations s ON s.id = l.location_id
        WHERE l.location_id = $1 AND l.part_code = $2 AND s.kind = 'warehouse' AND p.active`,
      [p.locationId, p.partCode],
    )) as { on_hand: number; reserved: number; reorder_point: number; reorder_qty: number }[];
    if (!row) continue;
    const qty = reorderQuantity(availableOf({ onHand: row.on_hand, reserved: row.reserved }), {
      reorderPoint: row.reorder_point,
      reorderQty: row.reorder_qty,
    });
    if (qty === null) continue;
    const [pr] = (await c.tx.query(
      `INSERT INTO purchase_requests (part_code, location_id, qty, reason, created_by, updated_by) VALUES ($1, $2, $3, 'low_stock', $4, $4)
       ON CONFLICT (part_code, location_id) WHERE status IN ('open', 'ordered') DO NOTHING RETURNING *`,
      [p.partCode, p.locationId, qty, c.actor],
    )) as PurchaseRequestRow[];
    if (!pr) continue;
    await audit(c.tx, c.actor, 'purchase_request.opened', 'purchase_request', pr.id, {
      partCode: p.partCode,
      locationId: p.locationId,
      qty,
      reason: 'low_stock',
    });
    opened.push(purchaseRequestView(pr));
  }
  return opened;
}

async function activeLocation(tx: EntityManager, id: string, field: string, kind?: LocationRow['kind']): Promise<LocationRow> {
  const [row] = (await tx.query(`SELECT * FROM stock_locations WHERE id = $1`, [id])) as LocationRow[];
  if (!row) throw invalid(field, `no stock location ${id}`);
  if (!row.active) throw invalid(field, `stock location ${id} is closed`);
  const what = (k: LocationRow['kind']) => (k === 'engineer' ? 'an engineer’s van' : 'a warehouse');
  if (kind && row.kind !== kind) throw invalid(field, `stock location ${id} is ${what(row.kind)}, not ${what(kind)}`);
  return row;
}

/** A move between two places checks both places and every part it carries (a transfer, a shipment). */
async function checkMoveBetween(
  tx: EntityManager,
  input: { fromLocationId: string; toLocationId: string; lines: { partCode: string }[] },
): Promise<void> {
  await activeLocation(tx, input.fromLocationId, 'fromLocationId');
  await activeLocation(tx, input.toLocationId, 'toLocationId');
  await activeParts(
    tx,
    input.lines.map((l) => l.partCode),
    (i) => `lines.${i}.partCode`,
  );
}

async function activeParts(tx: EntityManager, codes: string[], field: (i: number) => string) {
  const rows = (await tx.query(`SELECT code, name, active, reorder_point, reorder_qty FROM parts WHERE code = ANY($1)`, [codes])) as {
    code: string;
    name: string;
    active: boolean;
    reorder_point: number;
    reorder_qty: number;
  }[];
  const byCode = new Map(rows.map((r) => [r.code, r]));
  codes.forEach((code, i) => {
    const r = byCode.get(code);
    if (!r) throw invalid(field(i), `no part ${code}`);
    if (!r.active) throw invalid(field(i), `part ${code} is no longer stocked`);
  });
  return byCode;
}

const newOp = (prefix: string) => `${prefix}-${randomUUID()}`;

async function movementsOf(db: EntityManager | DataSource, op: string): Promise<MovementView[]> {
  return ((await db.query(`SELECT * FROM stock_movements WHERE op = $1 ORDER BY id`, [op])) as MovementRow[]).map(movementView);
}

async function levelsOf(db: EntityManager | DataSource, pairs: LevelKey[]) {
  const rows = (await db.query(
    `SELECT * FROM stock_levels WHERE (location_id, part_code) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY part_code, location_id`,
    [pairs.map((p) => p.locationId), pairs.map((p) => p.partCode)],
  )) as LevelRow[];
  return rows.map(levelView);
}

// ---------------------------------------------------------------- receipts and transfers

export interface OperationResult {
  op: string;
  replayed: boolean;
  movements: MovementView[];
  levels: ReturnType<typeof levelView>[];
  purchaseRequestsOpened: PurchaseRequestView[];
}

export interface ReceiveInput {
  locationId: string;
  lines: StockLine[];
  note?: string;
  key?: string;
  actor: string;
  ref?: { type: string; id: string };
}

/** Goods in at a location (a delivery, a count found more). */
export async function receiveStock(ds: DataSource, input: ReceiveInput): Promise<OperationResult> {
  const op = input.key ?? newOp('receipt');
  const pairs = input.lines.map((l) => ({ locationId: input.locationId, partCode: l.partCode }));
  return inTx(ds, async (tx) => {
    if (await claimed(tx, input.key, { op: 'receive', locationId: input.locationId, lines: input.lines, ref: input.ref }, op)) {
      return { op, replayed: true, movements: await movementsOf(tx, op), levels: await levelsOf(tx, pairs), purchaseRequestsOpened: [] };
    }
    await activeLocation(tx, input.locationId, 'locationId');
    await activeParts(
      tx,
      input.lines.map((l) => l.partCode),
      (i) => `lines.${i}.partCode`,
    );
    await lockLevels(tx, pairs);
    const c: Ctx = { tx, op, actor: input.actor, seq: 0 };
    const movements: MovementView[] = [];
    for (const l of input.lines) {
      movements.push(
        await move(c, {
          kind: 'receive',
          locationId: input.locationId,
          partCode: l.partCode,
          qty: l.qty,
          onHand: l.qty,
          refType: input.ref?.type,
          refId: input.ref?.id,
          note: input.note,
        }),
      );
    }
    await audit(tx, input.actor, 'stock.received', 'stock_location', input.locationId, { op, lines: input.lines, ref: input.ref });
    return { op, replayed: false, movements, levels: await levelsOf(tx, pairs), purchaseRequestsOpened: await reorderIfLow(c, pairs) };
  });
}

export interface TransferInput {
  fromLocationId: string;
  toLocationId: string;
  lines: StockLine[];
  note?: string;
  key?: string;
  actor: string;
}

/** Free stock from one place to another (a warehouse refilling a van, a van handing back). */
export async function transferStock(ds: DataSource, input: TransferInput): Promise<OperationResult> {
  const op = input.key ?? newOp('transfer');
  const pairs = input.lines.flatMap((l) => [
    { locationId: input.fromLocationId, partCode: l.partCode },
    { locationId: input.toLocationId, partCode: l.partCode },
  ]);
  return inTx(ds, async (tx) => {
    const request = { op: 'transfer', from: input.fromLocationId, to: input.toLocationId, lines: input.lines };
    if (await claimed(tx, input.key, request, op)) {
      return { op, replayed: true, movements: await movementsOf(tx, op), levels: await levelsOf(tx, pairs), purchaseRequestsOpened: [] };
    }
    await checkMoveBetween(tx, input);
    const levels = await lockLevels(tx, pairs);
    refuseUnlessFree(levels, input.fromLocationId, input.lines);
    const c: Ctx = { tx, op, actor: input.actor, seq: 0 };
    const movements: MovementView[] = [];
    for (const l of input.lines) {
      const common = { partCode: l.partCode, qty: l.qty, refType: 'transfer', refId: op, note: input.note };
      movements.push(
        await move(c, {
          ...common,
          kind: 'transfer_out',
          locationId: input.fromLocationId,
          onHand: -l.qty,
          peerLocationId: input.toLocationId,
        }),
      );
      movements.push(
        await move(c, {
          ...common,
          kind: 'transfer_in',
          locationId: input.toLocationId,
          onHand: l.qty,
          peerLocationId: input.fromLocationId,
        }),
      );
    }
    await audit(tx, input.actor, 'stock.transferred', 'stock_location', input.fromLocationId, {
      op,
      to: input.toLocationId,
      lines: input.lines,
    });
    return { op, replayed: false, movements, levels: await levelsOf(tx, pairs), purchaseRequestsOpened: await reorderIfLow(c, pairs) };
  });
}

const toLevel = (r: LevelRow) => ({ onHand: r.on_hand, reserved: r.reserved });

/** 409 insufficient_stock naming each line the source cannot spare (reserved stock is not free to move). */
function refuseUnlessFree(levels: Map<string, LevelRow>, fromLocationId: string, lines: StockLine[]): void {
  const short = lines
    .map((l) => ({
      partCode: l.partCode,
      wanted: l.qty,
      available: availableOf(toLevel(levelOf(levels, fromLocationId, l.partCode))),
    }))
    .filter((s) => s.available < s.wanted);
  if (!short.length) return;
  throw new HttpProblem(
    409,
    'insufficient_stock',
    'Insufficient stock',
    short.map((s) => `${s.partCode}: ${s.available} available at ${fromLocationId}, ${s.wanted} wanted`).join('; '),
    undefined,
    {},
    { locationId: fromLocationId, shortages: short },
  );
}

export interface ConsumeStockInput {
  /** the engineer's van the parts were taken from */
  locationId: string;
  lines: StockLine[];
  /** the job they were fitted for (a visit) */
  ref: { type: RefType; id: string };
  note?: string;
  key?: string;
  actor: string;
}

/**
 * Parts fitted from a van's own free stock, reserved for nobody (the engineer had one on board):
 * one `consume` per line, all lines or none. Units the van holds for another visit are not free,
 * so a van without enough free stock is refused (409 insufficient_stock) and nothing moves.
 */
export async function consumeStock(ds: DataSource, input: ConsumeStockInput): Promise<OperationResult> {
  const op = input.key ?? newOp('consume');
  const pairs = input.lines.map((l) => ({ locationId: input.locationId, partCode: l.partCode }));
  return inTx(ds, async (tx) => {
    if (await claimed(tx, input.key, { op: 'consume', locationId: input.locationId, lines: input.lines, ref: input.ref }, op)) {
      return { op, replayed: true, movements: await movementsOf(tx, op), levels: await levelsOf(tx, pairs), purchaseRequestsOpened: [] };
    }
    await activeLocation(tx, input.locationId, 'locationId', 'engineer');
    await activeParts(
      tx,
      input.lines.map((l) => l.partCode),
      (i) => `lines.${i}.partCode`,
    );
    refuseUnlessFree(await lockLevels(tx, pairs), input.locationId, input.lines);
    const c: Ctx = { tx, op, actor: input.actor, seq: 0 };
    const movements: MovementView[] = [];
    for (const l of input.lines) {
      movements.push(
        await move(c, {
          kind: 'consume',
          locationId: input.locationId,
          partCode: l.partCode,
          qty: l.qty,
          onHand: -l.qty,
          refType: input.ref.type,
          refId: input.ref.id,
          note: input.note,
        }),
      );
    }
    await audit(tx, input.actor, 'stock.consumed', 'stock_location', input.locationId, { op, lines: input.lines, ref: input.ref });
    return { op, replayed: false, movements, levels: await levelsOf(tx, pairs), purchaseRequestsOpened: await reorderIfLow(c, pairs) };
  });
}

export interface ShipTransferInput extends TransferInput {
  /** what the stock is sent for (the visit short of it) */
  ref?: { type: RefType; id: string };
}

export interface TransferResult {
  replayed: boolean;
  transfer: TransferView;
  movements: MovementView[];
}

/**
 * A transfer that takes time (warehouse to warehouse): the stock leaves the source now
 * (transfer_out, so nobody else can promise it) and is in transit until the destination receives
 * it with receiveTransfer (transfer_in). Only free stock moves: reserved units stay where they are.
 */
export async function shipTransfer(ds: DataSource, input: ShipTransferInput): Promise<TransferResult> {
  const op = input.key ?? newOp('transfer');
  const pairs = input.lines.map((l) => ({ locationId: input.fromLocationId, partCode: l.partCode }));
  return inTx(ds, async (tx) => {
    const request = { op: 'ship', from: input.fromLocationId, to: input.toLocationId, lines: input.lines, ref: input.ref ?? null };
    if (await claimed(tx, input.key, request, op)) {
      const [row] = (await tx.query(`SELECT * FROM stock_transfers WHERE op = $1`, [op])) as TransferRow[];
      return { replayed: true, transfer: transferView(row!), movements: await movementsOf(tx, op) };
    }
    await checkMoveBetween(tx, input);
    const levels = await lockLevels(tx, pairs);
    refuseUnlessFree(levels, input.fromLocationId, input.lines);
    const [row] = (await tx.query(
      `INSERT INTO stock_transfers (op, from_location_id, to_location_id, lines, ref_type, ref_id, note, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING *`,
      [
        op,
        input.fromLocationId,
        input.toLocationId,
        JSON.stringify(input.lines),
        input.ref?.type ?? null,
        input.ref?.id ?? null,
        input.note ?? null,
        input.actor,
      ],
    )) as TransferRow[];
    const c: Ctx = { tx, op, actor: input.actor, seq: 0 };
    const movements: MovementView[] = [];
    for (const l of input.lines) {
      movements.push(
        await move(c, {
          kind: 'transfer_out',
          locationId: input.fromLocationId,
          partCode: l.partCode,
          qty: l.qty,
          onHand: -l.qty,
          peerLocationId: input.toLocationId,
          refType: 'transfer',
          refId: String(row!.id),
          note: input.note,
        }),
      );
    }
    await audit(tx, input.actor, 'stock.transfer_shipped', 'stock_transfer', row!.id, {
      from: input.fromLocationId,
      to: input.toLocationId,
      lines: input.lines,
      ref: input.ref ?? null,
    });
    await reorderIfLow(c, pairs);
    return { replayed: false, transfer: transferView(row!), movements };
  });
}

/** The destination takes a transfer in transit onto its shelf (transfer_in per line); once. */
export async function receiveTransfer(
  ds: DataSource,
  input: { id: number; key?: string; note?: string; actor: string },
): Promise<TransferResult> {
  const op = input.key ?? newOp(`transfer-${input.id}-receive`);
  return inTx(ds, async (tx) => {
    if (await claimed(tx, input.key, { op: 'transfer-receive', id: input.id }, String(input.id))) {
      return { replayed: true, transfer: transferView(await loadTransfer(tx, input.id)), movements: await movementsOf(tx, op) };
    }
    // The stock rows before the transfer row, as a purchase receipt takes them.
    const peek = await loadTransfer(tx, input.id);
    const pairs = peek.lines.map((l) => ({ locationId: peek.to_location_id, partCode: l.partCode }));
    await lockLevels(tx, pairs);
    const t = await loadTransfer(tx, input.id, true);
    if (t.status !== 'in_transit')
      throw new HttpProblem(
        409,
        'invalid_transfer_state',
        'Not allowed in this state',
        `transfer ${t.id} was received already (${new Date(t.received_at!).toISOString()} by ${t.received_by})`,
        undefined,
        {},
        { status: t.status },
      );
    const c: Ctx = { tx, op, actor: input.actor, seq: 0 };
    const movements: MovementView[] = [];
    for (const l of t.lines) {
      movements.push(
        await move(c, {
          kind: 'transfer_in',
          locationId: t.to_location_id,
          partCode: l.partCode,
          qty: l.qty,
          onHand: l.qty,
          peerLocationId: t.from_location_id,
          refType: 'transfer',
          refId: String(t.id),
          note: input.note,
        }),
      );
    }
    await tx.query(
      `UPDATE stock_transfers SET status = 'received', received_op = $2, received_by = $3, received_at = now(), version = version + 1,
          updated_by = $3, updated_at = now(), note = COALESCE($4, note) WHERE id = $1`,
      [t.id, op, input.actor, input.note ?? null],
    );
    await audit(tx, input.actor, 'stock.transfer_received', 'stock_transfer', t.id, { to: t.to_location_id, lines: t.lines });
    return { replayed: false, transfer: transferView(await loadTransfer(tx, input.id)), movements };
  });
}

/** Units of each part on their way to `locationId` for one work item (transfers not yet received). */
export async function inTransitFor(db: EntityManager | DataSource, ref: { type: RefType; id: string }, locationId: string) {
  const rows = (await db.query(
    `SELECT t.id, l->>'partCode' AS part_code, (l->>'qty')::int AS qty
       FROM stock_transfers t, jsonb_array_elements(t.lines) l
      WHERE t.status = 'in_transit' AND t.ref_type = $1 AND t.ref_id = $2 AND t.to_location_id = $3 ORDER BY t.id`,
    [ref.type, ref.id, locationId],
  )) as { id: string; part_code: string; qty: number }[];
  return rows.map((r) => ({ transferId: Number(r.id), partCode: r.part_code, qty: r.qty }));
}

// ---------------------------------------------------------------- reservations

export interface ReserveInput {
  key: string;
  refType: RefType;
  refId: string;
  locationId: string;
  lines: StockLine[];
  note?: string;
  actor: string;
  /** how a line's field is named in the caller's request (the API takes one part at the top level) */
  fieldOf?: (line: number, name: 'partCode' | 'qty') => string;
}

export interface Shortage {
  partCode: string;
  partName: string;
  locationId: string;
  wanted: number;
  available: number;
  /** substitutes with stock at the same location, best first */
  substitutes: { partCode: string; name: string; priority: number; available: number }[];
  /** other places with free stock of the part, most first (for a transfer) */
  availableElsewhere: { locationId: string; name: string; kind: string; available: number }[];
  /** the purchase that will bring it: opened now, or the one already on its way */
  purchaseRequest: PurchaseRequestView;
}

export type ReserveOutcome =
  | { reserved: true; replayed: boolean; reservations: ReservationView[]; purchaseRequestsOpened: PurchaseRequestView[] }
  | { reserved: false; shortages: Shortage[] };

/**
 * Promises parts at one location to a visit (ticket, RMA): all lines or none. The stock rows are
 * locked first, so of two requests racing for the last unit exactly one gets it; the other learns
 * what is short, which substitutes are in stock, and which purchase request will bring it.
 */
export async function reserveStock(ds: DataSource, input: ReserveInput): Promise<ReserveOutcome> {
  const field = input.fieldOf ?? ((i, name) => `lines.${i}.${name}`);
  const lines = [...input.lines].sort((a, b) => (a.partCode < b.partCode ? -1 : 1));
  const request = { op: 'reserve', refType: input.refType, refId: input.refId, locationId: input.locationId, lines };
  const hash = requestHash(request);
  return inTx(ds, async (tx): Promise<ReserveOutcome> => {
    if (await claimed(tx, input.key, request, input.key)) {
      const rows = (await tx.query(`SELECT * FROM stock_reservations WHERE key = $1 ORDER BY part_code`, [input.key])) as ReservationRow[];
      return { reserved: true, replayed: true, reservations: rows.map(reservationView), purchaseRequestsOpened: [] };
    }
    await activeLocation(tx, input.locationId, 'locationId');
    const parts = await activeParts(
      tx,
      input.lines.map((l) => l.partCode),
      (i) => field(i, 'partCode'),
    );
    const pairs = lines.map((l) => ({ locationId: input.locationId, partCode: l.partCode }));
    const levels = await lockLevels(tx, pairs);
    const c: Ctx = { tx, op: input.key, actor: input.actor, seq: 0 };

    const short = lines.filter((l) => availableOf(toLevel(levelOf(levels, input.locationId, l.partCode))) < l.qty);
    if (short.length) {
      const shortages: Shortage[] = [];
      for (const l of short) {
        const part = parts.get(l.partCode)!;
        const available = availableOf(toLevel(levelOf(levels, input.locationId, l.partCode)));
        const pr = await purchaseForShortage(c, {
          partCode: l.partCode,
          locationId: input.locationId,
          qty: shortageQuantity(l.qty, available, { reorderPoint: part.reorder_point, reorderQty: part.reorder_qty }),
          refType: input.refType,
          refId: input.refId,
        });
        shortages.push({
          partCode: l.partCode,
          partName: part.name,
          locationId: input.locationId,
          wanted: l.qty,
          available,
          substitutes: await substitutesInStock(tx, l.partCode, input.locationId, l.qty),
          availableElsewhere: await elsewhere(tx, l.partCode, input.locationId),
          purchaseRequest: pr,
        });
      }
      // The key is not used up: the same request may be tried again when the purchase arrives.
      await tx.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2`, [KEY_SCOPE, input.key]);
      await audit(tx, input.actor, 'stock.shortage', 'stock_location', input.locationId, {
        key: input.key,
        refType: input.refType,
        refId: input.refId,
        shortages: shortages.map((s) => ({
          partCode: s.partCode,
          wanted: s.wanted,
          available: s.available,
          purchaseRequestId: s.purchaseRequest.id,
        })),
      });
      return { reserved: false, shortages };
    }

    const reservations: ReservationView[] = [];
    for (const l of lines) {
      const [row] = (await tx.query(
        `INSERT INTO stock_reservations (key, request_hash, ref_type, ref_id, part_code, qty, location_id, source_location_id, status, note,
            created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 'reserved', $8, $9, $9) RETURNING *`,
        [input.key, hash, input.refType, input.refId, l.partCode, l.qty, input.locationId, input.note ?? null, input.actor],
      )) as ReservationRow[];
      await move(c, {
        kind: 'reserve',
        locationId: input.locationId,
        partCode: l.partCode,
        qty: l.qty,
        reserved: l.qty,
        reservationId: row!.id,
        refType: input.refType,
        refId: input.refId,
        note: input.note,
      });
      await audit(tx, input.actor, 'stock.reserved', 'stock_reservation', row!.id, {
        key: input.key,
        refType: input.refType,
        refId: input.refId,
        locationId: input.locationId,
        partCode: l.partCode,
        qty: l.qty,
      });
      reservations.push(reservationView(row!));
    }
    return { reserved: true, replayed: false, reservations, purchaseRequestsOpened: await reorderIfLow(c, pairs) };
  });
}

/** The purchase on its way for this part and place, asked to cover at least `qty`; else a new one. */
async function purchaseForShortage(
  c: Ctx,
  p: { partCode: string; locationId: string; qty: number; refType: string; refId: string },
): Promise<PurchaseRequestView> {
  const [created] = (await c.tx.query(
    `INSERT INTO purchase_requests (part_code, location_id, qty, reason, ref_type, ref_id, created_by, updated_by)
     VALUES ($1, $2, $3, 'shortage', $4, $5, $6, $6)
     ON CONFLICT (part_code, location_id) WHERE status IN ('open', 'ordered') DO NOTHING RETURNING *`,
    [p.partCode, p.locationId, p.qty, p.refType, p.refId, c.actor],
  )) as PurchaseRequestRow[];
  if (created) {
    await audit(c.tx, c.actor, 'purchase_request.opened', 'purchase_request', created.id, { ...p, reason: 'shortage' });
    return purchaseRequestView(created);
  }
  // An open request not yet ordered grows to cover the need; an ordered one is what it is.
  const [existing] = await updateReturning<PurchaseRequestRow>(
    c.tx,
    `UPDATE purchase_requests SET qty = GREATEST(qty, $3), version = version + CASE WHEN qty < $3 THEN 1 ELSE 0 END,
        updated_at = CASE WHEN qty < $3 THEN now() ELSE updated_at END, updated_by = CASE WHEN qty < $3 THEN $4 ELSE updated_by END
      WHERE part_code = $1 AND location_id = $2 AND status IN ('open', 'ordered')
      RETURNING *`,
    [p.partCode, p.locationId, p.qty, c.actor],
  );
  return purchaseRequestView(existing!);
}

async function substitutesInStock(tx: EntityManager, partCode: string, locationId: string, wanted: number) {
  const rows = (await tx.query(
    `SELECT s.substitute_code AS code, s.priority, p.name, COALESCE(l.on_hand - l.reserved, 0) AS available
       FROM part_substitutes s JOIN parts p ON p.code = s.substitute_code AND p.active
       LEFT JOIN stock_levels l ON l.part_code = s.substitute_code AND l.location_id = $2
      WHERE s.part_code = $1`,
    [partCode, locationId],
  )) as { code: string; priority: number; name: string; available: number }[];
  return rankSubstitutes(rows, wanted).map((r) => ({ partCode: r.code, name: r.name, priority: r.priority, available: r.available }));
}

async function elsewhere(tx: EntityManager, partCode: string, locationId: string) {
  const rows = (await tx.query(
    `SELECT l.location_id, s.name, s.kind, l.on_hand - l.reserved AS available FROM stock_levels l JOIN stock_locations s ON s.id = l.location_id
      WHERE l.part_code = $1 AND l.location_id <> $2 AND s.active AND l.on_hand > l.reserved
      ORDER BY (s.kind = 'warehouse') DESC, available DESC, l.location_id LIMIT 5`,
    [partCode, locationId],
  )) as { location_id: string; name: string; kind: string; available: number }[];
  return rows.map((r) => ({ locationId: r.location_id, name: r.name, kind: r.kind, available: r.available }));
}

// ---------------------------------------------------------------- steps of a reservation

export interface StepInput {
  reservationId: number;
  key?: string;
  note?: string;
  actor: string;
}

export interface StepResult {
  replayed: boolean;
  reservation: ReservationView;
  movements: MovementView[];
  purchaseRequestsOpened: PurchaseRequestView[];
}

/**
 * The frame every step shares: the key claimed, the reservation row locked (before any stock row,
 * always), the step checked against the reservation's life; `act` then moves the stock.
 */
async function step(
  ds: DataSource,
  input: StepInput,
  action: ReservationAction,
  details: Record<string, unknown>,
  act: (c: Ctx, r: ReservationRow, here: LocationRow) => Promise<{ pairs: LevelKey[]; auditDetails: Record<string, unknown> }>,
): Promise<StepResult> {
  const op = input.key ?? newOp(`reservation-${input.reservationId}-${action}`);
  return inTx(ds, async (tx) => {
    if (await claimed(tx, input.key, { op: action, reservationId: input.reservationId, ...details }, String(input.reservationId))) {
      return {
        replayed: true,
        reservation: reservationView(await loadReservation(tx, input.reservationId)),
        movements: await movementsOf(tx, op),
        purchaseRequestsOpened: [],
      };
    }
    const r = await loadReservation(tx, input.reservationId, true);
    const here = await loadLocation(tx, r.location_id);
    const allowed = reservationStep(r.status, here.kind, action);
    if (!allowed.ok) {
      throw new HttpProblem(
        409,
        'invalid_reservation_state',
        'Not allowed in this state',
        allowed.reason,
        undefined,
        {},
        { status: r.status },
      );
    }
    const c: Ctx = { tx, op, actor: input.actor, seq: 0 };
    const { pairs, auditDetails } = await act(c, r, here);
    const row = await loadReservation(tx, input.reservationId);
    await audit(
      tx,
      input.actor,
      `stock.${action === 'issue' ? 'issued' : action === 'return' ? 'returned' : `${action}d`}`,
      'stock_reservation',
      r.id,
      {
        refType: r.ref_type,
        refId: r.ref_id,
        partCode: r.part_code,
        ...auditDetails,
      },
    );
    return {
      replayed: false,
      reservation: reservationView(row),
      movements: await movementsOf(tx, op),
      purchaseRequestsOpened: await reorderIfLow(c, pairs),
    };
  });
}

const setStatus = (c: Ctx, id: string, sets: string, params: unknown[]) =>
  c.tx.query(`UPDATE stock_reservations SET ${sets}, version = version + 1, updated_by = $2, updated_at = now() WHERE id = $1`, [
    id,
    c.actor,
    ...params,
  ]);

/** Gives reserved parts back to free stock where they are (a cancelled visit). */
export function releaseReservation(ds: DataSource, input: StepInput): Promise<StepResult> {
  return step(ds, input, 'release', {}, async (c, r) => {
    const pairs = [{ locationId: r.location_id, partCode: r.part_code }];
    await lockLevels(c.tx, pairs);
    await move(c, {
      kind: 'release',
      locationId: r.location_id,
      partCode: r.part_code,
      qty: r.qty,
      reserved: -r.qty,
      reservationId: r.id,
      refType: r.ref_type,
      refId: r.ref_id,
      note: input.note,
    });
    await setStatus(c, r.id, `status = 'released'`, []);
    return { pairs, auditDetails: { qty: r.qty, locationId: r.location_id } };
  });
}

/** Hands reserved parts from the warehouse to the engineer's van; they stay promised to the visit there. */
export function issueReservation(ds: DataSource, input: StepInput & { toLocationId: string }): Promise<StepResult> {
  return step(ds, input, 'issue', { toLocationId: input.toLocationId }, async (c, r) => {
    await activeLocation(c.tx, input.toLocationId, 'toLocationId', 'engineer');
    const pairs = [
      { locationId: r.location_id, partCode: r.part_code },
      { locationId: input.toLocationId, partCode: r.part_code },
    ];
    await lockLevels(c.tx, pairs);
    const common = {
      kind: 'issue' as const,
      partCode: r.part_code,
      qty: r.qty,
      reservationId: r.id,
      refType: r.ref_type,
      refId: r.ref_id,
      note: input.note,
    };
    await move(c, { ...common, locationId: r.location_id, onHand: -r.qty, reserved: -r.qty, peerLocationId: input.toLocationId });
    await move(c, { ...common, locationId: input.toLocationId, onHand: r.qty, reserved: r.qty, peerLocationId: r.location_id });
    await setStatus(c, r.id, `status = 'issued', location_id = $3`, [input.toLocationId]);
    return { pairs, auditDetails: { qty: r.qty, from: r.location_id, to: input.toLocationId } };
  });
}

/** Parts fitted at the customer's: out of stock for good. Fewer than reserved frees the rest in the van. */
export function consumeReservation(ds: DataSource, input: StepInput & { qty?: number }): Promise<StepResult> {
  return step(ds, input, 'consume', { qty: input.qty ?? null }, async (c, r) => {
    const used = input.qty ?? r.qty;
    if (used > r.qty) throw invalid('qty', `only ${r.qty} reserved`);
    const pairs = [{ locationId: r.location_id, partCode: r.part_code }];
    await lockLevels(c.tx, pairs);
    const common = {
      locationId: r.location_id,
      partCode: r.part_code,
      reservationId: r.id,
      refType: r.ref_type,
      refId: r.ref_id,
      note: input.note,
    };
    await move(c, { ...common, kind: 'consume', qty: used, onHand: -used, reserved: -used });
    if (used < r.qty) await move(c, { ...common, kind: 'release', qty: r.qty - used, reserved: -(r.qty - used) });
    await setStatus(c, r.id, `status = 'consumed', consumed_qty = $3`, [used]);
    return { pairs, auditDetails: { qty: used, released: r.qty - used, locationId: r.location_id } };
  });
}

/**
 * Parts back to a warehouse: unused issued parts (all of them), or the parts taken out of the
 * customer's machine after a consumption. Defective ones are counted apart (`defective`), never
 * back into sellable stock.
 */
export function returnReservation(
  ds: DataSource,
  input: StepInput & { condition: ReturnCondition; qty?: number; toLocationId?: string },
): Promise<StepResult> {
  const details = { condition: input.condition, qty: input.qty ?? null, toLocationId: input.toLocationId ?? null };
  return step(ds, input, 'return', details, async (c, r) => {
    const to = input.toLocationId ?? r.source_location_id;
    await activeLocation(c.tx, to, 'toLocationId', 'warehouse');
    let qty: number;
    if (r.status === 'issued') {
      if (input.qty !== undefined && input.qty !== r.qty) throw invalid('qty', `issued parts come back whole: ${r.qty}`);
      qty = r.qty;
    } else {
      qty = input.qty ?? r.consumed_qty;
      if (qty > r.consumed_qty) throw invalid('qty', `only ${r.consumed_qty} consumed`);
    }
    const pairs = [{ locationId: to, partCode: r.part_code }];
    if (r.status === 'issued') pairs.push({ locationId: r.location_id, partCode: r.part_code });
    await lockLevels(c.tx, pairs);
    const kind = input.condition === 'good' ? 'return_good' : 'return_defective';
    const common = {
      kind,
      partCode: r.part_code,
      qty,
      reservationId: r.id,
      refType: r.ref_type,
      refId: r.ref_id,
      note: input.note,
    } as const;
    if (r.status === 'issued') {
      await move(c, { ...common, locationId: r.location_id, onHand: -qty, reserved: -qty, peerLocationId: to });
    }
    await move(c, {
      ...common,
      locationId: to,
      ...(input.condition === 'good' ? { onHand: qty } : { defective: qty }),
      peerLocationId: r.status === 'issued' ? r.location_id : null,
    });
    await setStatus(c, r.id, `status = 'returned', returned_qty = $3, return_condition = $4, location_id = $5`, [qty, input.condition, to]);
    return { pairs, auditDetails: { qty, condition: input.condition, from: r.location_id, to, after: r.status } };
  });
}

// ---------------------------------------------------------------- purchase requests

export interface UpdatePurchaseInput {
  id: number;
  status: 'ordered' | 'received' | 'cancelled';
  receivedQty?: number;
  note?: string;
  key?: string;
  ifMatch?: (version: number) => void;
  actor: string;
}

const PURCHASE_NEXT: Record<string, string[]> = { open: ['ordered', 'received', 'cancelled'], ordered: ['received', 'cancelled'] };

/** Ordered, received (the stock arrives with a ledger entry), or cancelled. */
export async function updatePurchaseRequest(
  ds: DataSource,
  input: UpdatePurchaseInput,
): Promise<{ replayed: boolean; purchaseRequest: PurchaseRequestView; movements: MovementView[] }> {
  const op = input.key ?? newOp(`purchase-${input.id}-${input.status}`);
  return inTx(ds, async (tx) => {
    const request = { op: 'purchase', id: input.id, status: input.status, receivedQty: input.receivedQty ?? null };
    if (await claimed(tx, input.key, request, String(input.id))) {
      return {
        replayed: true,
        purchaseRequest: purchaseRequestView(await loadPurchaseRequest(tx, input.id)),
        movements: await movementsOf(tx, op),
      };
    }
    // The stock row before the request row: the order every reservation takes them in.
    const peek = await loadPurchaseRequest(tx, input.id);
    const pair = { locationId: peek.location_id, partCode: peek.part_code };
    if (input.status === 'received') await lockLevels(tx, [pair]);
    const pr = await loadPurchaseRequest(tx, input.id, true);
    input.ifMatch?.(pr.version);
    if (!(PURCHASE_NEXT[pr.status] ?? []).includes(input.status)) {
      throw new HttpProblem(
        409,
        'invalid_purchase_state',
        'Not allowed in this state',
        `a ${pr.status} purchase request cannot become ${input.status}`,
        undefined,
        {},
        {
          status: pr.status,
        },
      );
    }
    const c: Ctx = { tx, op, actor: input.actor, seq: 0 };
    const received = input.status === 'received' ? (input.receivedQty ?? pr.qty) : null;
    if (received !== null) {
      await move(c, {
        kind: 'receive',
        locationId: pr.location_id,
        partCode: pr.part_code,
        qty: received,
        onHand: received,
        refType: 'purchase',
        refId: pr.id,
        note: input.note,
      });
    }
    await tx.query(
      `UPDATE purchase_requests SET status = $2, received_qty = $3, note = COALESCE($4, note), version = version + 1, updated_by = $5, updated_at = now()
        WHERE id = $1`,
      [pr.id, input.status, received, input.note ?? null, input.actor],
    );
    await audit(tx, input.actor, `purchase_request.${input.status}`, 'purchase_request', pr.id, { from: pr.status, receivedQty: received });
    if (received !== null) await reorderIfLow(c, [pair]);
    return {
      replayed: false,
      purchaseRequest: purchaseRequestView(await loadPurchaseRequest(tx, input.id)),
      movements: await movementsOf(tx, op),
    };
  });
}

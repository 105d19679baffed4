import type { DataSource, EntityManager } from 'typeorm';
import type { LocationKind, ReservationStatus } from '../../domain/parts/part.schema';
import { availableOf } from '../../domain/parts/stock';
import { HttpProblem } from '../http/problem';

/** Rows of the spare-parts tables and the JSON the API answers with. */
export type Db = DataSource | EntityManager;

export interface PartRow {
  code: string;
  name: string;
  name_en: string | null;
  unit: string;
  category: string;
  unit_cost_fen: string;
  reorder_point: number;
  reorder_qty: number;
  active: boolean;
  version: number;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

export interface SubstituteRow {
  part_code: string;
  substitute_code: string;
  priority: number;
}

export const partView = (r: PartRow, substitutes: SubstituteRow[]) => ({
  code: r.code,
  name: r.name,
  nameEn: r.name_en,
  unit: r.unit,
  category: r.category,
  unitCostFen: Number(r.unit_cost_fen),
  reorderPoint: r.reorder_point,
  reorderQty: r.reorder_qty,
  active: r.active,
  substitutes: substitutes.filter((s) => s.part_code === r.code).map((s) => ({ code: s.substitute_code, priority: s.priority })),
  version: r.version,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

export async function loadPart(db: Db, code: string, forUpdate = false): Promise<PartRow> {
  const [row] = (await db.query(`SELECT * FROM parts WHERE code = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [code])) as PartRow[];
  if (!row) throw HttpProblem.notFound(`part ${code} does not exist`);
  return row;
}

export async function loadSubstitutes(db: Db, codes: string[]): Promise<SubstituteRow[]> {
  if (!codes.length) return [];
  return (await db.query(
    `SELECT part_code, substitute_code, priority FROM part_substitutes WHERE part_code = ANY($1) ORDER BY part_code, priority, substitute_code`,
    [codes],
  )) as SubstituteRow[];
}

export interface LocationRow {
  id: string;
  kind: LocationKind;
  name: string;
  region: string | null;
  agent_id: string | null;
  active: boolean;
  version: number;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

export const locationView = (r: LocationRow) => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  region: r.region,
  agentId: r.agent_id,
  active: r.active,
  version: r.version,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

export async function loadLocation(db: Db, id: string): Promise<LocationRow> {
  const [row] = (await db.query(`SELECT * FROM stock_locations WHERE id = $1`, [id])) as LocationRow[];
  if (!row) throw HttpProblem.notFound(`stock location ${id} does not exist`);
  return row;
}

export interface LevelRow {
  location_id: string;
  part_code: string;
  on_hand: number;
  reserved: number;
  defective: number;
  updated_at: Date;
}

export const levelView = (r: LevelRow) => ({
  locationId: r.location_id,
  partCode: r.part_code,
  onHand: r.on_hand,
  reserved: r.reserved,
  available: availableOf({ onHand: r.on_hand, reserved: r.reserved }),
  defective: r.defective,
  updatedAt: r.updated_at,
});

export interface ReservationRow {
  id: string;
  key: string;
  request_hash: string;
  ref_type: string;
  ref_id: string;
  part_code: string;
  qty: number;
  location_id: string;
  source_location_id: string;
  status: ReservationStatus;
  consumed_qty: number;
  returned_qty: number;
  return_condition: 'good' | 'defective' | null;
  note: string | null;
  version: number;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

export const reservationView = (r: ReservationRow) => ({
  id: Number(r.id),
  key: r.key,
  refType: r.ref_type,
  refId: r.ref_id,
  partCode: r.part_code,
  qty: r.qty,
  locationId: r.location_id,
  sourceLocationId: r.source_location_id,
  status: r.status,
  consumedQty: r.consumed_qty,
  returnedQty: r.returned_qty,
  returnCondition: r.return_condition,
  note: r.note,
  version: r.version,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});
export type ReservationView = ReturnType<typeof reservationView>;

export async function loadReservation(db: Db, id: number, forUpdate = false): Promise<ReservationRow> {
  const [row] = (await db.query(`SELECT * FROM stock_reservations WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [
    id,
  ])) as ReservationRow[];
  if (!row) throw HttpProblem.notFound(`stock reservation ${id} does not exist`);
  return row;
}

export interface MovementRow {
  id: string;
  op: string;
  idempotency_key: string;
  kind: string;
  location_id: string;
  part_code: string;
  qty: number;
  on_hand_delta: number;
  reserved_delta: number;
  defective_delta: number;
  on_hand_after: number;
  reserved_after: number;
  defective_after: number;
  peer_location_id: string | null;
  reservation_id: string | null;
  ref_type: string | null;
  ref_id: string | null;
  note: string | null;
  actor: string;
  at: Date;
}

export const movementView = (r: MovementRow) => ({
  id: Number(r.id),
  op: r.op,
  kind: r.kind,
  locationId: r.location_id,
  partCode: r.part_code,
  qty: r.qty,
  onHandDelta: r.on_hand_delta,
  reservedDelta: r.reserved_delta,
  defectiveDelta: r.defective_delta,
  onHandAfter: r.on_hand_after,
  reservedAfter: r.reserved_after,
  defectiveAfter: r.defective_after,
  peerLocationId: r.peer_location_id,
  reservationId: r.reservation_id === null ? null : Number(r.reservation_id),
  refType: r.ref_type,
  refId: r.ref_id,
  note: r.note,
  actor: r.actor,
  at: r.at,
});
export type MovementView = ReturnType<typeof movementView>;

export interface PurchaseRequestRow {
  id: string;
  part_code: string;
  location_id: string;
  qty: number;
  reason: 'low_stock' | 'shortage';
  ref_type: string | null;
  ref_id: string | null;
  status: 'open' | 'ordered' | 'received' | 'cancelled';
  received_qty: number | null;
  note: string | null;
  version: number;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

export const purchaseRequestView = (r: PurchaseRequestRow) => ({
  id: Number(r.id),
  partCode: r.part_code,
  locationId: r.location_id,
  qty: r.qty,
  reason: r.reason,
  refType: r.ref_type,
  refId: r.ref_id,
  status: r.status,
  receivedQty: r.received_qty,
  note: r.note,
  version: r.version,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});
export type PurchaseRequestView = ReturnType<typeof purchaseRequestView>;

export async function loadPurchaseRequest(db: Db, id: number, forUpdate = false): Promise<PurchaseRequestRow> {
  const [row] = (await db.query(`SELECT * FROM purchase_requests WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [
    id,
  ])) as PurchaseRequestRow[];
  if (!row) throw HttpProblem.notFound(`purchase request ${id} does not exist`);
  return row;
}

export interface TransferRow {
  id: string;
  op: string;
  from_location_id: string;
  to_location_id: string;
  lines: { partCode: string; qty: number }[];
  status: 'in_transit' | 'received';
  ref_type: string | null;
  ref_id: string | null;
  note: string | null;
  received_op: string | null;
  received_by: string | null;
  received_at: Date | null;
  version: number;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

export const transferView = (r: TransferRow) => ({
  id: Number(r.id),
  transferNo: `TR-${r.id}`,
  fromLocationId: r.from_location_id,
  toLocationId: r.to_location_id,
  lines: r.lines,
  status: r.status,
  refType: r.ref_type,
  refId: r.ref_id,
  note: r.note,
  receivedBy: r.received_by,
  receivedAt: r.received_at,
  version: r.version,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});
export type TransferView = ReturnType<typeof transferView>;

export async function loadTransfer(db: Db, id: number, forUpdate = false): Promise<TransferRow> {
  const [row] = (await db.query(`SELECT * FROM stock_transfers WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [id])) as TransferRow[];
  if (!row) throw HttpProblem.notFound(`stock transfer ${id} does not exist`);
  return row;
}

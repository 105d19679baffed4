import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { HttpProblem } from '../http/problem';

/** Rows of the visit projection and the JSON the API answers with. */
export const VISIT_ID_PATTERN = /^VS-\d{8}-[0-9A-HJKMNP-TV-Z]{8}$/;
export const visitIdParams = z.object({ id: z.string().regex(VISIT_ID_PATTERN, 'a visit id like VS-20261122-7F3K9Q2M') }).strict();

export interface VisitRow {
  visit_id: string;
  ticket_id: string | null;
  site_id: string | null;
  asset_id: string | null;
  customer_id: string | null;
  engineer_id: string | null;
  window_start: Date | null;
  window_end: Date | null;
  status: string;
  check_in_lat: string | null;
  check_in_lng: string | null;
  check_in_distance_m: string | null;
  check_in_flagged: boolean;
  parts: unknown;
  receipt: unknown;
  rating: number | null;
  data: Record<string, unknown>;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  last_seq: number;
}

const num = (v: string | null) => (v === null ? null : Number(v));

/** The projection's columns over the snapshot the workflow last wrote (data). */
export const visitView = (r: VisitRow) => ({
  ...r.data,
  visitId: r.visit_id,
  ticketId: r.ticket_id,
  siteId: r.site_id,
  assetId: r.asset_id,
  customerId: r.customer_id,
  engineerId: r.engineer_id,
  windowStart: r.window_start,
  windowEnd: r.window_end,
  status: r.status,
  checkIn: { lat: num(r.check_in_lat), lng: num(r.check_in_lng), distanceM: num(r.check_in_distance_m), flagged: r.check_in_flagged },
  parts: r.parts,
  receipt: r.receipt,
  rating: r.rating,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  closedAt: r.closed_at,
  seq: r.last_seq,
});
export type VisitView = ReturnType<typeof visitView>;

export async function loadVisitRow(ds: DataSource, visitId: string): Promise<VisitRow | null> {
  const [row] = (await ds.query(`SELECT * FROM visits WHERE visit_id = $1`, [visitId])) as VisitRow[];
  return row ?? null;
}

export async function loadVisit(ds: DataSource, visitId: string): Promise<VisitView> {
  const row = await loadVisitRow(ds, visitId);
  if (!row) throw HttpProblem.notFound(`visit ${visitId} does not exist`);
  return visitView(row);
}

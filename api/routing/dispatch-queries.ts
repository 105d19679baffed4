import type { DataSource } from 'typeorm';
import type { FieldEngineer, Interval } from '../../domain/dispatch/engineer-ranking';
import type { LatLng } from '../../domain/dispatch/geo';
import { DEFAULT_CALENDAR } from '../../domain/routing/routing-model';
import { HttpProblem } from '../http/problem';
import { AGENT_COLUMNS, openTicketCounts, type AgentRow } from './routing-queries';

/** Field engineers as dispatch sees them during `window`: leave and booked visits from the roster, parts from their van. */
export async function loadFieldEngineers(db: DataSource, window: Interval): Promise<FieldEngineer[]> {
  const rows = (await db.query(`SELECT ${AGENT_COLUMNS} FROM agents a WHERE a.field_engineer ORDER BY a.id`)) as AgentRow[];
  const ids = rows.map((r) => r.id);
  const busy = (await db.query(
    `SELECT agent_id, starts_at, ends_at FROM roster_entries
      WHERE agent_id = ANY($1) AND kind IN ('leave', 'busy') AND starts_at < $3 AND ends_at > $2`,
    [ids, window.start, window.end],
  )) as { agent_id: string; starts_at: Date; ends_at: Date }[];
  const open = await openTicketCounts(db, ids);
  const vans = await vanStockOf(db, ids);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    location: r.lat === null || r.lng === null ? null : { lat: Number(r.lat), lng: Number(r.lng) },
    skills: r.skills,
    calendar: r.calendar ?? DEFAULT_CALENDAR,
    busy: busy.filter((b) => b.agent_id === r.id).map((b) => ({ start: b.starts_at, end: b.ends_at })),
    openTickets: open.get(r.id) ?? 0,
    maxConcurrent: r.max_concurrent,
    vanStock: vans.get(r.id) ?? {},
  }));
}

/**
 * What each engineer carries, from the stock ledger: free units (on hand less reserved) in their
 * active van, the stock location of kind engineer keyed to them.
 */
export async function vanStockOf(db: DataSource, agentIds: string[]): Promise<Map<string, Record<string, number>>> {
  if (!agentIds.length) return new Map();
  const rows = (await db.query(
    `SELECT s.agent_id, l.part_code, l.on_hand - l.reserved AS free FROM stock_locations s JOIN stock_levels l ON l.location_id = s.id
      WHERE s.kind = 'engineer' AND s.active AND s.agent_id = ANY($1) AND l.on_hand > l.reserved`,
    [agentIds],
  )) as { agent_id: string; part_code: string; free: number }[];
  const out = new Map<string, Record<string, number>>();
  for (const r of rows) out.set(r.agent_id, { ...out.get(r.agent_id), [r.part_code]: r.free });
  return out;
}

/** Coordinates of sites by id; a site unknown or without coordinates is a 422 on `field`. */
export async function siteLocations(db: DataSource, refs: { siteId: string; field: string }[]): Promise<Map<string, LatLng>> {
  const ids = [...new Set(refs.map((r) => r.siteId))];
  const rows = (await db.query(`SELECT id, lat, lng FROM sites WHERE id = ANY($1)`, [ids])) as {
    id: string;
    lat: string | null;
    lng: string | null;
  }[];
  const found = new Map(rows.map((r) => [r.id, r]));
  const out = new Map<string, LatLng>();
  for (const ref of refs) {
    const row = found.get(ref.siteId);
    const message = !row ? `no site ${ref.siteId}` : row.lat === null || row.lng === null ? `site ${ref.siteId} has no coordinates` : null;
    if (message)
      throw new HttpProblem(422, 'validation_failed', 'The request is not valid', `${ref.field}: ${message}`, [
        { field: ref.field, message },
      ]);
    out.set(ref.siteId, { lat: Number(row!.lat), lng: Number(row!.lng) });
  }
  return out;
}

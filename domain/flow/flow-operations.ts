import jsonLogic from 'json-logic-js';

/**
 * JSON-Logic operations flows need beyond the standard ones. Pure: the workflow sandbox, the API
 * and the designer's simulator give the same answer. Bad input gives null, as standard operations do.
 *
 * | operation        | arguments                  | result                                              |
 * | ---------------- | -------------------------- | --------------------------------------------------- |
 * | `geo_distance_m` | lat1, lng1, lat2, lng2     | great-circle distance in metres (haversine), rounded |
 */
const EARTH_RADIUS_M = 6_371_000;

function coordinate(v: unknown, limit: number): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : null;
}

export function geoDistanceM(lat1: unknown, lng1: unknown, lat2: unknown, lng2: unknown): number | null {
  const a = [coordinate(lat1, 90), coordinate(lng1, 180), coordinate(lat2, 90), coordinate(lng2, 180)];
  if (a.some((x) => x === null)) return null;
  const [φ1, λ1, φ2, λ2] = (a as number[]).map((d) => (d * Math.PI) / 180) as [number, number, number, number];
  const h = Math.sin((φ2 - φ1) / 2) ** 2 + Math.cos(φ1) * Math.cos(φ2) * Math.sin((λ2 - λ1) / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h))));
}

export const FLOW_OPERATIONS = { geo_distance_m: geoDistanceM } satisfies Record<string, (...args: any[]) => unknown>;
export const FLOW_OPERATION_NAMES = Object.keys(FLOW_OPERATIONS);

let registered = false;

/** Adds the operations to json-logic-js once per JS realm (the workflow bundle registers its own). */
export function registerFlowOperations(): void {
  if (registered) return;
  for (const [opName, fn] of Object.entries(FLOW_OPERATIONS)) jsonLogic.add_operation(opName, fn as (...args: unknown[]) => unknown);
  registered = true;
}

registerFlowOperations();

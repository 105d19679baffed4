import type { DataSource } from 'typeorm';
import { rankEngineers } from '../../domain/dispatch/engineer-ranking';
import type { LatLng } from '../../domain/dispatch/geo';
import type { DispatchRecord } from '../../domain/visit/visit-actions';
import { loadFieldEngineers } from '../routing/dispatch-queries';

export interface DispatchNeed {
  site: LatLng;
  skills: { productLine?: string; issueType?: string; region?: string; minLevel?: number };
  parts: { partCode: string; qty: number }[];
  windowStart: string;
  windowEnd: string;
}

/**
 * The engineer for a visit nobody named: the same ranking as POST /api/v1/dispatch/candidates
 * (distance, skill, workload, parts in the van; leave and booked visits excluded), best first. Null
 * with the reasons when nobody qualifies, so the visit waits for a dispatcher.
 */
export async function pickEngineer(
  ds: DataSource,
  need: DispatchNeed,
  now = new Date(),
): Promise<{ chosen: DispatchRecord | null; excluded: { engineerId: string; excluded: string[] }[] }> {
  const window = { start: new Date(need.windowStart), end: new Date(need.windowEnd) };
  const engineers = await loadFieldEngineers(ds, window);
  const parts = Object.fromEntries(need.parts.map((p) => [p.partCode, p.qty]));
  const ranked = rankEngineers(engineers, { site: need.site, skills: need.skills, parts, window });
  const eligible = ranked.filter((r) => r.eligible);
  const best = eligible[0];
  return {
    chosen: best
      ? {
          engineerId: best.engineerId,
          score: best.score,
          breakdown: best.breakdown,
          distanceKm: best.distanceKm,
          candidates: eligible.length,
          rankedAt: now.toISOString(),
        }
      : null,
    excluded: ranked.filter((r) => !r.eligible).map((r) => ({ engineerId: r.engineerId, excluded: r.excluded })),
  };
}

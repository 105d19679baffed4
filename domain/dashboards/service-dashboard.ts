/**
 * The service dashboard's answer (GET /api/v1/dashboards/service) and its pure parts: the histogram
 * buckets and how ratios are rounded. Shared by the API (api/dashboards) and the console page.
 * Durations are minutes, money integer fen, percentages 0–100 with one decimal; a ratio with
 * nothing to divide by is null (shown as "—"), never 0.
 */

/** Upper bounds (minutes, exclusive) of the FRT histogram: <15 min, 15–60 min, 1–4 h, 4–24 h, ≥24 h. */
export const FRT_BUCKET_EDGES_MIN = [15, 60, 240, 1440] as const;
/** Upper bounds (minutes, exclusive) of the TTR histogram: <4 h, 4–24 h, 1–3 d, 3–7 d, ≥7 d. */
export const TTR_BUCKET_EDGES_MIN = [240, 1440, 4320, 10080] as const;

/** n of d as a percentage with one decimal; null when d is 0. */
export function percent(n: number, d: number): number | null {
  return d > 0 ? Math.round((1000 * n) / d) / 10 : null;
}

/** Minutes, kept to one decimal (PostgreSQL's percentiles are doubles). */
export function minutes(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  return Math.round(Number(v) * 10) / 10;
}

export interface HistogramBucket {
  /** minutes, inclusive; the last bucket has no upper bound */
  fromMinutes: number;
  /** minutes, exclusive; null for the open last bucket */
  toMinutes: number | null;
  count: number;
}

/** Buckets of the edges with their counts (counts[i] for bucket i; missing = 0). */
export function histogram(edges: readonly number[], counts: Map<number, number>): HistogramBucket[] {
  return [0, ...edges].map((from, i) => ({ fromMinutes: from, toMinutes: edges[i] ?? null, count: counts.get(i) ?? 0 }));
}

export interface DurationDistribution {
  /** tickets measured */
  count: number;
  p50Minutes: number | null;
  p90Minutes: number | null;
  buckets: HistogramBucket[];
}

export interface ServiceDashboard {
  filters: {
    from: string;
    to: string;
    tz: string;
    region: string | null;
    productLine: string | null;
    channel: string | null;
    groupId: string | null;
  };
  volume: {
    days: { day: string; created: number; resolved: number; closed: number }[];
    totals: { created: number; resolved: number; closed: number };
  };
  funnel: { status: string; reached: number; timed: number; p50Minutes: number | null; p90Minutes: number | null }[];
  frt: DurationDistribution;
  ttr: DurationDistribution;
  sla: {
    resolved: number;
    withinTarget: number;
    attainmentPct: number | null;
    breachesByPriority: { priority: string; tickets: number; ttrBreached: number; flagged: number }[];
  };
  reopen: { resolved: number; reopened: number; ratePct: number | null };
  firstContactResolution: { resolved: number; firstContact: number; ratePct: number | null };
  punctuality: { checkedIn: number; onTime: number; early: number; late: number; ratePct: number | null };
  partsHit: { checked: number; hit: number; ratePct: number | null };
  satisfaction: {
    csat: { count: number; average: number | null; satisfied: number; satisfiedPct: number | null };
    nps: { count: number; promoters: number; passives: number; detractors: number; score: number | null };
  };
  cost: {
    bySku: CostLine[];
    byRegion: CostLine[];
    totals: Omit<CostLine, 'key'>;
  };
  topFaults: { category1: string | null; category2: string | null; count: number; sharePct: number | null }[];
}

export interface CostLine {
  /** the SKU or region; null: unknown */
  key: string | null;
  visitFeesFen: number;
  visitPartsFen: number;
  rmaRefundFen: number;
  rmaSettlementFen: number;
  totalFen: number;
}

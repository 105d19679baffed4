import type { AgentSkill, AgentStatus, WorkCalendar } from '../routing/routing-model';
import { haversineKm, type LatLng } from './geo';

/**
 * Which field engineers can make a visit, best first, with a score breakdown (issue 5 item 6).
 * Hard conditions exclude (status, skills, calendar, distance); soft ones score out of 100:
 * distance 40, skill level 25, workload 15, parts in the van 20.
 */
export const DISPATCH_WEIGHTS = { distance: 40, skill: 25, workload: 15, parts: 20 } as const;
export const DEFAULT_MAX_DISTANCE_KM = 150;

export interface Interval {
  start: Date;
  end: Date;
}

export interface FieldEngineer {
  id: string;
  name: string;
  status: AgentStatus;
  location: LatLng | null;
  skills: AgentSkill[];
  calendar: WorkCalendar;
  /** leave and booked visits from the roster */
  busy: Interval[];
  openTickets: number;
  maxConcurrent: number;
  /** free stock in the engineer's van (the stock location of kind engineer keyed to them), by part */
  vanStock: Record<string, number>;
}

export interface VisitRequest {
  site: LatLng;
  skills: { productLine?: string; issueType?: string; region?: string; minLevel?: number };
  parts: Record<string, number>;
  window: Interval;
  maxDistanceKm?: number;
}

export type DispatchExclusion = 'not_available' | 'no_location' | 'too_far' | 'skill_mismatch' | 'outside_working_hours' | 'busy_in_window';

export interface EngineerScore {
  engineerId: string;
  name: string;
  eligible: boolean;
  excluded: DispatchExclusion[];
  distanceKm: number | null;
  skillLevel: number;
  missingParts: Record<string, number>;
  breakdown: { distance: number; skill: number; workload: number; parts: number };
  score: number;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The window lies inside one working day of the calendar, in China time. */
export function withinWorkingHours(cal: WorkCalendar, w: Interval): boolean {
  const s = new Date(w.start.getTime() + CHINA_OFFSET_MS);
  const e = new Date(w.end.getTime() + CHINA_OFFSET_MS);
  if (s.toISOString().slice(0, 10) !== new Date(e.getTime() - 1).toISOString().slice(0, 10)) return false;
  const weekday = s.getUTCDay() === 0 ? 7 : s.getUTCDay();
  if (!cal.weekdays.includes(weekday)) return false;
  const startMin = s.getUTCHours() * 60 + s.getUTCMinutes();
  const endMin = startMin + (w.end.getTime() - w.start.getTime()) / 60_000;
  return startMin >= minutesOf(cal.start) && endMin <= minutesOf(cal.end);
}

function skillLevel(e: FieldEngineer, need: VisitRequest['skills']): number {
  let best = 0;
  for (const s of e.skills) {
    const fits = (['productLine', 'issueType', 'region'] as const).every((k) => !need[k] || s[k] === '*' || s[k] === need[k]);
    if (fits && s.level > best) best = s.level;
  }
  return best;
}

const round = (x: number) => Math.round(x * 100) / 100;

export function scoreEngineer(e: FieldEngineer, req: VisitRequest): EngineerScore {
  const maxKm = req.maxDistanceKm ?? DEFAULT_MAX_DISTANCE_KM;
  const excluded: DispatchExclusion[] = [];
  if (e.status !== 'available') excluded.push('not_available');
  const distanceKm = e.location ? haversineKm(e.location, req.site) : null;
  if (distanceKm === null) excluded.push('no_location');
  else if (distanceKm > maxKm) excluded.push('too_far');
  const level = skillLevel(e, req.skills);
  if (level === 0 || level < (req.skills.minLevel ?? 1)) excluded.push('skill_mismatch');
  if (!withinWorkingHours(e.calendar, req.window)) excluded.push('outside_working_hours');
  if (e.busy.some((b) => b.start < req.window.end && b.end > req.window.start)) excluded.push('busy_in_window');

  const missingParts: Record<string, number> = {};
  let needed = 0;
  let covered = 0;
  for (const [code, qty] of Object.entries(req.parts)) {
    const have = e.vanStock[code] ?? 0;
    needed += qty;
    covered += Math.min(have, qty);
    if (have < qty) missingParts[code] = qty - have;
  }
  const W = DISPATCH_WEIGHTS;
  const breakdown = {
    distance: round(distanceKm === null ? 0 : W.distance * Math.max(0, 1 - distanceKm / maxKm)),
    skill: round((W.skill * level) / 5),
    workload: round(W.workload * Math.max(0, 1 - e.openTickets / Math.max(1, e.maxConcurrent))),
    parts: round(needed === 0 ? W.parts : (W.parts * covered) / needed),
  };
  return {
    engineerId: e.id,
    name: e.name,
    eligible: excluded.length === 0,
    excluded,
    distanceKm: distanceKm === null ? null : round(distanceKm),
    skillLevel: level,
    missingParts,
    breakdown,
    score: round(breakdown.distance + breakdown.skill + breakdown.workload + breakdown.parts),
  };
}

/** Eligible engineers by score (then nearer, then id), followed by the excluded ones with their reasons. */
export function rankEngineers(engineers: readonly FieldEngineer[], req: VisitRequest): EngineerScore[] {
  return engineers
    .map((e) => scoreEngineer(e, req))
    .sort(
      (a, b) =>
        Number(b.eligible) - Number(a.eligible) ||
        b.score - a.score ||
        (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) ||
        a.engineerId.localeCompare(b.engineerId),
    );
}

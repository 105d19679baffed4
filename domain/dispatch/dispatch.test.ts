import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bruteForceDayRoute, planDayRoute, type Stop } from './day-route';
import { rankEngineers, withinWorkingHours, type FieldEngineer, type VisitRequest } from './engineer-ranking';
import { haversineKm } from './geo';

/** A fixed map around Shanghai People's Square. */
const SITE = { lat: 31.2304, lng: 121.4737 };
const cal = { weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };

const engineer = (id: string, over: Partial<FieldEngineer> = {}): FieldEngineer => ({
  id,
  name: id,
  status: 'available',
  location: SITE,
  skills: [{ productLine: 'ABC', region: '*', issueType: '*', level: 3 }],
  calendar: cal,
  busy: [],
  openTickets: 0,
  maxConcurrent: 4,
  vanStock: {},
  ...over,
});

// Wednesday 2026-11-25, 14:00–16:00 Beijing time
const window = { start: new Date('2026-11-25T06:00:00Z'), end: new Date('2026-11-25T08:00:00Z') };
const request: VisitRequest = { site: SITE, skills: { productLine: 'ABC', minLevel: 2 }, parts: { 'MB-01': 1, 'FAN-2': 2 }, window };

describe('haversine', () => {
  it('Shanghai → Beijing is about 1,067 km', () => {
    const km = haversineKm(SITE, { lat: 39.9042, lng: 116.4074 });
    assert.ok(Math.abs(km - 1067) < 5, `${km}`);
  });
});

describe('dispatch on a fixed map', () => {
  const engineers: FieldEngineer[] = [
    // Xujiahui, ~5 km, all parts, idle: 38.6 + 15 + 15 + 20
    engineer('e_near', { location: { lat: 31.1955, lng: 121.4375 }, vanStock: { 'MB-01': 1, 'FAN-2': 2 } }),
    // Suzhou, ~85 km, all parts, expert, idle: expertise does not make up for 80 km more
    engineer('e_far_expert', {
      location: { lat: 31.2989, lng: 120.5853 },
      skills: [{ productLine: 'ABC', region: '*', issueType: '*', level: 5 }],
      vanStock: { 'MB-01': 2, 'FAN-2': 5 },
    }),
    // at the site but no parts and a busy desk: 40 + 15 + 3.75 + 0
    engineer('e_here_no_parts', { openTickets: 3 }),
    engineer('e_suzhou', { location: { lat: 31.2989, lng: 120.5853 } }), // ~85 km
    engineer('e_hangzhou', { location: { lat: 30.2741, lng: 120.1551 } }), // ~165 km > 150
    engineer('e_leave', { busy: [{ start: new Date('2026-11-25T01:00:00Z'), end: new Date('2026-11-25T10:00:00Z') }] }),
    engineer('e_other_line', { skills: [{ productLine: 'XYZ', region: '*', issueType: '*', level: 5 }] }),
    engineer('e_junior', { skills: [{ productLine: 'ABC', region: '*', issueType: '*', level: 1 }] }),
    engineer('e_offline', { status: 'offline' }),
    engineer('e_nowhere', { location: null }),
  ];

  it('ranks eligible engineers by score with a breakdown, excluded ones last with reasons', () => {
    const ranked = rankEngineers(engineers, request);
    assert.deepEqual(
      ranked.filter((r) => r.eligible).map((r) => r.engineerId),
      ['e_near', 'e_far_expert', 'e_here_no_parts', 'e_suzhou'],
    );
    const scores = Object.fromEntries(ranked.filter((r) => r.eligible).map((r) => [r.engineerId, r.score]));
    assert.ok(scores.e_near! > 88 && scores.e_near! < 89.5, String(scores.e_near));
    assert.equal(scores.e_here_no_parts, 58.75);
    const near = ranked[0]!;
    assert.equal(near.breakdown.parts, 20);
    assert.equal(near.breakdown.workload, 15);
    assert.equal(near.breakdown.skill, 15);
    assert.ok(near.distanceKm! > 4 && near.distanceKm! < 6, String(near.distanceKm));
    assert.equal(near.score, near.breakdown.distance + near.breakdown.skill + near.breakdown.workload + near.breakdown.parts);
    const here = ranked.find((r) => r.engineerId === 'e_here_no_parts')!;
    assert.deepEqual(here.missingParts, { 'MB-01': 1, 'FAN-2': 2 });
    assert.equal(here.breakdown.distance, 40);
    assert.equal(here.breakdown.parts, 0);

    const reasons = Object.fromEntries(ranked.filter((r) => !r.eligible).map((r) => [r.engineerId, r.excluded]));
    assert.deepEqual(reasons, {
      e_hangzhou: ['too_far'],
      e_leave: ['busy_in_window'],
      e_other_line: ['skill_mismatch'],
      e_junior: ['skill_mismatch'],
      e_offline: ['not_available'],
      e_nowhere: ['no_location'],
    });
  });

  it('the calendar: outside working hours or on a weekend is excluded', () => {
    assert.equal(withinWorkingHours(cal, window), true);
    const evening = { start: new Date('2026-11-25T09:30:00Z'), end: new Date('2026-11-25T11:00:00Z') }; // 17:30–19:00
    assert.equal(withinWorkingHours(cal, evening), false);
    const saturday = { start: new Date('2026-11-28T02:00:00Z'), end: new Date('2026-11-28T03:00:00Z') };
    assert.equal(withinWorkingHours(cal, saturday), false);
    const r = rankEngineers([engineer('e1')], { ...request, window: saturday });
    assert.deepEqual(r[0]!.excluded, ['outside_working_hours']);
  });
});

/** Deterministic PRNG (mulberry32) so the cases are the same every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('day route: nearest neighbour + 2-opt + Or-opt against brute force', () => {
  it('visits every stop once and never loses to nearest neighbour', () => {
    const stops: Stop[] = [
      { id: 'A', lat: 31.24, lng: 121.5 },
      { id: 'B', lat: 31.2, lng: 121.45 },
      { id: 'C', lat: 31.3, lng: 121.52 },
      { id: 'D', lat: 31.22, lng: 121.4 },
    ];
    const r = planDayRoute(SITE, stops);
    assert.deepEqual([...r.order].sort(), ['A', 'B', 'C', 'D']);
    assert.ok(r.totalKm <= r.nearestNeighbourKm + 1e-9);
    assert.equal(r.legsKm.length, 4);
    assert.ok(Math.abs(r.legsKm.reduce((s, x) => s + x, 0) - r.totalKm) < 1e-9);
  });

  it('is within 6% of the optimum on 300 seeded random cases with n ≤ 8 (worst and mean ratio reported)', () => {
    const rand = rng(20261125);
    let worst = 1;
    let sum = 0;
    let optimal = 0;
    const cases = 300;
    for (let c = 0; c < cases; c++) {
      const n = 3 + (c % 6); // 3..8 stops
      const start = { lat: 31 + rand() * 0.4, lng: 121.2 + rand() * 0.6 };
      const stops = Array.from({ length: n }, (_, i) => ({ id: `s${i}`, lat: 31 + rand() * 0.4, lng: 121.2 + rand() * 0.6 }));
      const heuristic = planDayRoute(start, stops).totalKm;
      const exact = bruteForceDayRoute(start, stops).totalKm;
      assert.ok(heuristic >= exact - 1e-9, 'brute force is the optimum');
      const ratio = heuristic / exact;
      worst = Math.max(worst, ratio);
      sum += ratio;
      if (ratio < 1 + 1e-9) optimal++;
    }
    const mean = sum / cases;
    console.log(
      `# 2-opt vs brute force, ${cases} cases n=3..8: worst ratio ${worst.toFixed(4)}, mean ${mean.toFixed(5)}, optimal in ${optimal}/${cases}`,
    );
    assert.ok(worst < 1.06, `worst ratio ${worst}`);
    assert.ok(mean < 1.005, `mean ratio ${mean}`);
  });
});

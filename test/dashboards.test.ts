import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { issueToken } from '../api/auth/api-tokens';
import type { ServiceDashboard } from '../domain/dashboards/service-dashboard';
import { seedDashboardFixture } from './dashboard-fixtures';
import { Harness, type HttpResponse } from './support/harness';

/**
 * The service dashboard on the hand-made dataset of test/dashboard-fixtures.ts (read it alongside:
 * T1…T7, V1…V4, M1…M3 and the ratings are described there), under a region of this run's own so
 * no other test's data counts. Every expected figure below is computed by hand in the comments, not
 * by running the same SQL. Times are China time; the period is 2026-03-02 … 2026-03-04.
 */
describe('service dashboard', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8).toUpperCase();
  const R = `DASH-${run}`;
  let fixture: Awaited<ReturnType<typeof seedDashboardFixture>> | undefined;
  const ok = (res: HttpResponse, status = 200) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };
  const query = (extra = '') => `/api/v1/dashboards/service?from=2026-03-02&to=2026-03-04&region=${encodeURIComponent(R)}${extra}`;

  before(async () => {
    h = await Harness.start({ worker: 'none' });
    fixture = await seedDashboardFixture(h.dataSource, run);
  });

  after(async () => {
    await fixture?.remove();
    await h?.stop();
  });

  it('every figure equals the hand-computed one', async () => {
    const d = ok(await h.request('GET', query())) as ServiceDashboard;
    assert.deepEqual(d.filters, {
      from: '2026-03-02',
      to: '2026-03-04',
      tz: 'Asia/Shanghai',
      region: R,
      productLine: null,
      channel: null,
      groupId: null,
    });

    // The cohort (created in the period): T1, T2, T3, T4, T6 — T5 is before it, T7 after.
    // created: 03-02 T1 T2 T6 = 3, 03-03 T3 = 1, 03-04 T4 = 1.
    // resolved (latest resolution): 03-02 T1 11:00, T5 10:00, T6 01:30 = 3; 03-03 T2 16:00, T3 20:00 = 2.
    // closed: 03-02 T5 12:00, T6 02:00 = 2; 03-03 T1 = 1.
    assert.deepEqual(d.volume.days, [
      { day: '2026-03-02', created: 3, resolved: 3, closed: 2 },
      { day: '2026-03-03', created: 1, resolved: 2, closed: 1 },
      { day: '2026-03-04', created: 1, resolved: 0, closed: 0 },
    ]);
    assert.deepEqual(d.volume.totals, { created: 5, resolved: 5, closed: 3 });

    // Completed stays per status (minutes), percentile_cont: p = v[k] + f·(v[k+1] − v[k]) at 0.9·(n−1).
    // new: all five 0 → 0 / 0.
    // pending_assignment: T1 10, T2 0, T3 30, T6 10 (T4 still there) → [0,10,10,30]: p50 10, p90 at 2.7 → 10 + 0.7·20 = 24.
    // pending_acceptance: T1 20, T2 45, T3 30, T6 10 → [10,20,30,45]: p50 25, p90 30 + 0.7·15 = 40.5.
    // in_progress: T1 90, T2 15 + 1020 + 180 = 1215, T3 60 + 540 = 600, T6 40 → [40,90,600,1215]: p50 345, p90 600 + 0.7·615 = 1030.5.
    // pending_customer: T2 120. escalated: T3 60. reopened: T2 60.
    // resolved: reached T1 T2 T3 T6; timed T1 1440, T2 120 (its second stay still runs), T6 30 → [30,120,1440]:
    //   p50 120, p90 at 1.8 → 120 + 0.8·1320 = 1176.
    // closed: reached T1 T6, never left.
    const funnel = Object.fromEntries(d.funnel.map((s) => [s.status, [s.reached, s.timed, s.p50Minutes, s.p90Minutes]]));
    assert.deepEqual(funnel, {
      new: [5, 5, 0, 0],
      pending_assignment: [5, 4, 10, 24],
      pending_acceptance: [4, 4, 25, 40.5],
      pending_reassignment: [0, 0, null, null],
      in_progress: [4, 4, 345, 1030.5],
      pending_customer: [1, 1, 120, 120],
      pending_review: [0, 0, null, null],
      on_hold: [0, 0, null, null],
      escalated: [1, 1, 60, 60],
      resolved: [4, 3, 120, 1176],
      reopened: [1, 1, 60, 60],
      closed: [2, 0, null, null],
    });
    assert.deepEqual(d.funnel.map((s) => s.status).slice(0, 3), ['new', 'pending_assignment', 'pending_acceptance'], 'lifecycle order');

    // FRT: T1 assign by user:lead 10; T2 routing:auto does not count, accept by user:a2 45; T3 token assign 30;
    // T6 10; T4 none → [10,10,30,45]: p50 20, p90 30 + 0.7·15 = 40.5; <15 min: 2, 15–60 min: 2.
    assert.deepEqual(d.frt, {
      count: 4,
      p50Minutes: 20,
      p90Minutes: 40.5,
      buckets: [
        { fromMinutes: 0, toMinutes: 15, count: 2 },
        { fromMinutes: 15, toMinutes: 60, count: 2 },
        { fromMinutes: 60, toMinutes: 240, count: 0 },
        { fromMinutes: 240, toMinutes: 1440, count: 0 },
        { fromMinutes: 1440, toMinutes: null, count: 0 },
      ],
    });
    // TTR: T1 120, T2 26 h = 1560, T3 12 h = 720, T6 60 → [60,120,720,1560]: p50 420, p90 720 + 0.7·840 = 1308;
    // <4 h: 2, 4–24 h: 1, 1–3 d: 1.
    assert.deepEqual(d.ttr, {
      count: 4,
      p50Minutes: 420,
      p90Minutes: 1308,
      buckets: [
        { fromMinutes: 0, toMinutes: 240, count: 2 },
        { fromMinutes: 240, toMinutes: 1440, count: 1 },
        { fromMinutes: 1440, toMinutes: 4320, count: 1 },
        { fromMinutes: 4320, toMinutes: 10080, count: 0 },
        { fromMinutes: 10080, toMinutes: null, count: 0 },
      ],
    });

    // SLA: resolved T1 (11:00 ≤ 17:00), T2 (16:00 > 14:00), T3 (20:00 ≤ next day 08:00), T6 (01:30 ≤ 08:30) → 3 of 4 = 75 %.
    // P1: T2 breached and flagged. P2: T1, T3 none. P3: T4 open past its deadline (breached, not flagged), T6 none.
    assert.deepEqual(d.sla, {
      resolved: 4,
      withinTarget: 3,
      attainmentPct: 75,
      breachesByPriority: [
        { priority: 'P1', tickets: 1, ttrBreached: 1, flagged: 1 },
        { priority: 'P2', tickets: 2, ttrBreached: 0, flagged: 0 },
        { priority: 'P3', tickets: 2, ttrBreached: 1, flagged: 0 },
      ],
    });

    // Resolved at least once: T1 T2 T3 T6 = 4. Reopened: T2 → 25 %.
    // First contact: not T2 (reopened), T3 (escalated, visit, RMA), T6 (RMA) → T1 only, 1 of 4 = 25 %.
    assert.deepEqual(d.reopen, { resolved: 4, reopened: 1, ratePct: 25 });
    assert.deepEqual(d.firstContactResolution, { resolved: 4, firstContact: 1, ratePct: 25 });

    // Checked in: V1 on time (14:20 in 14:00–16:00), V2 late (16:30 > 16:00), V3 early (first 14:50 < 15:00);
    // V4 never → 1 of 3 = 33.3 %.
    assert.deepEqual(d.punctuality, { checkedIn: 3, onTime: 1, early: 1, late: 1, ratePct: 33.3 });
    // Parts checked: V1 (hit), V2 (a shortage was supplied); V3 needed none, V4's check failed → 1 of 2 = 50 %.
    assert.deepEqual(d.partsHit, { checked: 2, hit: 1, ratePct: 50 });

    // CSAT: T1 5, T2 2, V1 4 (H5 wins over its follow-up 5), V2 3 (follow-up, closed 03-04); T3's 3 is after the period.
    // → avg 14 / 4 = 3.5; satisfied 5 and 4 = 2 of 4 = 50 %.
    // NPS: 10, 3, 9, 7 (M2) → promoters 2, passives 1, detractors 1 → (2 − 1) / 4 = 25.
    assert.deepEqual(d.satisfaction, {
      csat: { count: 4, average: 3.5, satisfied: 2, satisfiedPct: 50 },
      nps: { count: 4, promoters: 2, passives: 1, detractors: 1, score: 25 },
    });

    // Cost lines: V1 DBY-200 fees 13000 parts 4500; V2 DBX-100 fees 8000; M1 DBY-200 (its ticket's) settlement 2000;
    // M2 DBX-900 (its own) refund 30000; M3 failed refund 0 (DBX-100).
    // By SKU: DBX-900 30000; DBY-200 13000 + 4500 + 2000 = 19500; DBX-100 8000. Region: 21000 + 4500 + 30000 + 2000 = 57500.
    assert.deepEqual(d.cost.bySku, [
      { key: 'DBX-900', visitFeesFen: 0, visitPartsFen: 0, rmaRefundFen: 30_000, rmaSettlementFen: 0, totalFen: 30_000 },
      { key: 'DBY-200', visitFeesFen: 13_000, visitPartsFen: 4_500, rmaRefundFen: 0, rmaSettlementFen: 2_000, totalFen: 19_500 },
      { key: 'DBX-100', visitFeesFen: 8_000, visitPartsFen: 0, rmaRefundFen: 0, rmaSettlementFen: 0, totalFen: 8_000 },
    ]);
    const all = { visitFeesFen: 21_000, visitPartsFen: 4_500, rmaRefundFen: 30_000, rmaSettlementFen: 2_000, totalFen: 57_500 };
    assert.deepEqual(d.cost.byRegion, [{ key: R, ...all }]);
    assert.deepEqual(d.cost.totals, all);

    // Faults in the cohort: 质量问题›功能异常 T1 T2 T4 = 3 (60 %), 安装›上门安装 T3 T6 = 2 (40 %).
    assert.deepEqual(d.topFaults, [
      { category1: '质量问题', category2: '功能异常', count: 3, sharePct: 60 },
      { category1: '安装', category2: '上门安装', count: 2, sharePct: 40 },
    ]);
  });

  it('filters narrow every figure: channel chat is T2 alone, product line dby is T3 alone', async () => {
    const chat = ok(await h.request('GET', query('&channel=chat'))) as ServiceDashboard;
    // T2: created 03-02, resolved 03-03; FRT 45; its visit V3 checked in early; its rating 2 / 3; no cost.
    assert.deepEqual(chat.volume.totals, { created: 1, resolved: 1, closed: 0 });
    assert.equal(chat.volume.days[1]!.resolved, 1);
    assert.deepEqual([chat.frt.count, chat.frt.p50Minutes], [1, 45]);
    assert.deepEqual(chat.punctuality, { checkedIn: 1, onTime: 0, early: 1, late: 0, ratePct: 0 });
    assert.deepEqual(chat.satisfaction.csat, { count: 1, average: 2, satisfied: 0, satisfiedPct: 0 });
    assert.deepEqual(chat.cost.totals.totalFen, 0);

    const dby = ok(await h.request('GET', query('&productLine=dby'))) as ServiceDashboard;
    // T3 with V1 (13000 + 4500) and M1 (2000; M2's own SKU is DBX) → 19500; V1's rating 4 / 9.
    assert.deepEqual(dby.volume.totals, { created: 1, resolved: 1, closed: 0 });
    assert.equal(dby.cost.totals.totalFen, 19_500);
    assert.deepEqual(dby.partsHit, { checked: 1, hit: 1, ratePct: 100 });
    assert.deepEqual(dby.satisfaction.nps, { count: 1, promoters: 1, passives: 0, detractors: 0, score: 100 });

    // A period with nothing in it: ratios are null, not 0; every day is still listed.
    const empty = ok(
      await h.request('GET', `/api/v1/dashboards/service?from=2026-02-01&to=2026-02-03&region=${encodeURIComponent(R)}`),
    ) as ServiceDashboard;
    assert.equal(empty.volume.days.length, 3);
    assert.equal(empty.sla.attainmentPct, null);
    assert.equal(empty.satisfaction.nps.score, null);
    assert.equal(empty.frt.p50Minutes, null);
  });

  it('bad filters are 422 with the field at fault; an agent without dashboards:read is 403, a viewer may read', async () => {
    const bad = async (qs: string, field: string) => {
      const res = await h.request('GET', `/api/v1/dashboards/service?${qs}`);
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.match(String(res.headers.get('content-type')), /application\/problem\+json/);
      const fields = (res.body as { errors: { field: string }[] }).errors.map((e) => e.field);
      assert.ok(fields.includes(field), `${qs}: ${fields.join()}`);
    };
    await bad('from=2026-03-05&to=2026-03-01', 'query.from');
    await bad('from=2026-02-30', 'query.from');
    await bad('to=yesterday', 'query.to');
    await bad('tz=Mars/Olympus', 'query.tz');
    await bad('from=2024-01-01&to=2026-03-01', 'query.to');
    await bad('colour=red', 'query.colour');

    const agent = (await issueToken(h.dataSource, { name: `dash-agent-${run}`, roles: ['agent'], actor: 'test' })).token;
    const denied = await h.request('GET', query(), undefined, { authorization: `Bearer ${agent}` });
    assert.equal(denied.status, 403);
    const viewer = (await issueToken(h.dataSource, { name: `dash-viewer-${run}`, roles: ['viewer'], actor: 'test' })).token;
    ok(await h.request('GET', query(), undefined, { authorization: `Bearer ${viewer}` }));
  });
});

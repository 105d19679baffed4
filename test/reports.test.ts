import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { issueToken } from '../api/auth/api-tokens';
import { Harness } from './support/harness';

/**
 * The report centre (报表中心) on a fixed, hand-made dataset. Every row carries a region of its own
 * (tickets directly, visits and RMAs through their ticket), so other tests' data never counts; the
 * agents, groups and SKUs are unique to the run as well. Instants are Beijing time (+08:00).
 *
 *   ticket  assignee group sku cat1     created (+08)      resolved (+08)     breached reopened rating(csat,nps)
 *   T1      A1       G1    S1  质量问题 2026-10-05 10:00   2026-10-05 14:00 (4 h)   no    no      5, 10
 *   T2      A1       G1    S1  质量问题 2026-10-06 09:00   2026-10-07 09:00 (24 h)  yes   yes     2, 3
 *   T3      A2       G1    S2  安装问题 2026-10-10 08:00   2026-10-10 10:00 (2 h)   no    no      4, 8
 *   T4      A2       G2    S2  质量问题 2026-10-12 12:00   open                     yes   no      —
 *   T5      —        G2    S1  安装问题 2026-10-20 20:00   open                     no    no      —
 *   T7      A2       G2    S1  质量问题 2026-10-31 23:30   open                     no    no      —
 *   T6      A1       G1    S1  质量问题 2026-09-30 23:30   2026-10-01 10:00         no    no      —   (September)
 *   T8      A1       G1    S1  质量问题 2026-11-01 00:30   2026-11-01 08:00         no    no      —   (November in Beijing, October in UTC)
 *
 *   visit  ticket engineer status            created (+08)
 *   V1     T1     E1       closed            2026-10-05 15:00   rated csat 5
 *   V2     T3     E1       pending_followup  2026-10-10 11:00
 *   V3     T4     E1       on_site           2026-10-13 09:00
 *   V4     T2     A1       closed            2026-10-07 10:00
 *
 *   rma    ticket sku reason  claim     created (+08)
 *   R1     T2     S1  repair  120.00 元 2026-10-08 10:00
 *   R2     T4     S2  replace 500.00 元 2026-10-13 10:00
 *   R3     T1     S1  repair   80.00 元 2026-10-15 10:00
 */
describe('report centre (报表中心)', () => {
  let h: Harness;
  const X = randomUUID().slice(0, 8).toUpperCase();
  const region = `报表测试-${X}`;
  const A1 = `rpt-a1-${X}`;
  const A2 = `rpt-a2-${X}`;
  const E1 = `rpt-e1-${X}`;
  const G1 = `rpt-g1-${X}`;
  const G2 = `rpt-g2-${X}`;
  const S1 = `RPT1-${X}`;
  const S2 = `RPT2-${X}`;
  const T = (n: number) => `TK-RPT-${X}-${n}`;
  const october = { region, from: '2026-10-01', to: '2026-10-31' };
  let agentToken: string;
  let viewerToken: string;

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const run = (body: unknown, headers: Record<string, string> = {}) => h.request('POST', '/api/v1/reports/run', body, headers);

  before(async () => {
    h = await Harness.start({ worker: 'none' });
    agentToken = (await issueToken(h.dataSource, { name: `rpt-agent-${X}`, roles: ['agent'], actor: 'test' })).token;
    viewerToken = (await issueToken(h.dataSource, { name: `rpt-viewer-${X}`, roles: ['viewer'], actor: 'test' })).token;
    const q = (sql: string, params: unknown[]) => h.dataSource.query(sql, params);
    for (const [id, name] of [
      [A1, '李雷'],
      [A2, '韩梅梅'],
      [E1, '王工'],
    ]) {
      await q(`INSERT INTO agents (id, name, max_concurrent, calendar, created_by, updated_by) VALUES ($1, $2, 10, '{}', 'test', 'test')`, [
        id,
        name,
      ]);
    }
    for (const [id, name] of [
      [G1, '一线组'],
      [G2, '二线组'],
    ]) {
      await q(
        `INSERT INTO routing_groups (id, name, required_skills, strategy, created_by, updated_by) VALUES ($1, $2, '{}', 'round_robin', 'test', 'test')`,
        [id, name],
      );
    }
    const tickets: [number, string | null, string, string, string, string, string | null, boolean, string][] = [
      [1, A1, G1, S1, '质量问题', '2026-10-05T10:00:00+08:00', '2026-10-05T14:00:00+08:00', false, 'closed'],
      [2, A1, G1, S1, '质量问题', '2026-10-06T09:00:00+08:00', '2026-10-07T09:00:00+08:00', true, 'closed'],
      [3, A2, G1, S2, '安装问题', '2026-10-10T08:00:00+08:00', '2026-10-10T10:00:00+08:00', false, 'resolved'],
      [4, A2, G2, S2, '质量问题', '2026-10-12T12:00:00+08:00', null, true, 'in_progress'],
      [5, null, G2, S1, '安装问题', '2026-10-20T20:00:00+08:00', null, false, 'pending_assignment'],
      [7, A2, G2, S1, '质量问题', '2026-10-31T23:30:00+08:00', null, false, 'in_progress'],
      [6, A1, G1, S1, '质量问题', '2026-09-30T23:30:00+08:00', '2026-10-01T10:00:00+08:00', false, 'resolved'],
      [8, A1, G1, S1, '质量问题', '2026-11-01T00:30:00+08:00', '2026-11-01T08:00:00+08:00', false, 'resolved'],
    ];
    for (const [n, assignee, group, sku, cat1, createdAt, resolvedAt, breached, status] of tickets) {
      await q(
        `INSERT INTO tickets (ticket_id, workflow_id, status, priority, channel, customer_id, sku, category1, region, assignee_id, group_id,
           description, sla_breached, created_by, created_at, updated_at, resolved_at, ttr_due_at, last_seq, data)
         VALUES ($1, $2, $3, 'P2', 'chat', $4, $5, $6, $7, $8, $9, '报表测试', $10, 'test', $11, $11, $12,
                 $11::timestamptz + interval '8 hours', 1, '{}')`,
        [T(n), `ticket-${T(n)}`, status, `CU-RPT-${X}`, sku, cat1, region, assignee, group, breached, createdAt, resolvedAt],
      );
    }
    await q(
      `INSERT INTO ticket_events (ticket_id, seq, type, actor, occurred_at, from_status, to_status, changes, payload)
       VALUES ($1, 2, 'reopened', 'customer', '2026-10-06T20:00:00+08:00', 'resolved', 'reopened', '{}', '{}')`,
      [T(2)],
    );
    const visits: [string, number, string, string, string][] = [
      ['V1', 1, E1, 'closed', '2026-10-05T15:00:00+08:00'],
      ['V2', 3, E1, 'pending_followup', '2026-10-10T11:00:00+08:00'],
      ['V3', 4, E1, 'on_site', '2026-10-13T09:00:00+08:00'],
      ['V4', 2, A1, 'closed', '2026-10-07T10:00:00+08:00'],
    ];
    for (const [v, t, engineer, status, createdAt] of visits) {
      await q(`INSERT INTO visits (visit_id, ticket_id, engineer_id, status, created_by, created_at) VALUES ($1, $2, $3, $4, 'test', $5)`, [
        `VS-RPT-${X}-${v}`,
        T(t),
        engineer,
        status,
        createdAt,
      ]);
    }
    const rmas: [string, number, string, string, number, string][] = [
      ['00000001', 2, S1, 'repair', 12000, '2026-10-08T10:00:00+08:00'],
      ['00000002', 4, S2, 'replace', 50000, '2026-10-13T10:00:00+08:00'],
      ['00000003', 1, S1, 'repair', 8000, '2026-10-15T10:00:00+08:00'],
    ];
    for (const [suffix, t, sku, reason, fen, createdAt] of rmas) {
      // RMA ids are RMA-<8 digits>-<8 of [0-9A-Z]>: the run's letters make them unique
      const rmaId = `RMA-${suffix}-${X}`;
      await q(
        `INSERT INTO rmas (rma_id, workflow_id, ticket_id, status, order_id, customer_id, sku, resolution_requested, claim_amount_fen,
           flow_key, flow_version, data, created_by, created_at, updated_at, last_seq)
         VALUES ($1, $2, $3, 'diagnosing', 'ORD-RPT', $4, $5, $6, $7, 'rma-default', 1, '{}', 'test', $8, $8, 1)`,
        [rmaId, `rma-${rmaId}`, T(t), `CU-RPT-${X}`, sku, reason, fen, createdAt],
      );
    }
    const ratings: [string, string, number, number][] = [
      ['ticket', T(1), 5, 10],
      ['ticket', T(2), 2, 3],
      ['ticket', T(3), 4, 8],
      ['visit', `VS-RPT-${X}-V1`, 5, 9],
    ];
    for (const [kind, id, csat, nps] of ratings) {
      await q(`INSERT INTO service_ratings (work_kind, work_id, csat, nps, channel, rated_by) VALUES ($1, $2, $3, $4, 'h5', 'customer')`, [
        kind,
        id,
        csat,
        nps,
      ]);
    }
  });
  after(async () => {
    await h.stop();
  });

  it('lists the catalogue: standard reports, dimensions, measures and filters with zh/en labels', async () => {
    const res = await h.request('GET', '/api/v1/reports');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.reports.map((r: { key: string }) => r.key),
      ['productivity', 'quality', 'faults', 'rmaReasons'],
    );
    const person = res.body.dimensions.find((d: { key: string }) => d.key === 'person');
    assert.deepEqual(person.label, { zh: '处理人', en: 'Person' });
    assert.deepEqual(person.facts, ['ticket', 'visit']);
    assert.ok(
      res.body.measures.some((m: { key: string; label: { zh: string } }) => m.key === 'slaAttainment' && m.label.zh === 'SLA 达成率'),
    );
    assert.ok(res.body.filters.some((f: { key: string; type: string }) => f.key === 'from' && f.type === 'date'));
    assert.ok(!JSON.stringify(res.body).includes('SELECT'), 'no SQL leaves the server');
  });

  it('service productivity per person equals the hand count', async () => {
    const res = await run({ report: 'productivity', filters: october });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    // Tickets in October: T1 T2 (A1), T3 T4 T7 (A2), T5 (nobody). Visits: V1 V2 V3 (E1; V3 on site, not done), V4 (A1).
    // A1: handled 2, resolved 2 (T1 4 h, T2 24 h) → avg 14.00 h, visits done 1 (V4)
    // A2: handled 3, resolved 1 (T3 2 h) → avg 2.00 h, no visit → 0
    // E1: no tickets → 0, 0, avg none; visits done 2 (V1 closed, V2 pending follow-up)
    // nobody: T5 unassigned → handled 0 (handled means with an assignee), resolved 0
    // Sorted by resolved desc, then person (no person last): A1, A2, E1, —.
    assert.deepEqual(
      res.body.columns.map((c: { key: string }) => c.key),
      ['person', 'personName', 'ticketsHandled', 'ticketsResolved', 'avgHandleHours', 'visitsDone'],
    );
    assert.deepEqual(res.body.rows, [
      { person: A1, personName: '李雷', ticketsHandled: 2, ticketsResolved: 2, avgHandleHours: 14, visitsDone: 1 },
      { person: A2, personName: '韩梅梅', ticketsHandled: 3, ticketsResolved: 1, avgHandleHours: 2, visitsDone: 0 },
      { person: E1, personName: '王工', ticketsHandled: 0, ticketsResolved: 0, avgHandleHours: null, visitsDone: 2 },
      { person: null, personName: null, ticketsHandled: 0, ticketsResolved: 0, avgHandleHours: null, visitsDone: 0 },
    ]);
    // Totals over all rows: handled 5, resolved 3, avg (4 + 24 + 2) / 3 = 10.00 h, visits done 3.
    assert.deepEqual(res.body.totals, { ticketsHandled: 5, ticketsResolved: 3, avgHandleHours: 10, visitsDone: 3 });
    assert.equal(res.body.rowCount, 4);
    assert.equal(res.body.truncated, false);
  });

  it('service quality per group equals the hand count', async () => {
    const res = await run({ report: 'quality', filters: october });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    // Every ticket's resolution deadline is 8 h after creation.
    // G1 = T1 T2 T3, all resolved: T1 in 4 h and T3 in 2 h met, T2 in 24 h missed → 2/3 = 66.7 %; reopened 1 (T2) → 1/3 = 33.3 %;
    //      CSAT (5 + 2 + 4) / 3 = 3.67; NPS: 10 promoter, 3 detractor, 8 passive → (1 − 1) / 3 = 0.0
    // G2 = T4 T5 T7, none resolved: attainment has no resolved base → none (T4's breach while open shows in
    //      'SLA breached', not here); reopen rate has no resolved base → none; no ratings → none.
    assert.deepEqual(res.body.rows, [
      { group: G1, groupName: '一线组', ticketsResolved: 3, slaAttainment: 66.7, reopened: 1, reopenRate: 33.3, csatAvg: 3.67, nps: 0 },
      { group: G2, groupName: '二线组', ticketsResolved: 0, slaAttainment: null, reopened: 0, reopenRate: null, csatAvg: null, nps: null },
    ]);
    // Totals: resolved 3, met 2 → 66.7 %; reopened 1 → 33.3 %; CSAT 3.67; NPS 0.0.
    assert.deepEqual(res.body.totals, { ticketsResolved: 3, slaAttainment: 66.7, reopened: 1, reopenRate: 33.3, csatAvg: 3.67, nps: 0 });
  });

  it('product faults (category × SKU × region, with RMAs) equal the hand count', async () => {
    const res = await run({ report: 'faults', filters: october });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    // Tickets: 质量问题/S1 = T1 T2 T7 (3); 安装问题/S2 = T3; 质量问题/S2 = T4; 安装问题/S1 = T5.
    // RMAs by their ticket's category and their own SKU: R1 (T2) and R3 (T1) → 质量问题/S1 = 2; R2 (T4) → 质量问题/S2 = 1.
    // Sorted by tickets desc, then category (安 U+5B89 before 质 U+8D28), then SKU.
    assert.deepEqual(res.body.rows, [
      { category1: '质量问题', sku: S1, region, ticketsCreated: 3, rmas: 2 },
      { category1: '安装问题', sku: S1, region, ticketsCreated: 1, rmas: 0 },
      { category1: '安装问题', sku: S2, region, ticketsCreated: 1, rmas: 0 },
      { category1: '质量问题', sku: S2, region, ticketsCreated: 1, rmas: 1 },
    ]);
    assert.deepEqual(res.body.totals, { ticketsCreated: 6, rmas: 3 });
  });

  it('builds month × (tickets, visits, satisfied %) with Beijing month boundaries', async () => {
    const res = await run({
      dimensions: ['month'],
      measures: ['ticketsCreated', 'visits', 'csatSatisfied'],
      filters: { region, from: '2026-09-01', to: '2026-11-30' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    // Months in Beijing time: 2026-09 = T6; 2026-10 = T1 T2 T3 T4 T5 T7; 2026-11 = T8 (00:30 on 1 November
    // in Beijing is still 31 October in UTC). Visits all October (4). Satisfied: October ratings 5, 2, 4 → 2/3 = 66.7 %.
    assert.deepEqual(res.body.rows, [
      { month: '2026-09', ticketsCreated: 1, visits: 0, csatSatisfied: null },
      { month: '2026-10', ticketsCreated: 6, visits: 4, csatSatisfied: 66.7 },
      { month: '2026-11', ticketsCreated: 1, visits: 0, csatSatisfied: null },
    ]);
    assert.deepEqual(res.body.totals, { ticketsCreated: 8, visits: 4, csatSatisfied: 66.7 });
    assert.deepEqual(res.body.definition.filters, { region, from: '2026-09-01', to: '2026-11-30' });
  });

  it('builds RMA reason × claims filtered to one SKU (a list filter of the builder)', async () => {
    const res = await run({
      dimensions: ['rmaReason'],
      measures: ['rmas', 'rmaClaimYuan'],
      filters: { ...october, sku: [S1] },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    // S1's RMAs: R1 repair 120.00 + R3 repair 80.00 → one row, 2 RMAs, 200.00 元.
    assert.deepEqual(res.body.rows, [{ rmaReason: 'repair', rmas: 2, rmaClaimYuan: 200 }]);
    assert.deepEqual(res.body.totals, { rmas: 2, rmaClaimYuan: 200 });

    // The standard RMA-reasons report (no SKU filter): repair 2 / 200.00, replace 1 / 500.00; no assets → no model.
    const std = await run({ report: 'rmaReasons', filters: october });
    assert.equal(std.status, 200, JSON.stringify(std.body));
    assert.deepEqual(std.body.rows, [
      { rmaReason: 'repair', model: null, rmas: 2, rmaClaimYuan: 200 },
      { rmaReason: 'replace', model: null, rmas: 1, rmaClaimYuan: 500 },
    ]);
  });

  it('exports the same rows as .xlsx with zh-CN headers and a 合计 row', async () => {
    const body = { report: 'productivity', filters: october };
    const ran = await run(body);
    const res = await fetch(`${h.api.url}/api/v1/reports/export`, {
      method: 'POST',
      headers: { ...as(h.token), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /spreadsheetml/);
    const disposition = res.headers.get('content-disposition') ?? '';
    assert.match(disposition, /^attachment; filename="productivity-\d{8}\.xlsx"; filename\*=UTF-8''/);
    assert.match(decodeURIComponent(disposition.split("UTF-8''")[1]!), /^服务人效-\d{8}\.xlsx$/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('服务人效')!;
    assert.ok(ws, 'the sheet is named after the report');
    const values = (n: number) => Array.from({ length: ran.body.columns.length }, (_, i) => ws.getRow(n).getCell(i + 1).value ?? null);
    assert.deepEqual(values(1), ['处理人', '处理人姓名', '处理工单数', '已解决工单数', '平均处理时长（小时）', '完成上门数']);
    const keys = ran.body.columns.map((c: { key: string }) => c.key);
    ran.body.rows.forEach((row: Record<string, unknown>, i: number) => {
      assert.deepEqual(
        values(i + 2),
        keys.map((k: string) => row[k] ?? null),
        `row ${i + 2}`,
      );
    });
    assert.deepEqual(values(ran.body.rows.length + 2), ['合计', null, 5, 3, 10, 3]);
    assert.equal(ws.rowCount, ran.body.rows.length + 2);
  });

  it('refuses unknown and incompatible fields with 422 naming the field', async () => {
    const dim = await run({ dimensions: ['colour'], measures: ['ticketsCreated'] });
    assert.equal(dim.status, 422);
    assert.equal(dim.body.errors[0].field, 'dimensions.0');
    assert.match(dim.body.errors[0].message, /unknown dimension 'colour'/);

    const measure = await run({ dimensions: ['region'], measures: ['ticketsCreated', 'revenue'] });
    assert.equal(measure.status, 422);
    assert.equal(measure.body.errors[0].field, 'measures.1');
    assert.match(measure.body.errors[0].message, /unknown measure 'revenue'/);

    const filter = await run({ dimensions: ['region'], measures: ['ticketsCreated'], filters: { colour: 'red' } });
    assert.equal(filter.status, 422);
    assert.equal(filter.body.errors[0].field, 'filters.colour');

    const day = await run({ dimensions: ['region'], measures: ['ticketsCreated'], filters: { from: '2026-02-30' } });
    assert.equal(day.status, 422);
    assert.equal(day.body.errors[0].field, 'filters.from');

    // RMAs have no person: grouping them by one is refused rather than counted under "nobody".
    const mixed = await run({ dimensions: ['person'], measures: ['rmas'] });
    assert.equal(mixed.status, 422);
    assert.equal(mixed.body.errors[0].field, 'dimensions.0');
    assert.match(mixed.body.errors[0].message, /'person' cannot be combined with measure 'rmas'/);

    const report = await run({ report: 'overtime' });
    assert.equal(report.status, 422);
    assert.equal(report.body.errors[0].field, 'report');

    // A body that is neither a standard report nor a whole definition names the field to fix.
    const none = await run({ dimensions: ['region'] });
    assert.equal(none.status, 422);
    assert.equal(none.body.errors[0].field, 'measures');
    const both = await run({ report: 'quality', measures: ['ticketsCreated'] });
    assert.equal(both.status, 422);
    assert.equal(both.body.errors[0].field, 'measures');

    // Anything that looks like SQL is just an unknown key.
    const sql = await run({ dimensions: ['region; DROP TABLE tickets'], measures: ['ticketsCreated'] });
    assert.equal(sql.status, 422);
    assert.equal(sql.body.errors[0].field, 'dimensions.0');
  });

  it('is 403 without reports:read', async () => {
    const list = await h.request('GET', '/api/v1/reports', undefined, as(agentToken));
    assert.equal(list.status, 403);
    const ran = await run({ report: 'productivity' }, as(agentToken));
    assert.equal(ran.status, 403);
    const exported = await h.request('POST', '/api/v1/reports/export', { report: 'productivity' }, as(agentToken));
    assert.equal(exported.status, 403);
    const viewer = await run({ report: 'faults', filters: october }, as(viewerToken));
    assert.equal(viewer.status, 200, 'a viewer reads reports');
  });

  it('saves, lists, changes and deletes one person’s report definitions', async () => {
    const definition = { dimensions: ['month'], measures: ['ticketsCreated'], filters: { region } };
    const created = await h.request('POST', '/api/v1/reports/saved', { name: `月度工单 ${X}`, definition });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    // a retried save answers the one saved; another definition under the same name is a conflict
    const again = await h.request('POST', '/api/v1/reports/saved', { name: `月度工单 ${X}`, definition });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.id, id);
    const clash = await h.request('POST', '/api/v1/reports/saved', { name: `月度工单 ${X}`, definition: { report: 'quality' } });
    assert.equal(clash.status, 409);

    const bad = await h.request('POST', '/api/v1/reports/saved', { name: `坏的 ${X}`, definition: { measures: ['nope'] } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].field, 'definition.measures.0');

    const list = await h.request('GET', '/api/v1/reports/saved');
    assert.ok(list.body.items.some((s: { id: string }) => s.id === id));
    const others = await h.request('GET', '/api/v1/reports/saved', undefined, as(viewerToken));
    assert.ok(!others.body.items.some((s: { id: string }) => s.id === id), 'another person does not see it');
    assert.equal((await h.request('GET', `/api/v1/reports/saved/${id}`, undefined, as(viewerToken))).status, 404);

    const stale = await h.request('PATCH', `/api/v1/reports/saved/${id}`, { name: `改名 ${X}` }, { 'If-Match': '"7"' });
    assert.equal(stale.status, 412);
    const renamed = await h.request('PATCH', `/api/v1/reports/saved/${id}`, { name: `改名 ${X}` }, { 'If-Match': '"1"' });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.version, 2);

    // what was saved runs as it is
    const ranSaved = await run(renamed.body.definition);
    assert.equal(ranSaved.status, 200, JSON.stringify(ranSaved.body));

    assert.equal((await h.request('DELETE', `/api/v1/reports/saved/${id}`)).status, 204);
    assert.equal((await h.request('GET', `/api/v1/reports/saved/${id}`)).status, 404);
    const trail = await h.dataSource.query(
      `SELECT action FROM audit_log WHERE target_type = 'saved_report' AND target_id = $1 ORDER BY id`,
      [id],
    );
    assert.deepEqual(
      trail.map((r: { action: string }) => r.action),
      ['saved_report.created', 'saved_report.updated', 'saved_report.deleted'],
    );
  });
});

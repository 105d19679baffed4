import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Harness, eventually, seedTicket, type HttpResponse } from './support/harness';

/**
 * Agents, groups, rosters, routing and field dispatch over HTTP on the real engines: validation
 * and audit of the master data, a round robin that really assigns through the ticket workflow and
 * keeps its cursor, re-routing after a dispute, P1 to the on-duty roster, dispatch on a fixed map.
 */
describe('routing and dispatch API', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${run}`;
  const ok = (res: HttpResponse, status = 200) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };
  const fields = (res: HttpResponse) => (res.body.errors ?? []).map((e: { field: string }) => e.field);
  const audits = async (action: string, targetId: string) =>
    Number((await h.dataSource.query(`SELECT count(*) AS n FROM audit_log WHERE action = $1 AND target_id = $2`, [action, targetId]))[0].n);
  const skill = { productLine: 'ABC', region: '华东', issueType: '质量问题', level: 3 };
  const agentBody = (name: string, over: Record<string, unknown> = {}) => ({
    id: id(name),
    name,
    groups: [id('rr')],
    skills: [skill],
    maxConcurrent: 10,
    ...over,
  });
  const newTicket = async (over: Record<string, unknown> = {}) => {
    const t = ok(await h.request('POST', '/api/v1/tickets', seedTicket({ priority: 'P3', ...over })), 201);
    await eventually(
      () => h.dataSource.query(`SELECT 1 FROM tickets WHERE ticket_id = $1`, [t.ticketId]),
      (r) => r.length === 1,
    );
    return t.ticketId as string;
  };

  before(async () => {
    h = await Harness.start();
  });
  after(async () => {
    await h?.stop();
  });

  it('validates agents and groups with the field at fault, and audits every write', async () => {
    ok(
      await h.request('POST', '/api/v1/groups', {
        id: id('rr'),
        name: '电视质量组',
        requiredSkills: { minLevel: 2 },
        strategy: 'round_robin',
      }),
      201,
    );
    assert.equal(await audits('group.created', id('rr')), 1);
    const dup = await h.request('POST', '/api/v1/groups', { id: id('rr'), name: 'x', strategy: 'fewest_open' });
    assert.equal(dup.status, 409);
    const badStrategy = await h.request('POST', '/api/v1/groups', { id: id('g2'), name: 'x', strategy: 'random' });
    assert.equal(badStrategy.status, 422);
    assert.deepEqual(fields(badStrategy), ['strategy']);

    const badLevel = await h.request('POST', '/api/v1/agents', agentBody('bad', { skills: [{ ...skill, level: 9 }], extra: 1 }));
    assert.equal(badLevel.status, 422);
    assert.deepEqual(fields(badLevel).sort(), ['extra', 'skills.0.level']);
    const unknownGroup = await h.request('POST', '/api/v1/agents', agentBody('bad', { groups: [id('rr'), 'nope'] }));
    assert.deepEqual([unknownGroup.status, fields(unknownGroup)], [422, ['groups.1']]);
    const unknownMentor = await h.request('POST', '/api/v1/agents', agentBody('bad', { mentorId: 'nobody' }));
    assert.deepEqual([unknownMentor.status, fields(unknownMentor)], [422, ['mentorId']]);
    const badCalendar = await h.request(
      'POST',
      '/api/v1/agents',
      agentBody('bad', { calendar: { weekdays: [1], start: '18:00', end: '09:00' } }),
    );
    assert.deepEqual([badCalendar.status, fields(badCalendar)], [422, ['calendar.end']]);

    for (const name of ['chen', 'li', 'wang']) ok(await h.request('POST', '/api/v1/agents', agentBody(name)), 201);
    const hire = ok(
      await h.request(
        'POST',
        '/api/v1/agents',
        agentBody('sun', { hiredOn: new Date().toISOString().slice(0, 10), mentorId: id('wang'), groups: [] }),
      ),
      201,
    );
    assert.equal(hire.newHire, true, 'hired today: a new hire by the hire date');
    assert.equal(hire.newHireSetBy, 'hire_date');
    assert.equal((await h.request('POST', '/api/v1/agents', agentBody('chen'))).status, 409);
    assert.equal(await audits('agent.created', id('chen')), 1);

    const patched = ok(await h.request('PATCH', `/api/v1/agents/${id('sun')}`, { status: 'away' }, { 'If-Match': '"1"' }));
    assert.equal(patched.status, 'away');
    assert.equal(patched.version, 2);
    assert.equal((await h.request('PATCH', `/api/v1/agents/${id('sun')}`, { status: 'available' }, { 'If-Match': '"1"' })).status, 412);
    assert.equal(await audits('agent.updated', id('sun')), 1);
    assert.equal((await h.request('DELETE', `/api/v1/agents/${id('wang')}`)).status, 409, 'wang mentors sun');

    const page = ok(await h.request('GET', `/api/v1/agents?groupId=${id('rr')}&limit=2`));
    assert.deepEqual(
      page.items.map((a: { id: string }) => a.id),
      [id('chen'), id('li')],
    );
    const next = ok(await h.request('GET', `/api/v1/agents?groupId=${id('rr')}&limit=2&cursor=${page.nextCursor}`));
    assert.deepEqual([next.items.map((a: { id: string }) => a.id), next.nextCursor], [[id('wang')], null]);
  });

  it('roles: an agent reads routing data but cannot change it; a viewer cannot read it', async () => {
    const issue = async (roles: string[]) =>
      ok(await h.request('POST', '/api/v1/tokens', { name: `${roles[0]}-${run}`, roles }), 201).token;
    const agent = await issue(['agent']);
    const viewer = await issue(['viewer']);
    const call = (token: string, method: string, body?: unknown) =>
      fetch(`${h.api.url}/api/v1/agents`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    assert.equal((await call(agent, 'GET')).status, 200);
    assert.equal((await call(agent, 'POST', agentBody('x'))).status, 403);
    assert.equal((await call(viewer, 'GET')).status, 403);

    // a service provider's token may act on its tickets, but not route work through the platform's queues
    ok(
      await h.request('POST', '/api/v1/providers', { id: `SP-${run}`, name: '苏州安达制冷服务部', kind: 'provider', regions: ['华东'] }),
      201,
    );
    const provider = ok(
      await h.request('POST', '/api/v1/tokens', { name: `sp-${run}`, roles: ['agent'], providerId: `SP-${run}` }),
      201,
    ).token;
    const routed = await fetch(`${h.api.url}/api/v1/routing/assign`, {
      method: 'POST',
      headers: { authorization: `Bearer ${provider}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ticketId: 'TK-20261125-AAAAAAAA' }),
    });
    assert.equal(routed.status, 403);
  });

  it('round robin assigns through the ticket workflow, in turn, and keeps its cursor', async () => {
    const picks: string[] = [];
    const tickets: string[] = [];
    for (let i = 0; i < 4; i++) {
      const ticketId = await newTicket();
      tickets.push(ticketId);
      const res = ok(await h.request('POST', '/api/v1/routing/assign', { ticketId, groupId: id('rr') }));
      assert.equal(res.ticket.status, 'pending_acceptance');
      assert.equal(res.ticket.assigneeId, res.decision.assigneeId);
      picks.push(res.decision.assigneeId);
    }
    assert.deepEqual(picks, [id('chen'), id('li'), id('wang'), id('chen')]);
    const group = ok(await h.request('GET', `/api/v1/groups/${id('rr')}`));
    assert.equal(group.roundRobinCursor, id('chen'));
    assert.equal(await audits('routing.assigned', tickets[0]!), 1);
    const events = ok(await h.request('GET', `/api/v1/tickets/${tickets[0]}/events`));
    assert.ok(JSON.stringify(events).includes(id('chen')), 'the assignment is on the ticket record');

    // a preview does not move the cursor
    const preview = ok(await h.request('POST', '/api/v1/routing/decide', { ticketId: tickets[0], groupId: id('rr') }));
    assert.equal(preview.assigneeId, id('li'));
    assert.equal(ok(await h.request('GET', `/api/v1/groups/${id('rr')}`)).roundRobinCursor, id('chen'));
  });

  it('re-route after a dispute excludes the previous assignee', async () => {
    ok(
      await h.request('POST', '/api/v1/groups', { id: id('w'), name: '加权组', requiredSkills: { minLevel: 1 }, strategy: 'weighted' }),
      201,
    );
    ok(await h.request('POST', '/api/v1/agents', agentBody('fast', { groups: [id('w')], expectedMinutes: { 质量问题: 10 } })), 201);
    ok(await h.request('POST', '/api/v1/agents', agentBody('slow', { groups: [id('w')], expectedMinutes: { 质量问题: 100 } })), 201);
    const ticketId = await newTicket();
    const first = ok(await h.request('POST', '/api/v1/routing/assign', { ticketId, groupId: id('w') }));
    assert.equal(first.decision.assigneeId, id('fast'));
    ok(await h.request('POST', `/api/v1/tickets/${ticketId}/actions/dispute`, { reason: '非本人技能范围' }));
    await eventually(
      () => h.dataSource.query(`SELECT status FROM tickets WHERE ticket_id = $1`, [ticketId]),
      (r) => r[0]?.status === 'pending_reassignment',
    );
    const again = ok(await h.request('POST', '/api/v1/routing/assign', { ticketId, groupId: id('w') }));
    assert.equal(again.decision.assigneeId, id('slow'));
    const fast = again.decision.candidates.find((c: { agentId: string }) => c.agentId === id('fast'));
    assert.deepEqual(fast.excluded, ['previous_assignee']);
  });

  it('P1 goes to whoever is on duty now; booking explains a refusal; nobody → 409 with the decision', async () => {
    const now = Date.now();
    const bad = await h.request('POST', '/api/v1/rosters', {
      agentId: id('wang'),
      kind: 'on_duty',
      startsAt: new Date(now + 3_600_000).toISOString(),
      endsAt: new Date(now).toISOString(),
    });
    assert.deepEqual([bad.status, fields(bad)], [422, ['endsAt']]);
    const entry = ok(
      await h.request('POST', '/api/v1/rosters', {
        agentId: id('wang'),
        groupId: id('rr'),
        kind: 'on_duty',
        startsAt: new Date(now - 3_600_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
      }),
      201,
    );
    assert.equal(await audits('roster.created', entry.id), 1);
    const onDuty = ok(
      await h.request('GET', `/api/v1/rosters?kind=on_duty&at=${encodeURIComponent(new Date().toISOString())}&groupId=${id('rr')}`),
    );
    assert.deepEqual(
      onDuty.items.map((e: { agentId: string }) => e.agentId),
      [id('wang')],
    );
    const ticket = { category1: '质量问题', sku: 'ABC-9', region: '华东', priority: 'P1' };
    const p1 = ok(await h.request('POST', '/api/v1/routing/decide', { ticket, groupId: id('rr') }));
    assert.equal(p1.assigneeId, id('wang'));
    assert.equal(p1.p1OnDuty, 'on_duty');

    const booked = ok(
      await h.request('POST', '/api/v1/routing/decide', {
        ticket: { ...ticket, priority: 'P3' },
        groupId: id('rr'),
        bookedAgentId: id('sun'),
      }),
    );
    assert.deepEqual(booked.booking, { agentId: id('sun'), honoured: false, excluded: ['not_in_group', 'not_available'] });

    ok(await h.request('POST', '/api/v1/groups', { id: id('empty'), name: '空组', strategy: 'fewest_open' }), 201);
    const ticketId = await newTicket();
    const none = await h.request('POST', '/api/v1/routing/assign', { ticketId, groupId: id('empty') });
    assert.equal(none.status, 409);
    assert.equal(none.body.code, 'no_assignee');
    assert.equal(none.body.decision.rule, 'none');
    const either = await h.request('POST', '/api/v1/routing/decide', { ticketId, ticket });
    assert.deepEqual([either.status, fields(either)], [422, ['ticketId']]);
  });

  it('the queue puts priority first, then VIP customers, then age, saying why', async () => {
    ok(
      await h.request('POST', '/api/v1/groups', {
        id: id('qq'),
        name: 'QQ 产品线',
        requiredSkills: { productLine: 'QQ' },
        strategy: 'fewest_open',
      }),
      201,
    );
    await h.dataSource.query(
      `INSERT INTO customers (id, name, type, tier, region, created_by, updated_by) VALUES ($1, '上海瑞丰精密制造有限公司', 'company', 'vip', '华东', 'test', 'test')`,
      [id('vip')],
    );
    const plain = await newTicket({ sku: 'QQ-1' });
    const vip = await newTicket({ sku: 'QQ-2', customerId: id('vip') });
    const urgent = await newTicket({ sku: 'QQ-3', priority: 'P2' });
    await newTicket({ sku: 'ZZ-1', priority: 'P1' }); // another product line: not in this queue
    const q = ok(await h.request('GET', `/api/v1/routing/queue?groupId=${id('qq')}`));
    assert.deepEqual(
      q.items.map((t: { ticketId: string }) => t.ticketId),
      [urgent, vip, plain],
    );
    assert.deepEqual(q.items[1].factors, ['vip']);
    assert.equal(q.items[1].position, 2);
  });

  it('dispatch ranks field engineers on a fixed map and plans a day route', async () => {
    await h.dataSource.query(
      `INSERT INTO customers (id, name, type, region, created_by, updated_by) VALUES ($1, '上海瑞丰精密制造有限公司', 'company', '华东', 'test', 'test')`,
      [id('cu')],
    );
    await h.dataSource.query(
      `INSERT INTO sites (id, name, customer_id, address, lat, lng, created_by, updated_by) VALUES
         ($1, '人民广场店', $3, '上海市黄浦区人民大道', 31.2304, 121.4737, 'test', 'test'),
         ($2, '无坐标店', $3, '上海市', NULL, NULL, 'test', 'test')`,
      [id('site'), id('nosite'), id('cu')],
    );
    // What an engineer carries is the free stock of their van (a stock location of kind engineer).
    const MB = id('MB-01');
    ok(await h.request('POST', '/api/v1/parts', { code: MB, name: '主板', category: '主板', unitCostFen: 30_000 }), 201);
    const engineer = async (name: string, location: { lat: number; lng: number }, van?: number) => {
      ok(await h.request('POST', '/api/v1/agents', agentBody(name, { groups: [], fieldEngineer: true, location })), 201);
      if (van === undefined) return;
      const vanId = id(`VAN-${name}`);
      ok(await h.request('POST', '/api/v1/stock-locations', { id: vanId, kind: 'engineer', name: `${name} 车载`, agentId: id(name) }), 201);
      if (van > 0) ok(await h.request('POST', '/api/v1/stock/receipts', { locationId: vanId, lines: [{ partCode: MB, qty: van }] }), 201);
    };
    await engineer('fe_near', { lat: 31.1955, lng: 121.4375 }, 2);
    await engineer('fe_suzhou', { lat: 31.2989, lng: 120.5853 }, 1);
    await engineer('fe_here', { lat: 31.2304, lng: 121.4737 }, 1);
    await engineer('fe_leave', { lat: 31.2304, lng: 121.4737 }, 5);
    // fe_here's only unit is promised to another visit already: not free, so it does not count
    ok(
      await h.request('POST', '/api/v1/stock/reservations', {
        refType: 'visit',
        refId: id('other-visit'),
        locationId: id('VAN-fe_here'),
        partCode: MB,
        qty: 1,
        idempotencyKey: id('hold-fe-here'),
      }),
      201,
    );
    // the hand-kept parts list is gone: the van is the one truth
    const stale = await h.request('POST', '/api/v1/agents', agentBody('fe_stale', { fieldEngineer: true, partsOnHand: { [MB]: 1 } }));
    assert.equal(stale.status, 422, JSON.stringify(stale.body));
    // Wednesday 2030-01-02, 14:00–16:00 Beijing time
    const window = { start: '2030-01-02T06:00:00Z', end: '2030-01-02T08:00:00Z' };
    ok(
      await h.request('POST', '/api/v1/rosters', {
        agentId: id('fe_leave'),
        kind: 'leave',
        startsAt: '2030-01-02T00:00:00Z',
        endsAt: '2030-01-03T00:00:00Z',
      }),
      201,
    );

    const res = ok(
      await h.request('POST', '/api/v1/dispatch/candidates', {
        siteId: id('site'),
        skills: { productLine: 'ABC', minLevel: 2 },
        parts: { [MB]: 1 },
        window,
      }),
    );
    const mine = (xs: { engineerId: string }[]) => xs.map((x) => x.engineerId).filter((x) => x.endsWith(run));
    assert.deepEqual(mine(res.candidates), [id('fe_near'), id('fe_here'), id('fe_suzhou')]);
    assert.equal(res.best, id('fe_near'));
    const near = res.candidates[0];
    assert.deepEqual(Object.keys(near.breakdown), ['distance', 'skill', 'workload', 'parts']);
    assert.equal(near.breakdown.parts, 20);
    assert.deepEqual(res.candidates.find((c: { engineerId: string }) => c.engineerId === id('fe_here')).missingParts, { [MB]: 1 });
    assert.deepEqual(res.excluded.find((c: { engineerId: string }) => c.engineerId === id('fe_leave')).excluded, ['busy_in_window']);

    // a unit arrives in fe_here's van (a transfer from fe_near's): now the engineer at the site has it and ranks first
    ok(
      await h.request('POST', '/api/v1/stock/transfers', {
        fromLocationId: id('VAN-fe_near'),
        toLocationId: id('VAN-fe_here'),
        lines: [{ partCode: MB, qty: 1 }],
      }),
      201,
    );
    const again = ok(
      await h.request('POST', '/api/v1/dispatch/candidates', {
        siteId: id('site'),
        skills: { productLine: 'ABC', minLevel: 2 },
        parts: { [MB]: 1 },
        window,
      }),
    );
    assert.deepEqual(mine(again.candidates), [id('fe_here'), id('fe_near'), id('fe_suzhou')]);
    assert.equal(again.candidates[0].breakdown.parts, 20);
    assert.ok(again.candidates[0].score > res.candidates.find((c: { engineerId: string }) => c.engineerId === id('fe_here')).score);

    const noCoords = await h.request('POST', '/api/v1/dispatch/candidates', { siteId: id('nosite'), window });
    assert.deepEqual([noCoords.status, fields(noCoords)], [422, ['siteId']]);

    const route = ok(
      await h.request('POST', '/api/v1/dispatch/route', {
        engineerId: id('fe_near'),
        stops: [
          { id: 'far', location: { lat: 31.3, lng: 121.6 } },
          { id: 'square', siteId: id('site') },
          { id: 'mid', location: { lat: 31.26, lng: 121.53 } },
        ],
      }),
    );
    assert.deepEqual(route.order, ['square', 'mid', 'far']);
    assert.ok(route.totalKm > 0 && route.totalKm <= route.nearestNeighbourKm + 1e-9);
    const badStop = await h.request('POST', '/api/v1/dispatch/route', {
      engineerId: id('fe_near'),
      stops: [{ id: 'x', siteId: id('nosite') }],
    });
    assert.deepEqual([badStop.status, fields(badStop)], [422, ['stops.0.siteId']]);
  });
});

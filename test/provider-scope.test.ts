import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { parseCsv } from '../domain/import/csv';
import { applyActionEffect, parseActionPayload } from '../domain/ticket/ticket-actions';
import type { TicketState } from '../domain/ticket/ticket.schema';
import { Harness, seedTicket, type HttpResponse } from './support/harness';

/**
 * A service provider (服务商/代理商) gets a token bound to it and works only the tickets assigned
 * to it: everything else answers exactly as a ticket that does not exist.
 */
describe('service-provider scoped access', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8);
  const providerA = `SP-A-${run}`;
  const providerB = `SP-B-${run}`;
  const providerOff = `SP-OFF-${run}`;
  let tokenA: string;
  const asA = (method: string, path: string, body?: unknown): Promise<HttpResponse> =>
    h.request(method, path, body, { authorization: `Bearer ${tokenA}` });

  const create = async (): Promise<string> => {
    const res = await h.request('POST', '/api/v1/tickets', seedTicket());
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.ticketId;
  };

  before(async () => {
    h = await Harness.start();
    await h.dataSource.query(
      `INSERT INTO service_providers (id, name, kind, regions, skills, active, created_by, updated_by) VALUES
         ($1, '广州粤安机电服务有限公司', 'provider', '{广东}', '{空调}', true, 'test', 'test'),
         ($2, '杭州恒通制冷工程有限公司', 'agent', '{浙江}', '{冷柜}', true, 'test', 'test'),
         ($3, '已停用服务商', 'provider', '{}', '{}', false, 'test', 'test')`,
      [providerA, providerB, providerOff],
    );
  });
  after(async () => {
    await h.stop();
  });

  it('issues a token bound to a provider, audited, and refuses bad bindings naming the field', async () => {
    const issued = await h.request('POST', '/api/v1/tokens', { name: `粤安-${run}`, roles: ['agent'], providerId: providerA });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    assert.equal(issued.body.providerId, providerA);
    tokenA = issued.body.token;
    const [audit] = await h.dataSource.query(`SELECT actor, details FROM audit_log WHERE action = 'token.issued' AND target_id = $1`, [
      issued.body.id,
    ]);
    assert.equal(audit.details.providerId, providerA);
    assert.match(audit.actor, /^token:test-admin/);

    const cases: [unknown, string, RegExp][] = [
      [{ name: 'x', roles: ['admin'], providerId: providerA }, 'roles', /may carry only/],
      [{ name: 'x', roles: ['agent'], providerId: `SP-NONE-${run}` }, 'providerId', /no such service provider/],
      [{ name: 'x', roles: ['agent'], providerId: providerOff }, 'providerId', /inactive/],
    ];
    for (const [body, field, message] of cases) {
      const res = await h.request('POST', '/api/v1/tokens', body);
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.body.errors[0].field, field);
      assert.match(res.body.errors[0].message, message);
    }
  });

  it('assign names a provider; the projection records it; an unknown provider is refused', async () => {
    const id = await create();
    const unknown = await h.request('POST', `/api/v1/tickets/${id}/actions/assign`, { assigneeId: 'eng_wang', providerId: `SP-X-${run}` });
    assert.equal(unknown.status, 422);
    assert.deepEqual(
      unknown.body.errors.map((e: { field: string }) => e.field),
      ['providerId'],
    );
    const assigned = await h.request('POST', `/api/v1/tickets/${id}/actions/assign`, { assigneeId: 'eng_wang', providerId: providerB });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    assert.equal(assigned.body.providerId, providerB);
    const [row] = await h.dataSource.query(`SELECT provider_id FROM tickets WHERE ticket_id = $1`, [id]);
    assert.equal(row.provider_id, providerB);
    const events = await h.request('GET', `/api/v1/tickets/${id}/events`);
    assert.deepEqual(events.body.items.at(-1).changes.providerId, { from: null, to: providerB });
    const byFilter = await h.request('GET', `/api/v1/tickets?providerId=${providerB}`);
    assert.deepEqual(
      byFilter.body.items.map((t: { ticketId: string }) => t.ticketId),
      [id],
    );
  });

  it("a provider's token lists, reads and works only its own tickets; others are 404 like unknown ones", async () => {
    const mine = await create();
    const theirs = await create();
    const unassigned = await create();
    assert.equal(
      (await h.request('POST', `/api/v1/tickets/${mine}/actions/assign`, { assigneeId: 'eng_chen', providerId: providerA })).status,
      200,
    );
    assert.equal(
      (await h.request('POST', `/api/v1/tickets/${theirs}/actions/assign`, { assigneeId: 'eng_zhou', providerId: providerB })).status,
      200,
    );

    const listed = await asA('GET', '/api/v1/tickets?limit=200');
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.items.map((t: { ticketId: string }) => t.ticketId),
      [mine],
    );
    // Asking for another provider's tickets does not widen the scope.
    const widened = await asA('GET', `/api/v1/tickets?providerId=${providerB}`);
    assert.deepEqual(widened.body.items, []);
    // Nor does exporting: the export has the list's scope.
    const exported = await asA('GET', '/api/v1/exports/tickets?format=csv');
    assert.equal(exported.status, 200);
    const table = parseCsv(exported.body as string);
    assert.deepEqual(table[0]!.slice(0, 2), ['工单号', '状态']);
    assert.deepEqual(
      table.slice(1).map((r) => [r[0], r[table[0]!.indexOf('服务商')]]),
      [[mine, providerA]],
    );
    assert.equal(table[1]![1], '待接单');

    const nowhere = await asA('GET', '/api/v1/tickets/TK-20260101-00000000');
    for (const id of [theirs, unassigned]) {
      for (const [method, path, body] of [
        ['GET', `/api/v1/tickets/${id}`, undefined],
        ['GET', `/api/v1/tickets/${id}/events`, undefined],
        ['POST', `/api/v1/tickets/${id}/actions/accept`, {}],
        ['POST', `/api/v1/tickets/${id}/actions/add-note`, { text: '看看' }],
      ] as const) {
        const res = await asA(method, path, body);
        assert.equal(res.status, 404, `${method} ${path}: ${res.status}`);
        assert.equal(res.body.detail, `ticket ${id} does not exist`);
        assert.equal(res.body.code, nowhere.body.code);
      }
    }
    // The other provider's ticket was not touched.
    const untouched = await h.request('GET', `/api/v1/tickets/${theirs}`);
    assert.equal(untouched.body.status, 'pending_acceptance');
    assert.equal(untouched.body.notes.length, 0);

    assert.equal((await asA('GET', `/api/v1/tickets/${mine}`)).status, 200);
    assert.equal((await asA('GET', `/api/v1/tickets/${mine}/events`)).status, 200);
    const accepted = await asA('POST', `/api/v1/tickets/${mine}/actions/accept`, {});
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.status, 'in_progress');
    const resolved = await asA('POST', `/api/v1/tickets/${mine}/actions/resolve`, { resolution: '更换压缩机电容后恢复制冷' });
    assert.equal(resolved.status, 200);
    assert.equal(resolved.body.status, 'resolved');
  });

  it("a provider's token cannot hand work to another provider, create tickets, or touch archives and settings", async () => {
    const id = await create();
    await h.request('POST', `/api/v1/tickets/${id}/actions/assign`, { assigneeId: 'eng_chen', providerId: providerA });
    await asA('POST', `/api/v1/tickets/${id}/actions/dispute`, { reason: '不在服务区域' });
    const handOver = await asA('POST', `/api/v1/tickets/${id}/actions/assign`, { assigneeId: 'eng_zhou', providerId: providerB });
    assert.equal(handOver.status, 403);
    const [row] = await h.dataSource.query(`SELECT provider_id FROM tickets WHERE ticket_id = $1`, [id]);
    assert.equal(row.provider_id, providerA);

    for (const [method, path, body] of [
      ['POST', '/api/v1/tickets', seedTicket()],
      ['GET', '/api/v1/customers', undefined],
      ['GET', '/api/v1/customers/C-1', undefined],
      ['POST', '/api/v1/customers', { name: '某客户', type: 'company' }],
      ['POST', '/api/v1/assets', { serialNo: 'SN-X', model: 'M' }],
      ['POST', '/api/v1/tokens', { name: 'more', roles: ['agent'] }],
      ['GET', '/api/v1/exports/customers', undefined],
      ['POST', '/api/v1/imports/customers?dryRun=true', { rows: [] }],
      ['GET', '/api/v1/exports/assets?format=xlsx', undefined],
    ] as const) {
      const res = await asA(method, path, body);
      assert.equal(res.status, 403, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  });

  it('taking the provider off a ticket (providerId null) takes it out of the scope', async () => {
    const id = await create();
    await h.request('POST', `/api/v1/tickets/${id}/actions/assign`, { assigneeId: 'eng_chen', providerId: providerA });
    assert.equal((await asA('GET', `/api/v1/tickets/${id}`)).status, 200);
    await h.request('POST', `/api/v1/tickets/${id}/actions/dispute`, { reason: '客户改约' });
    const back = await h.request('POST', `/api/v1/tickets/${id}/actions/assign`, { assigneeId: 'agent_li', providerId: null });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.providerId, null);
    assert.equal((await asA('GET', `/api/v1/tickets/${id}`)).status, 404);
  });

  it("a deactivated provider's token stops working", async () => {
    const providerC = `SP-C-${run}`;
    await h.dataSource.query(
      `INSERT INTO service_providers (id, name, kind, created_by, updated_by) VALUES ($1, '成都蜀安售后服务部', 'agent', 'test', 'test')`,
      [providerC],
    );
    const issued = await h.request('POST', '/api/v1/tokens', { name: `蜀安-${run}`, roles: ['viewer'], providerId: providerC });
    assert.equal(issued.status, 201);
    await h.dataSource.query(`UPDATE service_providers SET active = false WHERE id = $1`, [providerC]);
    const res = await h.request('GET', '/api/v1/tickets', undefined, { authorization: `Bearer ${issued.body.token}` });
    assert.equal(res.status, 401);
  });

  it('the assign effect sets the provider only when named, so older tickets keep their shape', () => {
    const ticket = { assigneeId: null, groupId: null, notes: [], audit: { updatedBy: 'x' } } as unknown as TicketState;
    const plain = applyActionEffect(ticket, 'assign', { assigneeId: 'a' }, 'token:x', '2026-01-01T00:00:00Z');
    assert.equal('providerId' in plain, false);
    const named = applyActionEffect(ticket, 'assign', { assigneeId: 'a', providerId: 'SP-1' }, 'token:x', '2026-01-01T00:00:00Z');
    assert.equal(named.providerId, 'SP-1');
    assert.equal(parseActionPayload('assign', { assigneeId: 'a', providerId: '' }).success, false);
    assert.equal(parseActionPayload('assign', { assigneeId: 'a', providerId: null }).success, true);
  });
});

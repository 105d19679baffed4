import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { createActivities } from '../activities';
import { integrationEndpoints } from '../activities/integrations/endpoints';
import { newTicketId } from '../api/tickets/ticket-gateway';
import { rmaWorkflowId } from '../domain/rma/rma-ids';
import { createTicketSchema, ticketWorkflowId, type TicketInput } from '../domain/ticket/ticket.schema';
import { flowWorkId } from '../workflows/flow-work/flow-work';
import { intakeUpdate, TicketWorkflow } from '../workflows/ticket/ticket.workflow';
import { as, rmaBody, tokenWithRoles } from './rma-fixtures';
import { eventually, Harness, seedTicket } from './support/harness';

interface EventRow {
  seq: number;
  type: string;
  actor: string;
  at: string;
  payload: Record<string, any>;
}

/**
 * A ticket's and a customer's RMAs and visits, shown where agents look: the ticket and the customer
 * 360; the ticket's timeline hearing of them (work.linked, work.closed); a ticket's automation rule
 * starting them for real, once however often it is retried, or saying exactly what it lacks.
 */
describe('work linked to a ticket and a customer', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8).toUpperCase();
  const customerId = `CU-LW-${run}`;
  let ticketId: string;
  let rmaId: string;

  before(async () => {
    h = await Harness.start();
    const customer = await h.request('POST', '/api/v1/customers', { id: customerId, name: '李先生', type: 'person', phone: '13700001111' });
    assert.equal(customer.status, 201, JSON.stringify(customer.body));
    const ticket = await h.request('POST', '/api/v1/tickets', seedTicket({ customerId }));
    assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
    ticketId = ticket.body.ticketId;
    await eventually(
      () => h.dataSource.query(`SELECT 1 FROM tickets WHERE ticket_id = $1`, [ticketId]),
      (r) => r.length === 1,
    );
    const rma = await h.request('POST', '/api/v1/rmas', rmaBody('repair', 50_000, { customerId, ticketId }), {
      'Idempotency-Key': `lw-${run}`,
    });
    assert.equal(rma.status, 201, JSON.stringify(rma.body));
    rmaId = rma.body.rmaId;
    await eventually(
      () => h.dataSource.query(`SELECT 1 FROM rmas WHERE rma_id = $1`, [rmaId]),
      (r) => r.length === 1,
    );
  });
  after(async () => {
    await h?.stop();
  });

  it('the ticket lists the RMA opened for it, with its stage', async () => {
    const res = await h.request('GET', `/api/v1/tickets/${ticketId}/work`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.rmas.map((r: { rmaId: string; requestedResolution: string; claimAmountFen: number }) => [
        r.rmaId,
        r.requestedResolution,
        r.claimAmountFen,
      ]),
      [[rmaId, 'repair', 50_000]],
    );
    assert.deepEqual(res.body.visits, []);
    assert.equal((await h.request('GET', '/api/v1/tickets/TK-20200101-ABCDEFGH/work')).status, 404);
  });

  it('the customer 360 shows the customer’s RMAs and visits', async () => {
    const res = await h.request('GET', `/api/v1/customers/${customerId}/360`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.rmas.map((r: { rmaId: string; ticketId: string }) => [r.rmaId, r.ticketId]),
      [[rmaId, ticketId]],
    );
    assert.deepEqual(res.body.visits, []);
  });

  it('a kind of work the caller may not read is null, not an empty list', async () => {
    const qa = await tokenWithRoles(h, 'qa-linked', ['qa']);
    const res = await h.request('GET', `/api/v1/tickets/${ticketId}/work`, undefined, as(qa));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.visits, null);
    assert.equal(res.body.rmas.length, 1);
  });

  const events = async (id: string): Promise<EventRow[]> => (await h.request('GET', `/api/v1/tickets/${id}/events`)).body.items;
  const ticketAct = async (id: string, action: string, body: Record<string, unknown> = {}) => {
    const r = await h.request('POST', `/api/v1/tickets/${id}/actions/${action}`, body);
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
    return r.body;
  };

  it('the RMA opened for the ticket is on its timeline (work.linked) and outlives the ticket; its end is stamped on its last event', async () => {
    const linked = await eventually(
      () => events(ticketId),
      (e) => e.some((x) => x.type === 'work.linked'),
    );
    const event = linked.find((x) => x.type === 'work.linked')!;
    assert.deepEqual([event.actor, event.payload.kind, event.payload.rmaId], [`rma:${rmaId}`, 'rma', rmaId]);
    const ticket = (await h.request('GET', `/api/v1/tickets/${ticketId}`)).body;
    assert.equal(ticket.logistics.rmaId, rmaId, 'the ticket names its RMA');

    // the ticket is closed while the RMA is still open: the RMA goes on
    await ticketAct(ticketId, 'assign', { assigneeId: 'agent_lw', groupId: 'support' });
    await ticketAct(ticketId, 'accept');
    await ticketAct(ticketId, 'resolve', { resolution: '已转寄修' });
    await ticketAct(ticketId, 'close');
    await h.api.ctx.temporal.client.workflow.getHandle(ticketWorkflowId(ticketId)).result();
    const cancelled = await h.request('POST', `/api/v1/rmas/${rmaId}/actions/cancel`, { reason: '客户撤回' });
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    // the RMA ends although its ticket is gone (telling a finished ticket is no failure)
    const done = await h.api.ctx.temporal.client.workflow.getHandle(rmaWorkflowId(rmaId)).result();
    assert.equal(done.ended, true);
    const [row] = await eventually(
      () => h.dataSource.query(`SELECT status, closed_at, last_seq FROM rmas WHERE rma_id = $1`, [rmaId]),
      (r) => r[0]?.closed_at !== null && r[0]?.last_seq === done.seq,
    );
    assert.ok(row.closed_at, 'the final state recorded carries closedAt');
    const [last] = await h.dataSource.query(`SELECT type FROM rma_events WHERE rma_id = $1 ORDER BY seq DESC LIMIT 1`, [rmaId]);
    assert.equal(new Date(row.closed_at).toISOString(), done.closedAt, `closed at the instant the work ended (${last.type})`);
  });

  describe("a ticket's rule starts its RMA and visit", () => {
    const ruleSetKey = `lw-rules-${run}`;
    const siteCustomer = `CU-LWS-${run}`;
    const siteId = `SITE-LW-${run}`;
    const assetId = `AS-LW-${run}`;
    const bare = `CU-LWB-${run}`;

    /** Opens a ticket on this test's own rule set, the way intake does. */
    const open = async (overrides: Record<string, unknown>) => {
      const id = newTicketId();
      const ticket = createTicketSchema.parse(seedTicket(overrides)) as TicketInput;
      await h.api.ctx.temporal.client.workflow.executeUpdateWithStart(intakeUpdate, {
        startWorkflowOperation: new WithStartWorkflowOperation(TicketWorkflow, {
          workflowId: ticketWorkflowId(id),
          taskQueue: h.taskQueue,
          args: [{ ticketId: id, ticket, createdBy: 'token:test', createdAt: new Date().toISOString(), ruleSetKey }],
          workflowIdConflictPolicy: 'FAIL',
        }),
      });
      return id;
    };
    const ok = async (res: Promise<{ status: number; body: any }>, status = 201) => {
      const r = await res;
      assert.equal(r.status, status, JSON.stringify(r.body));
      return r.body;
    };

    before(async () => {
      await h.dataSource.query(
        `INSERT INTO rule_sets (key, version, status, rules, published_at, published_by, created_by, updated_by)
         VALUES ($1, 1, 'published', $2, now(), 'test', 'test', 'test')`,
        [
          ruleSetKey,
          JSON.stringify([
            {
              key: 'field-work',
              name: '故障需返修与上门',
              kind: 'automation',
              on: ['ticket.created'],
              condition: { '==': [1, 1] },
              actions: [
                { action: 'create_rma', reason: '需返厂' },
                { action: 'create_visit', reason: '需上门', group: 'field_lw' },
              ],
              priority: 1,
              enabled: true,
            },
          ]),
        ],
      );
      await ok(
        h.request('POST', '/api/v1/customers', {
          id: siteCustomer,
          name: '华东制冷设备厂',
          type: 'company',
          phone: '13800002222',
          addresses: [{ province: '上海市', city: '上海市', district: '闵行区', detail: '莘庄工业区 88 号', primary: true }],
        }),
      );
      await ok(
        h.request('POST', '/api/v1/sites', {
          id: siteId,
          name: '一号车间',
          customerId: siteCustomer,
          region: '华东',
          province: '上海市',
          city: '上海市',
          address: '上海市闵行区莘庄工业区 88 号',
          lat: 31.11,
          lng: 121.38,
          contactName: '赵工',
          contactPhone: '13900003333',
        }),
      );
      await ok(
        h.request('POST', '/api/v1/assets', {
          id: assetId,
          serialNo: `SN-LW-${run}`,
          model: 'CH-500',
          sku: 'CH-500-A',
          customerId: siteCustomer,
          siteId,
        }),
      );
      await ok(h.request('POST', '/api/v1/customers', { id: bare, name: '孙先生', type: 'person' }));
    });

    it('with all it needs, the RMA and the visit are started, linked, listed on the ticket, and a retry starts nothing new', async () => {
      const ticketOrder = `ORD-LW-${run}`;
      const id = await open({
        customerId: siteCustomer,
        orderId: ticketOrder,
        assetId,
        serialNo: `SN-LW-${run}`,
        sku: 'CH-500-A',
        category1: '设备故障',
      });
      const rows = await eventually(
        () => events(id),
        (e) => e.filter((x) => x.type === 'work.linked').length === 2 && e.filter((x) => x.type.startsWith('rule.create_')).length === 2,
        30_000,
      );
      const rma = rows.find((e) => e.type === 'rule.create_rma')!;
      const visit = rows.find((e) => e.type === 'rule.create_visit')!;
      assert.equal(rma.payload.status, 'started', JSON.stringify(rma.payload));
      assert.equal(visit.payload.status, 'started', JSON.stringify(visit.payload));
      assert.equal(rma.actor, `rule:field-work@v1`);
      const rmaId2 = rma.payload.rmaId as string;
      const visitId = visit.payload.visitId as string;
      assert.match(rmaId2, /^RMA-\d{8}-[0-9A-Z]{8}$/);
      assert.match(visitId, /^VS-\d{8}-[0-9A-Z]{8}$/);
      assert.deepEqual(
        rows
          .filter((e) => e.type === 'work.linked')
          .map((e) => `${e.payload.kind}:${e.payload.workId}`)
          .sort(),
        [`rma:${rmaId2}`, `visit:${visitId}`],
      );

      // what the ticket knew went to the work
      const r = (await h.request('GET', `/api/v1/rmas/${rmaId2}`)).body;
      assert.deepEqual(
        [r.ticketId, r.customerId, r.orderId, r.assetId, r.sku, r.serialNo, r.requestedResolution, r.claimAmountFen],
        [id, siteCustomer, ticketOrder, assetId, 'CH-500-A', `SN-LW-${run}`, 'repair', 0],
      );
      assert.equal(r.symptoms, '开机后黑屏伴随蜂鸣，已重启无效');
      assert.equal(r.pickupAddress.detail, '上海市闵行区莘庄工业区 88 号', 'picked up where the asset is installed');
      assert.deepEqual(r.pickupContact, { name: '赵工', phone: '13900003333' });
      const v = await eventually(
        () => h.dataSource.query(`SELECT ticket_id, site_id, customer_id, data FROM visits WHERE visit_id = $1`, [visitId]),
        (x) => x.length === 1,
      );
      assert.deepEqual([v[0].ticket_id, v[0].site_id, v[0].customer_id], [id, siteId, siteCustomer]);
      assert.deepEqual(v[0].data.skills, { productLine: 'CH', issueType: '设备故障', region: '华东' });
      assert.equal(v[0].data.description, '开机后黑屏伴随蜂鸣，已重启无效');

      const work = await eventually(
        () => h.request('GET', `/api/v1/tickets/${id}/work`),
        (x) => x.body.rmas?.length === 1 && x.body.visits?.length === 1,
      );
      assert.deepEqual([work.body.rmas[0].rmaId, work.body.visits[0].visitId], [rmaId2, visitId]);
      const [audited] = await h.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE target_id = ANY($1) AND action IN ('rma.create', 'visit.create') AND actor = 'rule:field-work@v1'`,
        [[rmaId2, visitId]],
      );
      assert.equal(audited.n, 2);

      // the start retried (a worker lost after it started the RMA): the same RMA, nothing new
      const acts = createActivities({ dataSource: h.dataSource, endpoints: integrationEndpoints(h.config), temporal: h.api.ctx.temporal });
      const [claim] = await h.dataSource.query(`SELECT key FROM idempotency_keys WHERE scope = $1 AND resource_id = $2`, [
        `ticket:${id}`,
        rmaId2,
      ]);
      const again = await acts.startLinkedWork({
        kind: 'rma',
        actor: 'rule:field-work@v1',
        key: claim.key,
        at: rma.at,
        ticket: {
          ticketId: id,
          customerId: siteCustomer,
          orderId: r.orderId,
          assetId,
          sku: 'CH-500-A',
          description: r.symptoms,
          priority: 'P2',
        },
      });
      assert.deepEqual(again.started && [again.workId, again.replay], [rmaId2, true]);
      const [count] = await h.dataSource.query(`SELECT count(*)::int AS n FROM rmas WHERE ticket_id = $1`, [id]);
      assert.equal(count.n, 1);

      // the visit ends: the ticket hears how
      const cancelled = await h.request('POST', `/api/v1/visits/${visitId}/actions/cancel`, { reason: '客户已自行修好' });
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
      const closed = await eventually(
        () => events(id),
        (e) => e.some((x) => x.type === 'work.closed'),
      );
      const end = closed.find((x) => x.type === 'work.closed')!;
      assert.deepEqual([end.payload.kind, end.payload.visitId, end.payload.status], ['visit', visitId, 'cancelled']);
      await h.api.ctx.temporal.client.workflow.getHandle(flowWorkId('visit', visitId)).result();
      const [vrow] = await h.dataSource.query(`SELECT status, closed_at FROM visits WHERE visit_id = $1`, [visitId]);
      assert.ok(vrow.closed_at, 'the visit’s final state has its closing time');
      await h.request('POST', `/api/v1/rmas/${rmaId2}/actions/cancel`, { reason: 'test done' });
    });

    it('what the ticket lacks is said exactly, the group is told, and nothing is started', async () => {
      const id = await open({ customerId: bare, orderId: undefined });
      const rows = await eventually(
        () => events(id),
        (e) => e.filter((x) => x.type.startsWith('rule.create_')).length === 2,
        30_000,
      );
      const rma = rows.find((e) => e.type === 'rule.create_rma')!;
      const visit = rows.find((e) => e.type === 'rule.create_visit')!;
      assert.equal(rma.payload.status, 'not_started');
      assert.deepEqual(
        (rma.payload.missing as { field: string }[]).map((m) => m.field),
        ['orderId', 'pickup.address', 'pickup.contact'],
      );
      assert.equal(visit.payload.status, 'not_started');
      assert.deepEqual(
        (visit.payload.missing as { field: string }[]).map((m) => m.field),
        ['siteId'],
      );
      const told = await eventually(
        () =>
          h.dataSource.query(
            `SELECT recipient_id, body FROM inbox_messages WHERE ticket_id = $1 AND kind = 'escalated' ORDER BY recipient_id`,
            [id],
          ),
        (m) => m.length === 2,
      );
      assert.deepEqual(
        told.map((m: { recipient_id: string }) => m.recipient_id),
        ['field_lw', 'logistics'],
      );
      assert.match(told[1].body, /RMA not started — missing orderId/);
      assert.equal(rows.filter((e) => e.type === 'work.linked').length, 0);
      const [left] = await h.dataSource.query(
        `SELECT (SELECT count(*) FROM rmas WHERE ticket_id = $1)::int + (SELECT count(*) FROM visits WHERE ticket_id = $1)::int
           + (SELECT count(*) FROM idempotency_keys WHERE scope = 'ticket:' || $1)::int AS n`,
        [id],
      );
      assert.equal(left.n, 0, 'nothing half-made');
    });
  });
});

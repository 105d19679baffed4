import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { LOOKUP_LIMITS } from '../api/progress/lookup-throttle';
import { rmaBody } from './rma-fixtures';
import { eventually, Harness, seedTicket } from './support/harness';

/**
 * A customer follows their service request without an account: its number plus the last four
 * digits of their phone (or the order number), or by scanning the product's QR code. They see
 * milestones and steps in their words, never staff names, notes or other people's data.
 */
describe('customer progress (public)', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8).toUpperCase();
  const customerId = `CU-PG-${run}`;
  let ticketId: string;
  let orderId: string;
  let qrToken: string;

  const lookup = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${h.api.url}/api/v1/public/progress`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, headers: r.headers, body: (await r.json()) as any }));

  before(async () => {
    h = await Harness.start();
    const customer = await h.request('POST', '/api/v1/customers', {
      id: customerId,
      name: '王女士',
      type: 'person',
      phone: '139 0571 2468',
      contacts: [{ name: '王先生', phone: '021-68881357', role: '家属' }],
    });
    assert.equal(customer.status, 201, JSON.stringify(customer.body));
    const asset = await h.request('POST', '/api/v1/assets', {
      serialNo: `SNPG${run}`,
      model: 'KFR-35GW',
      sku: 'KFR35-220V',
      name: '挂式空调',
      customerId,
      warrantyEndsOn: '2028-06-30',
    });
    assert.equal(asset.status, 201, JSON.stringify(asset.body));
    qrToken = String(asset.body.qr.h5Path).split('/').pop()!;
    orderId = `JD-${run}`;
    const created = await h.request(
      'POST',
      '/api/v1/tickets',
      seedTicket({ customerId, orderId, assetId: asset.body.id, description: '空调不制冷，客户电话 13905712468' }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    ticketId = created.body.ticketId;
    await eventually(
      () => h.dataSource.query(`SELECT 1 FROM tickets WHERE ticket_id = $1`, [ticketId]),
      (r) => r.length === 1,
    );
  });
  after(async () => {
    await h?.stop();
  });

  it('the number and the last four digits of the phone show the milestones, and nothing internal', async () => {
    const res = await lookup({ number: ticketId, code: '2468' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.body.number, ticketId);
    assert.equal(res.body.milestones[0].key, 'received');
    assert.equal(res.body.milestones[0].state, 'current');
    assert.ok(res.body.next.by, 'first contact is promised by a time');
    const text = JSON.stringify(res.body);
    for (const secret of ['空调不制冷', '13905712468', '王女士', customerId, 'agent', 'P2']) assert.ok(!text.includes(secret), secret);
  });

  it('follows the work as it moves: assigned, being handled; a contact’s phone or the order number works too', async () => {
    const act = async (action: string, payload: Record<string, unknown> = {}) => {
      const r = await h.request('POST', `/api/v1/tickets/${ticketId}/actions/${action}`, payload);
      assert.equal(r.status, 200, JSON.stringify(r.body));
    };
    await act('assign', { assigneeId: 'agent_zhang', groupId: 'field_service' });
    await act('accept');
    const res = await eventually(
      () => lookup({ number: ticketId.toLowerCase(), code: '1357' }),
      (r) => r.body.status === 'in_progress',
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.milestones.map((m: { state: string }) => m.state),
      ['done', 'done', 'current', 'upcoming', 'upcoming'],
    );
    assert.deepEqual(
      res.body.steps.map((s: { label: { zh: string } }) => s.label.zh),
      ['您的服务请求已受理', '已安排专人为您服务', '专人已接单，开始处理'],
    );
    assert.ok(!JSON.stringify(res.body).includes('agent_zhang'));
    const byOrder = await lookup({ number: ticketId, code: orderId.toLowerCase() });
    assert.equal(byOrder.status, 200);
  });

  it('a wrong code and an unknown number get the same 404; bad input names the field', async () => {
    const wrong = await lookup({ number: ticketId, code: '0000' });
    const unknown = await lookup({ number: 'TK-20200101-ABCDEFGH', code: '2468' });
    assert.equal(wrong.status, 404);
    assert.equal(unknown.status, 404);
    assert.equal(wrong.body.detail, unknown.body.detail);
    const bad = await lookup({ number: 'hello', code: '' });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors.map((e: { field: string }) => e.field).sort(), ['code', 'number']);
  });

  it(`after ${LOOKUP_LIMITS.perNumber} wrong codes for a number, even the right one waits (429 with Retry-After)`, async () => {
    const other = await h.request('POST', '/api/v1/tickets', seedTicket({ customerId, orderId: `JD2-${run}` }));
    assert.equal(other.status, 201, JSON.stringify(other.body));
    const number = other.body.ticketId as string;
    await eventually(
      () => h.dataSource.query(`SELECT 1 FROM tickets WHERE ticket_id = $1`, [number]),
      (r) => r.length === 1,
    );
    for (let i = 0; i < LOOKUP_LIMITS.perNumber; i++) assert.equal((await lookup({ number, code: String(1000 + i) })).status, 404);
    const blocked = await lookup({ number, code: '2468' });
    assert.equal(blocked.status, 429, JSON.stringify(blocked.body));
    assert.equal(blocked.headers.get('retry-after'), String(LOOKUP_LIMITS.windowMinutes * 60));
    // Another number is not held up by this one's failures.
    assert.equal((await lookup({ number: ticketId, code: '2468' })).status, 200);
  });

  it('an RMA is followed the same way, by its number and the pickup phone or the order number', async () => {
    const opened = await h.request('POST', '/api/v1/rmas', rmaBody('refund', 30_000), { 'Idempotency-Key': `rma-pg-${run}` });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    const rmaId = opened.body.rmaId as string;
    // Looked up once it is on record: every failed look-up counts against the number.
    await eventually(
      () => h.dataSource.query(`SELECT 1 FROM rmas WHERE rma_id = $1`, [rmaId]),
      (r) => r.length === 1,
    );
    const res = await lookup({ number: rmaId, code: '5678' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.kind, 'rma');
    assert.equal(res.body.milestones[0].key, 'received');
    assert.equal(res.body.milestones[0].state, 'current');
    assert.equal(res.body.statusLabel.zh, '已受理，诊断中');
    const text = JSON.stringify(res.body);
    for (const secret of ['13912345678', '王女士', '张江路', 'CU-']) assert.ok(!text.includes(secret), secret);
    assert.equal((await lookup({ number: rmaId, code: opened.body.orderId })).status, 200);
    assert.equal((await lookup({ number: rmaId, code: '0000' })).status, 404);
  });

  it("scanning the product's QR code lists its service requests by number and stage only", async () => {
    const res = await fetch(`${h.api.url}/api/v1/public/assets/${qrToken}/work`);
    const body = (await res.json()) as any;
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(
      body.items.map((i: { number: string }) => i.number),
      [ticketId],
    );
    assert.deepEqual(Object.keys(body.items[0]).sort(), ['createdAt', 'kind', 'number', 'status', 'statusLabel', 'updatedAt']);
    assert.equal((await fetch(`${h.api.url}/api/v1/public/assets/not-a-token/work`)).status, 404);
  });
});

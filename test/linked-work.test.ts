import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { as, rmaBody, tokenWithRoles } from './rma-fixtures';
import { eventually, Harness, seedTicket } from './support/harness';

/** A ticket's and a customer's RMAs and visits, shown where agents look: the ticket and the customer 360. */
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
});

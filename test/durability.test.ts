import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Harness, seedTicket, type HttpResponse } from './support/harness';

/** What a careful integrator does on 503: retry the same request with the same Idempotency-Key. */
async function untilAnswered(send: () => Promise<HttpResponse>, attempts = 6): Promise<HttpResponse> {
  let res = await send();
  for (let i = 1; i < attempts && res.status === 503; i++) res = await send();
  return res;
}

describe('a ticket survives its worker being killed', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start({ worker: 'child' });
  });
  after(async () => {
    await h.stop();
  });

  it('carries on after kill -9 of the worker, with nothing lost or duplicated', async () => {
    const t = (await h.request('POST', '/api/v1/tickets', seedTicket({ priority: 'P1' }))).body;
    assert.equal(t.status, 'pending_assignment');
    const assigned = await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/assign`, { assigneeId: 'eng_wang' });
    assert.equal(assigned.status, 200);
    const accepted = await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/accept`, {});
    assert.equal(accepted.status, 200);

    // Crash the worker between two steps of the ticket's life.
    await h.killChildWorker();

    // An action sent while no worker runs waits in Temporal and is applied by the next worker.
    const resolve = () =>
      h.request(
        'POST',
        `/api/v1/tickets/${t.ticketId}/actions/resolve`,
        { resolution: '远程指导重置后恢复' },
        { 'Idempotency-Key': `resolve-${t.ticketId}` },
      );
    const pending = untilAnswered(resolve);
    await new Promise((r) => setTimeout(r, 500));
    await h.startChildWorker();
    const resolved = await pending;
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    assert.equal(resolved.body.status, 'pending_review', 'a P1 resolution is reviewed');

    // Crash again while an action is in flight: it is applied exactly once.
    const approve = () =>
      h.request(
        'POST',
        `/api/v1/tickets/${t.ticketId}/actions/resolve`,
        { resolution: '复核确认：远程指导重置后恢复' },
        { 'Idempotency-Key': `approve-${t.ticketId}` },
      );
    const approving = untilAnswered(approve);
    await h.killChildWorker();
    await h.startChildWorker();
    const approved = await approving;
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.status, 'resolved');

    const closed = await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/close`, {});
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.equal(closed.body.status, 'closed');

    const events = await h.request('GET', `/api/v1/tickets/${t.ticketId}/events`);
    assert.deepEqual(
      events.body.items.map((e: { seq: number; type: string }) => `${e.seq}:${e.type}`),
      [
        '1:ticket.created',
        '2:ticket.queued',
        '3:ticket.assign',
        '4:ticket.accept',
        '5:ticket.resolve',
        '6:ticket.resolve',
        '7:ticket.close',
      ],
    );
    const [row] = await h.dataSource.query(`SELECT status, last_seq, assignee_id FROM tickets WHERE ticket_id = $1`, [t.ticketId]);
    assert.deepEqual(row, { status: 'closed', last_seq: 7, assignee_id: 'eng_wang' });
  });
});

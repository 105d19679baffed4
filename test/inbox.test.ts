import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { createInboxActivities } from '../activities/inbox.activities';
import { issueToken } from '../api/auth/api-tokens';
import { ticketWorkflowId } from '../domain/ticket/ticket.schema';
import { workflowBundle } from '../temporal/worker';
import { eventually, Harness, seedTicket } from './support/harness';

interface Message {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  ticketId: string;
  recipient: string;
  readAt: string | null;
}

/**
 * The message centre end to end: the ticket workflow writes in-app messages at its notification
 * points, people read them over the API, each only their own.
 */
describe('in-app message centre', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8);
  const agentName = `agent_${run}`;
  const as: Record<string, Record<string, string>> = {};

  before(async () => {
    h = await Harness.start();
    for (const [who, roles] of [
      [agentName, ['agent']],
      [`other_${run}`, ['agent']],
      [`creator_${run}`, ['agent']],
      [`lead_${run}`, ['team_lead']],
      [`lead2_${run}`, ['team_lead']],
    ] as const) {
      const { token } = await issueToken(h.dataSource, { name: who, roles: [...roles], actor: 'test' });
      as[who] = { authorization: `Bearer ${token}` };
    }
  });
  after(async () => {
    await h.stop();
  });

  const inbox = async (who: string, qs = '') => {
    const res = await h.request('GET', `/api/v1/inbox${qs}`, undefined, as[who]);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { items: Message[]; nextCursor: string | null };
  };
  const unread = async (who: string) => (await h.request('GET', '/api/v1/inbox/unread-count', undefined, as[who])).body;
  const act = async (ticketId: string, action: string, body: Record<string, unknown> = {}) => {
    const res = await h.request('POST', `/api/v1/tickets/${ticketId}/actions/${action}`, body);
    assert.equal(res.status, 200, `${action}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const newTicket = async (overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const res = await h.request('POST', '/api/v1/tickets', seedTicket(overrides), headers);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.ticketId as string;
  };
  /** The messages of one ticket in a mailbox, once there are at least `n`. */
  const messagesOf = async (who: string, ticketId: string, n: number, qs = '') => {
    const page = await eventually(
      () => inbox(who, qs),
      (p) => p.items.filter((m) => m.ticketId === ticketId).length >= n,
    );
    return page.items.filter((m) => m.ticketId === ticketId);
  };

  let firstTicket = '';
  let firstMessage: Message;

  it("assigning a ticket puts one unread message in the assignee's inbox, exactly once", async () => {
    firstTicket = await newTicket();
    await act(firstTicket, 'assign', { assigneeId: agentName, groupId: 'senior_team' });
    const [message, ...more] = await messagesOf(agentName, firstTicket, 1);
    assert.deepEqual(more, []);
    firstMessage = message!;
    assert.equal(message!.kind, 'assigned');
    assert.equal(message!.recipient, agentName);
    assert.equal(message!.title, `新工单待接单：${firstTicket}`);
    assert.equal(message!.body, `工单 ${firstTicket}（P2，质量问题 / 功能异常 / 开机失败）已分配给您，请及时接单。`);
    assert.equal(message!.link, `/#/tickets/${firstTicket}`);
    assert.equal(message!.readAt, null);

    // A retried activity for the same event writes nothing more.
    const events = (await h.request('GET', `/api/v1/tickets/${firstTicket}/events`)).body.items as { seq: number; type: string }[];
    const seq = events.find((e) => e.type === 'ticket.assign')!.seq;
    const { deliverInboxMessage } = createInboxActivities({ dataSource: h.dataSource });
    const retry = await deliverInboxMessage({
      ticketId: firstTicket,
      seq,
      kind: 'assigned',
      recipients: [{ type: 'user', id: agentName }],
      vars: { priority: 'P2' },
    });
    assert.deepEqual(retry, { written: 0 });
    const rows = (await h.dataSource.query(`SELECT idempotency_key FROM inbox_messages WHERE ticket_id = $1`, [firstTicket])) as {
      idempotency_key: string;
    }[];
    assert.deepEqual(
      rows.map((r) => r.idempotency_key),
      [`${firstTicket}:${seq}:assigned:user:${agentName}`],
    );
  });

  it("a user cannot read or mark another user's messages; a team lead can look", async () => {
    const other = `other_${run}`;
    assert.ok(!(await inbox(other)).items.some((m) => m.id === firstMessage.id));
    const mark = await h.request('POST', `/api/v1/inbox/${firstMessage.id}/read`, undefined, as[other]);
    assert.equal(mark.status, 404);
    assert.equal((await h.request('GET', `/api/v1/inbox?recipient=${agentName}`, undefined, as[other])).status, 403);
    assert.equal((await h.request('GET', `/api/v1/inbox/unread-count?recipient=${agentName}`, undefined, as[other])).status, 403);
    assert.deepEqual(await unread(other), { unread: 0, byKind: {} });

    const looked = await inbox(`lead_${run}`, `?recipient=${agentName}`);
    assert.deepEqual(
      looked.items.map((m) => m.id),
      [firstMessage.id],
    );
    assert.equal(looked.items[0]!.readAt, null, "the lead's look does not mark it read");
  });

  it('read, unread-count, read-all and paging', async () => {
    assert.deepEqual(await unread(agentName), { unread: 1, byKind: { assigned: 1 } });
    const read = await h.request('POST', `/api/v1/inbox/${firstMessage.id}/read`, undefined, as[agentName]);
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.ok(read.body.readAt);
    const again = await h.request('POST', `/api/v1/inbox/${firstMessage.id}/read`, undefined, as[agentName]);
    assert.equal(again.body.readAt, read.body.readAt, 'marking again keeps the first read time');
    assert.deepEqual(await unread(agentName), { unread: 0, byKind: {} });
    assert.deepEqual((await inbox(agentName, '?unread=true')).items, []);

    const more = [await newTicket(), await newTicket()];
    for (const t of more) await act(t, 'assign', { assigneeId: agentName });
    for (const t of more) await messagesOf(agentName, t, 1);
    assert.deepEqual(await unread(agentName), { unread: 2, byKind: { assigned: 2 } });
    assert.deepEqual(
      (await inbox(agentName, '?unread=true')).items.map((m) => m.ticketId),
      [...more].reverse(),
    );

    const first = await inbox(agentName, '?limit=2');
    assert.equal(first.items.length, 2);
    assert.ok(first.nextCursor);
    const second = await inbox(agentName, `?limit=2&cursor=${first.nextCursor}`);
    assert.deepEqual(
      second.items.map((m) => m.id),
      [firstMessage.id],
    );
    assert.equal(second.nextCursor, null);

    const all = await h.request('POST', '/api/v1/inbox/read-all', {}, as[agentName]);
    assert.deepEqual(all.body, { marked: 2 });
    assert.deepEqual(await unread(agentName), { unread: 0, byKind: {} });
    assert.deepEqual((await h.request('POST', '/api/v1/inbox/read-all', {}, as[agentName])).body, { marked: 0 });
  });

  it('the ticket tells leads of escalation and pending approval, and its creator when it is resolved', async () => {
    const creator = `creator_${run}`;
    const [lead, lead2] = [`lead_${run}`, `lead2_${run}`];
    const ticketId = await newTicket({ priority: 'P1', channel: 'phone' }, as[creator]);
    await act(ticketId, 'assign', { assigneeId: agentName });
    await act(ticketId, 'accept');
    await act(ticketId, 'escalate', { level: 'L2', reason: '需要厂家技术支持' });
    await act(ticketId, 'accept');
    const review = await act(ticketId, 'resolve', { resolution: '更换主板后正常开机' });
    assert.equal(review.status, 'pending_review', 'P1 resolutions are reviewed');

    const leadMessages = await messagesOf(lead, ticketId, 2);
    const escalated = leadMessages.find((m) => m.kind === 'escalated')!;
    const approval = leadMessages.find((m) => m.kind === 'approval_waiting')!;
    assert.equal(escalated.recipient, 'group:team_lead');
    assert.match(escalated.body, /已升级（升级至 L2：需要厂家技术支持）/);
    assert.equal(approval.title, `工单待审核：${ticketId}`);

    // Group messages are read by each member on their own.
    await h.request('POST', `/api/v1/inbox/${approval.id}/read`, undefined, as[lead]);
    assert.ok((await messagesOf(lead2, ticketId, 2, '?unread=true')).some((m) => m.id === approval.id));
    const groupView = await inbox(lead, '?recipient=group:team_lead&limit=200');
    assert.ok(groupView.items.find((m) => m.id === approval.id)!.readAt, 'the group view shows it was read by someone');
    assert.equal((await messagesOf(lead, ticketId, 1, '?unread=true')).length, 1, 'lead still has the escalation unread');

    await act(ticketId, 'resolve', { resolution: '更换主板后正常开机' });
    const [done] = await messagesOf(creator, ticketId, 1, '?kind=task_done');
    assert.equal(done!.body, `您创建的工单 ${ticketId}（质量问题 / 功能异常 / 开机失败）已处理完成：更换主板后正常开机`);
    assert.equal(done!.recipient, creator);

    // This history, with its in-app messages behind the 'inbox-messages' patch, replays on the current code.
    await act(ticketId, 'close');
    const handle = h.api.ctx.temporal.client.workflow.getHandle(ticketWorkflowId(ticketId));
    await handle.result();
    const history = await handle.fetchHistory();
    const json = historyToJSON(history);
    const patches = (JSON.parse(json).events as { markerRecordedEventAttributes?: { details: any } }[]).flatMap((e) =>
      (e.markerRecordedEventAttributes?.details['patch-data']?.payloads ?? []).map(
        (p: { data: string }) => JSON.parse(Buffer.from(p.data, 'base64').toString()).id,
      ),
    );
    assert.ok(patches.includes('inbox-messages'), `the patch marker is recorded: ${patches.join(', ')}`);
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, handle.workflowId);
    if (process.env.FIXFLOW_RECORD_HISTORIES === '1') {
      fs.writeFileSync(new URL('./histories/ticket-inbox-messages-v3.json', import.meta.url), json);
    }
  });

  it('a ticket opened by a system (integrator or admin token) has no creator to tell', async () => {
    const { deliverInboxMessage } = createInboxActivities({ dataSource: h.dataSource });
    const ticketId = `TK-20260101-${run}`;
    await issueToken(h.dataSource, { name: `oms_${run}`, roles: ['integrator'], actor: 'test' });
    for (const creator of [`token:oms_${run}`, 'token:nobody', 'schedule:plan-1']) {
      const r = await deliverInboxMessage({
        ticketId,
        seq: 9,
        kind: 'task_done',
        recipients: [{ type: 'creator', id: creator }],
        vars: {},
      });
      assert.deepEqual(r, { written: 0 }, creator);
    }
    const person = await deliverInboxMessage({
      ticketId,
      seq: 9,
      kind: 'task_done',
      recipients: [{ type: 'creator', id: `token:creator_${run}` }],
      vars: {},
    });
    assert.deepEqual(person, { written: 1 });
  });
});

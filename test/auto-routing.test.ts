import assert from 'node:assert/strict';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createLogger } from '../core/logger';
import { ACCEPT_TIMEOUT_MINUTES } from '../domain/flow/default-ticket-flow';
import { ticketWorkflowId } from '../domain/ticket/ticket.schema';
import { ensureNamespace } from '../temporal/connection';
import { workflowBundle } from '../temporal/worker';
import { createTimeSkippingEnv } from '../temporal/time-skipping';
import { eventually, Harness, seedTicket, type HttpResponse } from './support/harness';

const MIN = 60_000;

/**
 * A queue whose group hands out its own work (`autoAssign`): tickets entering it are routed and
 * assigned by their workflow, at creation and again when they come back to the queue. Each run
 * uses a region of its own, so the groups here never match another test file's tickets.
 */
function routingFixture(h: () => Harness) {
  const run = randomUUID().slice(0, 8);
  const region = `测试区-${run}`;
  const groupId = `auto-${run}`;
  const agents = [`ag1-${run}`, `ag2-${run}`];
  const ok = (res: HttpResponse, status = 200) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };
  return {
    run,
    region,
    groupId,
    agents,
    ok,
    async setUp(autoAssign = true) {
      ok(
        await h().request('POST', '/api/v1/groups', {
          id: groupId,
          name: '自动派单测试组',
          requiredSkills: { productLine: 'ABC', region, issueType: '质量问题', minLevel: 1 },
          strategy: 'round_robin',
          autoAssign,
        }),
        201,
      );
      for (const id of agents) {
        ok(
          await h().request('POST', '/api/v1/agents', {
            id,
            name: id,
            groups: [groupId],
            skills: [{ productLine: 'ABC', region, issueType: '质量问题', level: 3 }],
            maxConcurrent: 10,
          }),
          201,
        );
      }
    },
    /** Leaves nothing that could route another file's tickets. */
    async tearDown() {
      await h()?.request('PATCH', `/api/v1/groups/${groupId}`, { autoAssign: false });
    },
    async createTicket(over: Record<string, unknown> = {}): Promise<string> {
      return ok(await h().request('POST', '/api/v1/tickets', seedTicket({ region, priority: 'P3', ...over })), 201).ticketId;
    },
    async ticket(id: string) {
      return ok(await h().request('GET', `/api/v1/tickets/${id}`));
    },
    async assignEvents(id: string) {
      const events = ok(await h().request('GET', `/api/v1/tickets/${id}/events`)).items as {
        type: string;
        actor: string;
        payload: Record<string, unknown>;
        toStatus: string;
      }[];
      return events.filter((e) => e.type === 'ticket.assign');
    },
  };
}

describe('automatic assignment in queues that hand out their own work', () => {
  let h: Harness;
  const f = routingFixture(() => h);

  before(async () => {
    h = await Harness.start();
    await f.setUp();
  });
  after(async () => {
    await f.tearDown();
    await h?.stop();
  });

  it('a new ticket is assigned by round robin through the assign action, and the decision is audited', async () => {
    const first = await f.createTicket();
    const second = await f.createTicket();
    const assigned = [];
    for (const id of [first, second]) {
      const t = await eventually(
        () => f.ticket(id),
        (t) => t.status === 'pending_acceptance',
      );
      assert.equal(t.status, 'pending_acceptance', JSON.stringify(t));
      assert.equal(t.groupId, f.groupId);
      // The ticket's state is read live; its events are projected a moment later.
      const [event] = await eventually(
        () => f.assignEvents(id),
        (e) => e.length >= 1,
      );
      assert.equal(event?.actor, 'routing:auto');
      assert.equal(event?.payload.assigneeId, t.assigneeId);
      assert.match(String(event?.payload.note), /round robin|轮询|round_robin/i);
      assigned.push(t.assigneeId);
    }
    assert.deepEqual([...assigned].sort(), [...f.agents].sort(), 'the two tickets went to the two agents in turn');
    const audits = await h.dataSource.query(
      `SELECT actor, details FROM audit_log WHERE action = 'routing.auto_decided' AND target_id = ANY($1) ORDER BY id`,
      [[first, second]],
    );
    assert.equal(audits.length, 2);
    assert.equal(audits[0].actor, 'routing:auto');
    assert.equal(audits[0].details.trigger, 'queued');
    assert.equal(audits[0].details.strategy, 'round_robin');
  });

  it('a disputed ticket goes back to the queue and on to someone else, never to the agent who disputed it', async () => {
    const id = await f.createTicket();
    const t = await eventually(
      () => f.ticket(id),
      (t) => t.status === 'pending_acceptance',
    );
    const disputer = t.assigneeId as string;
    f.ok(await h.request('POST', `/api/v1/tickets/${id}/actions/dispute`, { reason: '不是我负责的区域' }));
    const after = await eventually(
      () => f.ticket(id),
      (x) => x.status === 'pending_acceptance' && x.assigneeId !== disputer,
    );
    assert.equal(after.status, 'pending_acceptance', JSON.stringify(after));
    assert.notEqual(after.assigneeId, disputer);
    assert.ok(f.agents.includes(after.assigneeId));
    const events = await eventually(
      () => f.assignEvents(id),
      (e) => e.length >= 2,
    );
    assert.deepEqual(
      events.map((e) => e.actor),
      ['routing:auto', 'routing:auto'],
    );
    const [audit] = await h.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'routing.auto_decided' AND target_id = $1 ORDER BY id DESC LIMIT 1`,
      [id],
    );
    assert.equal(audit.details.trigger, 'requeued');
    const excluded = audit.details.candidates.find((c: { agentId: string }) => c.agentId === disputer);
    assert.deepEqual(excluded?.excluded, ['previous_assignee']);
  });

  it('a queue that leaves work for its agents keeps the ticket waiting, after routing has looked at it', async () => {
    f.ok(await h.request('PATCH', `/api/v1/groups/${f.groupId}`, { autoAssign: false }));
    try {
      const id = await f.createTicket();
      const handle = h.api.ctx.temporal.client.workflow.getHandle(ticketWorkflowId(id));
      // Wait until the routing activity has answered, then look: nobody was assigned.
      type HistoryEvent = NonNullable<Awaited<ReturnType<typeof handle.fetchHistory>>['events']>[number];
      const routingAnswered = (events: HistoryEvent[]) => {
        const asked = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'autoRouteTicket');
        return !!asked && events.some((e) => String(e.activityTaskCompletedEventAttributes?.scheduledEventId) === String(asked.eventId));
      };
      const history = await eventually(
        async () => (await handle.fetchHistory()).events ?? [],
        (events) => routingAnswered(events),
      );
      assert.ok(routingAnswered(history), 'routing was asked and answered');
      const t = await f.ticket(id);
      assert.equal(t.status, 'pending_assignment');
      assert.equal(t.assigneeId, null);
      assert.deepEqual(await f.assignEvents(id), []);
    } finally {
      f.ok(await h.request('PATCH', `/api/v1/groups/${f.groupId}`, { autoAssign: true }));
    }
  });

  it('a ticket routed twice replays on the current code (and is recorded for the replay test)', async () => {
    const id = await f.createTicket();
    const act = async (action: string, body: Record<string, unknown> = {}) =>
      f.ok(await h.request('POST', `/api/v1/tickets/${id}/actions/${action}`, body));
    const first = await eventually(
      () => f.ticket(id),
      (t) => t.status === 'pending_acceptance',
    );
    await act('dispute', { reason: '不在我的技能范围' });
    await eventually(
      () => f.ticket(id),
      (t) => t.status === 'pending_acceptance' && t.assigneeId !== first.assigneeId,
    );
    await act('accept');
    await act('resolve', { resolution: '远程指导复位后正常开机' });
    await act('close');
    const handle = h.api.ctx.temporal.client.workflow.getHandle(ticketWorkflowId(id));
    await handle.result();
    const json = historyToJSON(await handle.fetchHistory());
    const events = JSON.parse(json).events as {
      markerRecordedEventAttributes?: { details: any };
      activityTaskScheduledEventAttributes?: { activityType?: { name?: string } };
    }[];
    const patches = events.flatMap((e) =>
      (e.markerRecordedEventAttributes?.details['patch-data']?.payloads ?? []).map(
        (p: { data: string }) => JSON.parse(Buffer.from(p.data, 'base64').toString()).id,
      ),
    );
    assert.ok(patches.includes('auto-routing'), `the patch marker is recorded: ${patches.join(', ')}`);
    assert.equal(events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'autoRouteTicket').length, 2);
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, await handle.fetchHistory(), handle.workflowId);
    if (process.env.FIXFLOW_RECORD_HISTORIES === '1') {
      fs.writeFileSync(new URL('./histories/ticket-auto-routing-v5.json', import.meta.url), json);
    }
  });

  it('refuses a group whose autoAssign is not a boolean, naming the field', async () => {
    const res = await h.request('PATCH', `/api/v1/groups/${f.groupId}`, { autoAssign: 'yes' });
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.ok(res.body.errors.some((e: { field: string }) => e.field === 'autoAssign'));
    const group = f.ok(await h.request('GET', `/api/v1/groups/${f.groupId}`));
    assert.equal(group.autoAssign, true);
  });
});

describe('re-routing after a missed acceptance, on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let h: Harness;
  const f = routingFixture(() => h);

  before(async () => {
    env = await createTimeSkippingEnv();
    await ensureNamespace(env.connection, 'default', createLogger('auto-routing-test', 'warn'));
    h = await Harness.start({ temporal: { address: env.address, namespace: 'default' } });
    await f.setUp();
  });
  after(async () => {
    await f.tearDown();
    await h?.stop();
    await env?.teardown();
  });

  it(
    `a ticket not accepted within ${ACCEPT_TIMEOUT_MINUTES} minutes is taken from its assignee and routed to another`,
    { timeout: 120_000 },
    async () => {
      const id = await f.createTicket();
      const first = await eventually(
        () => f.ticket(id),
        (t) => t.status === 'pending_acceptance',
      );
      assert.equal(first.status, 'pending_acceptance', JSON.stringify(first));
      await env.sleep((ACCEPT_TIMEOUT_MINUTES + 1) * MIN);
      const rerouted = await eventually(
        () => f.ticket(id),
        (t) => t.status === 'pending_acceptance' && t.assigneeId !== first.assigneeId,
      );
      assert.equal(rerouted.status, 'pending_acceptance', JSON.stringify(rerouted));
      assert.notEqual(rerouted.assigneeId, first.assigneeId);
      const routed = async () =>
        ((await h.request('GET', `/api/v1/tickets/${id}/events`)).body.items as { type: string; actor: string }[])
          .filter((e) => ['ticket.assign', 'ticket.timeout'].includes(e.type))
          .map((e) => `${e.type} ${e.actor}`);
      assert.deepEqual(await eventually(routed, (r) => r.length >= 3), [
        'ticket.assign routing:auto',
        'ticket.timeout system',
        'ticket.assign routing:auto',
      ]);
    },
  );
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { hashPassword } from '../api/auth/passwords';
import { newTicketId } from '../api/tickets/ticket-gateway';
import { eventually, Harness, seedTicket, type HttpResponse } from './support/harness';

/**
 * The agent workbench API (issue 8 item 2) against real PostgreSQL and Temporal: queues resolved
 * against the caller for two agents on a hand-made set of projection rows (exact deadlines, pauses
 * and escalations), their counts, search, SLA sort, saved filters and who owns them, bulk actions on
 * live tickets with some refused, and the live stream hearing a change over LISTEN/NOTIFY.
 */

/** A signed-in person: keeps the session cookies and sends the CSRF header on unsafe requests. */
class Person {
  readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  header(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ') } : {};
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResponse> {
    const h: Record<string, string> = { ...this.header(), ...headers };
    if (method !== 'GET') h['x-csrf-token'] = this.cookies.get('fixflow_csrf') ?? '';
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(this.base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), decodeURIComponent(pair.slice(eq + 1)));
    }
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }
}

/** Reads a text/event-stream into parsed events as they arrive. */
function readEvents(res: Response) {
  const events: { id?: string; event?: string; data?: any }[] = [];
  const comments: string[] = [];
  const done = (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const e: { id?: string; event?: string; data?: any } = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line);
            else if (line.startsWith('id: ')) e.id = line.slice(4);
            else if (line.startsWith('event: ')) e.event = line.slice(7);
            else if (line.startsWith('data: ')) e.data = JSON.parse(line.slice(6));
          }
          if (e.event) events.push(e);
        }
      }
    } catch {
      /* aborted by the test */
    }
  })();
  return { events, comments, done };
}

const MIN = 60_000;

describe('agent workbench API: queues, search, saved filters, bulk actions, live stream', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8);
  const region = `wb-${run}`;
  const G1 = `g1-${run}`;
  const G2 = `g2-${run}`;
  const agentA = `wa-${run}`;
  const agentB = `wb-${run}`;
  let alice: Person;
  let bob: Person;
  /** hand-made tickets by role in the set */
  const T: Record<string, string> = {};

  async function handMade(
    key: string,
    o: {
      status: string;
      assignee: string | null;
      group: string | null;
      frtDue?: Date | null;
      ttrDue?: Date | null;
      paused?: boolean;
      escalationLevel?: string;
      description?: string;
      customerId?: string;
    },
  ) {
    const ticketId = newTicketId();
    T[key] = ticketId;
    const now = new Date();
    const metric = (due: Date | null | undefined) => ({
      state: o.paused ? 'paused' : due ? 'running' : 'stopped',
      dueAt: due?.toISOString() ?? null,
      pauseReason: o.paused ? 'waiting_customer' : null,
      pausedSince: o.paused ? now.toISOString() : null,
      remainingMs: due ? due.getTime() - now.getTime() : 0,
      targetMinutes: 240,
      warnedAt: null,
      breachedAt: null,
      metAt: null,
    });
    const data = {
      ticketId,
      status: o.status,
      priority: 'P3',
      channel: 'phone',
      customerId: o.customerId ?? `c-${key}-${run}`,
      region,
      assigneeId: o.assignee,
      groupId: o.group,
      description: o.description ?? `hand-made ${key}`,
      escalationLevel: o.escalationLevel ?? 'L1',
      tags: [],
      sla: {
        frt: metric(o.frtDue),
        ttr: metric(o.ttrDue),
        frtDueAt: o.frtDue?.toISOString() ?? null,
        ttrDueAt: o.ttrDue?.toISOString() ?? null,
        breached: false,
        escalationLevel: 0,
      },
      seq: 1,
    };
    await h.dataSource.query(
      `INSERT INTO tickets (ticket_id, workflow_id, status, priority, channel, customer_id, region, assignee_id, group_id, description,
         frt_due_at, ttr_due_at, created_by, created_at, updated_at, last_seq, data)
       VALUES ($1, $2, $3, 'P3', 'phone', $4, $5, $6, $7, $8, $9, $10, 'test', $11, $11, 1, $12)`,
      [
        ticketId,
        `ticket-${ticketId}`,
        o.status,
        data.customerId,
        region,
        o.assignee,
        o.group,
        data.description,
        o.frtDue ?? null,
        o.ttrDue ?? null,
        // distinct creation instants so "newest first" is deterministic
        new Date(now.getTime() - Object.keys(T).length * 1000),
        JSON.stringify(data),
      ],
    );
  }

  async function signIn(username: string, agentId: string, groups: string[]): Promise<Person> {
    await h.dataSource.query(
      `INSERT INTO agents (id, name, groups, max_concurrent, calendar, created_by, updated_by) VALUES ($1, $1, $2, 10, $3, 'test', 'test')`,
      [agentId, groups, JSON.stringify({ weekdays: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' })],
    );
    await h.dataSource.query(
      `INSERT INTO users (username, display_name, roles, agent_id, password_hash, must_change_password, created_by, updated_by)
       VALUES ($1, $1, '{agent}', $2, $3, false, 'test', 'test')`,
      [username, agentId, await hashPassword('Workbench-Pass-1', 4)],
    );
    const p = new Person(h.api.url);
    const res = await p.call('POST', '/api/v1/auth/sign-in', { username, password: 'Workbench-Pass-1' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.agentId, agentId);
    return p;
  }

  before(async () => {
    h = await Harness.start();
    alice = await signIn(`alice-${run}`, agentA, [G1]);
    bob = await signIn(`bob-${run}`, agentB, [G2]);
    const at = (minutes: number) => new Date(Date.now() + minutes * MIN);
    await handMade('aWorking', {
      status: 'in_progress',
      assignee: agentA,
      group: G1,
      ttrDue: at(600),
      description: `needle-${run} 显示屏闪烁`,
    });
    await handMade('bSoon', { status: 'in_progress', assignee: agentB, group: G2, ttrDue: at(30) });
    await handMade('g1Open', { status: 'pending_assignment', assignee: null, group: G1, frtDue: at(300), ttrDue: at(900) });
    await handMade('g2Overdue', { status: 'pending_assignment', assignee: null, group: G2, frtDue: at(-10), ttrDue: at(700) });
    await handMade('aPaused', { status: 'pending_customer', assignee: agentA, group: G1, paused: true });
    await handMade('bEscalated', {
      status: 'escalated',
      assignee: agentB,
      group: G2,
      ttrDue: at(180),
      escalationLevel: 'L2',
      customerId: `cust-findme-${run}`,
    });
    await handMade('aClosed', { status: 'closed', assignee: agentA, group: G1 });
    await handMade('bResolved', { status: 'resolved', assignee: agentB, group: G2, frtDue: at(5) });
  });

  after(async () => {
    await h.stop();
  });

  const ids = (res: HttpResponse) => (res.body.items as { ticketId: string }[]).map((t) => t.ticketId).sort();
  const names = (...keys: string[]) => keys.map((k) => T[k]!).sort();

  it('resolves each queue against the caller: exactly the right tickets for two agents', async () => {
    const expected: Record<string, { alice: string[]; bob: string[] }> = {
      mine: { alice: names('aWorking', 'aPaused'), bob: names('bSoon', 'bEscalated') },
      my_groups: { alice: names('aWorking', 'g1Open', 'aPaused'), bob: names('bSoon', 'g2Overdue', 'bEscalated') },
      unassigned: { alice: names('g1Open', 'g2Overdue'), bob: names('g1Open', 'g2Overdue') },
      breaching_soon: { alice: names('bSoon', 'g2Overdue'), bob: names('bSoon', 'g2Overdue') },
      on_hold: { alice: names('aPaused'), bob: names('aPaused') },
      escalated: { alice: names('bEscalated'), bob: names('bEscalated') },
    };
    for (const [queue, want] of Object.entries(expected)) {
      for (const [who, person] of [
        ['alice', alice],
        ['bob', bob],
      ] as const) {
        const res = await person.call('GET', `/api/v1/tickets?region=${region}&queue=${queue}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.deepEqual(ids(res), want[who], `${queue} for ${who}`);
      }
    }
    // A wider threshold takes in the ticket due in 3 h.
    const wide = await alice.call('GET', `/api/v1/tickets?region=${region}&queue=breaching_soon&breachingWithinMinutes=240`);
    assert.deepEqual(ids(wide), names('bSoon', 'g2Overdue', 'bEscalated'));
    // An API token is no agent: "mine" is empty for it, never everyone's.
    const token = await h.request('GET', `/api/v1/tickets?region=${region}&queue=mine`);
    assert.deepEqual(token.body.items, []);
    const bad = await alice.call('GET', `/api/v1/tickets?queue=everything`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].field, 'query.queue');
  });

  it('counts each queue for the caller, within the list filters', async () => {
    const a = await alice.call('GET', `/api/v1/tickets/queues?region=${region}`);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.deepEqual(a.body.counts, { mine: 2, my_groups: 3, unassigned: 2, breaching_soon: 2, on_hold: 1, escalated: 1 });
    assert.equal(a.body.agentId, agentA);
    assert.deepEqual(a.body.groups, [G1]);
    const b = await bob.call('GET', `/api/v1/tickets/queues?region=${region}&breachingWithinMinutes=240`);
    assert.deepEqual(b.body.counts, { mine: 2, my_groups: 3, unassigned: 2, breaching_soon: 3, on_hold: 1, escalated: 1 });
  });

  it('searches number, description and customer, and sorts by SLA remaining', async () => {
    const byNumber = await alice.call('GET', `/api/v1/tickets?region=${region}&q=${T.g1Open!.slice(-8)}`);
    assert.deepEqual(ids(byNumber), names('g1Open'));
    const byText = await alice.call('GET', `/api/v1/tickets?region=${region}&q=needle-${run}`);
    assert.deepEqual(ids(byText), names('aWorking'));
    const byCustomer = await alice.call('GET', `/api/v1/tickets?region=${region}&q=findme-${run}`);
    assert.deepEqual(ids(byCustomer), names('bEscalated'));

    const first = await alice.call('GET', `/api/v1/tickets?region=${region}&sort=sla&limit=3`);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const order = (first.body.items as { ticketId: string }[]).map((t) => t.ticketId);
    assert.deepEqual(order, [T.g2Overdue, T.bResolved, T.bSoon]);
    const second = await alice.call('GET', `/api/v1/tickets?region=${region}&sort=sla&limit=3&cursor=${first.body.nextCursor}`);
    assert.deepEqual(
      (second.body.items as { ticketId: string }[]).map((t) => t.ticketId),
      [T.bEscalated, T.g1Open, T.aWorking],
    );
    const open = await alice.call('GET', `/api/v1/tickets?region=${region}&sort=sla&queue=my_groups`);
    assert.deepEqual(
      (open.body.items as { ticketId: string }[]).map((t) => t.ticketId),
      // the paused ticket has no running deadline: last
      [T.g1Open, T.aWorking, T.aPaused],
    );
  });

  it("keeps saved filters per person: CRUD for the owner, 404 for anyone else's", async () => {
    const created = await alice.call('POST', '/api/v1/saved-filters', {
      name: '我的超时单',
      query: { queue: 'breaching_soon', sort: 'sla', region },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    const dup = await alice.call('POST', '/api/v1/saved-filters', { name: '我的超时单', query: { queue: 'mine' } });
    assert.equal(dup.status, 409);
    const invalid = await alice.call('POST', '/api/v1/saved-filters', { name: 'bad', query: { queue: 'all', priority: 'P9' } });
    assert.equal(invalid.status, 422);
    assert.deepEqual(invalid.body.errors.map((e: { field: string }) => e.field).sort(), ['query.priority', 'query.queue']);

    assert.deepEqual(
      (await alice.call('GET', '/api/v1/saved-filters')).body.items.map((f: { name: string }) => f.name),
      ['我的超时单'],
    );
    assert.deepEqual((await bob.call('GET', '/api/v1/saved-filters')).body.items, []);
    assert.equal((await bob.call('GET', `/api/v1/saved-filters/${id}`)).status, 404);
    assert.equal((await bob.call('PATCH', `/api/v1/saved-filters/${id}`, { name: 'mine now' })).status, 404);
    assert.equal((await bob.call('DELETE', `/api/v1/saved-filters/${id}`)).status, 404);
    // Bob may use the same name for a filter of his own.
    assert.equal((await bob.call('POST', '/api/v1/saved-filters', { name: '我的超时单', query: { queue: 'mine' } })).status, 201);

    const stale = await alice.call('PATCH', `/api/v1/saved-filters/${id}`, { name: 'x' }, { 'if-match': '"7"' });
    assert.equal(stale.status, 412);
    const renamed = await alice.call(
      'PATCH',
      `/api/v1/saved-filters/${id}`,
      { name: '快超时', query: { queue: 'breaching_soon' } },
      { 'if-match': '"1"' },
    );
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.version, 2);
    assert.deepEqual(renamed.body.query, { queue: 'breaching_soon' });
    // The saved query opens the list as it was saved.
    const opened = await alice.call('GET', `/api/v1/tickets?${new URLSearchParams({ ...renamed.body.query, region })}`);
    assert.deepEqual(ids(opened), names('bSoon', 'g2Overdue'));

    assert.equal((await alice.call('DELETE', `/api/v1/saved-filters/${id}`)).status, 204);
    assert.equal((await alice.call('GET', `/api/v1/saved-filters/${id}`)).status, 404);
    const audited = (await h.dataSource.query(
      `SELECT action, actor FROM audit_log WHERE target_type = 'saved_filter' AND target_id = $1 ORDER BY id`,
      [id],
    )) as { action: string; actor: string }[];
    assert.deepEqual(
      audited.map((a) => a.action),
      ['saved_filter.created', 'saved_filter.updated', 'saved_filter.deleted'],
    );
    assert.equal(audited[0]!.actor, `user:alice-${run}`);
  });

  it('applies one action to many tickets, each a workflow update, with a result per ticket', async () => {
    const live: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await h.request('POST', '/api/v1/tickets', seedTicket({ region: `${region}-live` }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      live.push(res.body.ticketId);
    }
    const assigned = await alice.call('POST', `/api/v1/tickets/${live[0]}/actions/assign`, { assigneeId: agentA, groupId: G1 });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));

    const badPayload = await alice.call('POST', '/api/v1/tickets/bulk-actions', {
      ticketIds: live,
      action: 'change-priority',
      payload: { priority: 'P9' },
    });
    assert.equal(badPayload.status, 422);
    assert.deepEqual(badPayload.body.errors.map((e: { field: string }) => e.field).sort(), ['payload.priority', 'payload.reason']);
    const tooMany = await alice.call('POST', '/api/v1/tickets/bulk-actions', {
      ticketIds: Array.from({ length: 201 }, () => newTicketId()),
      action: 'close',
    });
    assert.equal(tooMany.status, 422);

    // accept: allowed only where the ticket waits for acceptance
    const accept = await alice.call('POST', '/api/v1/tickets/bulk-actions', {
      ticketIds: [live[0], live[1]],
      action: 'accept',
      payload: {},
    });
    assert.equal(accept.status, 200, JSON.stringify(accept.body));
    assert.deepEqual(
      accept.body.results.map((r: { outcome: string }) => r.outcome),
      ['done', 'refused'],
    );
    assert.equal(accept.body.results[0].status, 'in_progress');
    assert.equal(accept.body.results[1].httpStatus, 409);
    assert.ok(accept.body.results[1].detail.length > 0);

    const unknown = newTicketId();
    const prio = await alice.call(
      'POST',
      '/api/v1/tickets/bulk-actions',
      { ticketIds: [...live, T.aClosed, unknown], action: 'change-priority', payload: { priority: 'P1', reason: '批量升级' } },
      { 'idempotency-key': `bulk-${run}` },
    );
    assert.equal(prio.status, 200, JSON.stringify(prio.body));
    const byId = new Map(prio.body.results.map((r: { ticketId: string }) => [r.ticketId, r]));
    for (const id of live) assert.equal((byId.get(id) as { outcome: string }).outcome, 'done', id);
    // a ticket whose workflow is gone: refused with why (it has ended), not "done"
    assert.deepEqual((({ outcome, httpStatus, code }) => ({ outcome, httpStatus, code }))(byId.get(T.aClosed) as any), {
      outcome: 'refused',
      httpStatus: 409,
      code: 'ticket_closed',
    });
    assert.equal((byId.get(unknown) as { httpStatus: number }).httpStatus, 404);
    assert.equal(prio.body.done, 3);
    assert.equal(prio.body.refused, 2);
    // a retry with the same key applies nothing twice
    const retry = await alice.call(
      'POST',
      '/api/v1/tickets/bulk-actions',
      { ticketIds: [...live, T.aClosed, unknown], action: 'change-priority', payload: { priority: 'P1', reason: '批量升级' } },
      { 'idempotency-key': `bulk-${run}` },
    );
    assert.equal(retry.body.done, 3);
    for (const id of live) {
      const events = await eventually(
        () => h.request('GET', `/api/v1/tickets/${id}/events`),
        (r) => (r.body.items ?? r.body).some((e: { type: string }) => /priority/.test(e.type)),
      );
      const list = (events.body.items ?? events.body) as { type: string; actor: string }[];
      const changes = list.filter((e) => /priority/.test(e.type));
      assert.equal(changes.length, 1, `${id}: one priority change for two identical bulk requests`);
      assert.equal(changes[0]!.actor, `user:alice-${run}`);
    }
    const [row] = (await h.dataSource.query(`SELECT details FROM audit_log WHERE action = 'tickets.bulk_action' AND target_id = $1`, [
      prio.body.bulkId,
    ])) as { details: { done: number; refused: number; results: unknown[] } }[];
    assert.equal(row!.details.done, 3);
    assert.equal(row!.details.results.length, 5);
  });

  it('streams ticket changes over SSE as the projection records them, and replays after Last-Event-ID', async () => {
    const created = await h.request(
      'POST',
      '/api/v1/tickets',
      seedTicket({ region: `${region}-sse`, description: '客户电话 13812345678 无法开机' }),
    );
    assert.equal(created.status, 201);
    const ticketId = created.body.ticketId as string;
    await eventually(
      () => h.request('GET', `/api/v1/tickets?region=${region}-sse`),
      (r) => r.body.items.length === 1,
    );

    const notSse = await alice.call('GET', '/api/v1/stream/tickets');
    assert.equal(notSse.status, 406);
    const anonymous = await fetch(`${h.api.url}/api/v1/stream/tickets`, { headers: { accept: 'text/event-stream' } });
    assert.equal(anonymous.status, 401);
    await anonymous.text();

    const abort = new AbortController();
    const res = await fetch(`${h.api.url}/api/v1/stream/tickets`, {
      headers: { ...alice.header(), accept: 'text/event-stream' },
      signal: abort.signal,
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const stream = readEvents(res);
    try {
      const noted = await alice.call('POST', `/api/v1/tickets/${ticketId}/actions/add-note`, { text: 'stream me' });
      assert.equal(noted.status, 200, JSON.stringify(noted.body));
      await eventually(
        async () => stream.events.filter((e) => e.data?.ticketId === ticketId && e.data.seq === noted.body.seq),
        (found) => found.length > 0,
      );
      const event = stream.events.find((e) => e.data?.ticketId === ticketId && e.data.seq === noted.body.seq)!;
      assert.equal(event.event, 'ticket');
      assert.match(event.id ?? '', /^\d+$/);
      assert.equal(event.data.ticket.notes.at(-1).text, 'stream me');
      // masked exactly as the list masks it for the same person
      const listed = await alice.call('GET', `/api/v1/tickets?region=${region}-sse`);
      assert.equal(event.data.ticket.description, listed.body.items[0].description);
      assert.doesNotMatch(JSON.stringify(event.data), /13812345678/);

      // A reconnect that missed a change gets the ticket as it now stands.
      const lastSeen = event.id!;
      const more = await alice.call('POST', `/api/v1/tickets/${ticketId}/actions/add-note`, { text: 'while away' });
      assert.equal(more.status, 200);
      await eventually(
        async () => stream.events.some((e) => e.data?.seq === more.body.seq),
        (ok) => ok,
      );
      const abort2 = new AbortController();
      const again = await fetch(`${h.api.url}/api/v1/stream/tickets?ticketId=${ticketId}`, {
        headers: { ...alice.header(), accept: 'text/event-stream', 'last-event-id': lastSeen },
        signal: abort2.signal,
      });
      const replay = readEvents(again);
      const replayed = await eventually(
        async () => replay.events,
        (evs) => evs.length > 0,
      );
      abort2.abort();
      await replay.done;
      assert.equal(replayed[0]!.data.ticketId, ticketId);
      assert.equal(replayed[0]!.data.seq, more.body.seq);
      assert.equal(replayed[0]!.data.ticket.notes.at(-1).text, 'while away');
    } finally {
      abort.abort();
      await stream.done;
    }
  });
});

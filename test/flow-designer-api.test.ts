import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { issueToken } from '../api/auth/api-tokens';
import { newTicketId } from '../api/tickets/ticket-gateway';
import { createTicketSchema, ticketWorkflowId, type TicketInput } from '../domain/ticket/ticket.schema';
import { intakeUpdate, TicketWorkflow } from '../workflows/ticket/ticket.workflow';
import { eventually, Harness, seedTicket } from './support/harness';

/** The designer's server side (issue 7): drafts with revisions, publish with a message, roll-back, diff, usage, back-test, migrations. */
describe('flow designer API', () => {
  let h: Harness;
  let base: any;
  const key = `ticket-fd-${randomUUID().slice(0, 8)}`;
  const flowOf = (overrides: Record<string, unknown> = {}) => ({ ...structuredClone(base), key, name: '设计器测试流程', ...overrides });
  const url = (suffix = '') => `/api/v1/flows/${key}${suffix}`;
  const etag = (r: { headers: Headers }) => r.headers.get('etag')!;
  /** the ticket moved from v4 to v3 */
  let inQueue = '';

  /** Opens a ticket on this test's flow, the way intake does (update-with-start). */
  const open = async () => {
    const ticketId = newTicketId();
    const ticket = createTicketSchema.parse(seedTicket()) as TicketInput;
    await h.api.ctx.temporal.client.workflow.executeUpdateWithStart(intakeUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation(TicketWorkflow, {
        workflowId: ticketWorkflowId(ticketId),
        taskQueue: h.taskQueue,
        args: [{ ticketId, ticket, createdBy: 'token:test', createdAt: new Date().toISOString(), flowKey: key }],
        workflowIdConflictPolicy: 'FAIL',
      }),
    });
    return ticketId;
  };
  const act = async (id: string, action: string, payload: Record<string, unknown> = {}) => {
    const r = await h.request('POST', `/api/v1/tickets/${id}/actions/${action}`, payload);
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
    return r.body;
  };

  before(async () => {
    h = await Harness.start({ worker: 'in-process' });
    base = (await h.request('GET', '/api/v1/flows/ticket-default/versions/1')).body.definition;
  });
  after(async () => {
    await h.stop();
  });

  it('guards the draft with its revision: ETag on read and save, 428 without If-Match, 412 draft_conflict when stale', async () => {
    const created = await h.request('PUT', url('/draft'), flowOf());
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.created, true);
    assert.equal(typeof created.body.revision, 'number');
    assert.equal(etag(created), `"${created.body.revision}"`);
    const rev1 = created.body.revision as number;

    const read = await h.request('GET', url('/draft'));
    assert.equal(read.status, 200);
    assert.equal(etag(read), `"${rev1}"`);
    assert.deepEqual(read.body.problems, []);

    const blind = await h.request('PUT', url('/draft'), flowOf({ name: '改名' }));
    assert.equal(blind.status, 428);
    assert.equal(blind.body.errors[0].field, 'header.If-Match');

    const saved = await h.request('PUT', url('/draft'), flowOf({ name: '改名' }), { 'If-Match': `"${rev1}"` });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.created, false);
    assert.ok(saved.body.revision > rev1, 'each save takes a new revision');
    assert.equal(etag(saved), `"${saved.body.revision}"`);
    const rev2 = saved.body.revision as number;

    // the second admin saves what they read before the first admin's save
    const stale = await h.request('PUT', url('/draft'), flowOf({ name: '另一个名字' }), { 'If-Match': `"${rev1}"` });
    assert.equal(stale.status, 412);
    assert.equal(stale.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal(stale.body.code, 'draft_conflict');
    assert.equal(stale.body.currentRevision, rev2);
    assert.match(stale.body.savedBy, /^token:test-admin-/);
    assert.equal(stale.body.errors[0].field, 'header.If-Match');
    assert.equal((await h.request('GET', url('/draft'))).body.name, '改名', 'the stale save changed nothing');

    const notNew = await h.request('PUT', url('/draft'), flowOf(), { 'If-None-Match': '*' });
    assert.equal(notNew.status, 412);
    assert.equal(notNew.body.code, 'draft_conflict');

    const otherKind = await h.request('PUT', url('/draft'), flowOf({ kind: 'rma' }), { 'If-Match': `"${rev2}"` });
    assert.equal(otherKind.status, 422);
    assert.equal(otherKind.body.errors[0].field, 'kind');

    const audit = (await h.dataSource.query(`SELECT action, details FROM audit_log WHERE target_id = $1 ORDER BY id`, [`${key}@1`])) as {
      action: string;
      details: { revision: number };
    }[];
    assert.deepEqual(
      audit.map((a) => [a.action, a.details.revision]),
      [
        ['flow.draft_created', rev1],
        ['flow.draft_saved', rev2],
      ],
    );
  });

  it('discards a draft only with its revision; a save against a discarded draft is a conflict', async () => {
    const current = await h.request('GET', url('/draft'));
    assert.equal((await h.request('DELETE', url('/draft'))).status, 428);
    assert.equal((await h.request('DELETE', url('/draft'), undefined, { 'If-Match': '"1"' })).status, 412);
    const gone = await h.request('DELETE', url('/draft'), undefined, { 'If-Match': etag(current) });
    assert.equal(gone.status, 204);
    assert.equal((await h.request('GET', url('/draft'))).status, 404);

    const late = await h.request('PUT', url('/draft'), flowOf(), { 'If-Match': etag(current) });
    assert.equal(late.status, 412);
    assert.equal(late.body.code, 'draft_conflict');
    assert.equal(late.body.currentRevision, null);

    const again = await h.request('PUT', url('/draft'), flowOf(), { 'If-None-Match': '*' });
    assert.equal(again.status, 200);
    assert.ok(again.body.revision > current.body.revision, 'a revision number is never reused');
  });

  it('publishes only with a message and only when valid; only admins publish; the message is immutable', async () => {
    const draft = await h.request('GET', url('/draft'));
    const noMessage = await h.request('POST', url('/publish'), {});
    assert.equal(noMessage.status, 422);
    assert.equal(noMessage.body.errors[0].field, 'message');
    const long = await h.request('POST', url('/publish'), { message: 'x'.repeat(501) });
    assert.equal(long.status, 422);
    assert.equal(long.body.errors[0].field, 'message');

    const broken = flowOf({ edges: base.edges.filter((e: { id: string }) => e.id !== 'e_close' && e.id !== 'e_auto_close') });
    const savedBroken = await h.request('PUT', url('/draft'), broken, { 'If-Match': etag(draft) });
    assert.equal(savedBroken.status, 200);
    assert.ok(savedBroken.body.problems.length > 0);
    const refused = await h.request('POST', url('/publish'), { message: '坏的' });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'invalid_flow');
    assert.ok(refused.body.errors.length > 0 && refused.body.errors.every((e: { field: string }) => typeof e.field === 'string'));

    const fixed = await h.request('PUT', url('/draft'), flowOf(), { 'If-Match': etag(savedBroken) });
    const lead = (await issueToken(h.dataSource, { name: `lead-${randomUUID()}`, roles: ['team_lead'], actor: 'test' })).token;
    const asLead = await h.request('POST', url('/publish'), { message: '组长发布' }, { authorization: `Bearer ${lead}` });
    assert.equal(asLead.status, 403);
    const leadSave = await h.request('PUT', url('/draft'), flowOf(), { authorization: `Bearer ${lead}`, 'If-Match': etag(fixed) });
    assert.equal(leadSave.status, 403);

    const stale = await h.request('POST', url('/publish'), { message: '首个版本' }, { 'If-Match': etag(draft) });
    assert.equal(stale.status, 412, 'an If-Match on publish names the revision reviewed');
    const published = await h.request('POST', url('/publish'), { message: '首个版本' }, { 'If-Match': etag(fixed) });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    assert.equal(published.body.version, 1);
    assert.equal(published.body.status, 'published');
    assert.equal(published.body.message, '首个版本');

    const history = await h.request('GET', url('/versions'));
    assert.equal(history.body.items[0].message, '首个版本');
    await assert.rejects(
      h.dataSource.query(`UPDATE flow_versions SET message = 'rewritten' WHERE flow_key = $1 AND version = 1`, [key]),
      /immutable/,
    );
    const [row] = await h.dataSource.query(`SELECT details FROM audit_log WHERE action = 'flow.published' AND target_id = $1`, [
      `${key}@1`,
    ]);
    assert.equal(row.details.message, '首个版本');
  });

  it('starts a draft from a published version, diffs it, and rolls back by republishing an old version', async () => {
    const started = await h.request('POST', url('/draft'), { fromVersion: 1 });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.equal(started.body.version, 2);
    assert.equal(etag(started), `"${started.body.revision}"`);
    assert.equal((await h.request('POST', url('/draft'), { fromVersion: 1 })).status, 428, 'replacing a draft needs its revision');
    assert.equal(
      (await h.request('POST', url('/draft'), { fromVersion: 9 }, { 'If-Match': etag(started) })).body.errors[0].field,
      'fromVersion',
    );

    // v2: no waiting for the customer; a clearer label; a tuned accept time-out; the intake node moved
    const v2 = flowOf();
    v2.nodes = v2.nodes.filter((n: { id: string }) => n.id !== 'pending_customer');
    v2.edges = v2.edges.filter((e: { from: string; to: string }) => e.from !== 'pending_customer' && e.to !== 'pending_customer');
    v2.nodes.find((n: { id: string }) => n.id === 'in_progress').label = '处理中（新）';
    v2.edges.find((e: { id: string }) => e.id === 'e_accept_timeout').on = { timeoutMinutes: 45 };
    v2.nodes.find((n: { id: string }) => n.id === 'intake').position = { x: 100, y: 40 };
    const saved = await h.request('PUT', url('/draft'), v2, { 'If-Match': etag(started) });
    assert.equal(saved.status, 200);
    assert.deepEqual(saved.body.problems, []);

    const diff = await h.request('GET', url('/diff?from=1&to=draft'));
    assert.equal(diff.status, 200, JSON.stringify(diff.body));
    assert.deepEqual(diff.body.nodes.added, []);
    assert.deepEqual(
      diff.body.nodes.removed.map((n: { id: string }) => n.id),
      ['pending_customer'],
    );
    assert.deepEqual(
      diff.body.nodes.changed.map((c: { id: string; fields: string[]; layoutOnly: boolean }) => [c.id, c.fields, c.layoutOnly]),
      [
        ['intake', ['position'], true],
        ['in_progress', ['label'], false],
      ],
    );
    assert.deepEqual(diff.body.edges.removed.map((e: { id: string }) => e.id).sort(), ['e_customer_replied', 'e_request_info']);
    const timeout = diff.body.edges.changed.find((c: { id: string }) => c.id === 'e_accept_timeout');
    assert.deepEqual(timeout.fields, ['on']);
    assert.deepEqual(timeout.before.on, { timeoutMinutes: 30 });
    assert.deepEqual(timeout.after.on, { timeoutMinutes: 45 });
    assert.deepEqual(diff.body.params, { changed: [] });
    const missing = await h.request('GET', url('/diff?from=7'));
    assert.equal(missing.status, 404);
    assert.equal(missing.body.errors[0].field, 'query.from');
    assert.equal((await h.request('GET', url('/diff?from=x'))).status, 400);

    // roll back while the v2 draft is open: v1 republished as v2, the draft moves to v3 with its revision
    const rolled = await h.request('POST', url('/versions/1/republish'), { message: '回滚到 v1' });
    assert.equal(rolled.status, 201, JSON.stringify(rolled.body));
    assert.equal(rolled.body.version, 2);
    assert.equal(rolled.body.republishedFrom, 1);
    assert.equal(rolled.body.message, '回滚到 v1');
    const draftNow = await h.request('GET', url('/draft'));
    assert.equal(draftNow.body.version, 3);
    assert.equal(etag(draftNow), etag(saved));
    assert.equal((await h.request('GET', url('/diff?from=1&to=2'))).body.same, true);
    assert.equal((await h.request('POST', url('/versions/9/republish'), { message: 'x' })).status, 404);
    assert.equal((await h.request('POST', url('/versions/1/republish'), {})).body.errors[0].field, 'message');
    const [audit] = await h.dataSource.query(`SELECT actor, details FROM audit_log WHERE action = 'flow.republished' AND target_id = $1`, [
      `${key}@2`,
    ]);
    assert.deepEqual(audit.details, { version: 2, republishedFrom: 1, message: '回滚到 v1' });

    const published = await h.request('POST', url('/publish'), { message: '去掉待客户反馈' });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    assert.equal(published.body.version, 3);
  });

  it('shows usage per version, a ticket’s path, migrates running tickets, and back-tests a draft over closed tickets', async () => {
    // tickets on v3 (the newest): one still waiting for acceptance, one closed
    const waiting = await open();
    await act(waiting, 'assign', { assigneeId: 'agent_wu', groupId: 'g_east' });
    const closed = await open();
    await act(closed, 'assign', { assigneeId: 'agent_li' });
    await act(closed, 'accept');
    await act(closed, 'resolve', { resolution: '已更换电源' });
    await act(closed, 'close');

    // a ticket on v1 waiting for the customer: a node v3 does not have
    const roll = await h.request('POST', url('/versions/1/republish'), { message: '暂时回到 v1' });
    assert.equal(roll.body.version, 4);
    const onCustomer = await open();
    await act(onCustomer, 'assign', { assigneeId: 'agent_wu' });
    await act(onCustomer, 'accept');
    await act(onCustomer, 'request-info', { message: '请提供发票' });
    inQueue = await open(); // pending_assignment on v4, a node every version has

    const flow = await h.request('GET', `/api/v1/tickets/${waiting}/flow`);
    assert.equal(flow.status, 200, JSON.stringify(flow.body));
    assert.deepEqual(
      { ...flow.body, live: undefined },
      {
        ticketId: waiting,
        flowKey: key,
        version: 3,
        nodeId: 'pending_acceptance',
        path: ['start', 'intake', 'pending_assignment', 'pending_acceptance'],
        status: 'pending_acceptance',
        live: undefined,
      },
    );
    assert.equal(flow.body.live, true);
    const closedFlow = await h.request('GET', `/api/v1/tickets/${closed}/flow`);
    assert.equal(closedFlow.body.nodeId, 'closed');
    assert.equal(closedFlow.body.status, 'closed');

    const usage = await eventually(
      () => h.request('GET', url('/usage')),
      (r) => r.body.items?.find((i: { version: number }) => i.version === 4)?.running === 2,
    );
    assert.equal(usage.status, 200, JSON.stringify(usage.body));
    const by = Object.fromEntries(usage.body.items.map((i: any) => [i.version, [i.running, i.closed]]));
    assert.deepEqual(by, { 4: [2, 0], 3: [1, 1], 2: [0, 0], 1: [0, 0] });
    const v4 = usage.body.items.find((i: { version: number }) => i.version === 4);
    assert.equal(v4.message, '暂时回到 v1');
    assert.match(v4.publishedBy, /^token:test-admin-/);
    assert.deepEqual(v4.byKind, { ticket: { running: 2, closed: 0 } });

    // migrate to v3: the one in the queue moves, the one waiting for the customer cannot (v3 has no such node)
    const unknown = newTicketId();
    const migrated = await h.request('POST', url('/migrations'), {
      ticketIds: [inQueue, onCustomer, closed, unknown, waiting],
      toVersion: 3,
      reason: '新流程上线',
    });
    assert.equal(migrated.status, 200, JSON.stringify(migrated.body));
    const outcome = Object.fromEntries(migrated.body.items.map((i: any) => [i.ticketId, i]));
    assert.deepEqual(outcome[inQueue], { ticketId: inQueue, outcome: 'migrated', key, from: 4, to: 3, nodeId: 'pending_assignment' });
    assert.equal(outcome[onCustomer].outcome, 'refused');
    assert.match(outcome[onCustomer].reason, /pending_customer.*does not exist in the target version/);
    assert.equal(outcome[closed].code, 'ended');
    assert.equal(outcome[unknown].code, 'not_found');
    assert.equal(outcome[waiting].outcome, 'refused');
    assert.match(outcome[waiting].reason, /already runs v3/);
    assert.deepEqual([migrated.body.migrated, migrated.body.refused], [1, 4]);

    const bad = await h.request('POST', url('/migrations'), { ticketIds: [inQueue], toVersion: 99, reason: 'x' });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].field, 'toVersion');
    assert.equal(
      (await h.request('POST', url('/migrations'), { ticketIds: [], toVersion: 3, reason: 'x' })).body.errors[0].field,
      'ticketIds',
    );

    const moved = await eventually(
      () => h.request('GET', `/api/v1/tickets/${inQueue}/flow`),
      (r) => r.body.version === 3,
    );
    assert.equal(moved.body.version, 3);
    const events = await eventually(
      () =>
        h.dataSource.query(`SELECT type, actor, payload FROM ticket_events WHERE ticket_id = $1 AND type = 'ticket.flow-migrated'`, [
          inQueue,
        ]),
      (rows: any[]) => rows.length === 1,
    );
    assert.deepEqual(events[0].payload, { key, from: 4, to: 3, nodeId: 'pending_assignment', reason: '新流程上线' });
    const audits = await h.dataSource.query(
      `SELECT actor, details FROM audit_log WHERE action = 'ticket.flow_migrated' AND target_id = $1`,
      [inQueue],
    );
    assert.equal(audits.length, 1);
    assert.match(audits[0].actor, /^token:test-admin-/);
    // it runs on v3 from here
    await act(inQueue, 'assign', { assigneeId: 'agent_zhao' });
    await act(inQueue, 'accept');
    const refusedOnV3 = await h.request('POST', `/api/v1/tickets/${inQueue}/actions/request-info`, { message: '?' });
    assert.equal(refusedOnV3.status, 409, 'v3 has no request-info');

    // back-test: a draft that sends every resolved ticket to review
    const fromV3 = await h.request('POST', url('/draft'), { fromVersion: 3 });
    const draft = fromV3.body.definition;
    draft.edges.find((e: { id: string }) => e.id === 'e_review_needed').condition = true;
    assert.equal((await h.request('PUT', url('/draft'), draft, { 'If-Match': etag(fromV3) })).status, 200);
    const bt = await eventually(
      () => h.request('POST', url('/backtest'), { limit: 10 }),
      (r) => r.body.totals?.items === 1,
    );
    assert.equal(bt.status, 200, JSON.stringify(bt.body));
    assert.equal(bt.body.kind, 'ticket');
    assert.equal(bt.body.tested.status, 'draft');
    assert.deepEqual(
      {
        items: bt.body.totals.items,
        changed: bt.body.totals.changed,
        failed: bt.body.totals.failed,
        matches: bt.body.totals.pinnedReplayMatches,
      },
      { items: 1, changed: 1, failed: 0, matches: 1 },
    );
    const item = bt.body.items[0];
    assert.equal(item.ticketId, closed);
    assert.equal(item.pinnedVersion, 3);
    assert.equal(item.pinnedReplayMatches, true);
    assert.deepEqual(item.actual.path, item.pinned.path);
    assert.equal(item.tested.status, 'pending_review');
    assert.deepEqual(
      item.differences.map((d: { field: string }) => d.field),
      ['path', 'status'],
    );
    assert.deepEqual(
      item.skipped.map((s: { event: string }) => s.event),
      ['action:close'],
    );
    assert.equal(item.tested.assigneeId, 'agent_li');
    assert.ok(bt.body.approximations.length > 0);

    const published = await h.request('POST', url('/backtest'), { version: 3 });
    assert.equal(published.body.totals.changed, 0, JSON.stringify(published.body.items?.[0]?.differences));
    assert.equal((await h.request('POST', url('/backtest'), { limit: 501 })).body.errors[0].field, 'limit');
  });

  it('a ticket that migrated finishes on its new version and replays (recorded for the replay test)', async () => {
    await act(inQueue, 'resolve', { resolution: '迁移后处理完毕' });
    await act(inQueue, 'close');
    const handle = h.api.ctx.temporal.client.workflow.getHandle(ticketWorkflowId(inQueue));
    assert.equal((await handle.result()).flow.version, 3);
    const json = historyToJSON(await handle.fetchHistory());
    const patches = (JSON.parse(json).events as { markerRecordedEventAttributes?: { details: any } }[]).flatMap((e) =>
      (e.markerRecordedEventAttributes?.details['patch-data']?.payloads ?? []).map(
        (p: { data: string }) => JSON.parse(Buffer.from(p.data, 'base64').toString()).id,
      ),
    );
    assert.ok(patches.includes('flow-migration'), `the patch marker is recorded: ${patches.join(', ')}`);
    if (process.env.FIXFLOW_RECORD_HISTORIES === '1')
      fs.writeFileSync(new URL('./histories/ticket-flow-migration-v1.json', import.meta.url), json);
  });
});

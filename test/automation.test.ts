import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { verifyWebhook } from '../activities/webhook-signature';
import { newTicketId } from '../api/tickets/ticket-gateway';
import { createTicketSchema, ticketWorkflowId, type TicketInput } from '../domain/ticket/ticket.schema';
import { intakeUpdate, TicketWorkflow } from '../workflows/ticket/ticket.workflow';
import { workflowBundle } from '../temporal/worker';
import { eventually, Harness, seedTicket } from './support/harness';

/** What the simulated WeCom gateway and a rule's webhook receiver were sent. */
const received: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push({ path: req.url ?? '', headers: req.headers, body });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
  });
});

interface EventRow {
  seq: number;
  type: string;
  actor: string;
  changes: Record<string, { from: unknown; to: unknown }>;
  payload: Record<string, any>;
}

/**
 * Automation rules inside the ticket workflow, on the real Temporal dev server and PostgreSQL:
 * the seed rule verbatim, version pinning and its audited migration, the loop guard, decision records.
 */
describe('automation rules in the ticket workflow', () => {
  let h: Harness;
  let base: string;
  const subscriptions: string[] = [];

  before(async () => {
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    // The in-process worker reads its endpoints from the environment at start.
    process.env.NOTIFY_WECOM_URL = `${base}/wecom`;
    h = await Harness.start();
  });
  after(async () => {
    for (const id of subscriptions) await h?.request('DELETE', `/api/v1/webhooks/${id}`);
    await h?.stop();
    receiver.close();
  });

  const events = async (ticketId: string): Promise<EventRow[]> => (await h.request('GET', `/api/v1/tickets/${ticketId}/events`)).body.items;
  const decisions = async (ticketId: string) => (await h.request('GET', `/api/v1/tickets/${ticketId}/decisions`)).body.items as any[];
  const act = async (ticketId: string, action: string, body: Record<string, unknown> = {}) => {
    const r = await h.request('POST', `/api/v1/tickets/${ticketId}/actions/${action}`, body);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };

  /** A published version of a rule set of this test's own, so other tests' tickets never see it. */
  const publish = async (key: string, version: number, rules: unknown[]) => {
    // as publishing does: the version before is archived (still runnable by tickets pinned to it)
    await h.dataSource.query(`UPDATE rule_sets SET status = 'archived', archived_at = now() WHERE key = $1 AND status = 'published'`, [
      key,
    ]);
    await h.dataSource.query(
      `INSERT INTO rule_sets (key, version, status, rules, published_at, published_by, created_by, updated_by)
       VALUES ($1, $2, 'published', $3, now(), 'test', 'test', 'test')`,
      [key, version, JSON.stringify(rules)],
    );
  };

  /** Opens a ticket on the given rule set, the way intake does (update-with-start). */
  const open = async (ruleSetKey: string, overrides: Record<string, unknown> = {}) => {
    const ticketId = newTicketId();
    const ticket = createTicketSchema.parse(seedTicket(overrides)) as TicketInput;
    await h.api.ctx.temporal.client.workflow.executeUpdateWithStart(intakeUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation(TicketWorkflow, {
        workflowId: ticketWorkflowId(ticketId),
        taskQueue: h.taskQueue,
        args: [{ ticketId, ticket, createdBy: 'token:test', createdAt: new Date().toISOString(), ruleSetKey }],
        workflowIdConflictPolicy: 'FAIL',
      }),
    });
    return ticketId;
  };

  it('the seed rule vip_p1_auto_escalate, verbatim: a VIP P1 ticket goes to senior_team, WeCom is told, the P1 8 h clock runs', async () => {
    const [published] = (await h.dataSource.query(
      `SELECT version, rules FROM rule_sets WHERE key = 'ticket' AND status = 'published' ORDER BY version DESC LIMIT 1`,
    )) as { version: number; rules: { key: string }[] }[];
    assert.ok(
      published?.rules.some((r) => r.key === 'vip_p1_auto_escalate'),
      'the seed rule is published',
    );
    const actor = `rule:vip_p1_auto_escalate@v${published!.version}`;

    const created = await h.request('POST', '/api/v1/tickets', seedTicket({ priority: 'P1', customerTier: 'VIP' }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.ticketId as string;
    assert.deepEqual(created.body.ruleSet, { key: 'ticket', version: published!.version });

    const rows = await eventually(
      () => events(id),
      (e) => e.some((x) => x.type === 'rule.start_timer'),
    );
    const byRule = rows.filter((e) => e.actor === actor);
    assert.deepEqual(
      byRule.map((e) => e.type),
      ['rule.assign', 'rule.notify', 'rule.start_timer'],
    );
    assert.deepEqual(byRule[0]!.changes.groupId, { from: null, to: 'senior_team' });
    assert.equal(byRule[2]!.payload.to, 'p1-standard');

    const ticket = (await h.request('GET', `/api/v1/tickets/${id}`)).body;
    assert.equal(ticket.groupId, 'senior_team');
    assert.equal(ticket.status, 'pending_assignment', 'a group alone queues the ticket there; nobody is picked');
    assert.equal(ticket.sla.policyId, 'p1-standard');
    assert.equal(Date.parse(ticket.sla.ttrDueAt) - Date.parse(ticket.createdAt), 8 * 3600_000, 'P1: 8 h round the clock');

    const wecom = await eventually(
      async () => received.filter((r) => r.path === '/wecom' && r.body.includes(id)),
      (r) => r.length > 0,
    );
    assert.equal(wecom.length, 1, 'told once');
    assert.match(wecom[0]!.body, /售后值班群/);
    const [note] = (await h.dataSource.query(
      `SELECT channel, target, status FROM notifications WHERE ticket_id = $1 AND channel = 'wecom'`,
      [id],
    )) as { channel: string; target: string; status: string }[];
    assert.deepEqual(note, { channel: 'wecom', target: '售后值班群', status: 'sent' });

    const [first] = await eventually(
      () => decisions(id),
      (d) => d.length > 0,
    );
    assert.deepEqual(first.events, ['ticket.created']);
    assert.deepEqual(first.ruleSet, { key: 'ticket', version: published!.version });
    const seed = first.rules.find((r: { ruleKey: string }) => r.ruleKey === 'vip_p1_auto_escalate');
    assert.equal(seed.matched, true);
    assert.deepEqual(
      first.actionsTaken.map((a: { action: string }) => a.action),
      ['assign', 'notify', 'start_timer'],
    );
    assert.equal(first.guardTripped, false);

    // Later changes do not fire it again: it acts when its condition becomes true.
    await act(id, 'add-note', { text: '客户来电催促' });
    const later = await eventually(
      () => decisions(id),
      (d) => d.length > 1,
    );
    assert.equal(later[1].rules.find((r: { ruleKey: string }) => r.ruleKey === 'vip_p1_auto_escalate').matched, true);
    assert.deepEqual(later[1].actionsTaken, []);
    assert.equal((await events(id)).filter((e) => e.actor === actor).length, 3);
  });

  it('a non-VIP P1 ticket: the decision shows the false sub-condition, and nothing is done', async () => {
    const created = await h.request('POST', '/api/v1/tickets', seedTicket({ priority: 'P1', customerTier: 'standard' }));
    assert.equal(created.status, 201);
    const id = created.body.ticketId as string;
    const [first] = await eventually(
      () => decisions(id),
      (d) => d.length > 0,
    );
    const seed = first.rules.find((r: { ruleKey: string }) => r.ruleKey === 'vip_p1_auto_escalate');
    assert.equal(seed.matched, false);
    assert.match(seed.why, /customerTier/);
    assert.match(seed.why, /standard/);
    assert.deepEqual(first.actionsTaken, []);
    assert.equal((await events(id)).filter((e) => e.actor.startsWith('rule:')).length, 0);
    assert.equal((await h.request('GET', `/api/v1/tickets/${id}`)).body.groupId, null);
  });

  it('version pinning: a ticket keeps v1 after v2 is published; only the audited migration moves it', async () => {
    const key = `pin-${randomUUID().slice(0, 8)}`;
    const tagRule = (tag: string) => ({
      key: `tag_${tag}`,
      name: `tag ${tag}`,
      kind: 'automation',
      on: ['ticket.updated'],
      condition: { '==': [{ var: 'ticket.priority' }, 'P2'] },
      actions: [{ action: 'add_tags', tags: [tag] }],
      priority: 10,
      enabled: true,
    });
    await publish(key, 1, [tagRule('v1')]);
    const id = await open(key);
    await publish(key, 2, [tagRule('v2')]);

    await act(id, 'add-note', { text: 'first' });
    const t1 = (await h.request('GET', `/api/v1/tickets/${id}`)).body;
    assert.deepEqual(t1.tags, ['v1'], 'still on v1');
    assert.deepEqual(t1.ruleSet, { key, version: 1 });
    // a new ticket takes the newest published version
    const fresh = await open(key);
    assert.deepEqual((await h.request('GET', `/api/v1/tickets/${fresh}`)).body.ruleSet, { key, version: 2 });

    const unknown = await h.request('POST', `/api/v1/tickets/${id}/rule-set`, { version: 9, reason: 'typo' });
    assert.equal(unknown.status, 422, JSON.stringify(unknown.body));
    assert.equal(unknown.body.errors[0].field, 'version');
    const same = await h.request('POST', `/api/v1/tickets/${id}/rule-set`, { version: 1, reason: 'noop' });
    assert.equal(same.status, 409);
    const noReason = await h.request('POST', `/api/v1/tickets/${id}/rule-set`, { version: 2 });
    assert.equal(noReason.status, 422);
    const viewer = (await h.request('POST', '/api/v1/tokens', { name: `viewer-${key}`, roles: ['viewer'] })).body.token;
    const forbidden = await fetch(`${h.api.url}/api/v1/tickets/${id}/rule-set`, {
      method: 'POST',
      headers: { authorization: `Bearer ${viewer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version: 2, reason: 'x' }),
    });
    assert.equal(forbidden.status, 403);

    const moved = await h.request('POST', `/api/v1/tickets/${id}/rule-set`, { version: 2, reason: '规则修订，迁移在办工单' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual(moved.body, { ticketId: id, ruleSet: { key, version: 2 }, previousVersion: 1 });
    const migrated = (await events(id)).find((e) => e.type === 'ticket.rule-set-migrated')!;
    assert.match(migrated.actor, /^token:test-admin/);
    assert.deepEqual(migrated.payload, { key, from: 1, to: 2, reason: '规则修订，迁移在办工单' });
    const [audit] = (await h.dataSource.query(
      `SELECT actor, details FROM audit_log WHERE action = 'ticket.rule_set_migrated' AND target_id = $1`,
      [id],
    )) as { actor: string; details: Record<string, unknown> }[];
    assert.deepEqual(audit!.details, { key, from: 1, to: 2, reason: '规则修订，迁移在办工单' });

    await act(id, 'add-note', { text: 'second' });
    assert.deepEqual((await h.request('GET', `/api/v1/tickets/${id}`)).body.tags, ['v1', 'v2']);
    const ds = await eventually(
      () => decisions(id),
      (d) => d.length >= 2,
    );
    // each note: the rule acts (depth 0); its own tag change re-evaluates and trips the loop guard (depth 1)
    assert.deepEqual(
      ds.map((d) => [d.depth, d.ruleSet.version, d.guardTripped]),
      [
        [0, 1, false],
        [1, 1, true],
        [0, 2, false],
        [1, 2, true],
      ],
    );
  });

  it('loop guard: a rule whose own change retriggers it acts once, and the trip is on record', async () => {
    const key = `loop-${randomUUID().slice(0, 8)}`;
    await publish(key, 1, [
      {
        key: 'bump_on_status',
        name: 'P1 on every status change',
        kind: 'automation',
        on: ['status.changed', 'ticket.updated'],
        condition: { '!=': [{ var: 'ticket.status' }, 'closed'] },
        actions: [{ action: 'set_priority', priority: 'P1' }],
        priority: 10,
        enabled: true,
      },
    ]);
    const id = await open(key);
    await act(id, 'assign', { assigneeId: 'agent_li' });
    const rows = await events(id);
    const actor = 'rule:bump_on_status@v1';
    assert.deepEqual(
      rows.filter((e) => e.actor === actor).map((e) => [e.type, e.changes.priority]),
      [['ticket.change-priority', { from: 'P2', to: 'P1' }]],
    );
    const ds = await eventually(
      () => decisions(id),
      (d) => d.some((x) => x.guardTripped),
    );
    const tripped = ds.find((d) => d.guardTripped);
    assert.equal(tripped.depth, 1);
    assert.deepEqual(
      tripped.guard.map((g: { reason: string; ruleKey: string }) => [g.reason, g.ruleKey]),
      [['rule_already_fired', 'bump_on_status']],
    );
    assert.equal((await h.request('GET', `/api/v1/tickets/${id}`)).body.priority, 'P1');
  });

  it('loop guard: a chain of different rules stops past depth 3', async () => {
    const key = `chain-${randomUUID().slice(0, 8)}`;
    const link = (n: number) => ({
      key: `link_${n}`,
      name: `link ${n}`,
      kind: 'automation',
      on: ['ticket.updated'],
      condition: n === 1 ? { '==': [1, 1] } : { in: [`t${n - 1}`, { var: 'ticket.tags' }] },
      actions: [{ action: 'add_tags', tags: [`t${n}`] }],
      priority: n,
      enabled: true,
    });
    await publish(key, 1, [1, 2, 3, 4, 5, 6].map(link));
    const id = await open(key);
    await act(id, 'add-note', { text: 'go' });
    assert.deepEqual((await h.request('GET', `/api/v1/tickets/${id}`)).body.tags, ['t1', 't2', 't3', 't4']);
    const ds = await eventually(
      () => decisions(id),
      (d) => d.some((x) => x.guard.some((g: { reason: string }) => g.reason === 'depth_exceeded')),
    );
    assert.equal(ds.find((d) => d.guardTripped && d.guard[0].reason === 'depth_exceeded').depth, 4);
  });

  it('the other actions: escalate, tags, an approval request, RMA/visit starts and a signed webhook, each an event by the rule', async () => {
    const key = `acts-${randomUUID().slice(0, 8)}`;
    const url = `${base}/hook/${key}`;
    const subscribed = await h.request('POST', '/api/v1/webhooks', { url, events: ['ticket.created'], secret: 's3cret-s3cret-s3cret' });
    assert.equal(subscribed.status, 201, JSON.stringify(subscribed.body));
    // Subscriptions are global: one left behind would send every later ticket's events (in later test
    // files too) to a receiver that is gone, and their workflows would wait on those deliveries.
    subscriptions.push(subscribed.body.id);
    const [sub] = (await h.dataSource.query(`SELECT secret FROM webhook_subscriptions WHERE url = $1`, [url])) as { secret: string }[];
    assert.ok(sub, 'the receiver is a registered webhook subscription');
    await publish(key, 1, [
      {
        key: 'many',
        name: 'many',
        kind: 'automation',
        on: ['ticket.created'],
        condition: { '==': [1, 1] },
        actions: [
          { action: 'add_tags', tags: ['hot', 'tmp'] },
          { action: 'remove_tags', tags: ['tmp'] },
          { action: 'escalate', group: 'qa' },
          { action: 'request_approval', level: 'manager', reason: '高额退款' },
          { action: 'create_rma', reason: '需返厂' },
          { action: 'create_visit', reason: '需上门' },
          { action: 'call_webhook', url, event: 'rule.fired' },
          { action: 'call_webhook', url: `${base}/not-registered` },
        ],
        priority: 1,
        enabled: true,
      },
    ]);
    const id = await open(key);
    const rows = await eventually(
      () => events(id),
      (e) => e.filter((x) => x.type === 'rule.call_webhook' || x.type.startsWith('rule.create_')).length === 4,
    );
    const mine = rows.filter((e) => e.actor === 'rule:many@v1');
    assert.deepEqual(mine.map((e) => e.type).sort(), [
      'rule.add_tags',
      'rule.call_webhook',
      'rule.call_webhook',
      'rule.create_rma',
      'rule.create_visit',
      'rule.escalate',
      'rule.remove_tags',
      'rule.request_approval',
    ]);
    const t = (await h.request('GET', `/api/v1/tickets/${id}`)).body;
    assert.deepEqual(t.tags, ['hot']);
    assert.equal(t.groupId, 'qa');
    assert.equal(mine.find((e) => e.type === 'rule.request_approval')!.payload.status, 'requested');
    // the RMA and the visit are started for real (test/linked-work.test.ts); this ticket's customer is
    // in no archive, so each says exactly what it lacks and nothing is started
    const rma = mine.find((e) => e.type === 'rule.create_rma')!.payload;
    assert.equal(rma.status, 'not_started');
    assert.deepEqual(
      rma.missing.map((m: { field: string }) => m.field),
      ['pickup.address', 'pickup.contact'],
    );
    const visit = mine.find((e) => e.type === 'rule.create_visit')!.payload;
    assert.deepEqual([visit.status, visit.missing[0].field], ['not_started', 'siteId']);
    const hooks = mine.filter((e) => e.type === 'rule.call_webhook').map((e) => e.payload.status);
    assert.deepEqual(hooks.sort(), ['delivered', 'refused']);
    const call = received.find((r) => r.path === `/hook/${key}`)!;
    assert.ok(call, 'the registered URL was called');
    assert.equal(call.headers['x-fixflow-event'], 'rule.fired');
    assert.ok(verifyWebhook(sub!.secret, call.body, String(call.headers['x-fixflow-signature']), Date.now() / 1000));
    assert.equal(JSON.parse(call.body).ticketId, id);
    assert.ok(!received.some((r) => r.path === '/not-registered'), 'an unregistered URL is never called');
    assert.equal((await h.request('DELETE', `/api/v1/webhooks/${subscriptions.pop()}`)).status, 200);
  });

  it('a ticket with automation replays on the current code (and is recorded for the replay test)', async () => {
    const created = await h.request('POST', '/api/v1/tickets', seedTicket({ priority: 'P1', customerTier: 'VIP' }));
    const id = created.body.ticketId as string;
    await act(id, 'assign', { assigneeId: 'agent_wang', groupId: 'senior_team' });
    await act(id, 'accept');
    await act(id, 'change-priority', { priority: 'P2', reason: '影响范围小' });
    await act(id, 'resolve', { resolution: '更换主板后正常开机' });
    await act(id, 'close');
    const handle = h.api.ctx.temporal.client.workflow.getHandle(ticketWorkflowId(id));
    await handle.result();
    const ended = await h.request('POST', `/api/v1/tickets/${id}/rule-set`, { version: 1, reason: '已关闭' });
    assert.equal(ended.status, 409, JSON.stringify(ended.body));
    assert.equal(ended.body.code, 'ticket_closed');
    const history = await handle.fetchHistory();
    const json = historyToJSON(history);
    const patches = (JSON.parse(json).events as { markerRecordedEventAttributes?: { details: any } }[]).flatMap((e) =>
      (e.markerRecordedEventAttributes?.details['patch-data']?.payloads ?? []).map(
        (p: { data: string }) => JSON.parse(Buffer.from(p.data, 'base64').toString()).id,
      ),
    );
    assert.ok(patches.includes('automation-rules'), `the patch marker is recorded: ${patches.join(', ')}`);
    assert.match(json, /"loadPinnedRuleSet"/);
    assert.match(json, /"recordRuleDecision"/);
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, handle.workflowId);
    if (process.env.FIXFLOW_RECORD_HISTORIES === '1') {
      fs.writeFileSync(new URL('./histories/ticket-automation-v4.json', import.meta.url), json);
    }
  });
});

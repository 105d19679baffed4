import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signWebhook } from '../activities/webhook-signature';
import { issueToken } from '../api/auth/api-tokens';
import { archiveFixture, ticketsOfAsset } from './maintenance-fixtures';
import { eventually, Harness } from './support/harness';

/** IoT intake on the real engines: signed events, alarm rules, deduplication, telemetry and condition plans. */
describe('IoT intake: POST /api/v1/iot/events', () => {
  let h: Harness;
  let source: { id: string; secret: string };
  const plans: string[] = [];

  before(async () => {
    h = await Harness.start();
    const res = await h.request('POST', '/api/v1/iot/sources', { name: '树根互联 IoT 平台', description: 'test platform' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    source = res.body;
  });
  after(async () => {
    for (const id of plans) await h.request('DELETE', `/api/v1/maintenance-plans/${id}`);
    await h?.stop();
  });

  /** Posts an event the way a device platform does: exact bytes, signed with the source secret. */
  const post = (
    event: Record<string, unknown>,
    opts: { secret?: string; t?: number; sourceId?: string; token?: string; signature?: string } = {},
  ) => {
    const raw = JSON.stringify(event);
    const t = opts.t ?? Math.floor(Date.now() / 1000);
    return h.request('POST', '/api/v1/iot/events', raw, {
      'x-fixflow-source': opts.sourceId ?? source.id,
      'x-fixflow-signature': opts.signature ?? signWebhook(opts.secret ?? source.secret, raw, t),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    });
  };
  const alarm = (assetId: string, faultCode: string, severity: string, extra: Record<string, unknown> = {}) => ({
    kind: 'alarm',
    deviceId: assetId,
    faultCode,
    severity,
    occurredAt: new Date().toISOString(),
    ...extra,
  });
  const act = async (ticketId: string, action: string, body: Record<string, unknown>) => {
    const res = await h.request('POST', `/api/v1/tickets/${ticketId}/actions/${action}`, body);
    assert.equal(res.status, 200, `${action}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  it('is signed: a good signature passes; a wrong, stale, missing or unknown-source one is a 401 problem', async () => {
    const f = await archiveFixture(h.dataSource);
    const event = { kind: 'telemetry', deviceId: f.assetIds[0], occurredAt: new Date().toISOString(), readings: { temperature: 21.5 } };
    const ok = await post(event);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));

    const problem = async (res: Awaited<ReturnType<typeof post>>, code: string) => {
      assert.equal(res.status, 401, JSON.stringify(res.body));
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(res.body.code, code);
      return res.body;
    };
    await problem(await post(event, { secret: 'iotsec_not_the_secret_at_all' }), 'invalid_signature');
    const stale = await problem(await post(event, { t: Math.floor(Date.now() / 1000) - 400 }), 'stale_signature');
    assert.match(stale.detail, /400 s old; at most 300 s/);
    assert.equal(stale.errors[0].field, 'header.X-Fixflow-Signature');
    await problem(await post(event, { t: Math.floor(Date.now() / 1000) + 400 }), 'stale_signature');
    await problem(await post(event, { signature: '' }), 'signature_required');
    await problem(await post(event, { sourceId: 'no-such-source' }), 'invalid_signature');
    // Bytes are what is signed: the same JSON with other spacing does not pass.
    const raw = JSON.stringify(event);
    const t = Math.floor(Date.now() / 1000);
    const respaced = await h.request('POST', '/api/v1/iot/events', JSON.stringify(event, null, 1), {
      'x-fixflow-source': source.id,
      'x-fixflow-signature': signWebhook(source.secret, raw, t),
    });
    await problem(respaced, 'invalid_signature');

    // A token without iot:ingest may not post at all; a deactivated source is refused.
    const viewer = (await issueToken(h.dataSource, { name: `viewer-${h.taskQueue}`, roles: ['viewer'], actor: 'test' })).token;
    assert.equal((await post(event, { token: viewer })).status, 403);
    const integrator = (await issueToken(h.dataSource, { name: `integrator-${h.taskQueue}`, roles: ['integrator'], actor: 'test' })).token;
    assert.equal((await post({ ...event, occurredAt: new Date().toISOString() }, { token: integrator })).status, 200);
    const other = (await h.request('POST', '/api/v1/iot/sources', { name: 'retired platform' })).body;
    assert.equal((await h.request('DELETE', `/api/v1/iot/sources/${other.id}`)).status, 200);
    await problem(await post(event, { sourceId: other.id, secret: other.secret }), 'invalid_signature');

    // A signed but invalid body is a 422 on the field; an unknown device too.
    const bad = await post({ kind: 'alarm', deviceId: f.assetIds[0], occurredAt: new Date().toISOString() });
    assert.equal(bad.status, 422);
    assert.deepEqual(
      bad.body.errors.map((e: { field: string }) => e.field),
      ['faultCode'],
    );
    const unknown = await post({ ...event, deviceId: 'no-such-device' });
    assert.deepEqual([unknown.status, unknown.body.code, unknown.body.errors[0].field], [422, 'unknown_device', 'deviceId']);
  });

  it('the rules decide: critical opens a P1 ticket, major a P2, minor is only recorded — and the answer says why', async () => {
    const f = await archiveFixture(h.dataSource, { deviceIds: true });
    const minor = await post({ ...alarm(f.assetIds[0]!, 'E01', 'minor'), deviceId: undefined, serialNo: f.serials[0] });
    assert.equal(minor.status, 200, JSON.stringify(minor.body));
    assert.deepEqual([minor.body.outcome, minor.body.ticketId, minor.body.rule.id], ['recorded', null, 'ar_minor_record']);
    assert.match(minor.body.reason, /record only, no ticket/);
    const unmatched = await post({ ...alarm(f.assetIds[0]!, 'E01', 'info'), severity: undefined });
    assert.deepEqual(
      [unmatched.body.outcome, unmatched.body.rule, unmatched.body.reason],
      ['recorded', null, 'no alarm rule matched: recorded only'],
    );

    // The platform's own device id (assets.attributes.deviceId) names the asset as well.
    const critical = await post(
      alarm(`dev-${f.assetIds[0]!.split('_')[2]}-0`, 'E01', 'critical', { message: '压缩机过热', readings: { temperature: 96 } }),
    );
    assert.equal(critical.status, 201, JSON.stringify(critical.body));
    assert.deepEqual(
      [critical.body.outcome, critical.body.assetId, critical.body.alarmCount, critical.body.rule.id],
      ['ticket_opened', f.assetIds[0], 1, 'ar_critical_p1'],
    );
    assert.equal(critical.headers.get('location'), `/api/v1/tickets/${critical.body.ticketId}`);
    const ticket = (await h.request('GET', `/api/v1/tickets/${critical.body.ticketId}`)).body;
    assert.deepEqual(
      [ticket.channel, ticket.priority, ticket.category1, ticket.category2, ticket.customerId, ticket.assetId],
      ['iot', 'P1', '设备告警', '故障码', f.customerId, f.assetIds[0]],
    );
    assert.match(ticket.description, /设备告警 E01（critical）.*压缩机过热.*temperature=96/);
    assert.equal(ticket.createdBy, `iot:${source.id}`);

    const major = await post(alarm(f.assetIds[0]!, 'E02', 'major'));
    assert.deepEqual([major.status, major.body.outcome], [201, 'ticket_opened']);
    assert.equal((await h.request('GET', `/api/v1/tickets/${major.body.ticketId}`)).body.priority, 'P2');

    // An asset nobody owns cannot have a ticket: recorded, with the reason.
    const unowned = await archiveFixture(h.dataSource, { customer: false });
    const orphan = await post(alarm(unowned.assetIds[0]!, 'E01', 'critical'));
    assert.equal(orphan.body.outcome, 'recorded');
    assert.match(orphan.body.reason, /no owner customer/);

    const events = await h.dataSource.query(`SELECT outcome, rule_id FROM iot_events WHERE asset_id = $1 ORDER BY id`, [f.assetIds[0]]);
    assert.deepEqual(
      events.map((e: { outcome: string }) => e.outcome),
      ['recorded', 'recorded', 'ticket_opened', 'ticket_opened'],
    );
  });

  it(
    'dedup: five identical alarms at once open exactly one ticket; later ones are counted on it until it is resolved',
    { timeout: 60_000 },
    async () => {
      const f = await archiveFixture(h.dataSource);
      const assetId = f.assetIds[0]!;
      const burst = await Promise.all(Array.from({ length: 5 }, () => post(alarm(assetId, 'E02', 'major'))));
      for (const r of burst) assert.ok([200, 201].includes(r.status), JSON.stringify(r.body));
      const opened = burst.filter((r) => r.body.outcome === 'ticket_opened');
      assert.equal(opened.length, 1, JSON.stringify(burst.map((r) => r.body)));
      const ticketId = opened[0]!.body.ticketId;
      const appended = burst.filter((r) => r.body.outcome === 'appended');
      assert.equal(appended.length, 4);
      for (const r of appended) assert.equal(r.body.ticketId, ticketId);
      assert.deepEqual(burst.map((r) => r.body.alarmCount).sort(), [1, 2, 3, 4, 5]);
      assert.match(appended[0]!.body.reason, new RegExp(`ticket ${ticketId} for this asset and fault code is still open`));

      const tickets = await eventually(
        () => ticketsOfAsset(h.dataSource, assetId),
        (t) => t.length >= 1,
      );
      assert.equal(tickets.length, 1);
      const [group] = await h.dataSource.query(`SELECT alarm_count, status FROM iot_alarm_groups WHERE asset_id = $1`, [assetId]);
      assert.deepEqual([group.alarm_count, group.status], [5, 'opened']);

      // Another fault code of the same asset is another problem: its own ticket.
      const other = await post(alarm(assetId, 'E01', 'major'));
      assert.equal(other.body.outcome, 'ticket_opened');
      assert.notEqual(other.body.ticketId, ticketId);

      // Once the ticket is resolved, the same fault opens a new one.
      await act(ticketId, 'assign', { assigneeId: 'eng_wang', groupId: 'field_service' });
      await act(ticketId, 'accept', {});
      const resolved = await act(ticketId, 'resolve', { resolution: '更换温控传感器' });
      assert.equal(resolved.status, 'resolved');
      await eventually(
        () => ticketsOfAsset(h.dataSource, assetId),
        (t) => t.some((x) => x.ticket_id === ticketId && x.status === 'resolved'),
      );
      const again = await post(alarm(assetId, 'E02', 'major'));
      assert.equal(again.body.outcome, 'ticket_opened', JSON.stringify(again.body));
      assert.notEqual(again.body.ticketId, ticketId);

      const listed = await h.request('GET', `/api/v1/iot/alarms?assetId=${assetId}&faultCode=E02`);
      assert.deepEqual(
        listed.body.items.map((g: { ticketId: string; alarmCount: number }) => [g.ticketId, g.alarmCount]),
        [
          [again.body.ticketId, 1],
          [ticketId, 5],
        ],
      );
      const open = await h.request('GET', `/api/v1/iot/alarms?assetId=${assetId}&open=true`);
      assert.deepEqual(
        open.body.items.map((g: { ticketId: string }) => g.ticketId).sort(),
        [again.body.ticketId, other.body.ticketId].sort(),
      );
    },
  );

  it('a retried message (same messageId) gets the first answer and is not counted twice', async () => {
    const f = await archiveFixture(h.dataSource);
    const message = alarm(f.assetIds[0]!, 'E01', 'critical', { messageId: `msg-${f.assetIds[0]}` });
    const first = await post(message);
    assert.equal(first.status, 201);
    const retried = await post(message);
    assert.equal(retried.status, 200);
    assert.equal(retried.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(retried.body, first.body);
    const [group] = await h.dataSource.query(`SELECT alarm_count FROM iot_alarm_groups WHERE asset_id = $1`, [f.assetIds[0]]);
    assert.equal(group.alarm_count, 1);
  });

  it('telemetry keeps the latest reading of each kind; an older reading is recorded but not applied', async () => {
    const f = await archiveFixture(h.dataSource);
    const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 8, 0, s)).toISOString();
    const send = (s: number, readings: Record<string, unknown>) =>
      post({ kind: 'telemetry', deviceId: f.assetIds[0], occurredAt: at(s), readings });
    assert.equal((await send(10, { temperature: 20, pressure: 1.2 })).body.applied, true);
    const newer = await send(20, { temperature: 25, door: 'open' });
    assert.deepEqual(newer.body.readings, { temperature: 25, pressure: 1.2, door: 'open' });
    const older = await send(15, { temperature: 99 });
    assert.deepEqual([older.status, older.body.applied, older.body.readings.temperature], [200, false, 25]);
    const latest = await h.request('GET', `/api/v1/iot/assets/${f.assetIds[0]}/telemetry`);
    assert.deepEqual(
      [latest.body.readings, latest.body.occurredAt, latest.body.sourceId],
      [{ temperature: 25, pressure: 1.2, door: 'open' }, at(20), source.id],
    );
  });

  it('a condition plan fires from telemetry when its rule starts to hold, once, and opens the ticket', { timeout: 60_000 }, async () => {
    const f = await archiveFixture(h.dataSource, { assets: 2 });
    const created = await h.request('POST', '/api/v1/maintenance-plans', {
      name: '运行 2000 小时保养',
      target: { type: 'model', customerId: f.customerId, model: f.model },
      trigger: { type: 'condition', rule: { '>=': [{ var: 'readings.runHours' }, 2000] }, minIntervalHours: 24 },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const plan = created.body;
    plans.push(plan.id);
    assert.equal(plan.schedule, null);

    const t0 = Date.now();
    const send = (assetId: string, sec: number, runHours: number) =>
      post({ kind: 'telemetry', deviceId: assetId, occurredAt: new Date(t0 + sec * 1000).toISOString(), readings: { runHours } });
    const below = await send(f.assetIds[0]!, 0, 1500);
    assert.deepEqual(below.body.maintenance, [{ planId: plan.id, fired: false, reason: 'condition does not hold' }]);
    const crossing = await send(f.assetIds[0]!, 1, 2100);
    assert.equal(crossing.body.maintenance[0].fired, true, JSON.stringify(crossing.body));
    const still = await send(f.assetIds[0]!, 2, 2200);
    assert.deepEqual(
      [still.body.maintenance[0].fired, still.body.maintenance[0].reason],
      [false, 'condition already held at the previous reading'],
    );
    // Down and up again within the interval: no second ticket.
    await send(f.assetIds[0]!, 3, 0);
    const soon = await send(f.assetIds[0]!, 4, 2300);
    assert.match(soon.body.maintenance[0].reason, /fired less than 24 h ago/);
    // The other asset of the model has its own state.
    const otherAsset = await send(f.assetIds[1]!, 5, 5000);
    assert.equal(otherAsset.body.maintenance[0].fired, true);

    type Run = { assetId: string; status: string; trigger: string; scheduledAt: string; ticketId: string };
    const runs = await eventually(
      async (): Promise<Run[]> => (await h.request('GET', `/api/v1/maintenance-plans/${plan.id}/runs`)).body.items,
      (items) => items.filter((r) => r.status === 'opened').length === 2,
      30_000,
    );
    assert.equal(runs.length, 2);
    const mine = runs.find((r) => r.assetId === f.assetIds[0])!;
    assert.deepEqual([mine.trigger, mine.scheduledAt], ['condition', new Date(t0 + 1000).toISOString()]);
    const ticket = (await h.request('GET', `/api/v1/tickets/${mine.ticketId}`)).body;
    assert.deepEqual([ticket.category3, ticket.assetId, ticket.channel], ['状态触发保养', f.assetIds[0], 'api']);
    assert.match(ticket.description, /触发读数：runHours=2100/);

    // Paused, the plan is not checked.
    await h.request('POST', `/api/v1/maintenance-plans/${plan.id}/pause`, { note: '停机' });
    const paused = await send(f.assetIds[1]!, 6, 6000);
    assert.deepEqual(paused.body.maintenance, []);
  });

  it('alarm rules are managed over the API and checked: JSON-Logic variables, priority, dictionary categories', async () => {
    const f = await archiveFixture(h.dataSource, { tier: 'vip' });
    const bad = await h.request('POST', '/api/v1/iot/alarm-rules', {
      name: 'bad',
      position: 1,
      condition: { '==': [{ var: 'event.colour' }, 'red'] },
      action: 'open_ticket',
      priority: 'P1',
    });
    assert.equal(bad.status, 422);
    const noPriority = await h.request('POST', '/api/v1/iot/alarm-rules', {
      name: 'x',
      position: 1,
      condition: true,
      action: 'open_ticket',
    });
    assert.deepEqual([noPriority.status, noPriority.body.errors[0].field], [422, 'priority']);
    const badCategory = await h.request('POST', '/api/v1/iot/alarm-rules', {
      name: 'x',
      position: 1,
      condition: true,
      action: 'open_ticket',
      priority: 'P1',
      category1: '没有这个分类',
    });
    assert.deepEqual([badCategory.status, badCategory.body.errors[0].field], [422, 'category1']);

    // VIP customers: minor alarms on their own asset open a P3 ticket (rule before the defaults).
    const vip = await h.request('POST', '/api/v1/iot/alarm-rules', {
      name: `VIP minor ${f.customerId}`,
      position: 5,
      condition: { and: [{ '==': [{ var: 'customer.id' }, f.customerId] }, { '==': [{ var: 'event.severity' }, 'minor'] }] },
      action: 'open_ticket',
      priority: 'P3',
      category1: '设备告警',
    });
    assert.equal(vip.status, 201, JSON.stringify(vip.body));
    const r = await post(alarm(f.assetIds[0]!, 'E01', 'minor'));
    assert.deepEqual([r.body.outcome, r.body.rule.id], ['ticket_opened', vip.body.id]);
    const off = await h.request('PATCH', `/api/v1/iot/alarm-rules/${vip.body.id}`, { active: false });
    assert.deepEqual([off.status, off.body.active, off.body.version], [200, false, 2]);
    const r2 = await post(alarm(f.assetIds[0]!, 'E07', 'minor'));
    assert.deepEqual([r2.body.outcome, r2.body.rule.id], ['recorded', 'ar_minor_record']);
    const rules = (await h.request('GET', '/api/v1/iot/alarm-rules')).body.items.map((x: { id: string }) => x.id);
    assert.deepEqual(rules.slice(0, 1), [vip.body.id]);
    assert.ok(rules.includes('ar_critical_p1'));
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ACCESS_HEADER, ACCESS_TTL_SEC, issueAccess } from '../api/public/customer-access';
import { LOOKUP_LIMITS } from '../api/progress/lookup-throttle';
import { urlSecretSource } from '../core/storage/url-secret';
import { PNG_1X1 } from '../domain/attachments/sample-files';
import { eventually, Harness, type HttpResponse } from './support/harness';

/**
 * The customer H5 calls without an account: report a problem by the product's QR code or serial
 * number, then — verified by number + code — add material, move or cancel a visit, and rate finished work.
 */
describe('customer H5 (public API)', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8).toUpperCase();
  const customerId = `CU-H5-${run}`;
  const serialNo = `SNH5${run}`;
  const phone = '13905719753';
  let qrToken: string;
  let reported: string;

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResponse> => {
    const res = await fetch(`${h.api.url}${path}`, {
      method,
      headers: { ...(body !== undefined && !(body instanceof Uint8Array) ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  const report = (body: Record<string, unknown>, key: string = randomUUID()) =>
    call('POST', '/api/v1/public/reports', body, { 'Idempotency-Key': key });
  const lookup = (number: string, code: string) => call('POST', '/api/v1/public/progress', { number, code });
  const withToken = (token: string, extra: Record<string, string> = {}) => ({ [ACCESS_HEADER]: token, ...extra });
  const projected = (ticketId: string) =>
    eventually(
      () => h.dataSource.query(`SELECT status FROM tickets WHERE ticket_id = $1`, [ticketId]),
      (r) => r.length === 1,
    );

  before(async () => {
    h = await Harness.start();
    const customer = await h.request('POST', '/api/v1/customers', { id: customerId, name: '陈女士', type: 'person', phone });
    assert.equal(customer.status, 201, JSON.stringify(customer.body));
    const asset = await h.request('POST', '/api/v1/assets', {
      serialNo,
      model: 'KFR-35GW',
      name: '挂式空调',
      customerId,
      warrantyEndsOn: '2029-06-30',
    });
    assert.equal(asset.status, 201, JSON.stringify(asset.body));
    qrToken = String(asset.body.qr.h5Path).split('/').pop()!;
  });
  after(async () => {
    await h?.stop();
  });

  it('reports a problem from the QR code: a ticket through the normal intake (channel h5), idempotent, with a photo by upload token', async () => {
    const key = `h5-${run}-qr`;
    const body = {
      qrToken,
      phone: '139 0571 9753',
      description: '空调开机后不制冷，有异响',
      contactName: '陈女士',
      address: '杭州市西湖区文三路 1 号',
    };
    const first = await report(body, key);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.match(first.body.number, /^TK-\d{8}-[0-9A-Z]{8}$/);
    assert.equal(first.body.verification.last4, '9753');
    const again = await report(body, key);
    assert.equal(again.status, 200);
    assert.equal(again.body.number, first.body.number);
    reported = first.body.number;
    const ticket = await h.request('GET', `/api/v1/tickets/${reported}`);
    assert.equal(ticket.body.channel, 'h5');
    assert.equal(ticket.body.customerId, customerId);
    assert.equal(ticket.body.serialNo, serialNo);

    const photo = await call(
      'POST',
      `/api/v1/public/work/${reported}/attachments?kind=photo&name=${encodeURIComponent('故障.png')}`,
      PNG_1X1,
      {
        'content-type': 'image/png',
        ...withToken(first.body.upload.token),
      },
    );
    assert.equal(photo.status, 201, JSON.stringify(photo.body));
    const [row] = await h.dataSource.query(`SELECT owner_type, owner_id, uploaded_by FROM attachments WHERE id = $1`, [photo.body.id]);
    assert.deepEqual(row, { owner_type: 'ticket', owner_id: reported, uploaded_by: 'customer' });
    const events = await eventually(
      () => h.request('GET', `/api/v1/tickets/${reported}/events`),
      (r) => (r.body.items ?? r.body).some((e: { type: string; actor: string }) => e.actor === 'customer' && /attachment/.test(e.type)),
    );
    assert.ok(events.body);
    // The type checks of /attachments hold here too: a text file named .png is refused.
    const fake = await call(
      'POST',
      `/api/v1/public/work/${reported}/attachments?kind=photo`,
      new TextEncoder().encode('not an image at all'),
      {
        'content-type': 'image/png',
        ...withToken(first.body.upload.token),
      },
    );
    assert.equal(fake.status, 415);
    // The upload token opens uploads only, not notes.
    const note = await call('POST', `/api/v1/public/work/${reported}/notes`, { text: 'hi' }, withToken(first.body.upload.token));
    assert.equal(note.status, 401);
  });

  it('reports by serial number + the phone on record; unknown serial and wrong phone get the same answer; 422 names the field', async () => {
    const ok = await report({ serialNo: serialNo.toLowerCase(), phone, description: '遥控器失灵，换电池无效' });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    await projected(ok.body.number);
    const wrongPhone = await report({ serialNo, phone: '13800001111', description: '遥控器失灵，换电池无效' });
    const unknown = await report({ serialNo: `NOPE${run}`, phone, description: '遥控器失灵，换电池无效' });
    assert.equal(wrongPhone.status, 404);
    assert.equal(unknown.status, 404);
    assert.deepEqual({ ...wrongPhone.body, instance: undefined }, { ...unknown.body, instance: undefined });
    const bad = await report({ phone: '12345', description: 'x' });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors.map((e: { field: string }) => e.field).sort(), ['description', 'phone']);
    const noProduct = await report({ phone, description: '遥控器失灵，换电池无效' });
    assert.equal(noProduct.status, 422);
    assert.deepEqual(
      noProduct.body.errors.map((e: { field: string }) => e.field),
      ['serialNo'],
    );
  });

  it(`after ${LOOKUP_LIMITS.perNumber} wrong phones for a serial number, even the right one waits (429)`, async () => {
    const serial = `SNT${run}`;
    const a = await h.request('POST', '/api/v1/assets', { serialNo: serial, model: 'KFR-26GW', customerId });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    for (let i = 0; i < LOOKUP_LIMITS.perNumber; i++)
      assert.equal((await report({ serialNo: serial, phone: `1380000${String(1000 + i)}`, description: '不制冷不制冷' })).status, 404);
    const blocked = await report({ serialNo: serial, phone, description: '不制冷不制冷' });
    assert.equal(blocked.status, 429);
    assert.equal(blocked.headers.get('retry-after'), String(LOOKUP_LIMITS.windowMinutes * 60));
  });

  it('a verified look-up gives a token: material recorded as the customer’s; expired or tampered tokens are refused', async () => {
    await projected(reported);
    const seen = await lookup(reported, '9753');
    assert.equal(seen.status, 200, JSON.stringify(seen.body));
    assert.deepEqual(seen.body.actions, ['add-material']);
    const token = seen.body.access.token as string;
    const expiresIn = Date.parse(seen.body.access.expiresAt) - Date.now();
    assert.ok(expiresIn > (ACCESS_TTL_SEC - 60) * 1000 && expiresIn <= ACCESS_TTL_SEC * 1000, String(expiresIn));

    const added = await call(
      'POST',
      `/api/v1/public/work/${reported}/notes`,
      { text: '补充：室外机也不转' },
      withToken(token, { 'Idempotency-Key': `n-${run}` }),
    );
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const ticket = await eventually(
      () => h.request('GET', `/api/v1/tickets/${reported}`),
      (r) => (r.body.notes ?? []).some((n: { actor: string }) => n.actor === 'customer'),
    );
    const note = ticket.body.notes.find((n: { actor: string }) => n.actor === 'customer');
    assert.equal(note.visibility, 'public');
    assert.match(note.text, /室外机也不转/);
    const empty = await call('POST', `/api/v1/public/work/${reported}/notes`, { text: '  ' }, withToken(token));
    assert.equal(empty.status, 422);
    assert.equal(empty.body.errors[0].field, 'text');

    const secret = urlSecretSource(h.config)();
    const expired = issueAccess(secret, 'access', reported, Date.now() - (ACCESS_TTL_SEC + 5) * 1000).token;
    const late = await call('GET', `/api/v1/public/work/${reported}`, undefined, withToken(expired));
    assert.equal(late.status, 401);
    assert.equal(late.body.code, 'access_expired');
    const [num, exp, sig] = token.split('.');
    for (const forged of [
      `${num}.${Number(exp) + 600}.${sig}`,
      `${num}.${exp}.${sig!.slice(0, -1)}${sig!.endsWith('A') ? 'B' : 'A'}`,
      '',
    ]) {
      const r = await call('GET', `/api/v1/public/work/${reported}`, undefined, withToken(forged));
      assert.equal(r.status, 401, forged);
      assert.equal(r.body.code, 'access_invalid');
    }
    // A token for one number does not open another.
    const other = await call('GET', `/api/v1/public/work/TK-20200101-ABCDEFGH`, undefined, withToken(token));
    assert.equal(other.status, 401);
    const fine = await call('GET', `/api/v1/public/work/${reported}`, undefined, withToken(token));
    assert.equal(fine.status, 200);
    assert.deepEqual(fine.body.actions, ['add-material']);
  });

  it('rates resolved work once (CSAT + NPS into service_ratings); a second rating is 409; out-of-range scores name the field', async () => {
    const token = (await lookup(reported, '9753')).body.access.token as string;
    const early = await call('POST', `/api/v1/public/work/${reported}/rating`, { csat: 5 }, withToken(token));
    assert.equal(early.status, 409);
    for (const [action, payload] of [
      ['assign', { assigneeId: `agent-${run}` }],
      ['accept', {}],
      ['resolve', { resolution: '更换电容后恢复制冷' }],
    ] as const) {
      const r = await h.request('POST', `/api/v1/tickets/${reported}/actions/${action}`, payload);
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const resolved = await eventually(
      () => lookup(reported, '9753'),
      (r) => r.body.status === 'resolved',
    );
    assert.deepEqual(resolved.body.actions, ['rate']);
    const t = resolved.body.access.token as string;
    const bad = await call('POST', `/api/v1/public/work/${reported}/rating`, { csat: 6, nps: 11 }, withToken(t));
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors.map((e: { field: string }) => e.field).sort(), ['csat', 'nps']);
    const rated = await call('POST', `/api/v1/public/work/${reported}/rating`, { csat: 5, nps: 9, comment: '师傅很专业' }, withToken(t));
    assert.equal(rated.status, 201, JSON.stringify(rated.body));
    const rows = await h.dataSource.query(
      `SELECT csat, nps, comment, channel, rated_by FROM service_ratings WHERE work_kind = 'ticket' AND work_id = $1`,
      [reported],
    );
    assert.deepEqual(rows, [{ csat: 5, nps: 9, comment: '师傅很专业', channel: 'h5', rated_by: 'customer' }]);
    const twice = await call('POST', `/api/v1/public/work/${reported}/rating`, { csat: 1 }, withToken(t));
    assert.equal(twice.status, 409);
    const [auditRow] = await h.dataSource.query(`SELECT actor FROM audit_log WHERE action = 'service.rated' AND target_id = $1`, [
      reported,
    ]);
    assert.equal(auditRow.actor, 'customer');
    const after = await call('GET', `/api/v1/public/work/${reported}`, undefined, withToken(t));
    assert.deepEqual(after.body.actions, []);
  });

  it('a booked visit: the customer proposes a new window — the visit’s reschedule action, then booked again with the same engineer', async () => {
    const engineerId = `eng-h5-${run}`;
    const agent = await h.request('POST', '/api/v1/agents', {
      id: engineerId,
      name: '杨师傅',
      groups: [],
      skills: [{ productLine: 'AC', region: '*', issueType: '*', level: 5 }],
      maxConcurrent: 10,
      fieldEngineer: true,
      location: { lat: 30.281, lng: 120.131 },
    });
    assert.equal(agent.status, 201, JSON.stringify(agent.body));
    const van = await h.request('POST', '/api/v1/stock-locations', {
      id: `VAN-H5-${run}`,
      kind: 'engineer',
      name: '杨师傅 车载库存',
      agentId: engineerId,
    });
    assert.equal(van.status, 201, JSON.stringify(van.body));
    const ticket = await report({ serialNo, phone, description: '需要上门清洗，内机滴水' });
    assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
    await projected(ticket.body.number);
    const first = { start: '2031-06-02T02:00:00.000Z', end: '2031-06-02T04:00:00.000Z' };
    const visit = await h.request(
      'POST',
      '/api/v1/visits',
      {
        ticketId: ticket.body.number,
        address: '杭州市西湖区文三路 1 号',
        location: { lat: 30.28, lng: 120.13 },
        skills: { productLine: 'AC' },
        engineerId,
        preferredWindow: first,
      },
      { 'Idempotency-Key': `visit-h5b-${run}` },
    );
    assert.equal(visit.status, 201, JSON.stringify(visit.body));
    const visitId = visit.body.visitId as string;
    const seen = await eventually(
      () => lookup(visitId, '9753'),
      (r) => r.status === 200 && r.body.actions.includes('reschedule'),
      20_000,
    );
    assert.ok(seen.body.actions.includes('cancel'), JSON.stringify(seen.body.actions));
    const window = { windowStart: '2031-06-03T06:00:00.000Z', windowEnd: '2031-06-03T08:00:00.000Z', reason: '那天出差' };
    const moved = await call('POST', `/api/v1/public/work/${visitId}/reschedule`, window, withToken(seen.body.access.token));
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const v = await eventually(
      () => h.request('GET', `/api/v1/visits/${visitId}`),
      (r) => r.body.windowStart === window.windowStart,
      20_000,
    );
    assert.equal(v.body.engineerId, engineerId);
    assert.equal(v.body.windowEnd, window.windowEnd);
    const events = (await h.request('GET', `/api/v1/visits/${visitId}/events`)).body.items as {
      type: string;
      actor?: string;
      action?: string;
    }[];
    assert.ok(
      events.some((e) => JSON.stringify(e).includes('reschedule') && JSON.stringify(e).includes('customer')),
      JSON.stringify(events.slice(-6)),
    );
  });

  it('a visit: reschedule only when its flow allows it (409 otherwise), and cancel', async () => {
    const ticket = await report({ serialNo, phone, description: '需要上门检修，内机漏水' });
    assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
    await projected(ticket.body.number);
    const visit = await h.request(
      'POST',
      '/api/v1/visits',
      {
        ticketId: ticket.body.number,
        address: '杭州市西湖区文三路 1 号',
        location: { lat: 30.28, lng: 120.13 },
        skills: { productLine: 'AC' },
      },
      { 'Idempotency-Key': `visit-h5-${run}` },
    );
    assert.equal(visit.status, 201, JSON.stringify(visit.body));
    const visitId = visit.body.visitId as string;
    const seen = await eventually(
      () => lookup(visitId, '9753'),
      (r) => r.status === 200 && r.body.status === 'pending_schedule' && r.body.actions.includes('cancel'),
      20_000,
    );
    assert.deepEqual(seen.body.actions, ['add-material', 'cancel']);
    const token = seen.body.access.token as string;
    const window = { windowStart: '2031-05-06T02:00:00Z', windowEnd: '2031-05-06T04:00:00Z' };
    const move = await call('POST', `/api/v1/public/work/${visitId}/reschedule`, window, withToken(token));
    assert.equal(move.status, 409, JSON.stringify(move.body));
    assert.deepEqual(move.body.allowedActions, ['add-material', 'cancel']);
    const badWindow = await call(
      'POST',
      `/api/v1/public/work/${visitId}/reschedule`,
      { windowStart: window.windowEnd, windowEnd: window.windowStart },
      withToken(token),
    );
    assert.equal(badWindow.status, 422);
    assert.equal(badWindow.body.errors[0].field, 'windowEnd');
    const noReason = await call('POST', `/api/v1/public/work/${visitId}/cancel`, {}, withToken(token));
    assert.equal(noReason.status, 422);
    assert.equal(noReason.body.errors[0].field, 'reason');
    const cancelled = await call('POST', `/api/v1/public/work/${visitId}/cancel`, { reason: '已自行修好' }, withToken(token));
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    const v = await eventually(
      () => h.request('GET', `/api/v1/visits/${visitId}`),
      (r) => r.body.status === 'cancelled',
      20_000,
    );
    assert.equal(v.body.status, 'cancelled');
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type ApiServer } from '../api/server';
import { createLogger } from '../core/logger';
import { eventually, Harness, seedTicket, type HttpResponse } from './support/harness';

/**
 * PII masking by role over HTTP (issue 5 item 8): every response passes the PII guard, which masks
 * by the rules in `pii_masking_rules` unless the caller holds pii:read, and audits the reads of
 * those who do; archive routes mask the same way; rule changes apply without a restart; logs carry
 * no personal data and no bearer token.
 */
describe('PII masking by role', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8);
  const phone = '13812345678';
  const idNumber = '11010519491231002X';
  const description = `客户来电 ${phone}，身份证 ${idNumber}，开机后黑屏`;
  let agent: string;
  let lead: string;
  let ticketId: string;
  const as =
    (token: string) =>
    (method: string, path: string, body?: unknown): Promise<HttpResponse> =>
      h.request(method, path, body, { authorization: `Bearer ${token}` });
  const ok = (res: HttpResponse, status = 200) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };
  const piiReads = (targetId: string) =>
    h.dataSource.query(`SELECT actor, target_type, details FROM audit_log WHERE action = 'pii.read' AND target_id = $1 ORDER BY id`, [
      targetId,
    ]) as Promise<{ actor: string; target_type: string; details: any }[]>;

  before(async () => {
    h = await Harness.start();
    agent = ok(await h.request('POST', '/api/v1/tokens', { name: `agent-${run}`, roles: ['agent'] }), 201).token;
    lead = ok(await h.request('POST', '/api/v1/tokens', { name: `lead-${run}`, roles: ['team_lead'] }), 201).token;
    ticketId = ok(await h.request('POST', '/api/v1/tickets', seedTicket({ description })), 201).ticketId;
  });
  after(() => h?.stop());

  it('masks a phone and an ID number inside a ticket description for an agent, and writes no audit row', async () => {
    const view = ok(await as(agent)('GET', `/api/v1/tickets/${ticketId}`));
    assert.equal(view.description, '客户来电 138****5678，身份证 110***********002X，开机后黑屏');
    assert.equal(view.ticketId, ticketId, 'ids are not mistaken for personal data');
    const listed = await eventually(
      () => as(agent)('GET', `/api/v1/tickets?customerId=${view.customerId}`),
      (r) => r.body.items?.length === 1,
    );
    const text = JSON.stringify(listed.body);
    assert.ok(!text.includes(phone) && !text.includes(idNumber), text);
    assert.match(listed.body.items[0].description ?? view.description, /138\*\*\*\*5678/);
    assert.deepEqual(await piiReads(`/api/v1/tickets/${ticketId}`), []);
  });

  it('shows it unmasked to a caller with pii:read and audits that read in the same request', async () => {
    const path = `/api/v1/tickets/${ticketId}`;
    const view = ok(await as(lead)('GET', path));
    assert.equal(view.description, description);
    // The row is there when the response is: no waiting.
    const rows = await piiReads(path);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.actor, `token:lead-${run}`);
    assert.equal(rows[0]!.target_type, 'api_response');
    assert.equal(rows[0]!.details.route, 'GET /api/v1/tickets/:ticketId');
    assert.deepEqual(rows[0]!.details.params, { ticketId });
    assert.deepEqual(rows[0]!.details.types.sort(), ['id_number', 'phone']);
    assert.ok(rows[0]!.details.fields.some((f: { path: string }) => f.path === 'description'));
    assert.ok(!JSON.stringify(rows[0]!.details).includes(phone), 'the audit row names fields, not values');

    const audit = ok(await h.request('GET', `/api/v1/audit?action=pii.read&actor=${encodeURIComponent(`token:lead-${run}`)}`));
    assert.equal(audit.items.length, 1);
    assert.equal(audit.items[0].targetId, path);
    assert.equal((await as(lead)('GET', '/api/v1/audit?action=pii.read')).status, 403, 'only admins read the audit trail');
    assert.equal((await as(agent)('GET', '/api/v1/pii-rules')).status, 403);
  });

  it('masks archive records once, consistently with tickets, and audits unmasked archive reads', async () => {
    const customer = ok(
      await h.request('POST', '/api/v1/customers', {
        id: `CU-PII-${run}`,
        name: '杭州恒温冷链有限公司',
        type: 'company',
        phone: '138 1234 5678',
        email: 'Service@HengWen.cn',
        addresses: [{ label: '总部', province: '浙江', city: '杭州', district: '滨江区', detail: '江南大道 1 号', primary: true }],
        contacts: [{ name: '李工', phone: '0571-87654321', email: 'li.gong@hengwen.cn', role: '设备科' }],
      }),
      201,
    );
    const path = `/api/v1/customers/${customer.id}`;
    const masked = ok(await as(agent)('GET', path));
    assert.equal(masked.phone, '138****5678', 'masked once, not masked again');
    assert.equal(masked.email, 'S***@hengwen.cn');
    assert.deepEqual(masked.contacts, [{ name: '李工', phone: '0571-****4321', email: 'l***@hengwen.cn', role: '设备科' }]);
    assert.equal(masked.addresses[0].detail, '****');
    assert.equal(masked.addresses[0].city, '杭州');

    const before = (await piiReads(path)).length;
    const full = ok(await as(lead)('GET', path));
    assert.equal(full.phone, '13812345678');
    assert.equal(full.addresses[0].detail, '江南大道 1 号');
    const rows = await piiReads(path);
    assert.equal(rows.length, before + 1);
    const fields = rows
      .at(-1)!
      .details.fields.map((f: { path: string }) => f.path)
      .sort();
    assert.deepEqual(fields, ['addresses.0.detail', 'contacts.0.email', 'contacts.0.phone', 'email', 'phone']);
  });

  it('masks exports the same way, which stream past the response guard', async () => {
    const customerId = ok(await h.request('GET', `/api/v1/tickets/${ticketId}`)).customerId;
    const exportAs = (token: string) =>
      fetch(`${h.api.url}/api/v1/exports/tickets?customerId=${customerId}`, { headers: { authorization: `Bearer ${token}` } }).then((r) =>
        r.text(),
      );
    const asAgent = await exportAs(agent);
    assert.match(asAgent, /138\*\*\*\*5678/);
    assert.ok(!asAgent.includes(phone) && !asAgent.includes(idNumber), asAgent);
    const asLead = await exportAs(lead);
    assert.ok(asLead.includes(phone) && asLead.includes(idNumber), asLead);
    const [exported] = await h.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'archive.exported' AND target_type = 'tickets' AND actor = $1 ORDER BY id DESC LIMIT 1`,
      [`token:agent-${run}`],
    );
    assert.equal(exported?.details.piiMasked, true);
  });

  it('applies rule changes on the next request, without a restart', async () => {
    const key = `holderRef_${run}`;
    const card = '6222021234567890'; // fails Luhn: free-text detection leaves it alone
    const asset = ok(
      await h.request('POST', '/api/v1/assets', { serialNo: `SNPII${run}`, model: 'KX-7', attributes: { [key]: card } }),
      201,
    );
    const read = async () => ok(await as(agent)('GET', `/api/v1/assets/${asset.id}`)).attributes[key];
    assert.equal(await read(), card);

    const bad = await h.request('POST', '/api/v1/pii-rules', { id: `t-${run}`, type: 'bank_card', fields: ['attributes..x'] });
    assert.equal(bad.status, 422);
    assert.deepEqual(
      bad.body.errors.map((e: { field: string }) => e.field),
      ['fields.0'],
    );
    const rule = ok(
      await h.request('POST', '/api/v1/pii-rules', {
        id: `t-${run}`,
        type: 'bank_card',
        fields: [`attributes.${key}`],
        description: '测试',
      }),
      201,
    );
    assert.equal(rule.unmaskPermission, 'pii:read');
    assert.equal(await read(), '6222********7890');

    ok(await h.request('PATCH', `/api/v1/pii-rules/t-${run}`, { enabled: false, version: 1 }));
    assert.equal(await read(), card);
    assert.equal((await h.request('PATCH', `/api/v1/pii-rules/t-${run}`, { enabled: true, version: 1 })).status, 409);
    // Only a permission the agent holds sees through the rule.
    ok(await h.request('PATCH', `/api/v1/pii-rules/t-${run}`, { enabled: true, unmaskPermission: 'archives:read' }));
    assert.equal(await read(), card);
    const seen = await piiReads(`/api/v1/assets/${asset.id}`);
    assert.equal(seen.at(-1)!.actor, `token:agent-${run}`, 'reading through a rule is audited whoever does it');

    assert.equal((await h.request('DELETE', `/api/v1/pii-rules/t-${run}`)).status, 204);
    const changes = await h.dataSource.query(`SELECT action FROM audit_log WHERE target_type = 'pii_rule' AND target_id = $1 ORDER BY id`, [
      `t-${run}`,
    ]);
    assert.deepEqual(
      changes.map((c: { action: string }) => c.action),
      ['pii_rule.created', 'pii_rule.updated', 'pii_rule.updated', 'pii_rule.deleted'],
    );
    const defaults = ok(await h.request('GET', '/api/v1/pii-rules')).items.map((r: { id: string }) => r.id);
    for (const id of ['phone', 'email', 'id-number', 'bank-card', 'address']) assert.ok(defaults.includes(id), id);
  });

  it('keeps personal data and bearer tokens out of the logs written while serving requests', async () => {
    const lines: string[] = [];
    const api: ApiServer = await startApiServer({
      config: { ...h.config, TEMPORAL_TASK_QUEUE: h.taskQueue },
      temporalAddress: h.config.TEMPORAL_ADDRESS!,
      dataSource: h.dataSource,
      port: 0,
      log: createLogger('pii-log-test', 'debug', (line) => lines.push(line)),
    });
    try {
      const get = (path: string, token: string) => fetch(api.url + path, { headers: { authorization: `Bearer ${token}` } });
      assert.equal((await get(`/api/v1/tickets/${ticketId}`, agent)).status, 200);
      assert.equal((await get(`/api/v1/customers?q=${phone}`, agent)).status, 200);
    } finally {
      await api.close();
    }
    const text = lines.join('\n');
    assert.match(text, /personal data masked in response/, 'the guard logged what it masked, so there was something to leak');
    for (const raw of [phone, idNumber, agent, h.token]) assert.ok(!text.includes(raw), `${raw.slice(0, 6)}… in the log:\n${text}`);
  });
});

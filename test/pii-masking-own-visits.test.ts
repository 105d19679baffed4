import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually, Harness, seedTicket, type HttpResponse } from './support/harness';

/**
 * The default PII policy for field engineers over HTTP: a signed-in engineer sees the address and
 * contact phone of the visits assigned to them (they drive there and call the customer) — in the
 * visit, the visit list and "my visits" —, audited as a `pii.read`; other engineers' visits, other
 * kinds of personal data and everything outside their visits stay masked.
 */
describe('PII masking: an engineer and their own visits', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${run}`;
  const DAY = '2032-05-11'; // a Tuesday, China time
  const ADDRESS = '上海市黄浦区人民大道 200 号';
  const ok = (res: HttpResponse, status = 200) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };
  const piiReads = (actor: string) =>
    h.dataSource.query(`SELECT target_id, details FROM audit_log WHERE action = 'pii.read' AND actor = $1 ORDER BY id`, [actor]) as Promise<
      { target_id: string; details: any }[]
    >;

  /** A cookie session, as the engineer's phone holds it (GET only: no CSRF header needed). */
  const signIn = async (username: string, password: string) => {
    const res = await fetch(`${h.api.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return async (path: string) => {
      const r = await fetch(h.api.url + path, { headers: { cookie } });
      return { status: r.status, headers: r.headers, body: await r.json() } as HttpResponse;
    };
  };
  const engineer = async (name: string) => {
    ok(
      await h.request('POST', '/api/v1/agents', {
        id: id(name),
        name,
        groups: [],
        skills: [{ productLine: 'TV', region: '*', issueType: '*', level: 4 }],
        maxConcurrent: 10,
        fieldEngineer: true,
        location: { lat: 31.2, lng: 121.45 },
      }),
      201,
    );
    const username = id(`u-${name}`);
    const password = 'Engineer-Pass-2032';
    ok(
      await h.request('POST', '/api/v1/users', {
        username,
        displayName: `工程师 ${name}`,
        roles: ['engineer'],
        password,
        agentId: id(name),
        mustChangePassword: false,
      }),
      201,
    );
    return { get: await signIn(username, password), actor: `user:${username}` };
  };
  const newVisit = async (engineerId: string, hour: number, contactPhone: string) => {
    const start = new Date(`${DAY}T${String(hour).padStart(2, '0')}:00:00+08:00`).toISOString();
    const visitId = ok(
      await h.request(
        'POST',
        '/api/v1/visits',
        {
          address: ADDRESS,
          location: { lat: 31.2304, lng: 121.4737 },
          skills: { productLine: 'TV' },
          engineerId,
          contactPhone,
          description: `客户说电话 ${contactPhone} 随时可打，邮箱 zhou.li@example.cn`,
          preferredWindow: { start, end: new Date(Date.parse(start) + 2 * 3_600_000).toISOString() },
        },
        { 'Idempotency-Key': `visit-${randomUUID()}` },
      ),
      201,
    ).visitId as string;
    await eventually(
      async () => ok(await h.request('GET', `/api/v1/visits/${visitId}`)),
      (v) => v.engineerId === engineerId && v.contactPhone === contactPhone,
      20_000,
    );
    return visitId;
  };

  let wang: Awaited<ReturnType<typeof engineer>>;
  let mine: string;
  let theirs: string;

  before(async () => {
    h = await Harness.start();
    wang = await engineer('wang');
    await engineer('li');
    mine = await newVisit(id('wang'), 10, '13812345678');
    theirs = await newVisit(id('li'), 11, '13987654321');
  });
  after(() => h?.stop());

  it('shows the engineer the address and contact phone of a visit assigned to them, and audits the read', async () => {
    const v = ok(await wang.get(`/api/v1/visits/${mine}`));
    assert.equal(v.address, ADDRESS);
    assert.equal(v.contactPhone, '13812345678');
    assert.equal(v.description, '客户说电话 13812345678 随时可打，邮箱 z***@example.cn', 'only address and phone: the email stays masked');
    const [read] = (await piiReads(wang.actor)).filter((r) => r.target_id === `/api/v1/visits/${mine}`);
    assert.ok(read, 'the unmasked read is audited in the same request');
    assert.deepEqual(read.details.assignedVisits, [mine]);
    assert.deepEqual(read.details.fields.map((f: { path: string }) => f.path).sort(), ['address', 'contactPhone', 'description']);
    assert.ok(!JSON.stringify(read.details).includes('13812345678'), 'the audit row names fields, not values');

    const day = ok(await wang.get(`/api/v1/me/visits?date=${DAY}`));
    assert.deepEqual(
      day.items.map((x: { visitId: string; address: string }) => [x.visitId, x.address]),
      [[mine, ADDRESS]],
    );
  });

  it("masks another engineer's visit for them, and everything outside their visits", async () => {
    const before = (await piiReads(wang.actor)).length;
    const v = ok(await wang.get(`/api/v1/visits/${theirs}`));
    assert.equal(v.address, '上海市****');
    assert.equal(v.contactPhone, '139****4321');
    // a list with both: their own unmasked, the other masked, in one response
    const listed = ok(await wang.get(`/api/v1/visits?limit=500`)).items as { visitId: string; address: string; contactPhone: string }[];
    const of = (x: string) => listed.find((l) => l.visitId === x)!;
    const [own, other] = [of(mine), of(theirs)];
    assert.deepEqual([own.address, own.contactPhone], [ADDRESS, '13812345678']);
    assert.deepEqual([other.address, other.contactPhone], ['上海市****', '139****4321']);
    // a ticket is not their visit: masked as before
    const ticketId = ok(
      await h.request('POST', '/api/v1/tickets', seedTicket({ description: '客户来电 13812345678，屏幕不亮' })),
      201,
    ).ticketId;
    const ticket = ok(await wang.get(`/api/v1/tickets/${ticketId}`));
    assert.equal(ticket.description, '客户来电 138****5678，屏幕不亮');
    const reads = (await piiReads(wang.actor)).slice(before);
    assert.deepEqual(
      reads.map((r) => [r.target_id, r.details.assignedVisits]),
      [['/api/v1/visits', [mine]]],
      'only the list that carried their own visit is audited',
    );
    // an engineer-role API token is linked to no engineer: it sees every visit masked
    const token = ok(await h.request('POST', '/api/v1/tokens', { name: `eng-token-${run}`, roles: ['engineer'] }), 201).token;
    const asToken = ok(await h.request('GET', `/api/v1/visits/${mine}`, undefined, { authorization: `Bearer ${token}` }));
    assert.deepEqual([asToken.address, asToken.contactPhone], ['上海市****', '138****5678']);
  });
});

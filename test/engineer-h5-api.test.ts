import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { issueToken } from '../api/auth/api-tokens';
import { PNG_1X1 } from '../domain/attachments/sample-files';
import { eventually, Harness, type HttpResponse } from './support/harness';

/**
 * The engineer's phone pages over HTTP (issue 8 item 3): "my visits" of a day for the signed-in
 * engineer (cookie session) or for an engineer an API token names, my van's stock, patrol visits
 * (purpose), and the server-side rule that an engineer acts on their own visits only.
 */
describe('engineer H5 API (/api/v1/me/*)', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${run}`;
  const SITE = { lat: 31.2304, lng: 121.4737 };
  const DAY = '2032-03-02'; // a Tuesday, China time; far ahead so nothing else books it
  const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`).toISOString();
  const ok = (res: HttpResponse, status = 200) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };

  /** A cookie session as the phone holds it (the CSRF cookie echoed on unsafe requests). */
  class Phone {
    readonly cookies = new Map<string, string>();
    async call(method: string, path: string, body?: unknown, raw?: { bytes: Uint8Array; type: string }): Promise<HttpResponse> {
      const headers: Record<string, string> = raw ? { 'content-type': raw.type } : {};
      if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (method !== 'GET') headers['x-csrf-token'] = this.cookies.get('fixflow_csrf') ?? '';
      const payload = raw ? raw.bytes : body === undefined ? undefined : JSON.stringify(body);
      const res = await fetch(h.api.url + path, { method, headers, body: payload });
      for (const line of res.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const eq = pair.indexOf('=');
        this.cookies.set(pair.slice(0, eq).trim(), decodeURIComponent(pair.slice(eq + 1)));
      }
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
    }
  }

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
    ok(
      await h.request('POST', '/api/v1/stock-locations', {
        id: id(`VAN-${name}`),
        kind: 'engineer',
        name: `${name} 车载库存`,
        agentId: id(name),
      }),
      201,
    );
  };
  const signedIn = async (name: string, agentId: string | null) => {
    const username = id(`u-${name}`);
    const password = 'Engineer-Pass-2032';
    ok(
      await h.request('POST', '/api/v1/users', {
        username,
        displayName: `工程师 ${name}`,
        roles: ['engineer'],
        password,
        agentId,
        mustChangePassword: false,
      }),
      201,
    );
    const phone = new Phone();
    ok(await phone.call('POST', '/api/v1/auth/sign-in', { username, password }));
    return phone;
  };
  const newVisit = async (engineerId: string, start: string, over: Record<string, unknown> = {}) =>
    ok(
      await h.request(
        'POST',
        '/api/v1/visits',
        {
          address: '上海市黄浦区人民大道 200 号',
          location: SITE,
          skills: { productLine: 'TV' },
          engineerId,
          preferredWindow: { start, end: new Date(Date.parse(start) + 2 * 3_600_000).toISOString() },
          ...over,
        },
        { 'Idempotency-Key': `visit-${randomUUID()}` },
      ),
      201,
    ).visitId as string;
  const until = (visitId: string, status: string) =>
    eventually(
      async () => ok(await h.request('GET', `/api/v1/visits/${visitId}`)),
      (v) => v.status === status,
      20_000,
    );

  let wang: Phone;
  let mine: string;
  let tomorrow: string;
  let patrol: string;
  let others: string;

  before(async () => {
    h = await Harness.start();
    await engineer('wang');
    await engineer('li');
    const PART = id('FAN');
    ok(await h.request('POST', '/api/v1/parts', { code: PART, name: '散热风扇', category: '配件', unitCostFen: 4_500 }), 201);
    ok(await h.request('POST', '/api/v1/stock/receipts', { locationId: id('VAN-wang'), lines: [{ partCode: PART, qty: 3 }] }), 201);
    wang = await signedIn('wang', id('wang'));
    mine = await newVisit(id('wang'), at(DAY, 10));
    patrol = await newVisit(id('wang'), at(DAY, 14), { purpose: 'patrol', description: '季度巡查' });
    tomorrow = await newVisit(id('wang'), at('2032-03-03', 9));
    others = await newVisit(id('li'), at(DAY, 11));
    await Promise.all([mine, patrol, tomorrow, others].map((v) => until(v, 'pending_confirmation')));
  });
  after(async () => {
    await h?.stop();
  });

  it("lists the signed-in engineer's visits of the day, earliest first, patrols marked; the next days on asking", async () => {
    const day = ok(await wang.call('GET', `/api/v1/me/visits?date=${DAY}`));
    assert.equal(day.engineerId, id('wang'));
    assert.deepEqual(
      day.items.map((v: { visitId: string }) => v.visitId),
      [mine, patrol],
    );
    const first = day.items[0];
    assert.equal(first.purpose, 'repair');
    // the address is personal data: masked unless a PII rule lets engineers see it; the map link needs only lat/lng
    assert.match(first.address, /^上海市/);
    assert.equal(first.lat, SITE.lat);
    assert.equal(first.lng, SITE.lng);
    assert.equal(first.status, 'pending_confirmation');
    assert.equal(day.items[1].purpose, 'patrol');
    const two = ok(await wang.call('GET', `/api/v1/me/visits?date=${DAY}&days=2`));
    assert.deepEqual(
      two.items.map((v: { visitId: string }) => v.visitId),
      [mine, patrol, tomorrow],
    );
    // someone else's day is not theirs to see
    const peek = await wang.call('GET', `/api/v1/me/visits?date=${DAY}&engineerId=${id('li')}`);
    assert.equal(peek.status, 403, JSON.stringify(peek.body));
    assert.equal(peek.body.code, 'not_your_engineer');
    const bad = await wang.call('GET', `/api/v1/me/visits?date=2032-13-40&days=30`);
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e: { field: string }) => e.field).sort(), ['query.date', 'query.days']);
  });

  it("lists my van's parts with what is free to fit", async () => {
    const van = ok(await wang.call('GET', '/api/v1/me/van-stock'));
    assert.equal(van.van.id, id('VAN-wang'));
    assert.deepEqual(
      van.items.map((i: Record<string, unknown>) => [i.partCode, i.partName, i.onHand, i.available, i.unitPriceFen]),
      [[id('FAN'), '散热风扇', 3, 3, 4_500]],
    );
  });

  it('an engineer acts on their own visit; on anyone else’s the server answers 403, while a dispatcher may act on any', async () => {
    ok(await h.request('POST', `/api/v1/visits/${mine}/actions/confirm`, { channel: 'sms' }));
    ok(await h.request('POST', `/api/v1/visits/${others}/actions/confirm`, { channel: 'sms' }));
    await until(mine, 'pending_acceptance');
    await until(others, 'pending_acceptance');
    const theirs = await wang.call('POST', `/api/v1/visits/${others}/actions/accept`, {});
    assert.equal(theirs.status, 403, JSON.stringify(theirs.body));
    assert.equal(theirs.body.code, 'not_your_visit');
    assert.equal((await h.request('GET', `/api/v1/visits/${others}`)).body.status, 'pending_acceptance');
    const accepted = ok(await wang.call('POST', `/api/v1/visits/${mine}/actions/accept`, {}));
    assert.ok(accepted.availableActions.includes('depart'), JSON.stringify(accepted.availableActions));
    // photos too: on their own visit, not on someone else's
    const png = { bytes: PNG_1X1, type: 'image/png' };
    const photo = await wang.call('POST', `/api/v1/attachments?ownerType=visit&ownerId=${mine}&kind=photo`, undefined, png);
    assert.equal(photo.status, 201, JSON.stringify(photo.body));
    const stray = await wang.call('POST', `/api/v1/attachments?ownerType=visit&ownerId=${others}&kind=photo`, undefined, png);
    assert.equal(stray.status, 422, JSON.stringify(stray.body));
    assert.equal(stray.body.errors[0].field, 'query.ownerId');
    // the dispatch desk (admin token) is not bound to one engineer
    ok(await h.request('POST', `/api/v1/visits/${others}/actions/dispute`, { reason: '不在我的片区' }));
    // the engineer's session also needs its CSRF token for an action
    const noCsrf = await fetch(`${h.api.url}/api/v1/visits/${mine}/actions/depart`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `fixflow_session=${wang.cookies.get('fixflow_session')}` },
      body: '{}',
    });
    assert.equal(noCsrf.status, 403);
    assert.equal(((await noCsrf.json()) as { code: string }).code, 'csrf_failed');
  });

  it('an API token works: a dispatcher token names the engineer; an unlinked engineer token is told so', async () => {
    const named = ok(await h.request('GET', `/api/v1/me/visits?date=${DAY}&engineerId=${id('li')}`));
    assert.deepEqual(
      named.items.map((v: { visitId: string }) => v.visitId),
      [others],
    );
    const unnamed = await h.request('GET', `/api/v1/me/visits?date=${DAY}`);
    assert.equal(unnamed.status, 400);
    assert.equal(unnamed.body.errors[0].field, 'query.engineerId');
    const { token } = await issueToken(h.dataSource, { name: id('eng-token'), roles: ['engineer'], actor: 'test' });
    const asEngineer = await fetch(`${h.api.url}/api/v1/me/visits?date=${DAY}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(asEngineer.status, 409);
    assert.equal(((await asEngineer.json()) as { code: string }).code, 'no_engineer_link');
    // an engineer-only token cannot act on a visit: it is nobody's engineer
    const act = await fetch(`${h.api.url}/api/v1/visits/${mine}/actions/add-note`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x' }),
    });
    assert.equal(act.status, 403);
  });

  it('a visit is opened as a patrol or a follow-up (no fault); an unknown purpose is refused with the field', async () => {
    const v = ok(await h.request('GET', `/api/v1/visits/${patrol}`));
    assert.equal(v.purpose, 'patrol');
    const bad = await h.request('POST', '/api/v1/visits', { address: '某地', location: SITE, purpose: 'party' });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].field, 'purpose');
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../api/app';
import type { AuthPolicy } from '../api/auth/auth-policy';
import { Harness, type HttpResponse } from './support/harness';

/**
 * Sign-in and people (issue 8 item 1) over HTTP against real PostgreSQL: password sign-in to a
 * cookie session, CSRF on unsafe requests, lock-out and its expiry, sign-out, password change,
 * session expiry (idle and absolute) and the audit trail. The clock of the sessions is injected, so
 * 15 minutes of lock-out and 12 hours of session pass in no time.
 */

/** A browser in miniature: keeps the cookies the API sets and sends them back. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  get csrf(): string | undefined {
    return this.cookies.get('fixflow_csrf');
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResponse> {
    const h: Record<string, string> = { ...headers };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(this.base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = decodeURIComponent(pair.slice(eq + 1));
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep the text */
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  /** An unsafe request the way the console sends it: with the CSRF header. */
  send(method: string, path: string, body?: unknown): Promise<HttpResponse> {
    return this.call(method, path, body, { 'x-csrf-token': this.csrf ?? '' });
  }
}

describe('sign-in, sessions, CSRF and lock-out', () => {
  let h: Harness;
  let server: Server;
  let base: string;
  const run = randomUUID().slice(0, 8);
  let now = new Date('2026-11-25T09:00:00Z');
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const policy: Partial<AuthPolicy> = {
    now: () => now,
    idleTimeoutMs: 30 * 60_000,
    sessionTtlMs: 2 * 3_600_000,
    // generous here: the per-IP bound has its own app below
    ipMaxAttempts: 1000,
  };
  const initial = 'Initial-Pass-123';
  const users: Record<string, { id: string; username: string }> = {};

  const listen = (authPolicy: Partial<AuthPolicy>) =>
    new Promise<{ server: Server; url: string }>((resolve) => {
      const s = createApp({ ...h.api.ctx, authPolicy }).listen(0, () => {
        const a = s.address();
        resolve({ server: s, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` });
      });
    });

  const createUser = async (key: string, roles: string[], extra: Record<string, unknown> = {}) => {
    const username = `${key}-${run}`;
    const res = await h.request('POST', '/api/v1/users', { username, displayName: `测试 ${key}`, roles, password: initial, ...extra });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    users[key] = { id: res.body.id, username };
    return res;
  };

  const auditRows = (action: string, targetId: string) =>
    h.dataSource.query(`SELECT actor, details FROM audit_log WHERE action = $1 AND target_id = $2 ORDER BY id`, [action, targetId]);

  /** signs in and changes the initial password, as a first sign-in does */
  const signedIn = async (key: string, password = 'Changed-Pass-456') => {
    const b = new Browser(base);
    const res = await b.call('POST', '/api/v1/auth/sign-in', { username: users[key]!.username, password: initial });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const changed = await b.send('POST', '/api/v1/auth/password', { currentPassword: initial, newPassword: password });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    return b;
  };

  before(async () => {
    h = await Harness.start({ worker: 'none' });
    ({ server, url: base } = await listen(policy));
    await createUser('agent', ['agent']);
    await createUser('admin', ['admin']);
    await createUser('lock', ['viewer']);
    await createUser('expiry', ['viewer']);
  });
  after(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await h.stop();
  });

  it('stores only a bcrypt hash (cost ≥ 10) and refuses a password under 10 characters, naming the field', async () => {
    const [row] = await h.dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [users.agent!.id]);
    assert.match(row.password_hash, /^\$2[aby]\$(1[0-9]|[2-3][0-9])\$/);
    assert.ok(!row.password_hash.includes(initial));
    const weak = await h.request('POST', '/api/v1/users', {
      username: `weak-${run}`,
      displayName: 'x',
      roles: ['viewer'],
      password: 'short-1',
    });
    assert.equal(weak.status, 422);
    assert.deepEqual(
      weak.body.errors.map((e: { field: string }) => e.field),
      ['password'],
    );
    const [created] = await auditRows('user.created', users.agent!.id);
    assert.deepEqual(created.details.roles, ['agent']);
    assert.ok(!JSON.stringify(created.details).includes(initial));
  });

  it('signs in to an httpOnly SameSite=Lax session; the initial password must be changed before anything else', async () => {
    const b = new Browser(base);
    const res = await b.call('POST', '/api/v1/auth/sign-in', { username: users.agent!.username.toUpperCase(), password: initial });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const setCookie = res.headers.getSetCookie();
    const session = setCookie.find((c) => c.startsWith('fixflow_session='))!;
    assert.match(session, /HttpOnly/i);
    assert.match(session, /SameSite=Lax/i);
    assert.match(session, /Path=\//);
    const csrf = setCookie.find((c) => c.startsWith('fixflow_csrf='))!;
    assert.doesNotMatch(csrf, /HttpOnly/i);
    assert.equal(res.body.csrfToken, b.csrf);
    assert.equal(res.body.kind, 'user');
    assert.equal(res.body.mustChangePassword, true);
    assert.deepEqual(res.body.roles, ['agent']);
    assert.ok(res.body.permissions.includes('tickets:act'));
    // The agent is an agent record too (same person), named by the username.
    assert.equal(res.body.agentId, users.agent!.username);

    // Only the hash of the session id is in the database.
    const rows = await h.dataSource.query(`SELECT id_hash FROM user_sessions WHERE user_id = $1`, [users.agent!.id]);
    assert.equal(rows.length, 1);
    assert.notEqual(rows[0].id_hash, b.cookies.get('fixflow_session'));

    const blocked = await b.call('GET', '/api/v1/tickets?limit=1');
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.code, 'password_change_required');
    const me = await b.call('GET', '/api/v1/auth/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.username, users.agent!.username);
    assert.equal(me.body.csrfToken, b.csrf);

    const noCsrf = await b.call('POST', '/api/v1/auth/password', { currentPassword: initial, newPassword: 'Changed-Pass-456' });
    assert.equal(noCsrf.status, 403);
    assert.equal(noCsrf.body.code, 'csrf_failed');
    assert.match(noCsrf.headers.get('content-type')!, /application\/problem\+json/);
    const wrongCurrent = await b.send('POST', '/api/v1/auth/password', {
      currentPassword: 'not-the-password',
      newPassword: 'Changed-Pass-456',
    });
    assert.equal(wrongCurrent.status, 422);
    assert.equal(wrongCurrent.body.errors[0].field, 'currentPassword');
    const tooShort = await b.send('POST', '/api/v1/auth/password', { currentPassword: initial, newPassword: 'short' });
    assert.equal(tooShort.status, 422);
    assert.equal(tooShort.body.errors[0].field, 'newPassword');
    const same = await b.send('POST', '/api/v1/auth/password', { currentPassword: initial, newPassword: initial });
    assert.equal(same.status, 422);
    const changed = await b.send('POST', '/api/v1/auth/password', { currentPassword: initial, newPassword: 'Changed-Pass-456' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.mustChangePassword, false);

    const tickets = await b.call('GET', '/api/v1/tickets?limit=1');
    assert.equal(tickets.status, 200, JSON.stringify(tickets.body));
    // The old password is gone, the new one works.
    const old = await new Browser(base).call('POST', '/api/v1/auth/sign-in', { username: users.agent!.username, password: initial });
    assert.equal(old.status, 401);
    const again = await new Browser(base).call('POST', '/api/v1/auth/sign-in', {
      username: users.agent!.username,
      password: 'Changed-Pass-456',
    });
    assert.equal(again.status, 200);
    assert.equal(again.body.mustChangePassword, false);

    assert.ok((await auditRows('auth.signed_in', users.agent!.id)).length >= 2);
    const [pw] = await auditRows('auth.password_changed', users.agent!.id);
    assert.equal(pw.actor, `user:${users.agent!.username}`);
  });

  it('answers one generic 401 for an unknown user and a wrong password, and audits both without the password', async () => {
    const b = new Browser(base);
    const wrong = await b.call('POST', '/api/v1/auth/sign-in', { username: users.admin!.username, password: 'Wrong-Password-1' });
    const unknown = await b.call('POST', '/api/v1/auth/sign-in', { username: `nobody-${run}`, password: 'Wrong-Password-1' });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    const strip = (p: Record<string, unknown>) => ({ ...p, instance: undefined });
    assert.deepEqual(strip(wrong.body), strip(unknown.body));
    assert.equal(wrong.body.code, 'invalid_credentials');
    assert.equal(b.cookies.size, 0);
    const rows = await h.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'auth.sign_in_failed' AND details->>'username' IN ($1, $2)`,
      [users.admin!.username.toLowerCase(), `nobody-${run}`],
    );
    assert.deepEqual(rows.map((r: { details: { reason: string } }) => r.details.reason).sort(), ['unknown_user', 'wrong_password']);
    assert.ok(rows.every((r: { details: unknown }) => !JSON.stringify(r.details).includes('Wrong-Password-1')));
    const malformed = await b.call('POST', '/api/v1/auth/sign-in', { username: users.admin!.username });
    assert.equal(malformed.status, 422);
    assert.equal(malformed.body.errors[0].field, 'password');
  });

  it('locks a username after 5 failures in a row for 15 minutes (423 + Retry-After), unknown names alike, then lets it in', async () => {
    const b = new Browser(base);
    const name = users.lock!.username;
    for (let i = 1; i <= 4; i++) {
      const res = await b.call('POST', '/api/v1/auth/sign-in', { username: name, password: `Wrong-Password-${i}` });
      assert.equal(res.status, 401, `attempt ${i}`);
    }
    const fifth = await b.call('POST', '/api/v1/auth/sign-in', { username: name, password: 'Wrong-Password-5' });
    assert.equal(fifth.status, 423);
    assert.equal(fifth.body.code, 'account_locked');
    assert.equal(fifth.headers.get('retry-after'), '900');
    // The right password does not help while locked.
    advance(10 * 60_000);
    const locked = await b.call('POST', '/api/v1/auth/sign-in', { username: name, password: initial });
    assert.equal(locked.status, 423);
    assert.equal(locked.headers.get('retry-after'), '300');
    const [lockout] = await auditRows('auth.locked_out', users.lock!.id);
    assert.equal(lockout.details.username, name.toLowerCase());
    assert.equal((await auditRows('auth.sign_in_refused', name.toLowerCase())).length, 1);
    // The admin sees the lock on the user.
    const shown = await b.call('GET', `/api/v1/users/${users.lock!.id}`, undefined, { authorization: `Bearer ${h.token}` });
    assert.ok(shown.body.lockedUntil);

    advance(5 * 60_000 + 1000);
    const open = await b.call('POST', '/api/v1/auth/sign-in', { username: name, password: initial });
    assert.equal(open.status, 200, JSON.stringify(open.body));

    // A name that does not exist locks the same way: the answer does not tell who exists.
    const ghost = `ghost-${run}`;
    const answers: number[] = [];
    for (let i = 0; i < 6; i++)
      answers.push((await b.call('POST', '/api/v1/auth/sign-in', { username: ghost, password: 'Wrong-Password-x' })).status);
    assert.deepEqual(answers, [401, 401, 401, 401, 423, 423]);
  });

  it('refuses cookie-authenticated unsafe requests without the right X-CSRF-Token; bearer tokens need none', async () => {
    const admin = await signedIn('admin');
    const target = await h.request('GET', `/api/v1/users/${users.expiry!.id}`);
    const patch = (headers: Record<string, string>) =>
      admin.call(
        'PATCH',
        `/api/v1/users/${users.expiry!.id}`,
        { displayName: '改过的名字' },
        { 'if-match': target.headers.get('etag')!, ...headers },
      );
    const none = await patch({});
    assert.equal(none.status, 403);
    assert.equal(none.body.code, 'csrf_failed');
    assert.equal(none.body.errors[0].field, 'header.X-CSRF-Token');
    const wrong = await patch({ 'x-csrf-token': 'x'.repeat(admin.csrf!.length) });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.body.code, 'csrf_failed');
    // A GET needs no token.
    assert.equal((await admin.call('GET', '/api/v1/users?limit=1')).status, 200);
    const ok = await patch({ 'x-csrf-token': admin.csrf! });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.displayName, '改过的名字');
    const [row] = await auditRows('user.updated', users.expiry!.id);
    assert.equal(row.actor, `user:${users.admin!.username}`);

    // The bearer token keeps working as before, without CSRF, and wins over a cookie.
    const bearer = await admin.call('GET', '/api/v1/auth/me', undefined, { authorization: `Bearer ${h.token}` });
    assert.equal(bearer.body.kind, 'token');
    const tokenPassword = await h.request('POST', '/api/v1/auth/password', { currentPassword: initial, newPassword: 'Whatever-Pass-1' });
    assert.equal(tokenPassword.status, 409);
    assert.equal(tokenPassword.body.code, 'not_a_user');
    // An admin cannot lock themselves out.
    const self = await admin.send('POST', `/api/v1/users/${users.admin!.id}/deactivate`);
    assert.equal(self.status, 409);
    assert.equal(self.body.code, 'self_lockout');
    const posted = await h.request('POST', `/api/v1/users/${users.expiry!.id}/password-reset`, { password: initial });
    assert.equal(posted.status, 200);
    const anonymous = await new Browser(base).call('GET', '/api/v1/tickets?limit=1');
    assert.equal(anonymous.status, 401);
  });

  it('signs out (with CSRF): the cookie no longer works and the sign-out is audited', async () => {
    // the agent changed its initial password in an earlier test
    const b = new Browser(base);
    const res = await b.call('POST', '/api/v1/auth/sign-in', { username: users.agent!.username, password: 'Changed-Pass-456' });
    assert.equal(res.status, 200);
    const stale = new Map(b.cookies);
    const refused = await b.call('POST', '/api/v1/auth/sign-out');
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'csrf_failed');
    const out = await b.send('POST', '/api/v1/auth/sign-out');
    assert.equal(out.status, 200);
    assert.equal(out.body.signedOut, true);
    assert.equal(b.cookies.size, 0);
    // The old cookie, replayed, is dead.
    for (const [k, v] of stale) b.cookies.set(k, v);
    const after = await b.call('GET', '/api/v1/auth/me');
    assert.equal(after.status, 401);
    assert.equal(after.body.code, 'session_expired');
    assert.ok((await auditRows('auth.signed_out', users.agent!.id)).length >= 1);
  });

  it('ends a session after the idle timeout and after its absolute lifetime', async () => {
    const b = new Browser(base);
    assert.equal((await b.call('POST', '/api/v1/auth/sign-in', { username: users.expiry!.username, password: initial })).status, 200);
    advance(29 * 60_000);
    assert.equal((await b.call('GET', '/api/v1/auth/me')).status, 200);
    advance(31 * 60_000);
    const idle = await b.call('GET', '/api/v1/auth/me');
    assert.equal(idle.status, 401);
    assert.equal(idle.body.code, 'session_expired');

    const c = new Browser(base);
    assert.equal((await c.call('POST', '/api/v1/auth/sign-in', { username: users.expiry!.username, password: initial })).status, 200);
    // Used every 20 minutes it never idles out, but ends 2 h (the configured lifetime) after sign-in.
    for (let i = 0; i < 5; i++) {
      advance(20 * 60_000);
      assert.equal((await c.call('GET', '/api/v1/auth/me')).status, 200, `after ${(i + 1) * 20} min`);
    }
    advance(20 * 60_000 + 1000);
    assert.equal((await c.call('GET', '/api/v1/auth/me')).status, 401);
  });

  it('applies role changes at once, audits them, and signs a deactivated user out for good', async () => {
    const b = new Browser(base);
    assert.equal((await b.call('POST', '/api/v1/auth/sign-in', { username: users.expiry!.username, password: initial })).status, 200);
    assert.deepEqual((await b.call('GET', '/api/v1/auth/me')).body.roles, ['viewer']);
    const current = await h.request('GET', `/api/v1/users/${users.expiry!.id}`);
    const noIfMatch = await h.request('PATCH', `/api/v1/users/${users.expiry!.id}`, { roles: ['qa'] });
    assert.equal(noIfMatch.status, 428);
    const stale = await h.request('PATCH', `/api/v1/users/${users.expiry!.id}`, { roles: ['qa'] }, { 'if-match': '"999"' });
    assert.equal(stale.status, 412);
    const changed = await h.request(
      'PATCH',
      `/api/v1/users/${users.expiry!.id}`,
      { roles: ['qa', 'finance'] },
      { 'if-match': current.headers.get('etag')! },
    );
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual((await b.call('GET', '/api/v1/auth/me')).body.roles, ['qa', 'finance']);
    const [roles] = await auditRows('user.roles_changed', users.expiry!.id);
    assert.deepEqual(roles.details.from, ['viewer']);
    assert.deepEqual(roles.details.to, ['qa', 'finance']);

    const off = await h.request('POST', `/api/v1/users/${users.expiry!.id}/deactivate`);
    assert.equal(off.status, 200);
    assert.equal(off.body.active, false);
    assert.equal((await b.call('GET', '/api/v1/auth/me')).status, 401);
    const refused = await new Browser(base).call('POST', '/api/v1/auth/sign-in', { username: users.expiry!.username, password: initial });
    assert.equal(refused.status, 401);
    assert.equal(refused.body.code, 'invalid_credentials');
    assert.equal((await auditRows('user.deactivated', users.expiry!.id)).length, 1);
    const [failed] = (await auditRows('auth.sign_in_failed', users.expiry!.id)).slice(-1);
    assert.equal(failed.details.reason, 'inactive');
  });

  it('keeps groups and skills on the agent record of the same person, and links an existing agent by id', async () => {
    const group = `grp-${run}`;
    const g = await h.request('POST', '/api/v1/groups', { id: group, name: '测试组', strategy: 'round_robin' });
    assert.equal(g.status, 201, JSON.stringify(g.body));
    const skills = [{ productLine: 'TV', region: '华东', issueType: '*', level: 3 }];
    const created = await createUser('eng', ['engineer'], { groups: [group], skills });
    assert.deepEqual(created.body.groups, [group]);
    const agent = await h.request('GET', `/api/v1/agents/${users.eng!.username}`);
    assert.equal(agent.status, 200);
    assert.deepEqual(agent.body.groups, [group]);
    assert.equal(agent.body.fieldEngineer, true);
    const badGroup = await h.request(
      'PATCH',
      `/api/v1/users/${users.eng!.id}`,
      { groups: ['no-such-group'] },
      { 'if-match': created.headers.get('etag')! },
    );
    assert.equal(badGroup.status, 422);
    assert.equal(badGroup.body.errors[0].field, 'groups.0');

    // An agent registered before the user existed becomes that user's record.
    const existing = `legacy-${run}`;
    assert.equal((await h.request('POST', '/api/v1/agents', { id: existing, name: '老坐席', maxConcurrent: 5 })).status, 201);
    const linked = await h.request('POST', '/api/v1/users', {
      username: `linked-${run}`,
      displayName: '老坐席',
      roles: ['agent'],
      password: initial,
      agentId: existing,
    });
    assert.equal(linked.status, 201, JSON.stringify(linked.body));
    assert.equal(linked.body.agentId, existing);
    const twice = await h.request('POST', '/api/v1/users', {
      username: `linked2-${run}`,
      displayName: 'x',
      roles: ['agent'],
      password: initial,
      agentId: existing,
    });
    assert.equal(twice.status, 422);
    assert.equal(twice.body.errors[0].field, 'agentId');
    const dup = await h.request('POST', '/api/v1/users', {
      username: `LINKED-${run}`,
      displayName: 'x',
      roles: ['viewer'],
      password: initial,
    });
    assert.equal(dup.status, 409);

    const search = await h.request('GET', `/api/v1/users?q=linked-${run}`);
    assert.deepEqual(
      search.body.items.map((u: { username: string }) => u.username),
      [`linked-${run}`],
    );
    const roles = await h.request('GET', '/api/v1/roles');
    const byRole = Object.fromEntries(roles.body.items.map((r: { role: string; permissions: string[] }) => [r.role, r.permissions]));
    for (const r of ['agent', 'team_lead', 'qa', 'outlet', 'warehouse', 'finance', 'engineer', 'admin', 'integrator', 'viewer'])
      assert.ok(byRole[r], r);
    assert.ok(byRole.admin.includes('users:manage'));
    assert.ok(!byRole.team_lead.includes('users:manage'));
  });

  it('resets a password: the user must change it again and a lock-out is lifted', async () => {
    const name = users.lock!.username;
    const b = new Browser(base);
    for (let i = 0; i < 5; i++) await b.call('POST', '/api/v1/auth/sign-in', { username: name, password: 'Wrong-Password-z' });
    assert.equal((await b.call('POST', '/api/v1/auth/sign-in', { username: name, password: initial })).status, 423);
    const reset = await h.request('POST', `/api/v1/users/${users.lock!.id}/password-reset`, { password: 'Reset-Pass-2026' });
    assert.equal(reset.status, 200);
    assert.equal(reset.body.mustChangePassword, true);
    const res = await b.call('POST', '/api/v1/auth/sign-in', { username: name, password: 'Reset-Pass-2026' });
    assert.equal(res.status, 200);
    assert.equal(res.body.mustChangePassword, true);
    assert.equal((await auditRows('user.password_reset', users.lock!.id)).length, 1);
  });

  it('bounds sign-in attempts per IP address (429 with Retry-After)', async () => {
    const tight = await listen({ now: () => now, ipMaxAttempts: 3, ipWindowMs: 60_000 });
    try {
      const b = new Browser(tight.url);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await b.call('POST', '/api/v1/auth/sign-in', { username: `ip-${run}-${i}`, password: 'Wrong-Password-1' })).status);
      assert.deepEqual(statuses, [401, 401, 401, 429]);
      const limited = await b.call('POST', '/api/v1/auth/sign-in', { username: `ip-${run}`, password: 'x' });
      assert.equal(limited.body.code, 'too_many_attempts');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      advance(61_000);
      assert.equal((await b.call('POST', '/api/v1/auth/sign-in', { username: `ip-${run}-9`, password: 'Wrong-Password-1' })).status, 401);
    } finally {
      await new Promise<void>((resolve) => {
        tight.server.close(() => resolve());
        tight.server.closeAllConnections();
      });
    }
  });
});

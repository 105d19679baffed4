import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import { createLogger } from '../../core/logger';
import { DEFAULT_PII_RULES } from '../../domain/pii/pii-rules';
import type { Principal } from '../auth/api-tokens';
import { HttpProblem } from '../http/problem';
import type { RouteSpec } from '../http/route';
import { createPiiResponseGuard } from './pii-response-guard';

/** A database that answers the rule query with the default rules and records every other statement. */
function fakeDb(opts: { failAudit?: boolean } = {}) {
  const writes: unknown[][] = [];
  const ds = {
    async query(sql: string, args: unknown[] = []) {
      if (sql.includes('FROM pii_masking_rules')) return DEFAULT_PII_RULES;
      if (opts.failAudit) throw new Error('connection terminated');
      writes.push(args);
      return [];
    },
  };
  return { ds: ds as unknown as DataSource, writes };
}

const route = (over: Partial<RouteSpec> = {}) =>
  ({ method: 'get', path: '/api/v1/tickets/:ticketId', ...over }) as RouteSpec<any, any, any>;
const req = { originalUrl: '/api/v1/tickets/TK-1?x=1', params: { ticketId: 'TK-1' } } as any;
const who = (roles: string[]): Principal => ({ id: 'tok', name: roles[0]!, roles }) as unknown as Principal;
const body = { ticketId: 'TK-1', description: '回电13812345678' };
const log = createLogger('test', 'error', () => undefined);

describe('PII response guard', () => {
  it('masks for a caller without pii:read and writes nothing', async () => {
    const { ds, writes } = fakeDb();
    const out = await createPiiResponseGuard({ dataSource: ds, log })({ route: route(), req, principal: who(['agent']), body });
    assert.deepEqual(out, { ticketId: 'TK-1', description: '回电138****5678' });
    assert.equal(writes.length, 0);
  });

  it('passes PII to a caller with pii:read and audits the read before answering', async () => {
    const { ds, writes } = fakeDb();
    const out = await createPiiResponseGuard({ dataSource: ds, log })({ route: route(), req, principal: who(['team_lead']), body });
    assert.deepEqual(out, body);
    assert.equal(writes.length, 1);
    const [actor, target, details] = writes[0]!;
    assert.equal(actor, 'token:team_lead');
    assert.equal(target, '/api/v1/tickets/TK-1');
    assert.deepEqual(JSON.parse(details as string).fields, [{ path: 'description', type: 'phone' }]);
  });

  it('withholds the response (503) when the read cannot be audited', async () => {
    const { ds } = fakeDb({ failAudit: true });
    await assert.rejects(
      createPiiResponseGuard({ dataSource: ds, log })({ route: route(), req, principal: who(['admin']), body }),
      (err: unknown) => err instanceof HttpProblem && err.status === 503,
    );
  });

  it('leaves alone a route that masks by itself, and a body without personal data', async () => {
    const { ds, writes } = fakeDb();
    const guard = createPiiResponseGuard({ dataSource: ds, log });
    assert.equal(await guard({ route: route({ piiMasked: true }), req, principal: who(['agent']), body }), body);
    assert.deepEqual(await guard({ route: route(), req, principal: who(['admin']), body: { ok: true } }), { ok: true });
    assert.equal(writes.length, 0);
  });
});

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
function fakeDb(opts: { failAudit?: boolean; visits?: Record<string, string> } = {}) {
  const writes: unknown[][] = [];
  const ds = {
    async query(sql: string, args: unknown[] = []) {
      if (sql.includes('FROM pii_masking_rules')) return DEFAULT_PII_RULES;
      if (sql.includes('FROM visits'))
        return (args[0] as string[]).filter((id) => opts.visits?.[id] === args[1]).map((id) => ({ visit_id: id }));
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

  it('shows a signed-in engineer the address and phone of their own visits only, and audits that read', async () => {
    const { ds, writes } = fakeDb({ visits: { 'VS-1': 'eng-wang', 'VS-2': 'eng-li' } });
    const guard = createPiiResponseGuard({ dataSource: ds, log });
    const visit = (visitId: string, engineerId: string) => ({
      visitId,
      engineerId,
      address: '上海市黄浦区人民大道 200 号',
      contactPhone: '13812345678',
      description: '客户邮箱 li@example.com，电话 13912345678',
    });
    const wang = { ...who(['engineer']), kind: 'user', name: 'wang', agentId: 'eng-wang' } as Principal;
    // VS-3 claims to be wang's, but the visits say otherwise: masked
    const items = [visit('VS-1', 'eng-wang'), visit('VS-2', 'eng-li'), visit('VS-3', 'eng-wang')];
    const out = (await guard({ route: route({ path: '/api/v1/visits' }), req, principal: wang, body: { items } })) as { items: any[] };
    assert.deepEqual(out.items[0], { ...items[0], description: '客户邮箱 l***@example.com，电话 13912345678' });
    for (const masked of out.items.slice(1)) {
      assert.equal(masked.address, '上海市****');
      assert.equal(masked.contactPhone, '138****5678');
      assert.equal(masked.description, '客户邮箱 l***@example.com，电话 139****5678');
    }
    const audits = writes.filter((w) => w[0] === 'user:wang');
    assert.equal(audits.length, 1);
    const details = JSON.parse(audits[0]![2] as string);
    assert.deepEqual(details.assignedVisits, ['VS-1']);
    assert.deepEqual(details.fields.map((f: { path: string }) => f.path).sort(), [
      'items.0.address',
      'items.0.contactPhone',
      'items.0.description',
    ]);
    // an engineer-role token is linked to no engineer: masked, whatever the body claims
    const unlinked = await guard({ route: route(), req, principal: who(['engineer']), body: items[0] });
    assert.equal((unlinked as { address: string }).address, '上海市****');
  });

  it('leaves alone a route that masks by itself, and a body without personal data', async () => {
    const { ds, writes } = fakeDb();
    const guard = createPiiResponseGuard({ dataSource: ds, log });
    assert.equal(await guard({ route: route({ piiMasked: true }), req, principal: who(['agent']), body }), body);
    assert.deepEqual(await guard({ route: route(), req, principal: who(['admin']), body: { ok: true } }), { ok: true });
    assert.equal(writes.length, 0);
  });
});

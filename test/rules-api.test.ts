import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SEED_VIP_P1_RULE } from '../rules/seed-rules';
import { Harness, eventually, seedTicket, type HttpResponse } from './support/harness';

/**
 * The rule store over HTTP on the real engines: per-rule CRUD of the draft with validation paths,
 * the seed's rule accepted verbatim, testing a rule with its trace, back-testing the draft on
 * tickets closed here, publishing an immutable version, version history and diffs. Every rule made
 * here only matches this run's customer, so publishing it cannot touch other tests' tickets.
 */
describe('rule store API', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8);
  const key = (name: string) => `${name}_${run}`;
  const customer = `c_rules_${run}`;
  const mine = { '==': [{ var: 'ticket.customerId' }, customer] };
  const ok = (res: HttpResponse, status = 200) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };
  const fields = (res: HttpResponse) => {
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.headers.get('content-type')?.startsWith('application/problem+json'), true);
    return (res.body.errors as { field: string }[]).map((e) => e.field);
  };
  const routing = (name: string, over: Record<string, unknown> = {}) => ({
    key: key(name),
    name: `路由 ${name}`,
    kind: 'routing',
    condition: { and: [mine, { in_region: [{ var: 'ticket.region' }, ['华东']] }] },
    actions: [{ action: 'assign', group: `east_${run}` }],
    ...over,
  });

  before(async () => {
    h = await Harness.start();
  });
  after(async () => {
    await h?.stop();
  });

  it('starts from the seed rule, published as version 1', async () => {
    const v1 = ok(await h.request('GET', '/api/v1/rule-sets/ticket/versions/1'));
    assert.ok(['published', 'archived'].includes(v1.status));
    const seed = v1.rules.find((r: { key: string }) => r.key === 'vip_p1_auto_escalate');
    assert.deepEqual(seed.condition, {
      and: [{ '==': [{ var: 'ticket.priority' }, 'P1'] }, { '==': [{ lower: { var: 'ticket.customerTier' } }, 'vip'] }],
    });
    assert.deepEqual(seed.actions[2], { action: 'start_timer', sla: 'p1-standard' });
  });

  it('accepts the seed dialect verbatim and refuses what is wrong with the path at fault', async () => {
    // the seed's own rule is already in the draft (copied from the published version)
    const dup = await h.request('POST', '/api/v1/rules', SEED_VIP_P1_RULE);
    assert.equal(dup.status, 409, JSON.stringify(dup.body));
    const created = ok(await h.request('POST', '/api/v1/rules', { ...SEED_VIP_P1_RULE, name: key('vip_p1') }), 201);
    assert.equal(created.key, key('vip_p1'));
    assert.equal(created.kind, 'automation');
    assert.equal(created.version, 1);
    assert.equal(created.ruleSet.status, 'draft');

    assert.deepEqual(
      fields(
        await h.request(
          'POST',
          '/api/v1/rules',
          routing('bad1', { condition: { and: [{ '==': [{ var: 'ticket.colour' }, 'red'] }, { teleport: [] }] } }),
        ),
      ),
      ['condition.and[0].==[0].var', 'condition.and[1].teleport'],
    );
    assert.deepEqual(
      fields(await h.request('POST', '/api/v1/rules', routing('bad2', { actions: [{ action: 'set_priority', priority: 'P0' }] }))),
      ['actions[0].priority'],
    );
    assert.deepEqual(
      fields(
        await h.request(
          'POST',
          '/api/v1/rules',
          routing('bad3', {
            actions: [
              { action: 'notify', channel: 'pigeon', target: '值班群' },
              { action: 'start_timer', sla: 'p7_1h' },
            ],
          }),
        ),
      ),
      ['actions[0].channel', 'actions[1].sla'],
    );
    assert.deepEqual(fields(await h.request('POST', '/api/v1/rules', routing('bad4', { on: ['ticket.created'] }))), ['on']);
    assert.deepEqual(fields(await h.request('POST', '/api/v1/rules', { name: 'x', if: { eq: ['colour', 'red'] }, then: [] })), [
      'condition.==[0].var',
    ]);
    const audits = await h.dataSource.query(`SELECT actor FROM audit_log WHERE action = 'rule.created' AND target_id = $1`, [
      key('vip_p1'),
    ]);
    assert.equal(audits.length, 1);
  });

  it('lists by kind with paging, reads, patches and deletes rules of the draft', async () => {
    for (const [i, n] of ['r_a', 'r_b', 'r_c'].entries())
      ok(await h.request('POST', '/api/v1/rules', routing(n, { priority: 5 + i })), 201);
    const first = ok(await h.request('GET', `/api/v1/rules?kind=routing&limit=2`));
    assert.equal(first.ruleSet.status, 'draft');
    assert.equal(first.items.length, 2);
    assert.ok(first.items.every((r: { kind: string }) => r.kind === 'routing'));
    const seen: string[] = first.items.map((r: { key: string }) => r.key);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = ok(await h.request('GET', `/api/v1/rules?kind=routing&limit=2&cursor=${cursor}`));
      seen.push(...page.items.map((r: { key: string }) => r.key));
      cursor = page.nextCursor;
    }
    assert.deepEqual(
      seen.filter((k) => k.endsWith(run)),
      [key('r_a'), key('r_b'), key('r_c')],
      'in evaluation order (priority)',
    );

    const patched = ok(
      await h.request('PATCH', `/api/v1/rules/${key('r_b')}`, { priority: 1, stopProcessing: true, description: '先评估' }),
    );
    assert.equal(patched.priority, 1);
    assert.equal(patched.version, 2);
    const unset = ok(await h.request('PATCH', `/api/v1/rules/${key('r_b')}`, { stopProcessing: null }));
    assert.equal(unset.stopProcessing, undefined);
    assert.equal(unset.version, 3);
    assert.deepEqual(fields(await h.request('PATCH', `/api/v1/rules/${key('r_b')}`, { actions: [{ action: 'assign' }] })), ['actions[0]']);
    assert.deepEqual(fields(await h.request('PATCH', `/api/v1/rules/${key('r_b')}`, { key: 'other' })), ['key']);
    assert.equal((await h.request('PATCH', `/api/v1/rules/nope_${run}`, { priority: 1 })).status, 404);
    assert.equal(ok(await h.request('GET', `/api/v1/rules/${key('r_b')}`)).description, '先评估');

    assert.equal((await h.request('DELETE', `/api/v1/rules/${key('r_c')}`)).status, 204);
    assert.equal((await h.request('GET', `/api/v1/rules/${key('r_c')}`)).status, 404);
    assert.equal((await h.request('DELETE', `/api/v1/rules/${key('r_c')}`)).status, 404);
  });

  it('tests a rule on a sample ticket: result, the false sub-condition and the trace', async () => {
    const miss = ok(
      await h.request('POST', `/api/v1/rules/${key('vip_p1')}/test`, {
        ticket: { priority: 'P1', customerTier: 'standard' },
        event: 'ticket.created',
        now: '2026-11-25T02:00:00Z',
      }),
    );
    assert.equal(miss.matched, false);
    assert.equal(miss.why, 'condition.and[1]: lower(ticket.customerTier) == "vip" is false (ticket.customerTier = "standard")');
    assert.deepEqual(miss.actions, []);
    assert.deepEqual(
      miss.trace.children.map((c: { path: string; value: unknown }) => [c.path, c.value]),
      [
        ['condition.and[0]', true],
        ['condition.and[1]', false],
      ],
    );
    assert.deepEqual(miss.trace.children[1].reads, { 'ticket.customerTier': 'standard' });

    const hit = ok(await h.request('POST', `/api/v1/rules/${key('vip_p1')}/test`, { ticket: { priority: 'P1', customerTier: 'VIP' } }));
    assert.equal(hit.matched, true);
    assert.equal(hit.wouldAct, true);
    assert.deepEqual(
      hit.actions.map((a: { action: string }) => a.action),
      ['assign', 'notify', 'start_timer'],
    );
    assert.deepEqual(fields(await h.request('POST', `/api/v1/rules/${key('vip_p1')}/test`, { ticket: { colour: 'red' } })), [
      'ticket.colour',
    ]);
    assert.equal((await h.request('POST', `/api/v1/rules/nope_${run}/test`, { ticket: {} })).status, 404);
  });

  it('back-tests the draft against the published set on closed tickets', async () => {
    const close = async (region: string) => {
      const t = ok(await h.request('POST', '/api/v1/tickets', seedTicket({ customerId: customer, region, priority: 'P3' })), 201);
      ok(await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/assign`, { assigneeId: 'agent_li' }));
      ok(await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/accept`, {}));
      ok(
        await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/resolve`, {
          resolution: '更换主板后正常开机',
          rootCause: '主板故障',
        }),
      );
      ok(await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/close`, {}));
      await eventually(
        () => h.dataSource.query(`SELECT status FROM tickets WHERE ticket_id = $1`, [t.ticketId]),
        (r) => r[0]?.status === 'closed',
      );
      return t.ticketId as string;
    };
    const east = await close('上海');
    const west = await close('四川');
    ok(
      await h.request('POST', '/api/v1/rules', {
        key: key('bt_east'),
        name: '华东 P1 标记',
        kind: 'routing',
        // after r_a / r_b (also 华东 in this run): in priority order, its assign has the last word
        priority: 50,
        condition: { and: [mine, { in_region: [{ var: 'ticket.region' }, '华东'] }] },
        actions: [
          { action: 'assign', group: `bt_${run}` },
          { action: 'set_priority', priority: 'P1' },
          { action: 'add_tags', tags: ['east'] },
        ],
      }),
      201,
    );
    const report = ok(await h.request('POST', '/api/v1/rule-sets/ticket/backtest', { limit: 500 }));
    const byId = new Map(report.items.map((i: { ticketId: string }) => [i.ticketId, i]));
    const e = byId.get(east) as {
      changes: { field: string; from: unknown; to: unknown }[];
      draft: { matched: string[] };
      actual: { priority: string };
    };
    const w = byId.get(west) as { changes: unknown[] };
    assert.ok(e && w, 'both closed tickets are in the back-test');
    assert.equal(e.actual.priority, 'P3');
    assert.ok(e.draft.matched.includes(key('bt_east')));
    assert.deepEqual(
      e.changes.map((c) => [c.field, c.to]),
      [
        ['group', `bt_${run}`],
        ['priority', 'P1'],
        ['tagsAdded', ['east']],
      ],
    );
    assert.deepEqual(w.changes, []);
    assert.ok(report.totals.changed >= 1 && report.totals.tickets >= 2);
    assert.ok(report.totals.byField.priority >= 1);
    assert.deepEqual(fields(await h.request('POST', '/api/v1/rule-sets/ticket/backtest', { limit: 0 })), ['limit']);
  });

  it('publishes an immutable version, archives the previous one, and diffs versions', async () => {
    const before = ok(await h.request('GET', '/api/v1/rule-sets/ticket/versions?limit=200'));
    const previous = before.items.find((v: { status: string }) => v.status === 'published');
    const draft = before.items.find((v: { status: string }) => v.status === 'draft');
    assert.ok(previous && draft);

    // a rule that became invalid in the draft (written behind the API) blocks publishing, with its path
    await h.dataSource.query(`UPDATE rule_sets SET rules = rules || $1::jsonb WHERE key = 'ticket' AND status = 'draft'`, [
      JSON.stringify([
        { key: key('broken'), name: 'b', kind: 'routing', condition: { nope: [] }, actions: [], priority: 1, enabled: true },
      ]),
    ]);
    const refused = await h.request('POST', '/api/v1/rule-sets/ticket/publish', {});
    assert.ok(fields(refused).some((f) => /^rules\[\d+\]\.condition\.nope$/.test(f)));
    ok(await h.request('DELETE', `/api/v1/rules/${key('broken')}`), 204);

    const published = ok(await h.request('POST', '/api/v1/rule-sets/ticket/publish', { notes: `test ${run}` }), 201);
    assert.equal(published.version, draft.version);
    assert.equal(published.status, 'published');
    assert.equal(published.previousVersion, previous.version);
    assert.ok(published.changes.added.includes(key('bt_east')));
    assert.equal((await h.request('POST', '/api/v1/rule-sets/ticket/publish', {})).status, 409, 'no draft left');

    const old = ok(await h.request('GET', `/api/v1/rule-sets/ticket/versions/${previous.version}`));
    assert.equal(old.status, 'archived');
    const now = ok(await h.request('GET', `/api/v1/rule-sets/ticket/versions/${published.version}`));
    assert.deepEqual(
      now.rules.map((r: { key: string }) => r.key).filter((k: string) => k.endsWith(run)),
      [key('r_b'), key('r_a'), key('bt_east'), key('vip_p1')],
    );
    await assert.rejects(
      h.dataSource.query(`UPDATE rule_sets SET rules = '[]' WHERE key = 'ticket' AND version = $1`, [published.version]),
      /immutable/,
    );
    await assert.rejects(
      h.dataSource.query(`DELETE FROM rule_sets WHERE key = 'ticket' AND version = $1`, [published.version]),
      /cannot be deleted/,
    );

    const diff = ok(await h.request('GET', `/api/v1/rule-sets/ticket/versions?diff=${previous.version}..${published.version}`));
    assert.ok(diff.added.includes(key('vip_p1')) && diff.added.includes(key('r_a')));
    assert.deepEqual(diff.removed, []);

    // the next edit opens a new draft from the published version; the diff against it shows the change
    ok(await h.request('PATCH', `/api/v1/rules/${key('r_a')}`, { priority: 99 }));
    const pending = ok(await h.request('GET', `/api/v1/rule-sets/ticket/versions?diff=${published.version}..draft`));
    assert.equal(pending.to.version, published.version + 1);
    assert.deepEqual(pending.changed, [{ key: key('r_a'), fields: ['priority'] }]);
    const badDiff = await h.request('GET', '/api/v1/rule-sets/ticket/versions?diff=a..b');
    assert.equal(badDiff.status, 400);
    assert.deepEqual(
      badDiff.body.errors.map((e: { field: string }) => e.field),
      ['query.diff'],
    );
    const audit = await h.dataSource.query(`SELECT details FROM audit_log WHERE action = 'rule_set.published' AND target_id = $1`, [
      `ticket@v${published.version}`,
    ]);
    assert.equal(audit.length, 1);
  });
});

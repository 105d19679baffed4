import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Harness, seedTicket } from './support/harness';

describe('flow store and dictionaries over the API', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start({ worker: 'in-process' });
  });
  after(async () => {
    await h.stop();
  });

  it('publishes the default ticket flow as v1 and keeps published versions immutable', async () => {
    const list = await h.request('GET', '/api/v1/flows');
    assert.equal(list.status, 200);
    const ticketFlow = list.body.items.find((f: { flowKey: string }) => f.flowKey === 'ticket-default');
    assert.ok(ticketFlow, JSON.stringify(list.body));

    const v1 = await h.request('GET', '/api/v1/flows/ticket-default/versions/1');
    assert.equal(v1.status, 200);
    assert.equal(v1.body.status, 'published');
    await assert.rejects(
      h.dataSource.query(`UPDATE flow_versions SET definition = '{}'::jsonb WHERE flow_key = 'ticket-default' AND version = 1`),
      /immutable|published/i,
    );
  });

  it('stores an invalid draft with its problems, refuses to publish it, then publishes the fixed draft', async () => {
    const key = `ticket-test-${Date.now()}`;
    const base = (await h.request('GET', '/api/v1/flows/ticket-default/versions/1')).body.definition;
    const broken = {
      ...base,
      key,
      name: '测试流程',
      edges: base.edges.filter((e: { id: string }) => e.id !== 'e_close' && e.id !== 'e_auto_close'),
    };

    const saved = await h.request('PUT', `/api/v1/flows/${key}/draft`, broken);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.ok(
      saved.body.problems.some((p: { message: string }) => /dead end|cannot be reached|no path/.test(p.message)),
      JSON.stringify(saved.body.problems),
    );

    const refused = await h.request('POST', `/api/v1/flows/${key}/publish`, { message: '测试发布' });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'invalid_flow');
    assert.equal(refused.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.ok(refused.body.errors.length > 0);

    const checked = await h.request('POST', '/api/v1/flows/validate', { ...base, key });
    assert.deepEqual(checked.body, { ok: true, problems: [] });

    const fixed = await h.request(
      'PUT',
      `/api/v1/flows/${key}/draft`,
      { ...base, key, name: '测试流程' },
      { 'If-Match': `"${saved.body.revision}"` },
    );
    assert.equal(fixed.status, 200);
    const published = await h.request('POST', `/api/v1/flows/${key}/publish`, { message: '测试发布' });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    assert.equal(published.body.status, 'published');

    const mismatch = await h.request('PUT', `/api/v1/flows/${key}/draft`, { ...base, key: 'other' });
    assert.equal(mismatch.status, 422);
    assert.equal(mismatch.body.errors[0].field, 'key');
  });

  it('extends the category tree, and intake accepts the new category and refuses unknown ones', async () => {
    const added = await h.request('POST', '/api/v1/dictionaries/category', {
      code: `固件问题${Date.now() % 1000}`,
      parentCode: '质量问题',
      labelZh: '固件问题',
      labelEn: 'Firmware',
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.level, 2);
    const code2 = added.body.code.split('/').pop();

    const categories = await h.request('GET', '/api/v1/dictionaries/category');
    assert.equal(categories.status, 200);
    assert.ok(categories.body.items.some((e: { code: string }) => e.code === added.body.code));

    const ok = await h.request('POST', '/api/v1/tickets', seedTicket({ category2: code2, category3: undefined }));
    assert.equal(ok.status, 201, JSON.stringify(ok.body));

    const unknown = await h.request('POST', '/api/v1/tickets', seedTicket({ category2: '不存在的分类' }));
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.errors[0].field, 'category2');

    const noParent = await h.request('POST', '/api/v1/dictionaries/category', {
      code: 'x',
      parentCode: 'nope',
      labelZh: 'x',
      labelEn: 'x',
    });
    assert.equal(noParent.status, 422);
    assert.equal(noParent.body.errors[0].field, 'parentCode');
  });

  it('pauses the clock for a pause reason an admin added, and refuses reasons not in the dictionary', async () => {
    const code = `awaiting_approval_${Date.now() % 100000}`;
    const added = await h.request('POST', '/api/v1/dictionaries/pause_reason', { code, labelZh: '等待审批', labelEn: 'Awaiting approval' });
    assert.equal(added.status, 201, JSON.stringify(added.body));

    const t = (await h.request('POST', '/api/v1/tickets', seedTicket())).body;
    assert.equal((await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/assign`, { assigneeId: 'agent_wu' })).status, 200);
    assert.equal((await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/accept`, {})).status, 200);

    const bogus = await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/hold`, { reason: 'lunch_break' });
    assert.equal(bogus.status, 422);
    assert.equal(bogus.body.errors[0].field, 'reason');

    const held = await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/hold`, { reason: code, evidence: 'OA-2026-1188' });
    assert.equal(held.status, 200, JSON.stringify(held.body));
    assert.equal(held.body.status, 'on_hold');
    assert.equal(held.body.sla.ttr.state, 'paused');
    assert.equal(held.body.sla.ttr.pauseReason, code);

    const resumed = await h.request('POST', `/api/v1/tickets/${t.ticketId}/actions/resume`, {});
    assert.equal(resumed.body.status, 'in_progress');
    assert.equal(resumed.body.sla.ttr.state, 'running');
  });
});

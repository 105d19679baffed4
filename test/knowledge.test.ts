import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { issueToken } from '../api/auth/api-tokens';
import { eventually, Harness, seedTicket } from './support/harness';

/**
 * The knowledge base over HTTP on the real PostgreSQL: Chinese full-text search, the article
 * lifecycle and who sees what, and articles suggested for a ticket. Each test tags its articles
 * with a run-unique tag (or model), because the database also holds the standard articles.
 */
describe('knowledge base: Chinese search, lifecycle, suggestions', () => {
  let h: Harness;
  let agent: Record<string, string>;
  let editor: Record<string, string>;
  const run = randomUUID().slice(0, 8);

  before(async () => {
    h = await Harness.start();
    const bearer = async (name: string, roles: string[]) => ({
      authorization: `Bearer ${(await issueToken(h.dataSource, { name, roles, actor: 'test' })).token}`,
    });
    agent = await bearer(`kb-agent-${run}`, ['agent']);
    editor = await bearer(`kb-editor-${run}`, ['team_lead']);
  });
  after(async () => {
    await h.stop();
  });

  /** Creates and (unless told otherwise) publishes an article as the editor. */
  const article = async (fields: Record<string, unknown>, publish = true) => {
    const created = await h.request('POST', '/api/v1/knowledge/articles', { kind: 'faq', ...fields }, editor);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.status, 'draft');
    if (!publish) return created.body;
    const published = await h.request('POST', `/api/v1/knowledge/articles/${created.body.id}/publish`, undefined, editor);
    assert.equal(published.status, 200, JSON.stringify(published.body));
    return published.body;
  };
  const search = async (qs: string, headers = agent) => {
    const res = await h.request('GET', `/api/v1/knowledge/search?${qs}`, undefined, headers);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as { id: string; title: string; titleHighlighted: string; snippet: string; score: number }[];
  };

  it('finds 开机 inside 设备无法开机 and ranks a title hit above body hits', async () => {
    const tag = `t-${run}-rank`;
    const inBody = await article({
      title: '电源指示灯说明',
      body: '指示灯常亮表示待机。若设备无法开机，先检查插座；开机时指示灯应闪烁三次，开机后转为常亮。',
      tags: [tag],
    });
    const inTitle = await article({ title: '设备无法开机的处理', body: '请先确认插座有电，再长按电源键 3 秒。', tags: [tag] });
    await article({ title: '空调漏水', body: '排水管堵塞会导致漏水。', tags: [tag] });

    const hits = await search(`q=${encodeURIComponent('开机')}&tag=${tag}`);
    assert.deepEqual(
      hits.map((x) => x.id),
      [inTitle.id, inBody.id],
      'both contain 开机, the title hit first; the leak article does not match',
    );
    assert.ok(hits[0]!.score > hits[1]!.score);
    assert.equal(hits[0]!.titleHighlighted, '设备无法<mark>开机</mark>的处理');
    assert.match(hits[1]!.snippet, /若设备无法<mark>开机<\/mark>/);

    // A longer question still finds it, by the bigrams it shares (设备, 开机); 失败 is in neither.
    const longer = await search(`q=${encodeURIComponent('设备开机失败怎么办')}&tag=${tag}`);
    assert.equal(longer[0]?.id, inTitle.id);
  });

  it('a mixed Chinese and model-number query works, including the squashed and full-width model', async () => {
    const model = `ZX-${run.slice(0, 4).toUpperCase()}`;
    const tag = `t-${run}-mixed`;
    const forModel = await article({ title: `${model} 室内机漏水处理`, body: '检查排水管与水泵。', models: [model], tags: [tag] });
    const leakOnly = await article({ title: '漏水的常见原因', body: '排水管弯折或堵塞。', tags: [tag] });
    const otherModel = await article({ title: 'ZY-9 开机黑屏', body: '更换主板。', models: ['ZY-9'], tags: [tag] });

    const mixed = await search(`q=${encodeURIComponent(`${model} 漏水`)}&tag=${tag}`);
    assert.deepEqual(
      mixed.map((x) => x.id),
      [forModel.id, leakOnly.id],
    );
    assert.match(mixed[0]!.titleHighlighted, new RegExp(`<mark>${model}</mark> 室内机<mark>漏水</mark>处理`));

    const squashed = await search(`q=${model.replace('-', '').toLowerCase()}&tag=${tag}`);
    assert.deepEqual(
      squashed.map((x) => x.id),
      [forModel.id],
    );
    const fullWidth = model.replace(/[A-Z0-9-]/g, (c) => String.fromCharCode(c === '-' ? 0xff0d : c.charCodeAt(0) + 0xfee0));
    assert.equal((await search(`q=${encodeURIComponent(fullWidth)}&tag=${tag}`))[0]?.id, forModel.id);

    // model= keeps the model's articles and the ones for every model, not another model's.
    const byModel = await search(`model=${model.toLowerCase()}&tag=${tag}`);
    assert.deepEqual(new Set(byModel.map((x) => x.id)), new Set([forModel.id, leakOnly.id]));
    assert.ok(!byModel.some((x) => x.id === otherModel.id));
  });

  it('finds the standard articles seeded at start', async () => {
    const hits = await search(`q=${encodeURIComponent('网络连接失败')}`);
    assert.equal(hits[0]?.id, 'KB-STD-0008', JSON.stringify(hits.map((x) => x.title)));
    const cooling = await search(`q=${encodeURIComponent('不制冷')}&category3=${encodeURIComponent('不制冷')}`);
    assert.deepEqual(cooling.map((x) => x.id).sort(), ['KB-STD-0006', 'KB-STD-0007']);
  });

  it('drafts and archived articles are not returned to agents; editors list them', async () => {
    const tag = `t-${run}-draft`;
    const draft = await article({ title: '压缩机异响排查（草稿）', body: '待审核。', tags: [tag] }, false);
    assert.deepEqual(await search(`q=${encodeURIComponent('异响')}&tag=${tag}`), []);
    assert.deepEqual(await search(`q=${encodeURIComponent('异响')}&tag=${tag}`, editor), [], 'search is of published articles');
    assert.equal((await h.request('GET', `/api/v1/knowledge/articles/${draft.id}`, undefined, agent)).status, 404);
    assert.equal((await h.request('GET', `/api/v1/knowledge/articles?status=draft`, undefined, agent)).status, 403);
    const drafts = await h.request('GET', `/api/v1/knowledge/articles?status=draft&tag=${tag}`, undefined, editor);
    assert.deepEqual(
      drafts.body.items.map((a: { id: string }) => a.id),
      [draft.id],
    );

    const published = await h.request('POST', `/api/v1/knowledge/articles/${draft.id}/publish`, undefined, editor);
    assert.equal(published.body.status, 'published');
    assert.equal(published.body.version, 2);
    assert.deepEqual(
      (await search(`q=${encodeURIComponent('异响')}&tag=${tag}`)).map((x) => x.id),
      [draft.id],
    );
    assert.equal((await h.request('GET', `/api/v1/knowledge/articles/${draft.id}`, undefined, agent)).status, 200);

    const again = await h.request('POST', `/api/v1/knowledge/articles/${draft.id}/publish`, undefined, editor);
    assert.equal(again.status, 409);
    assert.match(again.body.detail, /cannot publish an article that is published/);

    const archived = await h.request('POST', `/api/v1/knowledge/articles/${draft.id}/archive`, undefined, editor);
    assert.equal(archived.body.status, 'archived');
    assert.deepEqual(await search(`q=${encodeURIComponent('异响')}&tag=${tag}`), []);
    assert.equal((await h.request('DELETE', `/api/v1/knowledge/articles/${draft.id}`, undefined, editor)).status, 409);

    const audit = (await h.dataSource.query(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id`, [draft.id])) as {
      action: string;
    }[];
    assert.deepEqual(
      audit.map((a) => a.action),
      ['knowledge.article_created', 'knowledge.article_published', 'knowledge.article_archived'],
    );
  });

  it('edits re-index the article, guarded by If-Match; validation names the field; agents may not write', async () => {
    const tag = `t-${run}-edit`;
    const a = await article({ title: '滤网清洗', body: '每月清洗一次。', tags: [tag] });
    const stale = await h.request(
      'PATCH',
      `/api/v1/knowledge/articles/${a.id}`,
      { title: '过滤网清洗方法' },
      { ...editor, 'If-Match': '"1"' },
    );
    assert.equal(stale.status, 412);
    const edited = await h.request(
      'PATCH',
      `/api/v1/knowledge/articles/${a.id}`,
      { title: '过滤网清洗方法', category1: '咨询', category2: '使用咨询' },
      { ...editor, 'If-Match': `"${a.version}"` },
    );
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.version, a.version + 1);
    assert.equal(edited.headers.get('etag'), `"${a.version + 1}"`);
    assert.deepEqual(
      (await search(`q=${encodeURIComponent('过滤网')}&tag=${tag}`)).map((x) => x.id),
      [a.id],
    );
    assert.deepEqual(
      (await search(`q=${encodeURIComponent('过滤网')}&tag=${tag}&category2=${encodeURIComponent('使用咨询')}`)).map((x) => x.id),
      [a.id],
    );

    const badCategory = await h.request(
      'POST',
      '/api/v1/knowledge/articles',
      { kind: 'faq', title: '标题', body: '正文', category1: '不存在' },
      editor,
    );
    assert.equal(badCategory.status, 422);
    assert.equal(badCategory.body.errors[0].field, 'category1');
    const unknownField = await h.request(
      'POST',
      '/api/v1/knowledge/articles',
      { kind: 'faq', title: '标题', body: '正文', colour: 'red' },
      editor,
    );
    assert.equal(unknownField.status, 422);
    assert.equal(unknownField.body.errors[0].field, 'colour');
    const badKind = await h.request('POST', '/api/v1/knowledge/articles', { kind: 'blog', title: '标题', body: '正文' }, editor);
    assert.equal(badKind.body.errors[0].field, 'kind');
    assert.equal((await h.request('POST', '/api/v1/knowledge/articles', { kind: 'faq', title: '标题', body: '正文' }, agent)).status, 403);
    const nothing = await h.request('GET', `/api/v1/knowledge/search?q=${encodeURIComponent('？！')}`, undefined, agent);
    assert.equal(nothing.status, 400);
    assert.equal(nothing.body.errors[0].field, 'query.q');

    const draft = await article({ title: '临时草稿', body: '删除测试。', tags: [tag] }, false);
    assert.equal((await h.request('DELETE', `/api/v1/knowledge/articles/${draft.id}`, undefined, editor)).status, 204);
    assert.equal((await h.request('GET', `/api/v1/knowledge/articles/${draft.id}`, undefined, editor)).status, 404);
  });

  it('a retried create with the same Idempotency-Key makes one article', async () => {
    const body = { kind: 'sop', title: `幂等测试 ${run}`, body: '同一个请求只创建一篇。', tags: [`t-${run}-idem`] };
    const headers = { ...editor, 'Idempotency-Key': `kb-create-${run}` };
    const first = await h.request('POST', '/api/v1/knowledge/articles', body, headers);
    const second = await h.request('POST', '/api/v1/knowledge/articles', body, headers);
    assert.equal(first.status, 201);
    assert.equal(second.status, 200);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(second.body.id, first.body.id);
    const list = await h.request('GET', `/api/v1/knowledge/articles?status=all&tag=t-${run}-idem`, undefined, editor);
    assert.equal(list.body.items.length, 1);
  });

  it('suggests articles for a ticket by its category, model and description', async () => {
    const model = `QX-${run.slice(0, 4).toUpperCase()}`;
    const sameAll = await article({
      kind: 'sop',
      title: `${model} 漏水维修`,
      body: '疏通排水管，检查排水泵。',
      models: [model],
      category1: '质量问题',
      category2: '功能异常',
      category3: '漏水',
    });
    const otherModel = await article({
      title: `QY-${run.slice(0, 4)} 漏水维修`,
      body: '排水管。',
      models: [`QY-${run.slice(0, 4)}`],
      category1: '质量问题',
      category2: '功能异常',
      category3: '漏水',
    });
    const created = await h.request(
      'POST',
      '/api/v1/tickets',
      seedTicket({ category3: '漏水', sku: model.toLowerCase(), description: '室内机漏水，排水管可能堵塞' }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const path = `/api/v1/tickets/${created.body.ticketId}/suggested-articles?limit=10`;
    const res = await eventually(
      () => h.request('GET', path, undefined, agent),
      (r) => r.status === 200,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.models, [model]);
    const items = res.body.items as { id: string; reasons: string[] }[];
    assert.equal(items[0]?.id, sameAll.id);
    assert.deepEqual(items[0]?.reasons, ['category3', 'model', 'text']);
    assert.ok(!items.some((i) => i.id === otherModel.id), "another model's SOP is not suggested");
    assert.ok(!items.some((i) => i.id === 'KB-STD-0004'), 'nor the standard one written for AC-9000');
    assert.ok(
      items.every((i) => i.reasons.length > 0),
      'every suggestion says why',
    );

    const unknown = await h.request('GET', '/api/v1/tickets/TK-20260101-0000000X/suggested-articles', undefined, agent);
    assert.equal(unknown.status, 404);

    // A service provider's token reads the knowledge base, but not about tickets that are not its own.
    const providerId = `SP-KB-${run}`;
    await h.dataSource.query(
      `INSERT INTO service_providers (id, name, kind, created_by, updated_by) VALUES ($1, '测试服务商', 'provider', 'test', 'test')`,
      [providerId],
    );
    const { token } = await issueToken(h.dataSource, { name: `kb-provider-${run}`, roles: ['agent'], actor: 'test', providerId });
    const provider = { authorization: `Bearer ${token}` };
    assert.equal((await h.request('GET', path, undefined, provider)).status, 404);
    assert.equal((await h.request('GET', `/api/v1/knowledge/search?q=${encodeURIComponent('漏水')}`, undefined, provider)).status, 200);
  });
});

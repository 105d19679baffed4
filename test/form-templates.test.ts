import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Harness, seedTicket, type HttpResponse } from './support/harness';

/**
 * Form templates over HTTP on the real engines: templates are validated when saved, published as
 * immutable versions and resolved by category; intake refuses a ticket its template finds
 * incomplete (naming every field) before any workflow starts, and an action is checked against the
 * template version the ticket was opened under.
 */
describe('form templates', () => {
  let h: Harness;
  const run = randomUUID().slice(0, 8);
  // A category of this run only, so the templates published here touch no other test's tickets.
  const sub = `保修${run}`;
  const key = `repair-${run}`;
  const label = (zh: string, en: string) => ({ zh, en });

  const ok = (res: HttpResponse, status = 200) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };
  const ticketFor = (over: Record<string, unknown>) => {
    const { category2: _c2, category3: _c3, ...t } = seedTicket({ priority: 'P3' });
    return { ...t, ...over };
  };
  const inProgress = async (ticketId: string) => {
    ok(await h.request('POST', `/api/v1/tickets/${ticketId}/actions/assign`, { assigneeId: 'agent_form' }));
    ok(await h.request('POST', `/api/v1/tickets/${ticketId}/actions/accept`, {}));
  };
  const ticketsOf = async (customerId: string) =>
    Number((await h.dataSource.query(`SELECT count(*) AS n FROM intake_claims WHERE customer_id = $1`, [customerId]))[0].n) +
    Number((await h.dataSource.query(`SELECT count(*) AS n FROM tickets WHERE customer_id = $1`, [customerId]))[0].n);

  before(async () => {
    h = await Harness.start();
    ok(
      await h.request('POST', '/api/v1/dictionaries/category', {
        code: sub,
        parentCode: '维修',
        labelZh: '保修测试',
        labelEn: 'Warranty test',
      }),
      201,
    );
    // in stock (no owner yet), so any customer may report them
    for (const n of ['A', 'B']) {
      await h.dataSource.query(
        `INSERT INTO assets (id, serial_no, model, sku, qr_token, created_by, updated_by) VALUES ($1, $2, 'X200', 'ABC-123', $3, 'test', 'test')`,
        [`AS-FORM-${run}-${n}`, `SN-${run}-${n}`, `qr-form-${run}-${n}`],
      );
    }
  });
  after(async () => {
    await h.stop();
  });

  it('resolves the seeded templates by category, most specific first', async () => {
    const resolve = async (q: string) => ok(await h.request('GET', `/api/v1/form-templates/resolve?${q}`)).key;
    assert.equal(await resolve(`category1=${encodeURIComponent('退换货')}&category2=${encodeURIComponent('七天无理由')}`), 'return');
    assert.equal(await resolve(`category1=${encodeURIComponent('维修')}`), 'repair');
    const install = ['安装服务', '上门安装', '新机安装'].map((c, i) => `category${i + 1}=${encodeURIComponent(c)}`).join('&');
    assert.equal(await resolve(install), 'install');
    assert.equal(await resolve(`category1=${encodeURIComponent('安装服务')}`), 'default');
    assert.equal(await resolve(''), 'default');
    const listed = ok(await h.request('GET', '/api/v1/form-templates?limit=2'));
    assert.equal(listed.items.length, 2);
    assert.ok(listed.nextCursor);
    const repair = ok(await h.request('GET', '/api/v1/form-templates/repair'));
    assert.equal(repair.published.version, 1);
    assert.equal(repair.published.template.transitions.resolve.fields[0].key, 'rootCause');
  });

  it('refuses a return naming every missing field before any ticket exists, and opens it when complete', async () => {
    const customerId = `c_form_${run}`;
    const bare = ticketFor({ customerId, category1: '退换货', description: '七天无理由退货' });
    const refused = await h.request('POST', '/api/v1/tickets', bare);
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.equal(refused.body.code, 'form_incomplete');
    assert.deepEqual(
      refused.body.errors.map((e: { field: string }) => e.field),
      ['form.invoiceNo', 'form.waybillNo', 'attachments.invoice', 'attachments.waybill', 'attachments.unboxing_video'],
    );
    const invoice = refused.body.errors[0];
    assert.equal(invoice.messageZh, '缺少必填项：发票号码');
    assert.match(invoice.message, /Invoice number/);
    assert.deepEqual(invoice.label, { zh: '发票号码', en: 'Invoice number' });
    assert.match(refused.body.detail, /开箱视频/);
    assert.equal(await ticketsOf(customerId), 0, 'nothing claimed, no workflow started');

    const video = { url: 'https://cdn.example.com/v/unbox.mp4', kind: 'unboxing_video', mime: 'video/mp4', durationSec: 45 };
    const complete = {
      ...bare,
      form: { invoiceNo: '04400190011', waybillNo: 'SF1234567890' },
      attachments: [
        'https://cdn.example.com/img/front.jpg',
        { url: 'https://cdn.example.com/d/invoice.pdf', kind: 'invoice', sizeBytes: 120_000 },
        { url: 'https://cdn.example.com/d/waybill.jpg', kind: 'waybill', sizeBytes: 80_000 },
        { ...video, sizeBytes: 200_000 },
      ],
    };
    const small = await h.request('POST', '/api/v1/tickets', complete);
    assert.equal(small.status, 422, JSON.stringify(small.body));
    assert.deepEqual(
      small.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
      [['attachments.unboxing_video', 'too_small']],
    );
    const badPattern = await h.request('POST', '/api/v1/tickets', { ...complete, form: { ...complete.form, invoiceNo: 'N/A' } });
    assert.equal(badPattern.status, 422);
    assert.equal(badPattern.body.errors[0].field, 'form.invoiceNo');

    complete.attachments[3] = { ...video, sizeBytes: 30_000_000 };
    const created = ok(await h.request('POST', '/api/v1/tickets', complete), 201);
    assert.deepEqual(
      created.attachments,
      complete.attachments.map((a) => (typeof a === 'string' ? a : a.url)),
    );
    assert.deepEqual(created.details.form.template, { key: 'return', version: 1 });
    assert.equal(created.details.form.values.waybillNo, 'SF1234567890');
    assert.equal(created.details.form.attachments.length, 3);
    assert.equal(created.form, undefined, 'the form lives in details only');
  });

  it('refuses bad templates with the path at fault', async () => {
    const base = { key: `bad-${run}`, name: label('坏模板', 'Bad'), category1: '维修', category2: sub };
    const field = (over: Record<string, unknown>) => ({ key: 'code', label: label('编码', 'Code'), type: 'text', ...over });
    const cases: [unknown, string][] = [
      [{ ...base, fields: [field({ pattern: '([A-Z]' })] }, 'fields.0.pattern'],
      [{ ...base, fields: [field({ type: 'colour' })] }, 'fields.0.type'],
      [{ ...base, fields: [field({ requiredWhen: { nope: [1, 2] } })] }, 'fields.0.requiredWhen.nope'],
      [{ ...base, fields: [field({ requiredWhen: { var: 'nowhere' } })] }, 'fields.0.requiredWhen.var'],
      [{ ...base, transitions: { resolve: { fields: [field({ pattern: '*' })] } } }, 'transitions.resolve.fields.0.pattern'],
      [{ ...base, transitions: { teleport: {} } }, 'transitions.teleport'],
      [{ ...base, attachments: [{ kind: 'selfie', label: label('自拍', 'Selfie') }] }, 'attachments.0.kind'],
    ];
    for (const [body, path] of cases) {
      const res = await h.request('POST', '/api/v1/form-templates', body);
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.body.code, 'invalid_form_template');
      assert.ok(
        res.body.errors.some((e: { field: string }) => e.field === path),
        `${path} in ${JSON.stringify(res.body.errors)}`,
      );
    }
    const none = await h.request('GET', `/api/v1/form-templates/bad-${run}`);
    assert.equal(none.status, 404, 'nothing saved');
  });

  it('checks an action against the template version the ticket was opened under', async () => {
    const serial = { key: 'serialNo', label: label('序列号', 'Serial number'), type: 'serial', required: true };
    const rootCause = { key: 'rootCause', label: label('根因', 'Root cause'), type: 'text', required: true };
    const v1 = {
      key,
      name: label('保修测试', 'Warranty test'),
      category1: '维修',
      category2: sub,
      fields: [serial],
      transitions: { resolve: { fields: [rootCause] } },
    };
    const created = ok(await h.request('POST', '/api/v1/form-templates', v1), 201);
    assert.equal(created.version, 1);
    assert.equal(created.status, 'draft');
    assert.equal((await h.request('POST', '/api/v1/form-templates', v1)).status, 409);
    assert.equal(ok(await h.request('POST', `/api/v1/form-templates/${key}/publish`, {})).status, 'published');

    const ticket = (over: Record<string, unknown> = {}) =>
      ticketFor({ category1: '维修', category2: sub, serialNo: `SN-${run}-A`, ...over });
    const onV1 = ok(await h.request('POST', '/api/v1/tickets', ticket()), 201);
    assert.deepEqual(onV1.details.form.template, { key, version: 1 });

    // v2: creation also needs a purchase date, and resolve a diagnosis
    const purchaseDate = { key: 'purchaseDate', label: label('购买日期', 'Purchase date'), type: 'date', required: true };
    const diagnosis = { key: 'diagnosis', label: label('诊断', 'Diagnosis'), type: 'text', required: true };
    const v2 = { ...v1, fields: [serial, purchaseDate], transitions: { resolve: { fields: [rootCause, diagnosis] } } };
    assert.equal(ok(await h.request('PUT', `/api/v1/form-templates/${key}/draft`, v2)).version, 2);
    assert.equal(ok(await h.request('POST', `/api/v1/form-templates/${key}/publish`, {})).version, 2);
    const resolved = ok(
      await h.request('GET', `/api/v1/form-templates/resolve?category1=${encodeURIComponent('维修')}&category2=${encodeURIComponent(sub)}`),
    );
    assert.equal(resolved.version, 2);
    // published versions stay as they were, in the database too
    assert.equal(ok(await h.request('GET', `/api/v1/form-templates/${key}/versions/1`)).template.fields.length, 1);
    await assert.rejects(
      h.dataSource.query(`UPDATE form_templates SET definition = '{}' WHERE key = $1 AND version = 1`, [key]),
      /published and cannot change/,
    );

    // the ticket opened under v1 needs what v1 says: a root cause, not a diagnosis
    await inProgress(onV1.ticketId);
    const noCause = await h.request('POST', `/api/v1/tickets/${onV1.ticketId}/actions/resolve`, { resolution: '更换主板' });
    assert.equal(noCause.status, 422, JSON.stringify(noCause.body));
    assert.equal(noCause.body.code, 'form_incomplete');
    assert.deepEqual(
      noCause.body.errors.map((e: { field: string; messageZh: string }) => [e.field, e.messageZh]),
      [['rootCause', '缺少必填项：根因']],
    );
    const still = ok(await h.request('GET', `/api/v1/tickets/${onV1.ticketId}`));
    assert.equal(still.status, 'in_progress', 'the refused action changed nothing');
    const done = ok(
      await h.request('POST', `/api/v1/tickets/${onV1.ticketId}/actions/resolve`, { resolution: '更换主板', rootCause: '主板电容老化' }),
    );
    assert.equal(done.status, 'resolved');
    assert.equal(done.details.rootCause, '主板电容老化');

    // a new ticket gets v2
    const noDate = await h.request('POST', '/api/v1/tickets', ticket({ serialNo: `SN-${run}-B` }));
    assert.equal(noDate.status, 422, JSON.stringify(noDate.body));
    assert.deepEqual(
      noDate.body.errors.map((e: { field: string }) => e.field),
      ['form.purchaseDate'],
    );
    // named by its asset id: the serial number the template requires comes from the asset
    const onV2 = ok(
      await h.request(
        'POST',
        '/api/v1/tickets',
        ticket({ serialNo: undefined, assetId: `AS-FORM-${run}-B`, form: { purchaseDate: '2026-03-15' } }),
      ),
      201,
    );
    assert.deepEqual(onV2.details.form.template, { key, version: 2 });
    await inProgress(onV2.ticketId);
    const noDiagnosis = await h.request('POST', `/api/v1/tickets/${onV2.ticketId}/actions/resolve`, {
      resolution: '更换主板',
      rootCause: '主板电容老化',
    });
    assert.equal(noDiagnosis.status, 422, JSON.stringify(noDiagnosis.body));
    assert.deepEqual(
      noDiagnosis.body.errors.map((e: { field: string }) => e.field),
      ['diagnosis'],
    );
  });

  it('lets tickets of categories without a template through, and keeps serial numbers of repairs required', async () => {
    const plain = ok(await h.request('POST', '/api/v1/tickets', seedTicket()), 201);
    assert.deepEqual(plain.details.form.template, { key: 'default', version: 1 });
    const repair = await h.request('POST', '/api/v1/tickets', ticketFor({ category1: '维修' }));
    assert.equal(repair.status, 422);
    assert.deepEqual(
      repair.body.errors.map((e: { field: string }) => e.field),
      ['serialNo', 'attachments.proof_of_purchase'],
    );
  });
});

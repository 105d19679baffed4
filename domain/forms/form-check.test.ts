import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkForm, type FormSubmission } from './form-check';
import { formRequirementsSchema, type FormRequirements } from './form-template';
import type { AttachmentRef } from './form-values';

const req = (r: unknown): FormRequirements => formRequirementsSchema.parse(r);
const lbl = (zh: string, en: string) => ({ zh, en });
const check = (r: FormRequirements, values: Record<string, unknown>, attachments: AttachmentRef[] = [], ticket = {}) =>
  checkForm(r, { values, attachments, ticket } satisfies FormSubmission);
const only = (r: FormRequirements, type: string, extra: Record<string, unknown> = {}) =>
  req({ fields: [{ key: 'v', label: lbl('值', 'Value'), type, ...extra }] });

describe('form fields', () => {
  it('names each missing required field in zh-CN and English', () => {
    const r = req({
      fields: [
        { key: 'invoiceNo', label: lbl('发票号码', 'Invoice number'), type: 'text', required: true },
        { key: 'waybillNo', label: lbl('物流运单号', 'Waybill number'), type: 'text', required: true },
        { key: 'note', label: lbl('备注', 'Note'), type: 'text' },
      ],
    });
    const v = check(r, { invoiceNo: '  ' });
    assert.deepEqual(
      v.map((x) => [x.field, x.code]),
      [
        ['invoiceNo', 'missing'],
        ['waybillNo', 'missing'],
      ],
    );
    assert.equal(v[0]!.messageZh, '缺少必填项：发票号码');
    assert.equal(v[0]!.message, 'Invoice number (invoiceNo) is required');
    assert.deepEqual(check(r, { invoiceNo: 'A1', waybillNo: 'B2' }), []);
  });

  it('checks each type', () => {
    const bad: [string, unknown][] = [
      ['number', 'abc'],
      ['date', '2026-13-45'],
      ['date', 'yesterday'],
      ['phone', '12345'],
      ['url', 'ftp://x'],
      ['serial', 'a b'],
      ['text', true],
    ];
    for (const [type, value] of bad) {
      assert.equal(check(only({} as never, type), { v: value }).length, 1, `${type} ${value}`);
    }
    const good: [string, unknown][] = [
      ['number', 12.5],
      ['number', '7'],
      ['date', '2026-11-25'],
      ['date', '2026-11-25T09:00:00+08:00'],
      ['phone', '13800138000'],
      ['phone', '+86 13800138000'],
      ['phone', '021-62345678'],
      ['url', 'https://cdn.example.com/a.jpg'],
      ['serial', 'SN2026ABCD0001'],
      ['text', '你好'],
      // numbers are fine as text: an invoice number may come as JSON number
      ['text', 12345678],
    ];
    for (const [type, value] of good) assert.deepEqual(check(only({} as never, type), { v: value }), [], `${type} ${value}`);
    const e = req({ fields: [{ key: 'v', label: lbl('值', 'Value'), type: 'enum', options: ['a', 'b'] }] });
    assert.equal(check(e, { v: 'c' })[0]!.code, 'invalid');
    assert.deepEqual(check(e, { v: 'a' }), []);
  });

  it('checks patterns against the whole value, and min/max as bounds or lengths', () => {
    const p = only({} as never, 'text', { pattern: '[0-9]{8}' });
    assert.deepEqual(check(p, { v: '12345678' }), []);
    assert.equal(check(p, { v: 'x12345678' })[0]!.code, 'invalid');
    assert.equal(check(p, { v: '1234567' })[0]!.messageZh, '值格式不正确');
    const n = only({} as never, 'number', { min: 0, max: 100 });
    assert.equal(check(n, { v: -1 }).length, 1);
    assert.equal(check(n, { v: 101 }).length, 1);
    assert.deepEqual(check(n, { v: 100 }), []);
    const t = only({} as never, 'text', { min: 5 });
    assert.equal(check(t, { v: '上海' })[0]!.message, 'Value (v) must have at least 5 characters');
  });

  it('makes a field required when its dependency holds (JSON-Logic over the values and the ticket)', () => {
    const r = req({
      fields: [
        { key: 'refundMethod', label: lbl('退款方式', 'Refund method'), type: 'enum', options: ['original', 'coupon'] },
        {
          key: 'bankAccount',
          label: lbl('收款账号', 'Bank account'),
          type: 'text',
          requiredWhen: { '==': [{ var: 'refundMethod' }, 'original'] },
        },
        {
          key: 'refundAmount',
          label: lbl('退款金额', 'Refund amount'),
          type: 'number',
          requiredWhen: { '==': [{ var: 'ticket.category3' }, '退款'] },
        },
      ],
    });
    assert.deepEqual(check(r, { refundMethod: 'coupon' }), []);
    assert.deepEqual(
      check(r, { refundMethod: 'original' }).map((v) => v.field),
      ['bankAccount'],
    );
    assert.deepEqual(
      check(r, {}, [], { category3: '退款' }).map((v) => v.field),
      ['refundAmount'],
    );
  });

  it('reports a failed cross-field check on its field, once', () => {
    const r = req({
      fields: [
        { key: 'purchaseDate', label: lbl('购买日期', 'Purchase date'), type: 'date', required: true },
        { key: 'faultDate', label: lbl('故障日期', 'Fault date'), type: 'date' },
      ],
      checks: [
        {
          field: 'faultDate',
          valid: { or: [{ '!': [{ var: 'faultDate' }] }, { '>=': [{ var: 'faultDate' }, { var: 'purchaseDate' }] }] },
          message: lbl('故障日期不能早于购买日期', 'the fault cannot predate the purchase'),
        },
      ],
    });
    assert.deepEqual(check(r, { purchaseDate: '2026-01-10', faultDate: '2026-03-01' }), []);
    const v = check(r, { purchaseDate: '2026-01-10', faultDate: '2025-12-01' });
    assert.deepEqual(
      v.map((x) => [x.field, x.messageZh]),
      [['faultDate', '故障日期不能早于购买日期']],
    );
  });
});

describe('form attachments', () => {
  const video = req({
    attachments: [
      {
        kind: 'unboxing_video',
        label: lbl('开箱视频', 'Unboxing video'),
        minSizeBytes: 1_000_000,
        minDurationSec: 10,
        mimePrefixes: ['video/'],
      },
      { kind: 'photo', label: lbl('照片', 'Photo'), minCount: 2 },
    ],
  });
  const photos = [
    { url: 'https://cdn.example.com/1.jpg', kind: 'photo' as const },
    { url: 'https://cdn.example.com/2.jpg', kind: 'photo' as const },
  ];

  it('requires each kind, counted, and names the missing ones', () => {
    const v = check(video, {}, [{ url: 'https://cdn.example.com/1.jpg', kind: 'photo' }, { url: 'https://cdn.example.com/x.mp4' }]);
    assert.deepEqual(
      v.map((x) => [x.field, x.code]),
      [
        ['attachments.unboxing_video', 'missing'],
        ['attachments.photo', 'too_few'],
      ],
    );
    assert.equal(v[0]!.messageZh, '缺少附件：开箱视频');
    assert.equal(v[1]!.messageZh, '附件「照片」数量不足：已有 1 个（至少 2 个）');
  });

  it('checks size, duration and type where the metadata says them, and lets unknowns through', () => {
    const url = 'https://cdn.example.com/v.mp4';
    const at = (meta: Partial<AttachmentRef>) => check(video, {}, [...photos, { url, kind: 'unboxing_video', ...meta }]);
    assert.equal(at({ sizeBytes: 500 })[0]!.code, 'too_small');
    assert.equal(at({ durationSec: 3 })[0]!.code, 'too_short');
    assert.equal(at({ mime: 'image/png' })[0]!.code, 'wrong_type');
    assert.match(at({ sizeBytes: 500 })[0]!.messageZh, /至少需 1000000 字节/);
    assert.deepEqual(at({ sizeBytes: 5_000_000, durationSec: 30, mime: 'video/mp4' }), []);
    assert.deepEqual(at({}), []);
  });

  it('requires an attachment only when its dependency holds', () => {
    const r = req({
      attachments: [{ kind: 'invoice', label: lbl('发票', 'Invoice'), requiredWhen: { '==': [{ var: 'entitlement' }, 'in_warranty'] } }],
    });
    assert.deepEqual(check(r, { entitlement: 'out_of_warranty' }), []);
    assert.equal(check(r, { entitlement: 'in_warranty' })[0]!.field, 'attachments.invoice');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTemplate, resolveTemplate, type FormTemplateInput } from './form-template';
import { STANDARD_FORM_TEMPLATES } from './standard-templates';

const base: FormTemplateInput = {
  key: 'sample',
  name: { zh: '样例', en: 'Sample' },
  fields: [{ key: 'invoiceNo', label: { zh: '发票号码', en: 'Invoice number' }, type: 'text', required: true }],
};
const problemsOf = (input: unknown) => {
  const r = parseTemplate(input);
  assert.equal(r.ok, false, 'expected the template to be refused');
  return (r as { problems: { field: string; message: string }[] }).problems;
};
const field = (over: Record<string, unknown>) => ({ ...base, fields: [{ ...base.fields![0], ...over }] });

describe('form template validation', () => {
  it('accepts every standard template', () => {
    for (const t of STANDARD_FORM_TEMPLATES) {
      const r = parseTemplate(t);
      assert.equal(r.ok, true, `${t.key}: ${JSON.stringify(r)}`);
    }
  });

  it('refuses a regular expression that does not compile, at its path', () => {
    const p = problemsOf(field({ pattern: '[0-9' }));
    assert.equal(p.length, 1);
    assert.equal(p[0]!.field, 'fields.0.pattern');
    assert.match(p[0]!.message, /regular expression/);
  });

  it('refuses an unknown field type at its path', () => {
    const p = problemsOf(field({ type: 'colour' }));
    assert.deepEqual(
      p.map((x) => x.field),
      ['fields.0.type'],
    );
  });

  it('refuses dependency logic with unknown operations or variables, at their paths', () => {
    const p = problemsOf(field({ requiredWhen: { teleport: [1] } }));
    assert.deepEqual(p, [{ field: 'fields.0.requiredWhen.teleport', message: "unknown operation 'teleport'" }]);
    const v = problemsOf(field({ requiredWhen: { '!!': [{ var: 'nosuch' }] } }));
    assert.equal(v[0]!.field, 'fields.0.requiredWhen.!![0].var');
    assert.match(v[0]!.message, /unknown variable 'nosuch'/);
  });

  it('lets logic read the template fields, attachment counts by kind and ticket fields', () => {
    const ok = parseTemplate(
      field({ requiredWhen: { or: [{ var: 'invoiceNo' }, { '>': [{ var: 'attachments.invoice' }, 0] }, { var: 'ticket.category3' }] } }),
    );
    assert.equal(ok.ok, true, JSON.stringify(ok));
    assert.equal(problemsOf(field({ requiredWhen: { var: 'attachments.selfie' } }))[0]!.field, 'fields.0.requiredWhen.var');
    assert.equal(problemsOf(field({ requiredWhen: { var: 'ticket.password' } }))[0]!.field, 'fields.0.requiredWhen.var');
  });

  it('refuses duplicate keys, enums without options, contradictory bounds and loose category paths', () => {
    const dup = problemsOf({ ...base, fields: [base.fields![0], base.fields![0]] });
    assert.equal(dup[0]!.field, 'fields.1.key');
    assert.equal(problemsOf(field({ type: 'enum' }))[0]!.field, 'fields.0.options');
    assert.equal(problemsOf(field({ min: 5, max: 2 }))[0]!.field, 'fields.0.min');
    assert.equal(problemsOf({ ...base, category2: '功能异常' })[0]!.field, 'category1');
    assert.equal(problemsOf({ ...base, key: 'resolve' })[0]!.field, 'key');
  });

  it('checks the requirements of transitions, whose checks may read the fields given at creation', () => {
    const t = {
      ...base,
      transitions: {
        resolve: {
          fields: [{ key: 'rootCause', label: { zh: '根因', en: 'Root cause' }, type: 'text', required: true, pattern: '(' }],
          checks: [
            { field: 'rootCause', valid: { '!=': [{ var: 'rootCause' }, { var: 'invoiceNo' }] }, message: { zh: '根因无效', en: 'bad' } },
          ],
        },
      },
    };
    assert.deepEqual(
      problemsOf(t).map((p) => p.field),
      ['transitions.resolve.fields.0.pattern'],
    );
    assert.equal(problemsOf({ ...t, transitions: { teleport: {} } })[0]!.field, 'transitions.teleport');
  });
});

describe('template resolution', () => {
  const templates = [
    { key: 'default' },
    { key: 'return', category1: '退换货' },
    { key: 'refund', category1: '退换货', category2: '质量退换', category3: '退款' },
    { key: 'install', category1: '安装服务', category2: '上门安装' },
  ];

  it('picks the most specific template whose category path the ticket is under', () => {
    assert.equal(resolveTemplate(templates, { category1: '退换货', category2: '质量退换', category3: '退款' })?.key, 'refund');
    assert.equal(resolveTemplate(templates, { category1: '退换货', category2: '质量退换', category3: '换新' })?.key, 'return');
    assert.equal(resolveTemplate(templates, { category1: '退换货' })?.key, 'return');
    assert.equal(resolveTemplate(templates, { category1: '安装服务', category2: '上门安装', category3: '移机' })?.key, 'install');
  });

  it('falls back to the default, and never applies a more specific template to a less specific ticket', () => {
    assert.equal(resolveTemplate(templates, { category1: '安装服务' })?.key, 'default');
    assert.equal(resolveTemplate(templates, {})?.key, 'default');
    assert.equal(resolveTemplate(templates.slice(1), { category1: '咨询' }), null);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePiiRules, maskJson } from './json-masker';
import { DEFAULT_PII_RULES, parseFieldPattern, type PiiRule } from './pii-rules';

const rule = (over: Partial<PiiRule>): PiiRule => ({
  id: 'r',
  type: 'phone',
  fields: [],
  detectInText: false,
  enabled: true,
  unmaskPermission: 'pii:read',
  description: '',
  ...over,
});

describe('maskJson', () => {
  it('parses field patterns and refuses malformed ones', () => {
    assert.deepEqual(parseFieldPattern('contacts[].phone'), ['contacts', '[]', 'phone']);
    assert.deepEqual(parseFieldPattern('*.phone'), ['phone']);
    assert.deepEqual(parseFieldPattern('details.idNumber'), ['details', 'idnumber']);
    for (const bad of ['', 'a..b', 'a[0].b', 'a b', '$.x', 'a.[]']) assert.equal(parseFieldPattern(bad), null, bad);
  });

  it('masks by field path at any depth, inside arrays, and only where the path matches', () => {
    const rules = compilePiiRules([
      rule({ fields: ['contacts[].phone', 'customer.mobile'] }),
      rule({ type: 'id_number', fields: ['details.idNumber'] }),
    ]);
    const input = {
      items: [
        {
          contacts: [{ name: '李工', phone: '13912345678' }],
          customer: { mobile: 13812345678 },
          details: { idNumber: '11010519491231002X' },
          idNumber: '11010519491231002X',
          phone: '13700001111',
        },
      ],
    };
    const out = maskJson(input, rules);
    assert.deepEqual(out.value, {
      items: [
        {
          contacts: [{ name: '李工', phone: '139****5678' }],
          customer: { mobile: '138****5678' },
          details: { idNumber: '110***********002X' },
          idNumber: '11010519491231002X',
          phone: '13700001111',
        },
      ],
    });
    assert.deepEqual(
      out.hits.map((h) => `${h.path}:${h.type}:${h.by}`),
      ['items.0.contacts.0.phone:phone:field', 'items.0.customer.mobile:phone:field', 'items.0.details.idNumber:id_number:field'],
    );
    assert.equal(input.items[0]!.contacts[0]!.phone, '13912345678', 'the input is not modified');
  });

  it('masks by content inside free text, for the types whose rules detect in text', () => {
    const ticket = { ticketId: 'TK-20261122-7F3K9Q2M', description: '回电13812345678，身份证11010519491231002X', priority: 'P2' };
    const phoneOnly = maskJson(ticket, compilePiiRules([rule({ detectInText: true })]));
    assert.equal((phoneOnly.value as typeof ticket).description, '回电138****5678，身份证11010519491231002X');
    const all = maskJson(ticket, compilePiiRules(DEFAULT_PII_RULES));
    assert.deepEqual(all.value, { ...ticket, description: '回电138****5678，身份证110***********002X' });
    assert.deepEqual(all.hits.map((h) => `${h.path}:${h.type}`).sort(), ['description:id_number', 'description:phone']);
  });

  it('leaves values already masked alone, so masking twice is masking once', () => {
    const rules = compilePiiRules(DEFAULT_PII_RULES);
    const once = maskJson({ phone: '0571-87654321', email: 'li.gong@hengwen.cn', note: '电话13812345678' }, rules);
    const twice = maskJson(once.value, rules);
    assert.deepEqual(twice.value, once.value);
    assert.deepEqual(twice.hits, []);
    assert.deepEqual(once.value, { phone: '0571-****4321', email: 'l***@hengwen.cn', note: '电话138****5678' });
  });

  it('ignores disabled rules and masks nothing without rules', () => {
    const body = { phone: '13812345678' };
    assert.deepEqual(maskJson(body, compilePiiRules([rule({ fields: ['phone'], enabled: false })])).value, body);
    assert.equal(maskJson(body, compilePiiRules([])).value, body);
  });

  it('serialises like JSON does (dates stay as their ISO text)', () => {
    const at = new Date('2026-11-25T10:31:49.000Z');
    assert.deepEqual(maskJson({ at }, compilePiiRules(DEFAULT_PII_RULES)).value, { at: '2026-11-25T10:31:49.000Z' });
  });
});

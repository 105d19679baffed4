import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTicketSchema, type TicketState } from '../ticket/ticket.schema';
import { formTemplateSchema } from './form-template';
import { STANDARD_FORM_TEMPLATES } from './standard-templates';
import { checkActionForm, checkIntakeForm } from './ticket-form';

const std = (key: string) => ({ ...formTemplateSchema.parse(STANDARD_FORM_TEMPLATES.find((t) => t.key === key)), version: 1 });
const payload = (over: Record<string, unknown>) =>
  createTicketSchema.parse({ customerId: 'c_1', channel: 'app', description: '需要处理', ...over });

describe('ticket forms', () => {
  it('names every field a return lacks, with its request path', () => {
    const { violations } = checkIntakeForm(std('return'), payload({ category1: '退换货', attachments: ['https://cdn.example.com/a.jpg'] }));
    assert.deepEqual(
      violations.map((v) => v.field),
      ['form.invoiceNo', 'form.waybillNo', 'attachments.invoice', 'attachments.waybill', 'attachments.unboxing_video'],
    );
  });

  it('reads a repair serial number from the ticket, and keeps the described attachments and the template version', () => {
    const body = payload({
      category1: '维修',
      serialNo: 'SN2026ABCD0001',
      attachments: [
        'https://cdn.example.com/a.jpg',
        { url: 'https://cdn.example.com/r.pdf', kind: 'proof_of_purchase', sizeBytes: 50_000 },
      ],
    });
    const { violations, record } = checkIntakeForm(std('repair'), body);
    assert.deepEqual(violations, []);
    assert.deepEqual(record.template, { key: 'repair', version: 1 });
    assert.deepEqual(record.attachments, [{ url: 'https://cdn.example.com/r.pdf', kind: 'proof_of_purchase', sizeBytes: 50_000 }]);
    const missing = checkIntakeForm(std('repair'), payload({ category1: '维修' })).violations;
    assert.deepEqual(
      missing.map((v) => v.field),
      ['serialNo', 'attachments.proof_of_purchase'],
    );
  });

  it('asks an action for what its template requires, from the payload or what the ticket already holds', () => {
    const ticket = {
      ...payload({ category1: '维修' }),
      attachments: [],
      resolution: null,
      details: { evidence: [], diagnosis: null, rootCause: null, parts: [] },
    } as unknown as TicketState;
    const t = std('repair');
    assert.deepEqual(
      checkActionForm(t, 'resolve', ticket, { resolution: '更换主板' }).map((v) => [v.field, v.messageZh]),
      [['rootCause', '缺少必填项：根因']],
    );
    assert.deepEqual(checkActionForm(t, 'resolve', ticket, { resolution: '更换主板', rootCause: '主板电容老化' }), []);
    const known = { ...ticket, details: { ...ticket.details, rootCause: '主板电容老化' } };
    assert.deepEqual(checkActionForm(t, 'resolve', known, { resolution: '更换主板' }), []);
    assert.deepEqual(checkActionForm(t, 'close', ticket, {}), []);
  });
});

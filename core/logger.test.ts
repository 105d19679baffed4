import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger, redact, scrubText } from './logger';

function captured(run: (log: ReturnType<typeof createLogger>) => void): string {
  const lines: string[] = [];
  run(createLogger('test', 'debug', (line) => lines.push(line)));
  return lines.join('\n');
}

describe('logger', () => {
  it('masks personal data and cuts tokens in messages and fields', () => {
    const text = captured((log) => {
      log.info('customer 13812345678 called with Bearer ffk_abcDEF123456789xyz', {
        authorization: 'Bearer ffk_abcDEF123456789xyz',
        url: '/api/v1/customers?q=13812345678&token=s3cr3t',
        body: { description: '身份证11010519491231002X', contacts: [{ phone: '0571-87654321', email: 'li.gong@hengwen.cn' }] },
        idNumber: '11010519491231002X',
        address: '浙江省杭州市西湖区文三路90号',
        note: 'key ffk_abcDEF123456789xyz leaked',
      });
      log.error('failed', { error: 'card 6222021234567894 declined' });
    });
    for (const raw of [
      '13812345678',
      'ffk_abcDEF123456789xyz',
      's3cr3t',
      '11010519491231002X',
      '87654321',
      'li.gong',
      '文三路',
      '6222021234567894',
    ]) {
      assert.ok(!text.includes(raw), `${raw} in ${text}`);
    }
    assert.match(text, /customer 138\*\*\*\*5678 called with Bearer \[redacted\]/);
    assert.match(text, /"address":"浙江省杭州市\*\*\*\*"/);
    assert.match(text, /"authorization":"\[redacted\]"/);
  });

  it('keeps ordinary fields as they are', () => {
    assert.deepEqual(redact({ ticketId: 'TK-20261122-7F3K9Q2M', count: 3, at: '2026-11-25T10:31:49.000Z' }), {
      ticketId: 'TK-20261122-7F3K9Q2M',
      count: 3,
      at: '2026-11-25T10:31:49.000Z',
    });
    assert.equal(scrubText('worker polling on fixflow'), 'worker polling on fixflow');
  });
});

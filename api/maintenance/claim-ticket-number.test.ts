import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestHash } from '../http/idempotency';
import { normaliseTicket } from './claim-ticket-number';

describe('system intake ticket normalisation', () => {
  it('hashes the same after a jsonb round trip reordered its keys', () => {
    const ticket = normaliseTicket({
      customerId: 'c_1',
      channel: 'iot',
      category1: '设备告警',
      priority: 'P1',
      description: '设备告警 E01',
      tags: ['iot-alarm', 'fault:E01'],
      region: '华东',
    });
    // PostgreSQL jsonb stores keys shorter-first, then by bytes.
    const reordered = Object.fromEntries(Object.entries(ticket).sort(([a], [b]) => a.length - b.length || (a < b ? -1 : 1)));
    assert.notEqual(JSON.stringify(reordered), JSON.stringify(ticket));
    assert.equal(requestHash(normaliseTicket(reordered)), requestHash(ticket));
    assert.equal(requestHash(normaliseTicket(JSON.parse(JSON.stringify(reordered)))), requestHash(normaliseTicket(ticket)));
  });
});

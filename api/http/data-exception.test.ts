import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataExceptionProblem } from './data-exception';

describe('PostgreSQL data exceptions', () => {
  it('are the caller’s 400, by SQLSTATE class 22 only', () => {
    const nul = Object.assign(new Error('query failed'), {
      driverError: { code: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00' },
    });
    const p = dataExceptionProblem(nul);
    assert.equal(p?.status, 400);
    assert.equal(p?.code, 'invalid_value');
    assert.match(p?.detail ?? '', /0x00/);
    assert.equal(dataExceptionProblem({ code: '22003' })?.status, 400);
    assert.equal(dataExceptionProblem({ code: '23505' }), null, 'a unique violation is not a data exception');
    assert.equal(dataExceptionProblem(new Error('boom')), null);
  });
});

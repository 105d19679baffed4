import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRange } from './byte-range';

describe('parseRange', () => {
  it('reads the forms of a single byte range', () => {
    assert.deepEqual(parseRange('bytes=0-99', 1000), { start: 0, end: 99 });
    assert.deepEqual(parseRange('bytes=900-', 1000), { start: 900, end: 999 });
    assert.deepEqual(parseRange('bytes=-100', 1000), { start: 900, end: 999 });
    assert.deepEqual(parseRange('bytes=-5000', 1000), { start: 0, end: 999 });
    assert.deepEqual(parseRange('bytes=990-5000', 1000), { start: 990, end: 999 });
  });

  it('sends the whole blob for what it does not serve, and 416 for what lies past the end', () => {
    assert.equal(parseRange(undefined, 1000), 'full');
    assert.equal(parseRange('items=0-1', 1000), 'full');
    assert.equal(parseRange('bytes=0-1,5-6', 1000), 'full');
    assert.equal(parseRange('bytes=5-1', 1000), 'full');
    assert.equal(parseRange('bytes=1000-', 1000), 'unsatisfiable');
    assert.equal(parseRange('bytes=-0', 1000), 'unsatisfiable');
    assert.equal(parseRange('bytes=0-', 0), 'unsatisfiable');
  });
});

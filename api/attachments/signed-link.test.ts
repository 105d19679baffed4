import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { checkLink, signLink } from './signed-link';

describe('signed attachment links', () => {
  const secret = randomBytes(32);
  const now = Date.parse('2026-05-01T08:00:00Z');

  it('open the attachment they were made for until they expire', () => {
    const { exp, sig } = signLink(secret, 'AT-AAAAAAAAAA', 600, now);
    assert.equal(exp, now / 1000 + 600);
    assert.equal(checkLink(secret, 'AT-AAAAAAAAAA', exp, sig, now + 599_000), 'ok');
    assert.equal(checkLink(secret, 'AT-AAAAAAAAAA', exp, sig, now + 600_000), 'expired');
  });

  it('are invalid for another attachment, an edited expiry, another secret or a mangled signature', () => {
    const { exp, sig } = signLink(secret, 'AT-AAAAAAAAAA', 600, now);
    assert.equal(checkLink(secret, 'AT-BBBBBBBBBB', exp, sig, now), 'invalid');
    assert.equal(checkLink(secret, 'AT-AAAAAAAAAA', exp + 3600, sig, now), 'invalid');
    assert.equal(checkLink(randomBytes(32), 'AT-AAAAAAAAAA', exp, sig, now), 'invalid');
    assert.equal(checkLink(secret, 'AT-AAAAAAAAAA', exp, sig.slice(0, -2), now), 'invalid');
    assert.equal(checkLink(secret, 'AT-AAAAAAAAAA', exp, '', now), 'invalid');
  });

  it('are invalid with the last character changed in its spare bits, which decodes to the same bytes', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const { exp, sig } = signLink(secret, 'AT-AAAAAAAAAA', 600, now);
    // 32 bytes are 43 characters: the last carries 4 bits and 2 spare ones.
    const last = alphabet.indexOf(sig.at(-1)!);
    const twin = sig.slice(0, -1) + alphabet[last ^ 1];
    assert.deepEqual(Buffer.from(twin, 'base64url'), Buffer.from(sig, 'base64url'), 'the twin decodes alike');
    assert.equal(checkLink(secret, 'AT-AAAAAAAAAA', exp, twin, now), 'invalid');
  });

  it('never last longer than a day', () => {
    const { exp } = signLink(secret, 'AT-AAAAAAAAAA', 30 * 86_400, now);
    assert.equal(exp, now / 1000 + 86_400);
  });
});

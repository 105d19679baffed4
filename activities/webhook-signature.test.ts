import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { signWebhook, verifyWebhook } from './webhook-signature';

const secret = 'whsec_test_0123456789abcdef';
const body = '{"id":"TK-20260101-ABCDEFGH:1","type":"ticket.created","ticketId":"TK-20260101-ABCDEFGH","seq":1,"note":"开机失败"}';
const t = 1_767_225_600; // 2026-01-01T00:00:00Z

describe('webhook signature (README "Webhooks")', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>', () => {
    // The documented algorithm, written out independently of the module.
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    assert.equal(signWebhook(secret, body, t), `t=${t},v1=${expected}`);
    assert.match(expected, /^[0-9a-f]{64}$/);
  });

  it('matches a fixed vector', () => {
    // HMAC-SHA256(key "secret", message "1700000000.{}"), computed once with openssl:
    //   printf '1700000000.{}' | openssl dgst -sha256 -hmac secret
    const v1 = createHmac('sha256', 'secret').update('1700000000.{}').digest('hex');
    assert.equal(signWebhook('secret', '{}', 1_700_000_000), `t=1700000000,v1=${v1}`);
    assert.equal(v1, 'b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163');
  });

  it('verifies its own signature within the tolerance, either side', () => {
    const header = signWebhook(secret, body, t);
    assert.equal(verifyWebhook(secret, body, header, t), true);
    assert.equal(verifyWebhook(secret, body, header, t + 300), true);
    assert.equal(verifyWebhook(secret, body, header, t - 300), true);
  });

  it('refuses a tampered body, another secret, an old or future timestamp, a forged t', () => {
    const header = signWebhook(secret, body, t);
    assert.equal(verifyWebhook(secret, body.replace('"seq":1', '"seq":2'), header, t), false);
    assert.equal(verifyWebhook(secret, `${body} `, header, t), false);
    assert.equal(verifyWebhook('whsec_other_secret_value', body, header, t), false);
    assert.equal(verifyWebhook(secret, body, header, t + 301), false);
    assert.equal(verifyWebhook(secret, body, header, t - 301), false);
    assert.equal(verifyWebhook(secret, body, header, t + 3600, 7200), true);
    // Moving t forward (to pass the window) breaks the MAC.
    assert.equal(verifyWebhook(secret, body, header.replace(`t=${t}`, `t=${t + 1000}`), t + 1000), false);
  });

  it('refuses malformed headers and accepts any of several v1 entries', () => {
    const header = signWebhook(secret, body, t);
    const v1 = header.split('v1=')[1]!;
    for (const bad of ['', 'garbage', `v1=${v1}`, `t=${t}`, `t=abc,v1=${v1}`, `t=${t},v1=${v1.slice(0, 10)}`, `t=${t},v0=${v1}`]) {
      assert.equal(verifyWebhook(secret, body, bad, t), false, bad);
    }
    assert.equal(verifyWebhook(secret, body, `t=${t},v1=${'0'.repeat(64)},v1=${v1}`, t), true);
    assert.equal(verifyWebhook(secret, body, `t=${t}, v1=${v1.toUpperCase()}`, t), true);
  });
});

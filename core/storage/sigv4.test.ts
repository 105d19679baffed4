import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_SHA256, signRequest, uriEncode } from './sigv4';

describe('SigV4 signing', () => {
  // The worked example of the S3 documentation ("GET Object", sig-v4-header-based-auth): an
  // independent check that the canonical request and key derivation are right.
  it('reproduces the signature of the AWS documentation example', () => {
    const headers = signRequest(
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1' },
      {
        method: 'GET',
        url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
        headers: { range: 'bytes=0-9' },
        payloadHash: EMPTY_SHA256,
      },
      new Date('2013-05-24T00:00:00Z'),
    );
    assert.equal(
      headers.authorization,
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    assert.equal(headers['x-amz-date'], '20130524T000000Z');
  });

  it('percent-encodes as RFC 3986, UTF-8 bytes upper-case', () => {
    assert.equal(uriEncode('a b/维修~.jpg'), 'a%20b%2F%E7%BB%B4%E4%BF%AE~.jpg');
    assert.equal(uriEncode('bucket/2026/05/AT-1', true), 'bucket/2026/05/AT-1');
  });
});

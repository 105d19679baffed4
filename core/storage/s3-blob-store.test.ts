import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { S3_SANDBOX } from '../../simulators/s3.handlers';
import { startSimulatorServer, type SimulatorServer } from '../../simulators/simulator-server';
import { S3BlobStore, S3Error, type S3Config } from './s3-blob-store';

describe('S3BlobStore against the S3 simulator (which checks every SigV4 signature)', () => {
  let sim: SimulatorServer;
  let config: S3Config;
  let store: S3BlobStore;
  before(async () => {
    sim = await startSimulatorServer(0);
    config = { endpoint: `${sim.url}/s3`, ...S3_SANDBOX };
    store = new S3BlobStore(config);
  });
  after(() => sim.close());

  it('puts a buffer, a stream of known length and one of unknown length; reads, ranges, heads, deletes', async () => {
    const bytes = randomBytes(70_000);
    assert.deepEqual(await store.put('2026/05/AT-BUF', bytes, { contentType: 'image/png' }), { size: 70_000 });
    const chunks = () => Readable.from([bytes.subarray(0, 30_000), bytes.subarray(30_000)]);
    assert.deepEqual(await store.put('2026/05/AT-STREAM', chunks(), { contentType: 'video/mp4', size: 70_000 }), { size: 70_000 });
    assert.deepEqual(await store.put('2026/05/AT-SPOOL', chunks(), { contentType: 'video/mp4' }), { size: 70_000 });

    for (const key of ['2026/05/AT-BUF', '2026/05/AT-STREAM', '2026/05/AT-SPOOL']) {
      const got = await store.get(key);
      assert.ok(got, key);
      assert.equal(got.size, 70_000);
      assert.deepEqual(await buffer(got.body), bytes, key);
    }
    assert.deepEqual(await store.head('2026/05/AT-STREAM'), { size: 70_000, contentType: 'video/mp4' });
    const part = await store.get('2026/05/AT-STREAM', { start: 1000, end: 1999 });
    assert.equal(part!.size, 70_000);
    assert.deepEqual(part!.range, { start: 1000, end: 1999 });
    assert.deepEqual(await buffer(part!.body), bytes.subarray(1000, 2000));

    await store.delete('2026/05/AT-BUF');
    assert.equal(await store.head('2026/05/AT-BUF'), null);
    assert.equal(await store.get('2026/05/AT-BUF'), null);
    await store.delete('2026/05/AT-BUF');
  });

  it('is refused by the store when the signature is wrong', async () => {
    const wrongSecret = new S3BlobStore({ ...config, secretAccessKey: 'not-the-secret' });
    await assert.rejects(wrongSecret.put('x/denied', Buffer.from('x'), { contentType: 'image/png' }), (err: unknown) => {
      assert.ok(err instanceof S3Error);
      assert.equal(err.status, 403);
      assert.equal(err.code, 'SignatureDoesNotMatch');
      return true;
    });
    const wrongRegion = new S3BlobStore({ ...config, region: 'us-west-2', secretAccessKey: 'also-wrong' });
    await assert.rejects(wrongRegion.get('x/denied'), /SignatureDoesNotMatch/);
    const wrongKey = new S3BlobStore({ ...config, accessKeyId: 'SOMEONEELSE' });
    await assert.rejects(wrongKey.delete('x/denied'), /InvalidAccessKeyId/);
    const wrongBucket = new S3BlobStore({ ...config, bucket: 'no-such-bucket' });
    await assert.rejects(wrongBucket.put('x/y', Buffer.from('x'), { contentType: 'image/png' }), /NoSuchBucket/);
  });

  it('stores nothing when the body is aborted with a reason, and rejects with that reason', async () => {
    const body = new Readable({ read() {} });
    body.push(randomBytes(10_000));
    setTimeout(() => body.destroy(new Error('too large for a photo')), 20);
    await assert.rejects(store.put('x/aborted', body, { contentType: 'image/jpeg', size: 50_000 }), /too large for a photo/);
    const spooled = new Readable({ read() {} });
    spooled.push(randomBytes(10_000));
    setTimeout(() => spooled.destroy(new Error('not an image')), 20);
    await assert.rejects(store.put('x/aborted-spool', spooled, { contentType: 'image/jpeg' }), /not an image/);
    assert.equal(await store.head('x/aborted'), null);
    assert.equal(await store.head('x/aborted-spool'), null);
  });
});

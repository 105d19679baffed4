import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../config';
import { createBlobStore } from './create-blob-store';
import { LocalDiskBlobStore } from './local-disk-blob-store';
import { S3BlobStore } from './s3-blob-store';
import { urlSecretSource } from './url-secret';

describe('storage configuration', () => {
  it('chooses the store by STORAGE_DRIVER, local by default, and names missing S3 settings', () => {
    assert.ok(createBlobStore(loadConfig({ FIXFLOW_DATA_DIR: '/tmp/x' })) instanceof LocalDiskBlobStore);
    const s3 = loadConfig({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: 'http://minio:9000',
      S3_BUCKET: 'fixflow',
      S3_ACCESS_KEY_ID: 'ak',
      S3_SECRET_ACCESS_KEY: 'sk',
    });
    assert.equal(s3.S3_REGION, 'us-east-1');
    assert.ok(createBlobStore(s3) instanceof S3BlobStore);
    assert.throws(
      () => createBlobStore(loadConfig({ STORAGE_DRIVER: 's3', S3_BUCKET: 'fixflow' })),
      /needs S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY/,
    );
    assert.throws(() => loadConfig({ STORAGE_DRIVER: 'ftp' }), /STORAGE_DRIVER/);
    assert.throws(() => loadConfig({ ATTACHMENT_URL_SECRET: 'short' }), /at least 32/);
  });

  it('keeps a generated link secret in the data directory, once, readable only by its owner', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixflow-secret-'));
    try {
      const first = urlSecretSource({ dataDir: dir })();
      assert.equal(first.length, 32);
      assert.deepEqual(urlSecretSource({ dataDir: dir })(), first);
      assert.equal(fs.statSync(path.join(dir, 'attachment-url-secret')).mode & 0o777, 0o600);
      const configured = urlSecretSource({ dataDir: dir, ATTACHMENT_URL_SECRET: 'x'.repeat(32) })();
      assert.deepEqual(configured, Buffer.from('x'.repeat(32)));
      // lazy: nothing is written until a link is signed
      const untouched = path.join(dir, 'never');
      urlSecretSource({ dataDir: untouched });
      assert.equal(fs.existsSync(untouched), false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

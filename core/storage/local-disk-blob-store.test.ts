import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { BlobSizeMismatch } from './blob-store';
import { LocalDiskBlobStore } from './local-disk-blob-store';

describe('LocalDiskBlobStore', () => {
  let root: string;
  let store: LocalDiskBlobStore;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fixflow-blobs-'));
    store = new LocalDiskBlobStore(path.join(root, 'attachments'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('puts, heads, reads whole and by range, and deletes', async () => {
    const put = await store.put('2026/05/AT-1', Readable.from([Buffer.from('hello '), Buffer.from('world')]), {
      contentType: 'text/plain',
    });
    assert.equal(put.size, 11);
    assert.deepEqual(await store.head('2026/05/AT-1'), { size: 11 });
    assert.equal(fs.readFileSync(path.join(root, 'attachments/2026/05/AT-1'), 'utf8'), 'hello world');
    const whole = await store.get('2026/05/AT-1');
    assert.equal(await text(whole!.body), 'hello world');
    const part = await store.get('2026/05/AT-1', { start: 6, end: 10 });
    assert.equal(part!.size, 11);
    assert.equal(await text(part!.body), 'world');
    await store.delete('2026/05/AT-1');
    assert.equal(await store.head('2026/05/AT-1'), null);
    assert.equal(await store.get('2026/05/AT-1'), null);
    await store.delete('2026/05/AT-1');
  });

  it('leaves nothing behind when the body fails or is not the announced size', async () => {
    const failing = new Readable({ read() {} });
    failing.push(Buffer.alloc(1000, 1));
    setImmediate(() => failing.destroy(new Error('client went away')));
    await assert.rejects(store.put('a/failed', failing, { contentType: 'image/png' }), /client went away/);
    await assert.rejects(store.put('a/short', Buffer.from('abc'), { contentType: 'image/png', size: 4 }), BlobSizeMismatch);
    assert.equal(await store.head('a/failed'), null);
    assert.equal(await store.head('a/short'), null);
    assert.deepEqual(fs.readdirSync(path.join(root, 'attachments/.incoming')), []);
  });

  it('replaces atomically: a key holds the old bytes or the new, never a mix', async () => {
    await store.put('b/x', Buffer.from('old'), { contentType: 'text/plain' });
    await store.put('b/x', Buffer.from('new!'), { contentType: 'text/plain' });
    assert.equal(await text((await store.get('b/x'))!.body), 'new!');
  });

  it('refuses keys that could leave its directory', async () => {
    for (const key of ['../escape', '/etc/passwd', 'a/../../b', '.incoming/x', 'a//b', '', 'a\\..\\b', 'a/b/']) {
      await assert.rejects(store.put(key, Buffer.from('x'), { contentType: 'text/plain' }), /invalid blob key/, key);
      await assert.rejects(store.get(key), /invalid blob key/, key);
    }
  });
});

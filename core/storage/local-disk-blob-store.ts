import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertValidKey,
  BlobSizeMismatch,
  type BlobHead,
  type BlobPutOptions,
  type BlobRead,
  type BlobStore,
  type ByteRange,
} from './blob-store';

/**
 * Blobs as files under one directory (FIXFLOW_DATA_DIR/attachments). A write goes to a temp file
 * in `.incoming` on the same file system, is flushed, then renamed into place: a reader sees the
 * whole file or none, and a crash mid-upload leaves only a temp file. The content type is not kept
 * here; the attachments table is the record of it.
 */
export class LocalDiskBlobStore implements BlobStore {
  readonly driver = 'local' as const;
  private readonly incoming: string;

  constructor(private readonly root: string) {
    this.root = path.resolve(root);
    this.incoming = path.join(this.root, '.incoming');
  }

  /** The file of a key; the key pattern already keeps it inside the root, this makes sure of it. */
  private fileOf(key: string): string {
    assertValidKey(key);
    const file = path.resolve(this.root, key);
    if (!file.startsWith(this.root + path.sep)) throw new Error(`blob key ${key} escapes the store`);
    return file;
  }

  async put(key: string, body: Readable | Uint8Array, opts: BlobPutOptions): Promise<{ size: number }> {
    // Until the pipeline below listens, an error the caller puts on the body must not go unhandled;
    // the pipeline still sees it (the stream stays errored) and rejects with it.
    if (!(body instanceof Uint8Array)) body.on('error', () => {});
    const file = this.fileOf(key);
    await fs.promises.mkdir(this.incoming, { recursive: true });
    const temp = path.join(this.incoming, `${randomUUID()}.part`);
    try {
      const source = body instanceof Uint8Array ? Readable.from([body]) : body;
      const out = fs.createWriteStream(temp, { flags: 'wx', mode: 0o640 });
      await pipeline(source, out);
      const handle = await fs.promises.open(temp, 'r');
      let size: number;
      try {
        await handle.sync();
        size = (await handle.stat()).size;
      } finally {
        await handle.close();
      }
      if (opts.size !== undefined && size !== opts.size) throw new BlobSizeMismatch(opts.size, size);
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await fs.promises.rename(temp, file);
      return { size };
    } catch (err) {
      await fs.promises.rm(temp, { force: true });
      throw err;
    }
  }

  async head(key: string): Promise<BlobHead | null> {
    try {
      const st = await fs.promises.stat(this.fileOf(key));
      return st.isFile() ? { size: st.size } : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async get(key: string, range?: ByteRange): Promise<BlobRead | null> {
    const file = this.fileOf(key);
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    // Opened first, then measured and read through the same handle: a concurrent replace cannot mix two files.
    const { size } = await handle.stat();
    const body = handle.createReadStream(range ? { start: range.start, end: range.end } : {});
    return { body, size, ...(range ? { range } : {}) };
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.fileOf(key), { force: true });
  }
}

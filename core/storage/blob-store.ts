import type { Readable } from 'node:stream';

/** Bytes `start`..`end` of a blob, both inclusive (as HTTP ranges count). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface BlobPutOptions {
  contentType: string;
  /** the exact length when known up front; a body that turns out longer or shorter is refused */
  size?: number;
}

export interface BlobHead {
  size: number;
  contentType?: string;
}

export interface BlobRead extends BlobHead {
  body: Readable;
  /** the part returned when a range was asked for */
  range?: ByteRange;
}

/**
 * Where attachment bytes live: the data directory or an S3-compatible bucket. Keys are relative
 * paths of safe characters (`2026/05/AT-7F3K9Q2M4X`); a write is all or nothing — a failed or
 * aborted body (the caller destroys the stream with its reason) leaves no object behind, and
 * the put rejects with that reason.
 */
export interface BlobStore {
  readonly driver: 'local' | 's3';
  put(key: string, body: Readable | Uint8Array, opts: BlobPutOptions): Promise<{ size: number }>;
  /** null when there is no such object */
  get(key: string, range?: ByteRange): Promise<BlobRead | null>;
  head(key: string): Promise<BlobHead | null>;
  /** removing what is not there is not an error */
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,127}){0,7}$/;

/** Each segment starts with a letter or digit, so `..`, absolute paths and hidden files cannot be named. */
export function assertValidKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`invalid blob key ${JSON.stringify(key)}`);
}

/** A body that ended at a different length than announced. */
export class BlobSizeMismatch extends Error {
  constructor(expected: number, actual: number) {
    super(`the body was ${actual} bytes, ${expected} were announced`);
    this.name = 'BlobSizeMismatch';
  }
}

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { assertValidKey, type BlobHead, type BlobPutOptions, type BlobRead, type BlobStore, type ByteRange } from './blob-store';
import { EMPTY_SHA256, sha256Hex, signRequest, UNSIGNED_PAYLOAD, uriEncode } from './sigv4';

export interface S3Config {
  /** the service URL, e.g. https://s3.cn-north-1.amazonaws.com.cn, http://minio:9000; may carry a path prefix */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** What the store answered when it refused: its status and S3 error code. */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`S3 ${status} ${code}: ${message}`);
    this.name = 'S3Error';
  }
}

/** Time to wait for a response's headers (bodies stream for as long as they take). */
const RESPONSE_TIMEOUT_MS = 30_000;

/**
 * An S3-compatible bucket, reached with path-style URLs (`endpoint/bucket/key`) so MinIO, Ceph and
 * the S3 APIs of OSS/COS work without DNS per bucket. Requests are signed with SigV4; streamed
 * bodies are sent as UNSIGNED-PAYLOAD with their exact Content-Length (S3 takes no chunked PUT),
 * a body of unknown length is spooled to a temp file first to learn it.
 */
export class S3BlobStore implements BlobStore {
  readonly driver = 's3' as const;

  constructor(private readonly config: S3Config) {}

  private urlOf(key: string): URL {
    assertValidKey(key);
    const url = new URL(this.config.endpoint);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/${uriEncode(this.config.bucket)}/${uriEncode(key, true)}`;
    url.search = '';
    return url;
  }

  private async send(
    method: string,
    key: string,
    opts: { headers?: Record<string, string>; payloadHash?: string; body?: RequestInit['body']; timeout?: boolean } = {},
  ): Promise<Response> {
    const url = this.urlOf(key);
    const signed = signRequest(this.config, { method, url, headers: opts.headers, payloadHash: opts.payloadHash ?? EMPTY_SHA256 });
    const abort = new AbortController();
    const timer = opts.timeout === false ? null : setTimeout(() => abort.abort(new Error(`S3 ${method} timed out`)), RESPONSE_TIMEOUT_MS);
    try {
      return await fetch(url, {
        method,
        headers: { ...opts.headers, ...signed },
        body: opts.body,
        signal: abort.signal,
        ...(opts.body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private static async failure(res: Response): Promise<S3Error> {
    const text = await res.text().catch(() => '');
    const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
    return new S3Error(res.status, tag('Code') ?? `HTTP${res.status}`, tag('Message') ?? res.statusText);
  }

  async put(key: string, body: Readable | Uint8Array, opts: BlobPutOptions): Promise<{ size: number }> {
    if (body instanceof Uint8Array) {
      const res = await this.send('PUT', key, {
        headers: { 'content-type': opts.contentType, 'content-length': String(body.length) },
        payloadHash: sha256Hex(body),
        body,
      });
      if (!res.ok) throw await S3BlobStore.failure(res);
      await res.arrayBuffer();
      return { size: body.length };
    }
    // The caller may destroy the body with its reason (too large, wrong type): that reason is what the put rejects with.
    let bodyError: unknown;
    body.on('error', (err) => (bodyError ??= err));
    if (opts.size === undefined) return this.putSpooled(key, body, opts.contentType);
    try {
      const res = await this.send('PUT', key, {
        headers: { 'content-type': opts.contentType, 'content-length': String(opts.size) },
        payloadHash: UNSIGNED_PAYLOAD,
        body: Readable.toWeb(body) as unknown as ReadableStream,
        timeout: false,
      });
      if (!res.ok) throw await S3BlobStore.failure(res);
      await res.arrayBuffer();
      return { size: opts.size };
    } catch (err) {
      throw bodyError ?? err;
    }
  }

  private async putSpooled(key: string, body: Readable, contentType: string): Promise<{ size: number }> {
    const temp = path.join(os.tmpdir(), `fixflow-s3-${randomUUID()}.part`);
    try {
      await pipeline(body, fs.createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
      const { size } = await fs.promises.stat(temp);
      return await this.put(key, fs.createReadStream(temp), { contentType, size });
    } finally {
      await fs.promises.rm(temp, { force: true });
    }
  }

  async get(key: string, range?: ByteRange): Promise<BlobRead | null> {
    const headers: Record<string, string> = range ? { range: `bytes=${range.start}-${range.end}` } : {};
    const res = await this.send('GET', key, { headers });
    if (res.status === 404) {
      await res.arrayBuffer();
      return null;
    }
    if (!res.ok) throw await S3BlobStore.failure(res);
    const total = /\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1];
    const size = Number(total ?? res.headers.get('content-length'));
    const body = Readable.fromWeb(res.body as unknown as WebReadableStream);
    const contentType = res.headers.get('content-type') ?? undefined;
    // A store that ignored the range sent everything: say so rather than mislabel the bytes.
    return { body, size, ...(contentType ? { contentType } : {}), ...(range && res.status === 206 ? { range } : {}) };
  }

  async head(key: string): Promise<BlobHead | null> {
    const res = await this.send('HEAD', key);
    if (res.status === 404) return null;
    if (!res.ok) throw new S3Error(res.status, `HTTP${res.status}`, res.statusText);
    const contentType = res.headers.get('content-type') ?? undefined;
    return { size: Number(res.headers.get('content-length')), ...(contentType ? { contentType } : {}) };
  }

  async delete(key: string): Promise<void> {
    const res = await this.send('DELETE', key);
    if (!res.ok && res.status !== 404) throw await S3BlobStore.failure(res);
    await res.arrayBuffer().catch(() => undefined);
  }
}

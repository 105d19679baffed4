import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { KIND_PROFILES, type UploadKind } from '../../domain/attachments/attachment-kinds';
import { checkContent, sizeRefusal, type UploadRefusal } from '../../domain/attachments/check-upload';
import { mp4DurationSec, SNIFF_BYTES } from '../../domain/attachments/sniff-content';
import { HttpProblem } from '../http/problem';

/** How much of the start of a video is kept to find its duration (fast-start files carry it up front). */
const DURATION_WINDOW = 512 * 1024;

export function refusalProblem(r: UploadRefusal, headers: Record<string, string> = {}): HttpProblem {
  const title = r.status === 413 ? 'Attachment too large' : 'Unsupported attachment';
  return new HttpProblem(r.status, r.code, title, r.message, [{ field: r.field, message: r.message }], headers, { detailZh: r.messageZh });
}

/**
 * Sits between the request and the blob store: counts and hashes the bytes as they pass, holds
 * back the first few KiB until the content's real type is known (`sniffed`), and fails the stream
 * — so the store keeps nothing — as soon as the kind's size limit is passed or the content is not
 * what the kind takes. Memory stays at the sniff window plus the stream buffers, whatever the size.
 */
export class UploadInspector extends Transform {
  bytes = 0;
  /** the refusal the stream failed with, if it did */
  failure?: HttpProblem;
  readonly sniffed: Promise<string>;
  mime?: string;
  private readonly hash = createHash('sha256');
  private readonly maxBytes: number;
  private head: Buffer[] = [];
  private headBytes = 0;
  private decided = false;
  private readonly window: Buffer[] = [];
  private windowBytes: number;
  private settle!: { resolve: (mime: string) => void; reject: (err: Error) => void };

  constructor(
    private readonly kind: UploadKind,
    private readonly contentType: string | undefined,
  ) {
    super();
    this.maxBytes = KIND_PROFILES[kind].maxBytes;
    // Only media with a duration keep the window.
    this.windowBytes = KIND_PROFILES[kind].mimes.some((m) => /^(video|audio)\//.test(m)) ? 0 : DURATION_WINDOW;
    this.sniffed = new Promise<string>((resolve, reject) => (this.settle = { resolve, reject }));
    // Whoever awaits it sees the refusal; nobody awaiting it is not an unhandled rejection.
    this.sniffed.catch(() => undefined);
    this.on('error', (err) => this.settle.reject(err));
  }

  get sha256(): string {
    return this.hash.copy().digest('hex');
  }

  /** Seconds, when the head of an MP4/MOV/M4A says. */
  get durationSec(): number | null {
    return mp4DurationSec(Buffer.concat(this.window));
  }

  private refuse(problem: HttpProblem, callback: TransformCallback): void {
    this.failure = problem;
    callback(problem);
  }

  private decide(): HttpProblem | null {
    this.decided = true;
    const head = Buffer.concat(this.head);
    this.head = [];
    if (head.length === 0)
      return new HttpProblem(422, 'validation_failed', 'The request is not valid', 'the file is empty', [
        { field: 'body', message: 'the file is empty' },
      ]);
    const verdict = checkContent(this.kind, this.contentType, head.subarray(0, SNIFF_BYTES));
    if ('status' in verdict) return refusalProblem(verdict, { Connection: 'close' });
    this.mime = verdict.mime;
    this.settle.resolve(verdict.mime);
    this.push(head);
    return null;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return this.refuse(refusalProblem(sizeRefusal(this.kind, null), { Connection: 'close' }), callback);
    this.hash.update(chunk);
    if (this.windowBytes < DURATION_WINDOW) {
      this.window.push(chunk);
      this.windowBytes += chunk.length;
    }
    if (this.decided) return callback(null, chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < SNIFF_BYTES) return callback();
    const refused = this.decide();
    return refused ? this.refuse(refused, callback) : callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.decided) return callback();
    const refused = this.decide();
    return refused ? this.refuse(refused, callback) : callback();
  }
}

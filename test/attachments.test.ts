import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type ApiServer } from '../api/server';
import { signLink } from '../api/attachments/signed-link';
import { createLogger } from '../core/logger';
import { S3BlobStore } from '../core/storage/s3-blob-store';
import { urlSecretSource } from '../core/storage/url-secret';
import { EXE_HEAD, JPEG_1X1, MP4_HEAD, PDF_HEAD, PNG_1X1, SVG_SIGNATURE } from '../domain/attachments/sample-files';
import { attachmentRefSchema } from '../domain/forms/form-values';
import { S3_SANDBOX } from '../simulators/s3.handlers';
import { Harness, seedTicket } from './support/harness';

const MiB = 1024 * 1024;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

interface Answer {
  status: number;
  headers: Headers;
  body: any;
  bytes: Buffer;
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const bytes = Buffer.from(await res.arrayBuffer());
  let body: unknown;
  try {
    body = bytes.length && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(bytes.toString('utf8')) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, bytes };
}

/** Files under a directory, relative, to see that a refused upload left nothing behind. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

describe('attachments: upload, serve, sign, scope, delete (local disk and S3)', () => {
  let h: Harness;
  let dataDir: string;
  const run = randomUUID().slice(0, 8);
  const providerA = `SP-ATA-${run}`;
  const providerB = `SP-ATB-${run}`;
  let ticketId: string;

  const upload = (
    api: string,
    query: Record<string, string>,
    body: Uint8Array | ReadableStream,
    contentType: string,
    headers: Record<string, string> = {},
    token = h.token,
  ) =>
    call(`${api}/api/v1/attachments?${new URLSearchParams(query)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType, ...headers },
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
  const get = (url: string, headers: Record<string, string> = {}, token: string | null = h.token) =>
    call(url, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

  const createTicket = async (): Promise<string> => {
    const res = await h.request('POST', '/api/v1/tickets', seedTicket());
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.ticketId;
  };
  const rowsFor = async (ownerId: string) =>
    Number((await h.dataSource.query(`SELECT count(*) AS n FROM attachments WHERE owner_id = $1`, [ownerId]))[0].n);

  before(async () => {
    // This file's attachments (and link secret) go to a data directory of its own, not the developer's .data.
    dataDir = fs.mkdtempSync(path.join(process.env.FIXFLOW_TEST_DATA_DIR ?? os.tmpdir(), 'attachments-'));
    process.env.FIXFLOW_DATA_DIR = dataDir;
    h = await Harness.start();
    await h.dataSource.query(
      `INSERT INTO service_providers (id, name, kind, regions, skills, active, created_by, updated_by) VALUES
         ($1, '苏州安装服务有限公司', 'provider', '{江苏}', '{空调}', true, 'test', 'test'),
         ($2, '无锡维修服务有限公司', 'provider', '{江苏}', '{空调}', true, 'test', 'test')`,
      [providerA, providerB],
    );
    ticketId = await createTicket();
  });
  after(async () => {
    await h.stop();
    delete process.env.FIXFLOW_DATA_DIR;
  });

  it('stores a PNG and a JPEG and gives them back byte for byte, hashed, typed, audited, with a ref a ticket takes', async () => {
    const png = await upload(
      h.api.url,
      { ownerType: 'ticket', ownerId: ticketId, kind: 'photo', name: '故障照片.png' },
      PNG_1X1,
      'image/png',
    );
    assert.equal(png.status, 201, JSON.stringify(png.body));
    assert.match(png.body.id, /^AT-[0-9A-Z]{10}$/);
    assert.equal(png.body.kind, 'photo');
    assert.equal(png.body.mime, 'image/png');
    assert.equal(png.body.sizeBytes, PNG_1X1.length);
    assert.equal(png.body.sha256, sha256(PNG_1X1));
    assert.equal(png.body.url, `${h.api.url}/api/v1/attachments/${png.body.id}/content`);
    assert.deepEqual(png.body.ref, {
      url: png.body.url,
      kind: 'photo',
      name: '故障照片.png',
      sizeBytes: PNG_1X1.length,
      mime: 'image/png',
    });
    assert.ok(attachmentRefSchema.safeParse(png.body.ref).success);

    const content = await get(png.body.url);
    assert.equal(content.status, 200);
    assert.deepEqual(content.bytes, Buffer.from(PNG_1X1));
    assert.equal(content.headers.get('content-type'), 'image/png');
    assert.equal(content.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(content.headers.get('etag'), `"${sha256(PNG_1X1)}"`);
    assert.equal(
      content.headers.get('content-disposition'),
      `inline; filename="____.png"; filename*=UTF-8''${encodeURIComponent('故障照片.png')}`,
    );
    assert.equal((await get(png.body.url, { 'if-none-match': `"${sha256(PNG_1X1)}"` })).status, 304);
    const download = await get(`${png.body.url}?download=1`);
    assert.match(download.headers.get('content-disposition')!, /^attachment;/);

    // Declared as octet-stream (as some phones send it): the content decides the type.
    const jpeg = await upload(
      h.api.url,
      { ownerType: 'ticket', ownerId: ticketId, kind: 'signature' },
      JPEG_1X1,
      'application/octet-stream',
    );
    assert.equal(jpeg.status, 201, JSON.stringify(jpeg.body));
    assert.equal(jpeg.body.mime, 'image/jpeg');
    assert.equal(jpeg.body.ref.kind, 'signature', 'the ref names its kind, as form templates know it');
    assert.deepEqual((await get(jpeg.body.url)).bytes, Buffer.from(JPEG_1X1));

    const [row] = await h.dataSource.query(`SELECT storage_key, uploaded_by, size_bytes FROM attachments WHERE id = $1`, [png.body.id]);
    assert.deepEqual(fs.readFileSync(path.join(dataDir, 'attachments', row.storage_key)), Buffer.from(PNG_1X1));
    assert.match(row.uploaded_by, /^token:test-admin/);
    const [audited] = await h.dataSource.query(`SELECT details FROM audit_log WHERE action = 'attachment.uploaded' AND target_id = $1`, [
      png.body.id,
    ]);
    assert.equal(audited.details.sha256, sha256(PNG_1X1));
    assert.equal(audited.details.ownerId, ticketId);

    const listed = await h.request('GET', `/api/v1/attachments?ownerType=ticket&ownerId=${ticketId}`);
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.items.map((a: { id: string }) => a.id),
      [png.body.id, jpeg.body.id],
    );
  });

  it("keeps a customer's invoice as a PDF on the customer record", async () => {
    const customerId = `CU-AT${run}`;
    await h.dataSource.query(
      `INSERT INTO customers (id, name, type, created_by, updated_by) VALUES ($1, '王女士', 'person', 'test', 'test')`,
      [customerId],
    );
    const pdf = Buffer.concat([PDF_HEAD, Buffer.from('1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')]);
    const up = await upload(
      h.api.url,
      { ownerType: 'customer', ownerId: customerId, kind: 'invoice', name: '发票.pdf' },
      pdf,
      'application/pdf',
    );
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.equal(up.body.mime, 'application/pdf');
    const listed = await h.request('GET', `/api/v1/attachments?ownerType=customer&ownerId=${customerId}`);
    assert.deepEqual(
      listed.body.items.map((a: { id: string }) => a.id),
      [up.body.id],
    );
    const content = await get(up.body.url);
    assert.deepEqual(content.bytes, pdf);
    // A PDF is a download, never shown in place.
    assert.match(content.headers.get('content-disposition')!, /^attachment;/);
  });

  it('refuses what is not what it claims, dangerous content, oversize bodies and bad owners, storing nothing', async () => {
    const ticket = await createTicket();
    const q = (kind: string) => ({ ownerType: 'ticket', ownerId: ticket, kind });
    const before = filesUnder(path.join(dataDir, 'attachments'));

    const pngAsVideo = await upload(h.api.url, q('video'), PNG_1X1, 'video/mp4');
    assert.equal(pngAsVideo.status, 415);
    assert.equal(pngAsVideo.body.code, 'unsupported_media_type');
    assert.equal(pngAsVideo.body.errors[0].field, 'body');
    assert.match(pngAsVideo.body.detail, /PNG image; a video must be/);

    const exe = Buffer.concat([EXE_HEAD, randomBytes(20_000)]);
    const renamedExe = await upload(h.api.url, { ...q('photo'), name: 'IMG_0001.jpg' }, exe, 'image/jpeg');
    assert.equal(renamedExe.status, 415);
    assert.equal(renamedExe.body.code, 'dangerous_content');
    assert.match(renamedExe.body.detail, /Windows executable/);

    const svgDeclared = await upload(h.api.url, q('signature'), SVG_SIGNATURE, 'image/svg+xml');
    assert.equal(svgDeclared.status, 415);
    assert.equal(svgDeclared.body.errors[0].field, 'header.Content-Type');
    const svgDisguised = await upload(h.api.url, q('signature'), SVG_SIGNATURE, 'image/png');
    assert.equal(svgDisguised.status, 415);
    assert.equal(svgDisguised.body.code, 'dangerous_content');
    assert.match(svgDisguised.body.detail, /SVG/);

    const pngAsJpeg = await upload(h.api.url, q('photo'), PNG_1X1, 'image/jpeg');
    assert.equal(pngAsJpeg.status, 415);
    assert.equal(pngAsJpeg.body.code, 'content_type_mismatch');

    // Declared too large: refused before a byte is read.
    const big = Buffer.concat([PNG_1X1, randomBytes(3 * MiB)]);
    const declaredBig = await upload(h.api.url, q('signature'), big, 'image/png');
    assert.equal(declaredBig.status, 413);
    assert.equal(declaredBig.body.code, 'attachment_too_large');
    assert.match(declaredBig.body.detail, /over the 2 MiB/);
    assert.equal(declaredBig.body.detailZh, '签名不能超过 2 MiB');
    // Streamed without a length: refused as the limit is passed.
    const chunks = [PNG_1X1, ...Array.from({ length: 12 }, () => randomBytes(256 * 1024))];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const streamedBig = await upload(h.api.url, q('signature'), stream, 'image/png');
    assert.equal(streamedBig.status, 413);
    assert.equal(streamedBig.body.code, 'attachment_too_large');

    const empty = await upload(h.api.url, q('photo'), new Uint8Array(0), 'image/png');
    assert.equal(empty.status, 422);
    assert.equal(empty.body.errors[0].field, 'body');

    const unknownOwner = await upload(h.api.url, { ...q('photo'), ownerId: `TK-NONE-${run}` }, PNG_1X1, 'image/png');
    assert.equal(unknownOwner.status, 422);
    assert.deepEqual(unknownOwner.body.errors[0], { field: 'query.ownerId', message: `ticket TK-NONE-${run} does not exist` });
    const noKind = await upload(h.api.url, { ownerType: 'ticket', ownerId: ticket }, PNG_1X1, 'image/png');
    assert.equal(noKind.status, 400);
    assert.equal(noKind.body.errors[0].field, 'query.kind');
    const badKind = await upload(h.api.url, q('hologram'), PNG_1X1, 'image/png');
    assert.equal(badKind.body.errors[0].field, 'query.kind');
    const multipart = await upload(h.api.url, q('photo'), PNG_1X1, 'multipart/form-data; boundary=x');
    assert.equal(multipart.status, 415);

    assert.equal(await rowsFor(ticket), 0);
    assert.deepEqual(filesUnder(path.join(dataDir, 'attachments')), before);
  });

  it('serves a video by byte ranges (206), reads its duration, and answers 416 past its end', async () => {
    const video = Buffer.concat([MP4_HEAD, randomBytes(300_000)]);
    const up = await upload(h.api.url, { ownerType: 'ticket', ownerId: ticketId, kind: 'video', name: 'work.mp4' }, video, 'video/mp4');
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.equal(up.body.mime, 'video/mp4');
    assert.equal(up.body.durationSec, 12.5);
    assert.equal(up.body.ref.durationSec, 12.5);

    const part = await get(up.body.url, { range: 'bytes=1000-65535' });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 1000-65535/${video.length}`);
    assert.equal(part.headers.get('content-length'), String(65536 - 1000));
    assert.deepEqual(part.bytes, video.subarray(1000, 65536));
    const tail = await get(up.body.url, { range: 'bytes=-500' });
    assert.equal(tail.status, 206);
    assert.deepEqual(tail.bytes, video.subarray(video.length - 500));
    const whole = await get(up.body.url);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    assert.equal(sha256(whole.bytes), up.body.sha256);
    const past = await get(up.body.url, { range: `bytes=${video.length}-` });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get('content-range'), `bytes */${video.length}`);
  });

  it("keeps a provider's token to its own tickets' attachments; others are 404 like unknown ones", async () => {
    const tokenOf = async (providerId: string) => {
      const issued = await h.request('POST', '/api/v1/tokens', { name: `eng-${providerId}`, roles: ['agent'], providerId });
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      return issued.body.token as string;
    };
    const tokenA = await tokenOf(providerA);
    const mine = await createTicket();
    const theirs = await createTicket();
    for (const [id, providerId] of [
      [mine, providerA],
      [theirs, providerB],
    ]) {
      const res = await h.request('POST', `/api/v1/tickets/${id}/actions/assign`, { assigneeId: 'eng_sun', providerId });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const theirPhoto = await upload(h.api.url, { ownerType: 'ticket', ownerId: theirs, kind: 'photo' }, PNG_1X1, 'image/png');
    assert.equal(theirPhoto.status, 201);

    // The provider's engineer uploads the work photo and the customer's signature to its own ticket …
    const myPhoto = await upload(h.api.url, { ownerType: 'ticket', ownerId: mine, kind: 'photo' }, JPEG_1X1, 'image/jpeg', {}, tokenA);
    assert.equal(myPhoto.status, 201, JSON.stringify(myPhoto.body));
    assert.equal((await get(myPhoto.body.url, {}, tokenA)).status, 200);
    // … and sees nothing of the other provider's ticket.
    assert.equal((await get(`${h.api.url}/api/v1/attachments/${theirPhoto.body.id}`, {}, tokenA)).status, 404);
    assert.equal((await get(theirPhoto.body.url, {}, tokenA)).status, 404);
    assert.equal((await get(`${h.api.url}/api/v1/attachments?ownerType=ticket&ownerId=${theirs}`, {}, tokenA)).status, 404);
    const intoTheirs = await upload(h.api.url, { ownerType: 'ticket', ownerId: theirs, kind: 'photo' }, PNG_1X1, 'image/png', {}, tokenA);
    assert.equal(intoTheirs.status, 422);
    assert.equal(
      (
        await call(`${h.api.url}/api/v1/attachments/${theirPhoto.body.id}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${tokenA}` },
        })
      ).status,
      404,
    );
    // Nor any customer or asset record: those stay with the platform.
    const customer = await upload(
      h.api.url,
      { ownerType: 'customer', ownerId: 'CU-ANY', kind: 'invoice' },
      PNG_1X1,
      'image/png',
      {},
      tokenA,
    );
    assert.equal(customer.status, 422);

    // A viewer reads but does not upload; no token reads nothing.
    const viewer = await h.request('POST', '/api/v1/tokens', { name: `viewer-${run}`, roles: ['viewer'] });
    assert.equal((await get(theirPhoto.body.url, {}, viewer.body.token)).status, 200);
    assert.equal(
      (await upload(h.api.url, { ownerType: 'ticket', ownerId: theirs, kind: 'photo' }, PNG_1X1, 'image/png', {}, viewer.body.token))
        .status,
      403,
    );
    const anonymous = await get(theirPhoto.body.url, {}, null);
    assert.equal(anonymous.status, 401);
  });

  it('opens by signed link without a token; an expired, tampered or borrowed link is refused', async () => {
    const up = await upload(h.api.url, { ownerType: 'ticket', ownerId: ticketId, kind: 'invoice' }, PNG_1X1, 'image/png');
    const other = await upload(h.api.url, { ownerType: 'ticket', ownerId: ticketId, kind: 'invoice' }, JPEG_1X1, 'image/jpeg');
    const meta = await h.request('GET', `/api/v1/attachments/${up.body.id}?ttlSec=120`);
    assert.equal(meta.status, 200);
    const signed = new URL(meta.body.signedUrl);
    const exp = Number(signed.searchParams.get('exp'));
    assert.ok(Math.abs(exp - (Date.now() / 1000 + 120)) < 5);
    assert.equal(meta.body.signedUrlExpiresAt, new Date(exp * 1000).toISOString());

    const opened = await get(meta.body.signedUrl, {}, null);
    assert.equal(opened.status, 200);
    assert.deepEqual(opened.bytes, Buffer.from(PNG_1X1));

    const sig = signed.searchParams.get('sig')!;
    const tampered = await get(`${up.body.url}?exp=${exp}&sig=${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`, {}, null);
    assert.equal(tampered.status, 403);
    assert.equal(tampered.body.code, 'link_invalid');
    assert.equal((await get(`${up.body.url}?exp=${exp + 60}&sig=${sig}`, {}, null)).body.code, 'link_invalid');
    assert.equal((await get(`${other.body.url}?exp=${exp}&sig=${sig}`, {}, null)).body.code, 'link_invalid');
    assert.equal((await get(`${up.body.url}?exp=${exp}`, {}, null)).status, 403);

    // A link made with the server's own key ten minutes ago for five minutes.
    const old = signLink(urlSecretSource({ dataDir })(), up.body.id, 300, Date.now() - 600_000);
    const expired = await get(`${up.body.url}?exp=${old.exp}&sig=${old.sig}`, {}, null);
    assert.equal(expired.status, 403);
    assert.equal(expired.body.code, 'link_expired');
  });

  it('answers a retried upload with the same attachment, and refuses the key reused for another file', async () => {
    const ticket = await createTicket();
    const key = `upload-${run}-1`;
    const first = await upload(h.api.url, { ownerType: 'ticket', ownerId: ticket, kind: 'photo' }, JPEG_1X1, 'image/jpeg', {
      'idempotency-key': key,
    });
    assert.equal(first.status, 201);
    const retry = await upload(h.api.url, { ownerType: 'ticket', ownerId: ticket, kind: 'photo' }, JPEG_1X1, 'image/jpeg', {
      'idempotency-key': key,
    });
    assert.equal(retry.status, 200);
    assert.equal(retry.body.id, first.body.id);
    const reused = await upload(h.api.url, { ownerType: 'ticket', ownerId: ticket, kind: 'photo' }, PNG_1X1, 'image/png', {
      'idempotency-key': key,
    });
    assert.equal(reused.status, 422);
    assert.equal(reused.body.code, 'idempotency_key_reused');
    assert.equal(await rowsFor(ticket), 1);
  });

  it('soft-deletes: gone from metadata, lists, content and links; the row, the bytes and the audit stay', async () => {
    const ticket = await createTicket();
    const up = await upload(h.api.url, { ownerType: 'ticket', ownerId: ticket, kind: 'photo' }, PNG_1X1, 'image/png');
    const link = (await h.request('GET', `/api/v1/attachments/${up.body.id}`)).body.signedUrl;
    const del = await h.request('DELETE', `/api/v1/attachments/${up.body.id}`);
    assert.equal(del.status, 204);
    assert.equal((await h.request('GET', `/api/v1/attachments/${up.body.id}`)).status, 404);
    assert.deepEqual((await h.request('GET', `/api/v1/attachments?ownerType=ticket&ownerId=${ticket}`)).body.items, []);
    assert.equal((await get(up.body.url)).status, 404);
    assert.equal((await get(link, {}, null)).status, 404);
    assert.equal((await h.request('DELETE', `/api/v1/attachments/${up.body.id}`)).status, 404);
    const [row] = await h.dataSource.query(`SELECT deleted_at, storage_key FROM attachments WHERE id = $1`, [up.body.id]);
    assert.ok(row.deleted_at);
    assert.ok(fs.existsSync(path.join(dataDir, 'attachments', row.storage_key)));
    const [audited] = await h.dataSource.query(`SELECT actor FROM audit_log WHERE action = 'attachment.deleted' AND target_id = $1`, [
      up.body.id,
    ]);
    assert.match(audited.actor, /^token:/);
  });

  describe('with STORAGE_DRIVER=s3 against the S3 simulator', () => {
    let api: ApiServer;
    let s3: S3BlobStore;
    before(async () => {
      const endpoint = `${process.env.FIXFLOW_SIMULATOR_URL}/s3`;
      s3 = new S3BlobStore({ endpoint, ...S3_SANDBOX });
      api = await startApiServer({
        config: {
          ...h.config,
          TEMPORAL_TASK_QUEUE: h.taskQueue,
          STORAGE_DRIVER: 's3',
          S3_ENDPOINT: endpoint,
          S3_BUCKET: S3_SANDBOX.bucket,
          S3_REGION: S3_SANDBOX.region,
          S3_ACCESS_KEY_ID: S3_SANDBOX.accessKeyId,
          S3_SECRET_ACCESS_KEY: S3_SANDBOX.secretAccessKey,
        },
        temporalAddress: h.config.TEMPORAL_ADDRESS!,
        dataSource: h.dataSource,
        port: 0,
        log: createLogger('test-api-s3', 'error'),
      });
      assert.equal(api.ctx.attachments.store.driver, 's3');
    });
    after(() => api?.close());

    it('uploads into the bucket, serves it whole and by range, and stores nothing of a refused upload', async () => {
      const video = Buffer.concat([MP4_HEAD, randomBytes(200_000)]);
      const up = await upload(api.url, { ownerType: 'ticket', ownerId: ticketId, kind: 'unboxing_video' }, video, 'video/mp4');
      assert.equal(up.status, 201, JSON.stringify(up.body));
      assert.equal(up.body.ref.kind, 'unboxing_video');
      const [row] = await h.dataSource.query(`SELECT storage_key FROM attachments WHERE id = $1`, [up.body.id]);
      assert.deepEqual(await s3.head(row.storage_key), { size: video.length, contentType: 'video/mp4' });
      assert.equal(fs.existsSync(path.join(dataDir, 'attachments', row.storage_key)), false);

      const whole = await get(up.body.url);
      assert.deepEqual(whole.bytes, video);
      const part = await get(up.body.url, { range: 'bytes=100000-100099' });
      assert.equal(part.status, 206);
      assert.deepEqual(part.bytes, video.subarray(100_000, 100_100));
      const viaLink = await get(
        (await call(`${api.url}/api/v1/attachments/${up.body.id}`, { headers: { authorization: `Bearer ${h.token}` } })).body.signedUrl,
        {},
        null,
      );
      assert.deepEqual(viaLink.bytes, video);

      // Streamed past the limit (no Content-Length): the PUT to the bucket is abandoned.
      const ticket = await createTicket();
      const chunks = [PNG_1X1, ...Array.from({ length: 10 }, () => randomBytes(256 * 1024))];
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      });
      const tooBig = await upload(api.url, { ownerType: 'ticket', ownerId: ticket, kind: 'signature' }, stream, 'image/png');
      assert.equal(tooBig.status, 413);
      assert.equal(await rowsFor(ticket), 0);
    });
  });
});

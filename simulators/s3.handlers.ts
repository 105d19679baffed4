import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { http, HttpResponse } from 'msw';

/**
 * A small S3-compatible object store (path-style: `/s3/<bucket>/<key>`): PUT, GET (with Range),
 * HEAD and DELETE of objects. Like the real one it refuses any request whose SigV4 signature does
 * not check out against the sandbox credentials, so a signing bug fails the tests. The check is
 * written from the received request, apart from the signer in core/storage.
 */
export const S3_SANDBOX = {
  accessKeyId: 'FIXFLOWSANDBOXAKID',
  secretAccessKey: 'fixflow/sandbox/S3+secret/key',
  region: 'cn-north-1',
  bucket: 'fixflow-attachments',
} as const;

interface StoredObject {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
}

const xmlError = (status: number, code: string, message: string) =>
  new HttpResponse(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`, {
    status,
    headers: { 'content-type': 'application/xml' },
  });

const encode = (s: string) =>
  Array.from(new TextEncoder().encode(s), (b) =>
    /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
  ).join('');

/** Returns an error response when the request's signature is missing, stale or wrong; null when it is good. */
function verifySignature(request: Request, body: Buffer): Response | null {
  const auth = request.headers.get('authorization') ?? '';
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) return xmlError(403, 'AccessDenied', 'missing or malformed AWS4-HMAC-SHA256 authorization');
  const [, accessKey, date, region, signedHeaderList, signature] = m as unknown as string[];
  if (accessKey !== S3_SANDBOX.accessKeyId) return xmlError(403, 'InvalidAccessKeyId', 'the access key does not exist');
  const stamp = request.headers.get('x-amz-date') ?? '';
  const at = Date.parse(stamp.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  if (!Number.isFinite(at) || Math.abs(Date.now() - at) > 15 * 60_000 || stamp.slice(0, 8) !== date)
    return xmlError(403, 'RequestTimeTooSkewed', 'x-amz-date is missing, stale or not the credential date');
  const signed = signedHeaderList!.split(';');
  for (const required of ['host', 'x-amz-content-sha256', 'x-amz-date'])
    if (!signed.includes(required)) return xmlError(403, 'AccessDenied', `${required} must be signed`);
  const payloadHash = request.headers.get('x-amz-content-sha256') ?? '';
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== createHash('sha256').update(body).digest('hex'))
    return xmlError(400, 'XAmzContentSHA256Mismatch', 'the body does not match x-amz-content-sha256');

  const url = new URL(request.url);
  const headerValue = (name: string) => (name === 'host' ? (request.headers.get('host') ?? url.host) : (request.headers.get(name) ?? ''));
  const query = url.search
    .slice(1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [k, v = ''] = pair.split('=');
      return `${encode(decodeURIComponent(k!))}=${encode(decodeURIComponent(v.replace(/\+/g, ' ')))}`;
    })
    .sort()
    .join('&');
  const canonical = [
    request.method,
    url.pathname,
    query,
    signed.map((h) => `${h}:${headerValue(h).trim().replace(/\s+/g, ' ')}\n`).join(''),
    signedHeaderList,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${stamp}\n${scope}\n${createHash('sha256').update(canonical).digest('hex')}`;
  let key: Buffer = Buffer.from(`AWS4${S3_SANDBOX.secretAccessKey}`);
  for (const part of [date!, region!, 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  const expected = createHmac('sha256', key).update(toSign).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature!, 'hex')))
    return xmlError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided');
  return null;
}

export function s3Handlers(base: string) {
  const objects = new Map<string, StoredObject>();
  return [
    http.all(`${base}/s3/*`, async ({ request }) => {
      const body = Buffer.from(await request.arrayBuffer());
      const refused = verifySignature(request, body);
      if (refused) return refused;
      const [bucket, ...rest] = new URL(request.url).pathname.slice('/s3/'.length).split('/');
      const key = decodeURIComponent(rest.join('/'));
      if (bucket !== S3_SANDBOX.bucket) return xmlError(404, 'NoSuchBucket', 'The specified bucket does not exist');
      if (!key) return xmlError(400, 'InvalidRequest', 'an object key is required');
      const found = objects.get(key);
      switch (request.method) {
        case 'PUT': {
          const declared = request.headers.get('content-length');
          if (declared === null) return xmlError(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header');
          if (Number(declared) !== body.length) return xmlError(400, 'IncompleteBody', 'fewer bytes than Content-Length');
          const etag = `"${createHash('md5').update(body).digest('hex')}"`;
          objects.set(key, {
            body,
            contentType: request.headers.get('content-type') ?? 'binary/octet-stream',
            etag,
            lastModified: new Date(),
          });
          return new HttpResponse(null, { status: 200, headers: { etag } });
        }
        case 'GET':
        case 'HEAD': {
          if (!found)
            return request.method === 'HEAD'
              ? new HttpResponse(null, { status: 404 })
              : xmlError(404, 'NoSuchKey', 'The specified key does not exist.');
          const size = found.body.length;
          const headers: Record<string, string> = {
            'content-type': found.contentType,
            etag: found.etag,
            'last-modified': found.lastModified.toUTCString(),
            'accept-ranges': 'bytes',
          };
          const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.get('range') ?? '');
          if (range && request.method === 'GET') {
            const start = Number(range[1]);
            const end = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
            if (start >= size || end < start) return xmlError(416, 'InvalidRange', 'The requested range is not satisfiable');
            const part = found.body.subarray(start, end + 1);
            return new HttpResponse(part, {
              status: 206,
              headers: { ...headers, 'content-length': String(part.length), 'content-range': `bytes ${start}-${end}/${size}` },
            });
          }
          return new HttpResponse(request.method === 'HEAD' ? null : found.body, {
            status: 200,
            headers: { ...headers, 'content-length': String(size) },
          });
        }
        case 'DELETE':
          objects.delete(key);
          return new HttpResponse(null, { status: 204 });
        default:
          return xmlError(405, 'MethodNotAllowed', `${request.method} is not supported here`);
      }
    }),
  ];
}

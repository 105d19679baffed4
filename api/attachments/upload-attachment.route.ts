import { Writable } from 'node:stream';
import type { Request } from 'express';
import type { z } from 'zod';
import { pipeline } from 'node:stream/promises';
import { newArchiveId } from '../archives/archive-ids';
import { actorOf } from '../archives/archive-http';
import { audit } from '../../db/audit-log';
import { checkDeclared, normaliseMime } from '../../domain/attachments/check-upload';
import type { ApiContext } from '../context';
import { claimIdempotencyKey, readIdempotencyKey, requestHash } from '../http/idempotency';
import { HttpProblem } from '../http/problem';
import { defineRoute, type RouteResult } from '../http/route';
import { ownerVisible } from './attachment-owners';
import { uploadQuery } from './attachment-params';
import { attachmentView, insertAttachment, loadAttachment, storeUnavailable } from './attachment-records';
import { refusalProblem, UploadInspector } from './upload-inspector';

const SCOPE = 'attachments.upload';

function declaredLength(header: string | undefined): number | null {
  if (header === undefined) return null;
  const n = Number(header);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

export const uploadAttachmentRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/attachments',
    permission: 'attachments:write',
    summary:
      'Upload one file as the raw body (Content-Type = its type) for a ticket, asset or customer: streamed to the store, hashed and measured on the way, refused (413/415) past the kind’s limit or when its bytes are not what the kind takes. 201 with the attachment and `ref` for the ticket; Idempotency-Key makes a retry answer the same attachment (200).',
    query: uploadQuery,
    handler: ({ req, principal, query }) =>
      receiveUpload(ctx, req, query, {
        actor: actorOf(principal),
        ownerExists: () => ownerVisible(ctx, principal, query.ownerType, query.ownerId),
      }),
  });

/**
 * The upload itself, shared by the staff route and the customer's public one (api/public): the same
 * type and size checks, streaming, hashing and idempotency; the caller says who uploads and whether
 * the owner is theirs to upload to.
 */
export async function receiveUpload(
  ctx: ApiContext,
  req: Request,
  query: z.infer<typeof uploadQuery>,
  opts: { actor: string; ownerExists: () => Promise<boolean> },
): Promise<RouteResult> {
  const key = readIdempotencyKey(req.header('idempotency-key'));
  const contentType = req.header('content-type');
  if (normaliseMime(contentType) === 'multipart/form-data') {
    throw new HttpProblem(
      415,
      'unsupported_media_type',
      'Unsupported media type',
      'send the file itself as the request body with its own Content-Type (e.g. image/jpeg); multipart/form-data is not taken',
      [{ field: 'header.Content-Type', message: 'multipart/form-data is not taken; send the raw file' }],
    );
  }
  const length = declaredLength(req.header('content-length'));
  // Refused before a byte is read; Connection: close spares a phone sending the rest of a 300 MiB video.
  const early = checkDeclared(query.kind, contentType, length);
  if (early) throw refusalProblem(early, { Connection: 'close' });
  if (!(await opts.ownerExists())) {
    const message = `${query.ownerType} ${query.ownerId} does not exist`;
    throw new HttpProblem(422, 'validation_failed', 'The request is not valid', message, [{ field: 'query.ownerId', message }], {
      Connection: 'close',
    });
  }

  const inspector = new UploadInspector(query.kind, contentType);
  req.once('error', (err) => inspector.destroy(err));
  req.once('close', () => {
    if (!req.complete) inspector.destroy(new HttpProblem(400, 'request_aborted', 'Request aborted', 'the upload was cut off'));
  });
  req.pipe(inspector);
  const hashOf = () => requestHash({ ownerType: query.ownerType, ownerId: query.ownerId, kind: query.kind, sha256: inspector.sha256 });

  // A key seen before: the body is read (hashed, not stored) to tell a retry from a reuse.
  const prior = key
    ? ((await ctx.dataSource.query(`SELECT resource_id FROM idempotency_keys WHERE scope = $1 AND key = $2`, [SCOPE, key])) as {
        resource_id: string;
      }[])
    : [];
  if (key && prior.length) {
    await pipeline(inspector, new Writable({ write: (_c, _e, done) => done() })).catch((err) => {
      throw inspector.failure ?? err;
    });
    const claim = await claimIdempotencyKey(ctx.dataSource, {
      scope: SCOPE,
      key,
      hash: hashOf(),
      resourceType: 'attachment',
      candidateId: '',
    });
    const existing = await loadAttachment(ctx.dataSource, claim.resourceId, { withDeleted: true });
    if (!existing) throw HttpProblem.notFound(`attachment ${claim.resourceId} does not exist`);
    return { status: 200, body: attachmentView(ctx, req, existing) };
  }

  const id = newArchiveId('AT');
  const now = new Date();
  const storageKey = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${id}`;
  const mime = await inspector.sniffed.catch((err) => {
    throw inspector.failure ?? err;
  });
  await ctx.attachments.store
    .put(storageKey, inspector, { contentType: mime, ...(length !== null ? { size: length } : {}) })
    .catch((err) => {
      if (inspector.failure) throw inspector.failure;
      // The client going away is no failure of the store.
      if (err instanceof HttpProblem || !req.complete) throw err;
      throw storeUnavailable(ctx, err, 'store the file');
    });

  const actor = opts.actor;
  const durationSec = /^(video|audio)\//.test(mime) ? (inspector.durationSec ?? query.durationSec ?? null) : null;
  let outcome: { row: Awaited<ReturnType<typeof loadAttachment>>; replay: boolean };
  try {
    outcome = await ctx.dataSource.transaction(async (tx) => {
      if (key) {
        const claim = await claimIdempotencyKey(tx, { scope: SCOPE, key, hash: hashOf(), resourceType: 'attachment', candidateId: id });
        // Two retries raced: the other one stored first; this copy goes.
        if (claim.replay) return { row: await loadAttachment(tx, claim.resourceId, { withDeleted: true }), replay: true };
      }
      const row = await insertAttachment(tx, {
        id,
        owner_type: query.ownerType,
        owner_id: query.ownerId,
        kind: query.kind,
        mime,
        size_bytes: inspector.bytes,
        sha256: inspector.sha256,
        duration_sec: durationSec,
        storage_key: storageKey,
        original_name: query.name ?? null,
        uploaded_by: actor,
      });
      await audit(tx, actor, 'attachment.uploaded', 'attachment', id, {
        ownerType: query.ownerType,
        ownerId: query.ownerId,
        kind: query.kind,
        mime,
        sizeBytes: inspector.bytes,
        sha256: inspector.sha256,
        ...(query.name ? { name: query.name } : {}),
        storage: ctx.attachments.store.driver,
      });
      return { row, replay: false };
    });
  } catch (err) {
    await ctx.attachments.store.delete(storageKey).catch(() => undefined);
    throw err;
  }
  if (outcome.replay) await ctx.attachments.store.delete(storageKey).catch(() => undefined);
  if (!outcome.row) throw HttpProblem.unavailable('the attachment this Idempotency-Key named vanished; retry');
  return { status: outcome.replay ? 200 : 201, body: attachmentView(ctx, req, outcome.row) };
}

import { pipeline } from 'node:stream/promises';
import { parseRange } from '../../core/storage/byte-range';
import { createTokenVerifier, type Principal } from '../auth/api-tokens';
import { permits } from '../auth/permissions';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { ownerVisible } from './attachment-owners';
import { attachmentIdParams, contentQuery } from './attachment-params';
import { loadAttachment, storeUnavailable, type AttachmentRow } from './attachment-records';
import { checkLink } from './signed-link';

/** Shown in place where a browser can do so safely; anything else is a download. */
const INLINE = /^(image\/(jpeg|png|webp|gif|heic|heif)|video\/|audio\/)/;

function contentDisposition(row: AttachmentRow, download: boolean): string {
  const name = row.original_name ?? row.id;
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${download || !INLINE.test(row.mime) ? 'attachment' : 'inline'}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Public at the router, because a signed link carries no token: the handler itself accepts either
 * a valid `exp`+`sig` for this attachment or a bearer token allowed to read its owner.
 */
export const getAttachmentContentRoute = (ctx: ApiContext) => {
  const verifyToken = createTokenVerifier(ctx.dataSource);

  async function bearer(header: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    const principal = match ? await verifyToken(match[1]!) : null;
    if (!principal) {
      throw new HttpProblem(
        401,
        'unauthenticated',
        'Authentication required',
        'send Authorization: Bearer <token>, or use a signed link',
        undefined,
        {
          'WWW-Authenticate': 'Bearer realm="fixflow"',
        },
      );
    }
    if (!permits(principal, 'attachments:read'))
      throw new HttpProblem(403, 'forbidden', 'Forbidden', 'this token may not attachments:read');
    return principal;
  }

  return defineRoute({
    method: 'get',
    path: '/api/v1/attachments/:id/content',
    permission: 'public',
    summary:
      'The bytes of an attachment, with a bearer token or a signed link (`?exp=…&sig=…` from the metadata; expires, bound to this attachment). Honours Range (206) for video, If-None-Match (ETag = sha256); `download=1` forces a download.',
    params: attachmentIdParams,
    query: contentQuery,
    async handler({ req, res, params, query }) {
      const signed = query.exp !== undefined || query.sig !== undefined;
      if (signed) {
        const verdict =
          query.exp !== undefined && query.sig ? checkLink(ctx.attachments.urlSecret(), params.id, query.exp, query.sig) : 'invalid';
        if (verdict === 'expired')
          throw new HttpProblem(403, 'link_expired', 'Link expired', 'this signed link has expired; ask for a new one');
        if (verdict === 'invalid')
          throw new HttpProblem(403, 'link_invalid', 'Invalid link', 'this signed link is not valid for this attachment');
      }
      const principal = signed ? null : await bearer(req.header('authorization'));
      const row = await loadAttachment(ctx.dataSource, params.id);
      if (!row || (principal && !(await ownerVisible(ctx, principal, row.owner_type, row.owner_id))))
        throw HttpProblem.notFound(`attachment ${params.id} does not exist`);

      const size = Number(row.size_bytes);
      const etag = `"${row.sha256}"`;
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', 'private, max-age=300');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      // Even if a browser were to render it as a document, it could run nothing.
      res.setHeader('Content-Security-Policy', "default-src 'none'; media-src 'self'; img-src 'self'; sandbox");
      res.setHeader('Accept-Ranges', 'bytes');
      if (
        req
          .header('if-none-match')
          ?.split(',')
          .some((t) => t.trim().replace(/^W\//, '') === etag)
      ) {
        res.status(304).end();
        return { body: undefined };
      }
      const ifRange = req.header('if-range');
      const range = ifRange !== undefined && ifRange.trim() !== etag ? 'full' : parseRange(req.header('range'), size);
      if (range === 'unsatisfiable') {
        throw new HttpProblem(416, 'range_not_satisfiable', 'Range not satisfiable', `the attachment is ${size} bytes`, undefined, {
          'Content-Range': `bytes */${size}`,
        });
      }
      const blob = await ctx.attachments.store.get(row.storage_key, range === 'full' ? undefined : range).catch((err) => {
        throw storeUnavailable(ctx, err, 'read the file');
      });
      if (!blob) {
        ctx.log.error('attachment content missing from the store', { id: row.id, storageKey: row.storage_key });
        throw HttpProblem.notFound(`the content of attachment ${params.id} is missing`);
      }
      const part = blob.range;
      res.status(part ? 206 : 200);
      res.setHeader('Content-Type', row.mime);
      res.setHeader('Content-Disposition', contentDisposition(row, query.download === '1'));
      res.setHeader('Content-Length', String(part ? part.end - part.start + 1 : size));
      if (part) res.setHeader('Content-Range', `bytes ${part.start}-${part.end}/${size}`);
      if (req.method === 'HEAD') {
        blob.body.destroy();
        res.end();
        return { body: undefined };
      }
      // A viewer that stops watching closes the socket; that ends this stream, it is no error of ours.
      await pipeline(blob.body, res).catch((err: Error) =>
        ctx.log.debug('attachment stream ended early', { id: row.id, error: err.message }),
      );
      return { body: undefined };
    },
  });
};

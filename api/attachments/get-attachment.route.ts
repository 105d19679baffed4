import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { ownerVisible } from './attachment-owners';
import { attachmentIdParams, linkTtlQuery } from './attachment-params';
import { attachmentView, loadAttachment } from './attachment-records';

export const getAttachmentRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/attachments/:id',
    permission: 'attachments:read',
    summary:
      'One attachment’s metadata, with a fresh signed link (`signedUrl`, `ttlSec` 30–86400, default 900) that loads the content without a token. 404 when it is deleted or its owner is not the caller’s to see.',
    params: attachmentIdParams,
    query: linkTtlQuery,
    async handler({ req, params, query, principal }) {
      const row = await loadAttachment(ctx.dataSource, params.id);
      if (!row || !(await ownerVisible(ctx, principal, row.owner_type, row.owner_id)))
        throw HttpProblem.notFound(`attachment ${params.id} does not exist`);
      return { body: attachmentView(ctx, req, row, query.ttlSec) };
    },
  });

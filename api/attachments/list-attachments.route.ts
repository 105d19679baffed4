import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { ownerVisible } from './attachment-owners';
import { ownerQuery } from './attachment-params';
import { attachmentView, type AttachmentRow } from './attachment-records';

export const listAttachmentsRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/attachments',
    permission: 'attachments:read',
    summary: 'The attachments of one ticket, asset or customer, oldest first, each with a signed link for thumbnails and players.',
    query: ownerQuery.strict(),
    async handler({ req, query, principal }) {
      if (!(await ownerVisible(ctx, principal, query.ownerType, query.ownerId)))
        throw HttpProblem.notFound(`${query.ownerType} ${query.ownerId} does not exist`);
      const rows = (await ctx.dataSource.query(
        `SELECT * FROM attachments WHERE owner_type = $1 AND owner_id = $2 AND deleted_at IS NULL ORDER BY created_at, id LIMIT 500`,
        [query.ownerType, query.ownerId],
      )) as AttachmentRow[];
      return { body: { items: rows.map((r) => attachmentView(ctx, req, r)) } };
    },
  });

import { actorOf } from '../archives/archive-http';
import { audit } from '../../db/audit-log';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { ownerVisible } from './attachment-owners';
import { attachmentIdParams } from './attachment-params';
import { loadAttachment } from './attachment-records';

export const deleteAttachmentRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'delete',
    path: '/api/v1/attachments/:id',
    permission: 'attachments:write',
    summary:
      'Soft-delete an attachment: it disappears from lists, metadata and content (signed links included); the row and the bytes stay for the audit trail. Audited.',
    params: attachmentIdParams,
    async handler({ params, principal }) {
      const actor = actorOf(principal);
      await ctx.dataSource.transaction(async (tx) => {
        const row = await loadAttachment(tx, params.id, { lock: true });
        if (!row || !(await ownerVisible(ctx, principal, row.owner_type, row.owner_id)))
          throw HttpProblem.notFound(`attachment ${params.id} does not exist`);
        await tx.query(`UPDATE attachments SET deleted_at = now() WHERE id = $1`, [params.id]);
        await audit(tx, actor, 'attachment.deleted', 'attachment', params.id, {
          ownerType: row.owner_type,
          ownerId: row.owner_id,
          kind: row.kind,
          sha256: row.sha256,
        });
      });
      return { status: 204, body: undefined };
    },
  });

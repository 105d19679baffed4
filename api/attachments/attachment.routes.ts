import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';
import { deleteAttachmentRoute } from './delete-attachment.route';
import { getAttachmentContentRoute } from './get-attachment-content.route';
import { getAttachmentRoute } from './get-attachment.route';
import { listAttachmentsRoute } from './list-attachments.route';
import { uploadAttachmentRoute } from './upload-attachment.route';

/** Photos, video, signatures and documents of tickets, assets and customers (issue 6 item 6). */
export function attachmentRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [
    uploadAttachmentRoute(ctx),
    listAttachmentsRoute(ctx),
    getAttachmentRoute(ctx),
    getAttachmentContentRoute(ctx),
    deleteAttachmentRoute(ctx),
  ];
}

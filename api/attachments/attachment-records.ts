import type { Request } from 'express';
import type { DataSource, EntityManager } from 'typeorm';
import type { UploadKind } from '../../domain/attachments/attachment-kinds';
import type { AttachmentRef } from '../../domain/forms/form-values';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { signLink } from './signed-link';

export interface AttachmentRow {
  id: string;
  owner_type: string;
  owner_id: string;
  kind: UploadKind;
  mime: string;
  size_bytes: string | number;
  sha256: string;
  duration_sec: string | number | null;
  storage_key: string;
  original_name: string | null;
  uploaded_by: string;
  created_at: Date;
  deleted_at: Date | null;
}

type Db = Pick<DataSource, 'query'> | Pick<EntityManager, 'query'>;

export async function loadAttachment(
  db: Db,
  id: string,
  opts: { lock?: boolean; withDeleted?: boolean } = {},
): Promise<AttachmentRow | null> {
  const [row] = (await db.query(
    `SELECT * FROM attachments WHERE id = $1 ${opts.withDeleted ? '' : 'AND deleted_at IS NULL'} ${opts.lock ? 'FOR UPDATE' : ''}`,
    [id],
  )) as AttachmentRow[];
  return row ?? null;
}

export async function insertAttachment(db: Db, row: Omit<AttachmentRow, 'created_at' | 'deleted_at'>): Promise<AttachmentRow> {
  const [inserted] = (await db.query(
    `INSERT INTO attachments (id, owner_type, owner_id, kind, mime, size_bytes, sha256, duration_sec, storage_key, original_name, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
    [
      row.id,
      row.owner_type,
      row.owner_id,
      row.kind,
      row.mime,
      row.size_bytes,
      row.sha256,
      row.duration_sec,
      row.storage_key,
      row.original_name,
      row.uploaded_by,
    ],
  )) as AttachmentRow[];
  return inserted!;
}

/** Where the API is reached from outside: FIXFLOW_PUBLIC_URL, else the host the request came to. */
export function baseUrlOf(ctx: Pick<ApiContext, 'config'>, req: Request): string {
  return (ctx.config.publicUrl ?? `${req.protocol}://${req.get('host')}`).replace(/\/+$/, '');
}

/**
 * An attachment as the API shows it. `url` needs a bearer token; `signedUrl` works without one
 * until `signedUrlExpiresAt` (for an <img> tag or a phone page). `ref` is exactly the attachment
 * object a ticket or a form takes ({url, kind, name, sizeBytes, durationSec, mime}).
 */
export function attachmentView(ctx: Pick<ApiContext, 'config' | 'attachments'>, req: Request, row: AttachmentRow, ttlSec = 900) {
  const url = `${baseUrlOf(ctx, req)}/api/v1/attachments/${row.id}/content`;
  const sizeBytes = Number(row.size_bytes);
  const durationSec = row.duration_sec === null ? null : Number(row.duration_sec);
  const { exp, sig } = signLink(ctx.attachments.urlSecret(), row.id, ttlSec);
  const ref: AttachmentRef = {
    url,
    kind: row.kind,
    ...(row.original_name ? { name: row.original_name } : {}),
    sizeBytes,
    ...(durationSec !== null ? { durationSec } : {}),
    mime: row.mime,
  };
  return {
    id: row.id,
    url,
    kind: row.kind,
    mime: row.mime,
    sizeBytes,
    sha256: row.sha256,
    durationSec,
    name: row.original_name,
    ownerType: row.owner_type,
    ownerId: row.owner_id,
    uploadedBy: row.uploaded_by,
    createdAt: new Date(row.created_at).toISOString(),
    signedUrl: `${url}?exp=${exp}&sig=${sig}`,
    signedUrlExpiresAt: new Date(exp * 1000).toISOString(),
    ref,
  };
}

/** The blob store failed (S3 down, disk full): logged with its cause, answered as a 503 to retry. */
export function storeUnavailable(ctx: Pick<ApiContext, 'log'>, err: unknown, what: string): HttpProblem {
  ctx.log.error(`attachment store failed to ${what}`, { error: err instanceof Error ? err.message : String(err) });
  return HttpProblem.unavailable(`the attachment store could not ${what} right now; retry shortly`);
}

import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { HttpProblem } from './problem';

export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(8)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII only');

export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

export function readIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(header);
  if (!parsed.success) {
    throw new HttpProblem(400, 'validation_failed', 'The request is not valid', `Idempotency-Key: ${parsed.error.issues[0]?.message}`, [
      { field: 'header.Idempotency-Key', message: parsed.error.issues[0]?.message ?? 'invalid' },
    ]);
  }
  return parsed.data;
}

/**
 * Claims `key` for a new resource id, or returns the id an earlier request with the same key
 * claimed. The same key with a different body is refused rather than silently answered.
 */
export async function claimIdempotencyKey(
  ds: Pick<DataSource, 'query'> | Pick<EntityManager, 'query'>,
  opts: { scope: string; key: string; hash: string; resourceType: string; candidateId: string },
): Promise<{ resourceId: string; resourceType: string; replay: boolean }> {
  const inserted: unknown[] = await ds.query(
    `INSERT INTO idempotency_keys (scope, key, request_hash, resource_type, resource_id)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (scope, key) DO NOTHING RETURNING resource_id`,
    [opts.scope, opts.key, opts.hash, opts.resourceType, opts.candidateId],
  );
  if (inserted.length > 0) return { resourceId: opts.candidateId, resourceType: opts.resourceType, replay: false };
  const [row] = (await ds.query(`SELECT request_hash, resource_id, resource_type FROM idempotency_keys WHERE scope = $1 AND key = $2`, [
    opts.scope,
    opts.key,
  ])) as {
    request_hash: string;
    resource_id: string;
    resource_type: string;
  }[];
  if (!row) throw HttpProblem.unavailable('idempotency record vanished; retry');
  if (row.request_hash !== opts.hash) {
    throw new HttpProblem(
      422,
      'idempotency_key_reused',
      'Idempotency-Key reused',
      'this Idempotency-Key was already used with a different request body',
      [{ field: 'header.Idempotency-Key', message: 'already used with a different body' }],
    );
  }
  return { resourceId: row.resource_id, resourceType: row.resource_type, replay: true };
}

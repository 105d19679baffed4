import { z } from 'zod';
import { refSchema } from '../../domain/archives/archive-fields';
import type { Principal } from '../auth/api-tokens';
import { permits } from '../auth/permissions';
import { checkIfMatch } from '../http/if-match';
import { HttpProblem } from '../http/problem';
import type { ArchiveSpec } from './archive-kinds';
import type { Db } from './archive-queries';
import { audit as writeAudit } from '../../db/audit-log';

/** Who an audit row names: one definition, in api/auth. */
export { actorOf } from '../auth/api-tokens';

type Obj = Record<string, unknown>;

export const archiveIdParams = z.object({ id: refSchema }).strict();

/**
 * Phones and emails in full only for those who may read personal data (pii:read), as everywhere
 * else. Routes' responses also pass the PII guard (api/pii), which masks by the data rules, leaves
 * these already-masked values alone and audits unmasked reads; exports, which stream past it, rely on this.
 */
export function viewFor(spec: ArchiveSpec, principal: Principal | null, view: Obj): Obj {
  return permits(principal ?? { roles: [] }, 'pii:read') ? view : spec.mask(view);
}

/**
 * Optimistic concurrency: `If-Match: "3"` (412 when stale) or a `version` field in the body (409
 * when stale) must name the version the change was made against; neither means last write wins.
 */
export function checkVersion(spec: ArchiveSpec, id: string, current: number, ifMatch: string | undefined, bodyVersion?: number): void {
  checkIfMatch(ifMatch, current, `${spec.noun} ${id}`);
  if (bodyVersion !== undefined && bodyVersion !== current) {
    throw new HttpProblem(
      409,
      'version_mismatch',
      'Conflict',
      `${spec.noun} ${id} is at version ${current}, not ${bodyVersion}; reload and apply the change again`,
      [{ field: 'version', message: `the current version is ${current}` }],
    );
  }
}

export async function audit(db: Db, actor: string, action: string, spec: ArchiveSpec, id: string, details: Obj): Promise<void> {
  await writeAudit(db, actor, `${spec.noun}.${action}`, spec.targetType, id, details);
}

/** A unique key taken by a concurrent write (an asset's serial number): a conflict to resolve, not a 500. */
export function uniqueConflict(err: unknown, field: string): HttpProblem | null {
  const e = err as { code?: string; detail?: string };
  if (e.code !== '23505') return null;
  return new HttpProblem(409, 'conflict', 'Conflict', `already taken: ${e.detail ?? 'unique key'}`, [
    { field, message: 'already taken by another record' },
  ]);
}

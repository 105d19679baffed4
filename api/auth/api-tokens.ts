import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ApiTokenEntity, type ApiToken } from '../../db/entities/api-token.entity';
import { AuditLogEntity } from '../../db/entities/audit-log.entity';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateToken(): string {
  return `ffk_${randomBytes(24).toString('base64url')}`;
}

export interface Principal {
  id: string;
  name: string;
  roles: string[];
  /** set for a service provider's token: it sees and acts on that provider's tickets only */
  providerId?: string | null;
  /** 'user' for a signed-in person (cookie session); absent or 'token' for an API token */
  kind?: 'token' | 'user';
  /** a user's: the routing agent / field engineer they are */
  agentId?: string | null;
  displayName?: string;
  mustChangePassword?: boolean;
}

/** Who an audit row names: `user:<username>` for a person, `token:<name>` for an API token. */
export const actorOf = (principal: Principal | null) =>
  principal?.kind === 'user' ? `user:${principal.name}` : `token:${principal!.name}`;

/** Issues a token and writes the audit record in the same transaction. The token is returned once. */
export async function issueToken(
  ds: DataSource,
  opts: { name: string; roles: string[]; actor: string; token?: string; providerId?: string | null },
): Promise<{ token: string; row: ApiToken }> {
  const token = opts.token ?? generateToken();
  return ds.transaction(async (tx) => {
    const row = await tx.getRepository(ApiTokenEntity).save({
      name: opts.name,
      tokenHash: hashToken(token),
      roles: opts.roles,
      providerId: opts.providerId ?? null,
      createdBy: opts.actor,
      lastUsedAt: null,
      revokedAt: null,
    });
    await tx.getRepository(AuditLogEntity).insert({
      actor: opts.actor,
      action: 'token.issued',
      targetType: 'api_token',
      targetId: row.id,
      details: { name: opts.name, roles: opts.roles, ...(opts.providerId ? { providerId: opts.providerId } : {}) },
    });
    return { token, row };
  });
}

/**
 * Makes sure an admin token exists. FIXFLOW_ADMIN_TOKEN wins when set (and is registered if new);
 * otherwise one is generated on the very first start and returned so the caller can print it once.
 */
export async function ensureAdminToken(ds: DataSource, configured?: string): Promise<{ created: boolean; token?: string }> {
  const repo = ds.getRepository(ApiTokenEntity);
  if (configured) {
    const existing = await repo.findOneBy({ tokenHash: hashToken(configured) });
    if (existing) return { created: false };
    await issueToken(ds, { name: 'admin (FIXFLOW_ADMIN_TOKEN)', roles: ['admin'], actor: 'system', token: configured });
    return { created: true };
  }
  const anyAdmin = await repo.createQueryBuilder('t').where(`'admin' = ANY(t.roles)`).andWhere('t.revokedAt IS NULL').getCount();
  if (anyAdmin > 0) return { created: false };
  const { token } = await issueToken(ds, { name: 'admin (generated at first start)', roles: ['admin'], actor: 'system' });
  return { created: true, token };
}

/** Looks a bearer token up by its hash; caches hits briefly so each request is not a query. */
export function createTokenVerifier(ds: DataSource, ttlMs = 30_000) {
  const cache = new Map<string, { principal: Principal | null; until: number }>();
  return async function verify(token: string): Promise<Principal | null> {
    const hash = hashToken(token);
    const hit = cache.get(hash);
    if (hit && hit.until > Date.now()) return hit.principal;
    const row = await ds.getRepository(ApiTokenEntity).findOneBy({ tokenHash: hash });
    let principal: Principal | null =
      row && !row.revokedAt ? { id: row.id, name: row.name, roles: row.roles, providerId: row.providerId } : null;
    // A provider that was deactivated takes its tokens with it.
    if (principal?.providerId) {
      const [provider] = (await ds.query(`SELECT active FROM service_providers WHERE id = $1`, [principal.providerId])) as {
        active: boolean;
      }[];
      if (!provider?.active) principal = null;
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(hash, { principal, until: Date.now() + ttlMs });
    return principal;
  };
}

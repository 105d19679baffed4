import type { DataSource, EntityManager } from 'typeorm';
import { compilePiiRules, type CompiledPiiRules } from '../../domain/pii/json-masker';
import { splitForAssignee } from '../../domain/pii/assigned-work';
import type { PiiRule } from '../../domain/pii/pii-rules';
import { permits, type Permission } from '../auth/permissions';

export type Db = Pick<EntityManager, 'query'> | DataSource;

export interface PiiRuleRow extends PiiRule {
  version: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export const PII_RULE_COLUMNS = `id, type, fields, detect_in_text AS "detectInText", enabled, unmask_permission AS "unmaskPermission",
  description, version, created_by AS "createdBy", created_at AS "createdAt", updated_by AS "updatedBy", updated_at AS "updatedAt"`;

export async function loadPiiRule(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<PiiRuleRow | null> {
  const rows = (await db.query(`SELECT ${PII_RULE_COLUMNS} FROM pii_masking_rules WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`, [
    id,
  ])) as PiiRuleRow[];
  return rows[0] ?? null;
}

/** The rules split for one caller: those it may not see through (to apply) and those it may (to audit). */
export interface PiiRulesFor {
  masked: CompiledPiiRules;
  unmasked: CompiledPiiRules;
}

/**
 * The masking rules are read on every response: kept in memory for a few seconds, and dropped at
 * once when this process changes them (another API process picks a change up within the TTL).
 */
export class PiiRuleCache {
  private rules?: Promise<PiiRule[]>;
  private loadedAt = 0;
  private byPermissions = new Map<string, PiiRulesFor>();

  constructor(
    private readonly ds: DataSource,
    private readonly ttlMs = 10_000,
  ) {}

  invalidate(): void {
    this.rules = undefined;
    this.byPermissions.clear();
  }

  all(): Promise<PiiRule[]> {
    if (!this.rules || Date.now() - this.loadedAt > this.ttlMs) {
      this.loadedAt = Date.now();
      this.byPermissions.clear();
      this.rules = this.ds.query(`SELECT ${PII_RULE_COLUMNS} FROM pii_masking_rules ORDER BY id`).catch((err: unknown) => {
        this.rules = undefined;
        throw err;
      });
    }
    return this.rules;
  }

  /** Rules whose unmasking permission the principal lacks are applied; the others are only audited. */
  async forPrincipal(principal: { roles: readonly string[]; providerId?: string | null } | null): Promise<PiiRulesFor> {
    const rules = (await this.all()).filter((r) => r.enabled);
    const sees = rules.map((r) => principal !== null && permits(principal, r.unmaskPermission as Permission));
    const key = sees.map((s) => (s ? '1' : '0')).join('');
    let split = this.byPermissions.get(key);
    if (!split) {
      split = {
        masked: compilePiiRules(rules.filter((_, i) => !sees[i])),
        unmasked: compilePiiRules(rules.filter((_, i) => sees[i])),
      };
      this.byPermissions.set(key, split);
    }
    return split;
  }

  /**
   * The rules inside a visit assigned to the principal (domain/pii/assigned-work.ts): the address
   * and phone rules it would have masked are seen instead, and so audited.
   */
  async forAssignee(principal: { roles: readonly string[]; providerId?: string | null }): Promise<PiiRulesFor> {
    const rules = (await this.all()).filter((r) => r.enabled);
    const sees = rules.map((r) => permits(principal, r.unmaskPermission as Permission));
    const key = `assignee:${sees.map((s) => (s ? '1' : '0')).join('')}`;
    let split = this.byPermissions.get(key);
    if (!split) {
      const { masked, seen } = splitForAssignee(
        rules.filter((_, i) => !sees[i]),
        rules.filter((_, i) => sees[i]),
      );
      split = { masked: compilePiiRules(masked), unmasked: compilePiiRules(seen) };
      this.byPermissions.set(key, split);
    }
    return split;
  }
}

const caches = new WeakMap<DataSource, PiiRuleCache>();

/** One cache per database, shared by the response guard and the rule routes that invalidate it. */
export function piiRuleCache(ds: DataSource): PiiRuleCache {
  let cache = caches.get(ds);
  if (!cache) {
    cache = new PiiRuleCache(ds);
    caches.set(ds, cache);
  }
  return cache;
}

import type { DataSource } from 'typeorm';
import { maskJson } from '../../domain/pii/json-masker';
import type { Principal } from '../auth/api-tokens';
import { piiRuleCache } from './pii-rule-store';

/**
 * Exports stream past the response guard, so they mask each row here by the same rules and
 * permissions. An export is audited as a whole (export-audit) with whether it was masked, so
 * unmasked rows need no per-row pii.read record.
 */
export async function piiRowMasker(ds: DataSource, principal: Principal | null): Promise<{ masked: boolean; mask: <T>(rows: T[]) => T[] }> {
  const rules = await piiRuleCache(ds).forPrincipal(principal);
  const masking = rules.masked.fields.length + rules.masked.textTypes.length > 0;
  return { masked: masking, mask: (rows) => (masking ? rows.map((r) => maskJson(r, rules.masked).value as (typeof rows)[number]) : rows) };
}

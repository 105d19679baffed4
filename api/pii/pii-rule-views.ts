import type { Db, PiiRuleRow } from './pii-rule-store';
import { audit } from '../../db/audit-log';

/** Who an audit row names: one definition, in api/auth. */
export { actorOf } from '../auth/api-tokens';

export function piiRuleView(r: PiiRuleRow) {
  return {
    id: r.id,
    type: r.type,
    fields: r.fields,
    detectInText: r.detectInText,
    enabled: r.enabled,
    unmaskPermission: r.unmaskPermission,
    description: r.description,
    version: r.version,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    updatedBy: r.updatedBy,
    updatedAt: r.updatedAt,
  };
}

export async function auditPiiRule(db: Db, actor: string, action: string, id: string, details: Record<string, unknown>): Promise<void> {
  await audit(db, actor, `pii_rule.${action}`, 'pii_rule', id, details);
}

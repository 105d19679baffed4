import type { Db, PiiRuleRow } from './pii-rule-store';
import { audit } from '../../db/audit-log';

export const actorOf = (principal: { name: string } | null) => `token:${principal!.name}`;

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

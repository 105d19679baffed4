import { EntitySchema } from 'typeorm';

/** Changes made outside a workflow (tokens, settings): who, when, what. */
export interface AuditLogRow {
  id: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  at: Date;
  details: Record<string, unknown>;
}

export const AuditLogEntity = new EntitySchema<AuditLogRow>({
  name: 'AuditLog',
  tableName: 'audit_log',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    actor: { type: 'text' },
    action: { type: 'text' },
    targetType: { name: 'target_type', type: 'text' },
    targetId: { name: 'target_id', type: 'text' },
    at: { type: 'timestamptz', createDate: true },
    details: { type: 'jsonb' },
  },
});

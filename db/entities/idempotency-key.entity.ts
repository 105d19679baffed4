import { EntitySchema } from 'typeorm';

/** Remembers which resource an `Idempotency-Key` created, per caller, so a retry returns it. */
export interface IdempotencyKeyRow {
  scope: string;
  key: string;
  requestHash: string;
  resourceType: string;
  resourceId: string;
  createdAt: Date;
}

export const IdempotencyKeyEntity = new EntitySchema<IdempotencyKeyRow>({
  name: 'IdempotencyKey',
  tableName: 'idempotency_keys',
  columns: {
    scope: { type: 'text', primary: true },
    key: { type: 'text', primary: true },
    requestHash: { name: 'request_hash', type: 'text' },
    resourceType: { name: 'resource_type', type: 'text' },
    resourceId: { name: 'resource_id', type: 'text' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});

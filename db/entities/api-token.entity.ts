import { EntitySchema } from 'typeorm';

export interface ApiToken {
  id: string;
  name: string;
  /** sha256 of the token; the token itself is shown once and never stored */
  tokenHash: string;
  roles: string[];
  /** the service provider this token acts for; it then sees only that provider's tickets */
  providerId: string | null;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export const ApiTokenEntity = new EntitySchema<ApiToken>({
  name: 'ApiToken',
  tableName: 'api_tokens',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    name: { type: 'text' },
    tokenHash: { name: 'token_hash', type: 'text', unique: true },
    roles: { type: 'text', array: true },
    providerId: { name: 'provider_id', type: 'text', nullable: true },
    createdBy: { name: 'created_by', type: 'text' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    lastUsedAt: { name: 'last_used_at', type: 'timestamptz', nullable: true },
    revokedAt: { name: 'revoked_at', type: 'timestamptz', nullable: true },
  },
});

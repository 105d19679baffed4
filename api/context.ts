import type { DataSource } from 'typeorm';
import type { AppConfig } from '../core/config';
import type { AuthPolicy } from './auth/auth-policy';
import type { Logger } from '../core/logger';
import type { BlobStore } from '../core/storage/blob-store';
import type { DictionaryCache } from './dictionaries/dictionary-cache';
import type { TemporalHandle, TicketGateway } from './tickets/ticket-gateway';

/** What route handlers are given; built once at start-up. */
export interface ApiContext {
  config: Pick<AppConfig, 'PORT'> & { publicUrl?: string };
  dataSource: DataSource;
  temporal: TemporalHandle;
  tickets: TicketGateway;
  dictionaries: DictionaryCache;
  log: Logger;
  /** where attachment bytes live, and the key that signs their short-lived links (read on first use) */
  attachments: { store: BlobStore; urlSecret: () => Buffer };
  /** session and sign-in limits over the defaults (api/auth/auth-policy.ts); tests shorten them */
  authPolicy?: Partial<AuthPolicy>;
}

import { DataSource } from 'typeorm';
import { ApiTokenEntity } from './entities/api-token.entity';
import { AuditLogEntity } from './entities/audit-log.entity';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import { TicketEventEntity } from './entities/ticket-event.entity';
import { TicketEntity } from './entities/ticket.entity';
import { InitialSchema1763800000000 } from './migrations/1763800000000-initial-schema';
import { FlowStore1763900000000 } from './migrations/1763900000000-flow-store';
import { Notifications1764100000000 } from './migrations/1764100000000-notifications';
import { Webhooks1764000000000 } from './migrations/1764000000000-webhooks';
import { Dictionaries1764200000000 } from './migrations/1764200000000-dictionaries';
import { EventRecordedAt1764300000000 } from './migrations/1764300000000-event-recorded-at';
import { IntakeClaims1764400000000 } from './migrations/1764400000000-intake-claims';
import { Archives1764500000000 } from './migrations/1764500000000-archives';
import { ProviderTokens1764520000000 } from './migrations/1764520000000-provider-tokens';
import { Contracts1764600000000 } from './migrations/1764600000000-contracts';
import { MaintenanceIot1764700000000 } from './migrations/1764700000000-maintenance-iot';
import { KnowledgeInbox1764800000000 } from './migrations/1764800000000-knowledge-inbox';
import { Routing1764920000000 } from './migrations/1764920000000-routing';
import { Rules1764900000000 } from './migrations/1764900000000-rules';
import { RuleDecisions1764910000000 } from './migrations/1764910000000-rule-decisions';
import { PiiMasking1764940000000 } from './migrations/1764940000000-pii-masking';
import { FormTemplates1764930000000 } from './migrations/1764930000000-form-templates';
import { RoutingAutoAssign1764950000000 } from './migrations/1764950000000-routing-auto-assign';
import { SpareParts1765000000000 } from './migrations/1765000000000-spare-parts';
import { Attachments1765010000000 } from './migrations/1765010000000-attachments';
import { PublicLookups1765020000000 } from './migrations/1765020000000-public-lookups';
import { Rmas1765030000000 } from './migrations/1765030000000-rmas';
import { Visits1765040000000 } from './migrations/1765040000000-visits';
import { StockTransfers1765052000000 } from './migrations/1765052000000-stock-transfers';
import { FlowDesigner1765045000000 } from './migrations/1765045000000-flow-designer';
import { UsersSessions1765090000000 } from './migrations/1765090000000-users-sessions';
import { ServiceRatings1765100000000 } from './migrations/1765100000000-service-ratings';
import { SavedReports1765120000000 } from './migrations/1765120000000-saved-reports';
import { SavedFilters1765130000000 } from './migrations/1765130000000-saved-filters';
import { SitesMapIndex1765135000000 } from './migrations/1765135000000-sites-map-index';
import { seedReferenceData } from './reference-data';

export const entities = [ApiTokenEntity, AuditLogEntity, IdempotencyKeyEntity, TicketEntity, TicketEventEntity];
export const migrations = [
  InitialSchema1763800000000,
  FlowStore1763900000000,
  Notifications1764100000000,
  Dictionaries1764200000000,
  Webhooks1764000000000,
  EventRecordedAt1764300000000,
  IntakeClaims1764400000000,
  Archives1764500000000,
  ProviderTokens1764520000000,
  Contracts1764600000000,
  MaintenanceIot1764700000000,
  KnowledgeInbox1764800000000,
  Rules1764900000000,
  RuleDecisions1764910000000,
  Routing1764920000000,
  FormTemplates1764930000000,
  PiiMasking1764940000000,
  RoutingAutoAssign1764950000000,
  SpareParts1765000000000,
  Attachments1765010000000,
  PublicLookups1765020000000,
  Rmas1765030000000,
  Visits1765040000000,
  FlowDesigner1765045000000,
  StockTransfers1765052000000,
  UsersSessions1765090000000,
  ServiceRatings1765100000000,
  SavedReports1765120000000,
  SavedFilters1765130000000,
  SitesMapIndex1765135000000,
];

/** The schema is owned by migrations; `synchronize` stays off everywhere. */
export function createDataSource(url: string, opts: { poolSize?: number } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    extra: { max: opts.poolSize ?? 10, connectionTimeoutMillis: 5000, statement_timeout: 15000 },
  });
}

/** Applies pending migrations, then the reference data every installation needs. */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  const ran = await ds.runMigrations({ transaction: 'each' });
  const seeded = await seedReferenceData(ds);
  return [...ran.map((m) => m.name), ...seeded.map((s) => `seeded ${s}`)];
}

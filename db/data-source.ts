import { DataSource } from 'typeorm';
import { ApiTokenEntity } from './entities/api-token.entity';
import { AuditLogEntity } from './entities/audit-log.entity';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import { TicketEventEntity } from './entities/ticket-event.entity';
import { TicketEntity } from './entities/ticket.entity';
import { InitialSchema1763800000000 } from './migrations/1763800000000-initial-schema';

export const entities = [ApiTokenEntity, AuditLogEntity, IdempotencyKeyEntity, TicketEntity, TicketEventEntity];
export const migrations = [InitialSchema1763800000000];

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

export async function runMigrations(ds: DataSource): Promise<string[]> {
  const ran = await ds.runMigrations({ transaction: 'each' });
  return ran.map((m) => m.name);
}

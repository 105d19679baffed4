import type { ExportKind, ImportKind } from '../../domain/import/archive-columns';

/** How a field of the API is stored: its column, its PostgreSQL type, and the value a new row gets when the file leaves it out. */
export interface DbColumn {
  field: string;
  column: string;
  type: 'text' | 'numeric' | 'date' | 'text[]' | 'jsonb' | 'boolean';
  default?: unknown;
}

export interface ArchiveTable {
  table: string;
  /** prefix of generated ids (the API's convention) */
  idPrefix: string;
  columns: readonly DbColumn[];
}

const col = (field: string, type: DbColumn['type'] = 'text', dflt?: unknown): DbColumn => ({
  field,
  column: field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
  type,
  ...(dflt !== undefined ? { default: dflt } : {}),
});

/** The archive tables of db/migrations/1764500000000-archives.ts, field by field. */
export const ARCHIVE_TABLES: Record<Exclude<ExportKind, 'tickets'>, ArchiveTable> = {
  customers: {
    table: 'customers',
    idPrefix: 'CU',
    columns: [
      col('id'),
      col('name'),
      col('type'),
      col('tier', 'text', 'standard'),
      col('phone'),
      col('email'),
      col('fax'),
      col('region'),
      col('province'),
      col('city'),
      col('addresses', 'jsonb', []),
      col('contacts', 'jsonb', []),
      col('tags', 'text[]', []),
    ],
  },
  projects: {
    table: 'projects',
    idPrefix: 'PJ',
    columns: [
      col('id'),
      col('name'),
      col('customerId'),
      col('region'),
      col('province'),
      col('amount', 'numeric'),
      col('status', 'text', 'active'),
      col('startedOn', 'date'),
      col('completedOn', 'date'),
    ],
  },
  sites: {
    table: 'sites',
    idPrefix: 'ST',
    columns: [
      col('id'),
      col('name'),
      col('customerId'),
      col('projectId'),
      col('region'),
      col('province'),
      col('city'),
      col('district'),
      col('address'),
      col('lat', 'numeric'),
      col('lng', 'numeric'),
      col('contactName'),
      col('contactPhone'),
      col('photos', 'text[]', []),
      col('status', 'text', 'active'),
    ],
  },
  assets: {
    table: 'assets',
    idPrefix: 'AS',
    columns: [
      col('id'),
      col('serialNo'),
      col('model'),
      col('sku'),
      col('name'),
      col('customerId'),
      col('projectId'),
      col('siteId'),
      col('producedOn', 'date'),
      col('installedOn', 'date'),
      col('warrantyEndsOn', 'date'),
      col('status', 'text', 'in_service'),
      col('attributes', 'jsonb', {}),
    ],
  },
  providers: {
    table: 'service_providers',
    idPrefix: 'SP',
    columns: [
      col('id'),
      col('name'),
      col('kind'),
      col('regions', 'text[]', []),
      col('skills', 'text[]', []),
      col('contactName'),
      col('contactPhone'),
      col('email'),
      col('active', 'boolean', true),
    ],
  },
};

/** The expression that reads one field out of `x.j` (a row as jsonb) as the column's type. */
export function jsonbField(c: DbColumn, row = 'x.j'): string {
  switch (c.type) {
    case 'text':
      return `(${row}->>'${c.field}')`;
    case 'numeric':
      return `(${row}->>'${c.field}')::numeric`;
    case 'date':
      return `(${row}->>'${c.field}')::date`;
    case 'boolean':
      return `(${row}->>'${c.field}')::boolean`;
    case 'jsonb':
      return `(${row}->'${c.field}')`;
    case 'text[]':
      return `ARRAY(SELECT jsonb_array_elements_text(${row}->'${c.field}'))`;
  }
}

export type ImportTable = ArchiveTable & { kind: ImportKind };

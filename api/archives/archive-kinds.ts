import type { z } from 'zod';
import { ARCHIVE_SCHEMAS, type ArchiveKind } from '../../domain/archives/archive-schemas';
import { maskContacts, maskEmail, maskPhone } from '../../domain/archives/pii-mask';
import { ARCHIVE_TABLES, type ArchiveTable } from '../imports/archive-tables';

type Obj = Record<string, unknown>;

/** What the generic create/get/update/delete routes need to know about one archive. */
export interface ArchiveSpec {
  kind: ArchiveKind;
  /** singular, for messages and audit actions (customer.created) */
  noun: string;
  /** audit_log.target_type */
  targetType: string;
  /** the collection's path */
  path: string;
  /** table, generated-id prefix, and each field's column (shared with import/export) */
  table: ArchiveTable;
  create: z.ZodType<Obj>;
  update: z.ZodType<Obj>;
  /** a second unique key callers create by (an asset's serial number) */
  naturalKey?: string;
  /** hides personal data from callers without archives:manage */
  mask(view: Obj): Obj;
}

const maskFields =
  (phones: string[], emails: string[], contacts = false) =>
  (v: Obj): Obj => {
    const out = { ...v };
    for (const f of phones) out[f] = maskPhone(v[f] as string | null);
    for (const f of emails) out[f] = maskEmail(v[f] as string | null);
    if (contacts && Array.isArray(v.contacts)) out.contacts = maskContacts(v.contacts as Obj[]);
    return out;
  };

const spec = (kind: ArchiveKind, noun: string, targetType: string, mask: (v: Obj) => Obj, naturalKey?: string): ArchiveSpec => ({
  kind,
  noun,
  targetType,
  path: `/api/v1/${kind}`,
  table: ARCHIVE_TABLES[kind],
  create: ARCHIVE_SCHEMAS[kind].create as unknown as z.ZodType<Obj>,
  update: ARCHIVE_SCHEMAS[kind].update as unknown as z.ZodType<Obj>,
  mask,
  ...(naturalKey ? { naturalKey } : {}),
});

export const ARCHIVES: Record<ArchiveKind, ArchiveSpec> = {
  customers: spec('customers', 'customer', 'customer', maskFields(['phone', 'fax'], ['email'], true)),
  projects: spec('projects', 'project', 'project', (v) => v),
  sites: spec('sites', 'site', 'site', maskFields(['contactPhone'], [])),
  assets: spec('assets', 'asset', 'asset', (v) => v, 'serialNo'),
  providers: spec('providers', 'provider', 'service_provider', maskFields(['contactPhone'], ['email'])),
};

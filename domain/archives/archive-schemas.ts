import type { z } from 'zod';
import { createAssetSchema, updateAssetSchema } from './asset.schema';
import { createCustomerSchema, updateCustomerSchema } from './customer.schema';
import { createProjectSchema, updateProjectSchema } from './project.schema';
import { createProviderSchema, updateProviderSchema } from './provider.schema';
import { createSiteSchema, updateSiteSchema } from './site.schema';

/** The archive kinds, named as their API paths and the import/export kinds name them. */
export const ARCHIVE_KINDS = ['customers', 'projects', 'sites', 'assets', 'providers'] as const;
export type ArchiveKind = (typeof ARCHIVE_KINDS)[number];

/**
 * Create and update schema of each archive. A create schema validates a whole record (defaults
 * applied, cross-field checks); an update body is merged over the stored record and the result is
 * validated by the create schema again, so a PATCH cannot produce a record a POST would refuse.
 */
export const ARCHIVE_SCHEMAS = {
  customers: { create: createCustomerSchema, update: updateCustomerSchema },
  projects: { create: createProjectSchema, update: updateProjectSchema },
  sites: { create: createSiteSchema, update: updateSiteSchema },
  assets: { create: createAssetSchema, update: updateAssetSchema },
  providers: { create: createProviderSchema, update: updateProviderSchema },
} as const satisfies Record<ArchiveKind, { create: z.ZodType; update: z.ZodType }>;

import { z } from 'zod';
import { PII_TYPES } from '../../domain/pii/pii-detectors';
import { FIELD_PATTERN } from '../../domain/pii/pii-rules';
import { PERMISSIONS } from '../auth/permissions';

export const piiRuleIdParams = z
  .object({ id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, - and _') })
  .strict();

const fieldPatterns = z
  .array(z.string().trim().max(200).regex(FIELD_PATTERN, 'a field path such as phone, contacts[].phone, details.idNumber or *.email'))
  .max(100);

const ruleFields = {
  type: z.enum(PII_TYPES),
  fields: fieldPatterns,
  detectInText: z.boolean(),
  enabled: z.boolean(),
  /** who sees through this rule; reads by them are audited */
  unmaskPermission: z.enum(PERMISSIONS),
  description: z.string().trim().max(500),
};

const matchesSomething = (r: { fields?: string[]; detectInText?: boolean }) => (r.fields?.length ?? 0) > 0 || r.detectInText === true;

export const createPiiRuleSchema = z
  .object({
    id: piiRuleIdParams.shape.id,
    ...ruleFields,
    fields: ruleFields.fields.default([]),
    detectInText: ruleFields.detectInText.default(false),
    enabled: ruleFields.enabled.default(true),
    unmaskPermission: ruleFields.unmaskPermission.default('pii:read'),
    description: ruleFields.description.default(''),
  })
  .strict()
  .refine(matchesSomething, { path: ['fields'], message: 'name at least one field path or set detectInText' });

export const updatePiiRuleSchema = z
  .object({
    type: ruleFields.type.optional(),
    fields: ruleFields.fields.optional(),
    detectInText: ruleFields.detectInText.optional(),
    enabled: ruleFields.enabled.optional(),
    unmaskPermission: ruleFields.unmaskPermission.optional(),
    description: ruleFields.description.optional(),
    /** the version the change was made against; a stale one is 409 */
    version: z.number().int().min(1).optional(),
  })
  .strict();

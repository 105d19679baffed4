/**
 * Roles and what they may do, in one table. Every route names the permission it needs; the
 * router checks it before the handler runs.
 */
export const PERMISSIONS = [
  'tickets:create',
  'tickets:read',
  'tickets:act',
  'tokens:manage',
  'dictionaries:manage',
  'flows:read',
  'flows:manage',
  'webhooks:manage',
  'archives:read',
  'archives:manage',
  'contracts:read',
  'contracts:manage',
  'maintenance:manage',
  'iot:ingest',
  'knowledge:read',
  'knowledge:manage',
  'inbox:read',
  'routing:read',
  'routing:manage',
  'rules:read',
  'rules:manage',
  /** see personal data unmasked; every such read is audited */
  'pii:read',
  'pii:manage',
  'audit:read',
  'forms:read',
  'forms:manage',
  'parts:read',
  'parts:manage',
  'attachments:read',
  'attachments:write',
  'visits:read',
  'visits:act',
  'visits:create',
  'rmas:read',
  'rmas:act',
  'rmas:create',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'integrator', 'agent', 'team_lead', 'viewer', 'qa', 'finance'] as const;
export type Role = (typeof ROLES)[number];

const grants: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  integrator: [
    'tickets:create',
    'tickets:read',
    'tickets:act',
    'flows:read',
    'forms:read',
    'rules:read',
    'archives:read',
    'archives:manage',
    'contracts:read',
    'iot:ingest',
    'parts:read',
    'attachments:read',
    'attachments:write',
    'visits:read',
    'visits:act',
    'visits:create',
    'rmas:create',
    'rmas:read',
    'rmas:act',
  ],
  agent: [
    'tickets:create',
    'tickets:read',
    'tickets:act',
    'flows:read',
    'forms:read',
    'rules:read',
    'archives:read',
    'contracts:read',
    'knowledge:read',
    'inbox:read',
    'routing:read',
    'parts:read',
    'attachments:read',
    'attachments:write',
    'visits:read',
    'visits:act',
    'visits:create',
    'rmas:create',
    'rmas:read',
    'rmas:act',
  ],
  team_lead: [
    'tickets:create',
    'tickets:read',
    'tickets:act',
    'flows:read',
    'forms:read',
    'rules:read',
    'archives:read',
    'archives:manage',
    'contracts:read',
    'contracts:manage',
    'maintenance:manage',
    'knowledge:read',
    'knowledge:manage',
    'inbox:read',
    'routing:read',
    'routing:manage',
    'pii:read',
    'forms:manage',
    'parts:read',
    'parts:manage',
    'attachments:read',
    'attachments:write',
    'visits:read',
    'visits:act',
    'visits:create',
    'rmas:create',
    'rmas:read',
    'rmas:act',
  ],
  // approvers of RMAs above the QA and finance thresholds (the RMA flow's approval levels)
  qa: ['tickets:read', 'rmas:read', 'rmas:act', 'attachments:read'],
  finance: ['tickets:read', 'rmas:read', 'rmas:act', 'attachments:read'],
  viewer: [
    'tickets:read',
    'flows:read',
    'forms:read',
    'rules:read',
    'archives:read',
    'contracts:read',
    'knowledge:read',
    'parts:read',
    'attachments:read',
    'visits:read',
    'rmas:read',
  ],
};

export function can(roles: readonly string[], permission: Permission): boolean {
  return roles.some((r) => (grants as Record<string, readonly Permission[]>)[r]?.includes(permission));
}

/**
 * A token bound to a service provider (服务商/代理商) works its own tickets and reads the knowledge
 * base, whatever its roles: archives, exports, flows and settings stay with the platform. Its
 * engineers attach work photos, video and signatures to those tickets (and only those).
 */
export const PROVIDER_PERMISSIONS: readonly Permission[] = [
  'tickets:read',
  'tickets:act',
  'knowledge:read',
  'inbox:read',
  'attachments:read',
  'attachments:write',
];
/** The roles a provider-bound token may carry. */
export const PROVIDER_ROLES: readonly Role[] = ['agent', 'viewer'];

/** `can`, narrowed for provider-bound tokens. */
export function permits(principal: { roles: readonly string[]; providerId?: string | null }, permission: Permission): boolean {
  if (principal.providerId && !PROVIDER_PERMISSIONS.includes(permission)) return false;
  return can(principal.roles, permission);
}

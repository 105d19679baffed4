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
  /** one's own account: who am I, change my password (every role) */
  'account:self',
  /** people: users, their roles, groups, skills, passwords (admin only) */
  'users:manage',
  /** the report centre (报表中心): run and export reports, keep one's own saved definitions */
  'reports:read',
  /** the service dashboards (客户服务看板): figures over all tickets, visits and RMAs */
  'dashboards:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'admin',
  'integrator',
  'agent',
  'team_lead',
  'viewer',
  'qa',
  'finance',
  /** a service outlet (服务网点): takes in and works the tickets of its counter */
  'outlet',
  /** spare-parts warehouse staff: stock, receipts, transfers, returned parts */
  'warehouse',
  /** a field engineer on the phone (H5): their visits, parts used, photos and signatures */
  'engineer',
] as const;
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
    'reports:read',
    'dashboards:read',
  ],
  // approvers of RMAs above the QA and finance thresholds (the RMA flow's approval levels)
  qa: ['tickets:read', 'rmas:read', 'rmas:act', 'attachments:read', 'reports:read', 'dashboards:read'],
  finance: ['tickets:read', 'rmas:read', 'rmas:act', 'attachments:read', 'reports:read', 'dashboards:read'],
  outlet: [
    'tickets:create',
    'tickets:read',
    'tickets:act',
    'forms:read',
    'knowledge:read',
    'inbox:read',
    'parts:read',
    'attachments:read',
    'attachments:write',
    'visits:read',
    'visits:act',
    'rmas:create',
    'rmas:read',
  ],
  warehouse: ['tickets:read', 'parts:read', 'parts:manage', 'rmas:read', 'rmas:act', 'inbox:read', 'attachments:read'],
  engineer: [
    'tickets:read',
    'tickets:act',
    'forms:read',
    'knowledge:read',
    'inbox:read',
    'parts:read',
    'attachments:read',
    'attachments:write',
    'visits:read',
    'visits:act',
  ],
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
    'reports:read',
    'dashboards:read',
  ],
};

/** What any known role may do on top of its own grants. */
const EVERY_ROLE: readonly Permission[] = ['account:self'];

export function can(roles: readonly string[], permission: Permission): boolean {
  return roles.some((r) => {
    const own = (grants as Record<string, readonly Permission[]>)[r];
    return Boolean(own && (own.includes(permission) || EVERY_ROLE.includes(permission)));
  });
}

/** A role's permissions, as the roles listing shows them. */
export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((p) => can([role], p));
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
  'account:self',
];
/** The roles a provider-bound token (or a provider's user) may carry. */
export const PROVIDER_ROLES: readonly Role[] = ['agent', 'viewer', 'outlet', 'engineer'];

/** `can`, narrowed for provider-bound tokens. */
export function permits(principal: { roles: readonly string[]; providerId?: string | null }, permission: Permission): boolean {
  if (principal.providerId && !PROVIDER_PERMISSIONS.includes(permission)) return false;
  return can(principal.roles, permission);
}

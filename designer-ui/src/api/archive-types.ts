/**
 * The shapes of the archive, contract and 360 APIs (api/archives, api/contracts). Kept apart from
 * the ticket types; fields the server may leave out are optional so a partial answer still renders.
 */

export const CUSTOMER_TYPES = ['company', 'person'] as const;
export const CUSTOMER_TIERS = ['standard', 'vip', 'premium'] as const;
export const SITE_STATUSES = ['planned', 'active', 'fault', 'inactive'] as const;
export const ASSET_STATUSES = ['in_stock', 'in_service', 'faulty', 'under_repair', 'retired'] as const;
export const PROJECT_STATUSES = ['planned', 'active', 'completed', 'cancelled'] as const;
/** The service regions (大区) the demo data and most Chinese service teams use. */
export const REGIONS = ['华东', '华南', '华北', '华中', '西南', '西北', '东北'] as const;
export const EXPIRY_WINDOWS = [30, 60, 90] as const;

export type CustomerType = (typeof CUSTOMER_TYPES)[number];
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];
export type SiteStatus = (typeof SITE_STATUSES)[number];

export interface Address {
  label?: string | null;
  province?: string | null;
  city?: string | null;
  district?: string | null;
  detail: string;
  primary?: boolean;
}

export interface Contact {
  name: string;
  /** masked by the API (138****5678) unless the caller may see it in full */
  phone?: string | null;
  email?: string | null;
  role?: string | null;
}

interface Audited {
  version?: number;
  createdAt?: string;
  updatedAt?: string;
}

export interface Customer extends Audited {
  id: string;
  name: string;
  type: CustomerType;
  tier: CustomerTier;
  phone?: string | null;
  email?: string | null;
  fax?: string | null;
  region?: string | null;
  province?: string | null;
  city?: string | null;
  addresses: Address[];
  contacts: Contact[];
  tags: string[];
  assetCount?: number;
  openTicketCount?: number;
}

/** The create/update body: the customer without the server's bookkeeping. */
export interface CustomerBody {
  id?: string;
  name: string;
  type: CustomerType;
  tier?: CustomerTier;
  phone?: string | null;
  email?: string | null;
  fax?: string | null;
  region?: string | null;
  province?: string | null;
  city?: string | null;
  addresses?: Address[];
  contacts?: Contact[];
  tags?: string[];
}

export interface Project extends Audited {
  id: string;
  name: string;
  customerId: string;
  region?: string | null;
  province?: string | null;
  amount?: number | string | null;
  status: string;
  startedOn?: string | null;
  completedOn?: string | null;
  siteCount?: number;
  assetCount?: number;
}

export interface Site extends Audited {
  id: string;
  name: string;
  customerId: string;
  customerName?: string | null;
  projectId?: string | null;
  region?: string | null;
  province?: string | null;
  city?: string | null;
  district?: string | null;
  address: string;
  /** numeric(9,6) may arrive as a string; null when the site has no coordinates */
  lat?: number | string | null;
  lng?: number | string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  photos?: string[];
  status: string;
  assetCount?: number;
  openTicketCount?: number;
  /** P1…P4 of the site's most urgent open ticket; null when none is open */
  worstOpenPriority?: string | null;
}

export interface Asset extends Audited {
  id: string;
  serialNo: string;
  model: string;
  sku?: string | null;
  name?: string | null;
  customerId?: string | null;
  customerName?: string | null;
  projectId?: string | null;
  siteId?: string | null;
  siteName?: string | null;
  producedOn?: string | null;
  installedOn?: string | null;
  warrantyEndsOn?: string | null;
  status: string;
  qrToken?: string;
  attributes?: Record<string, unknown>;
  openTicketCount?: number;
  /** the label's QR code and the public page it opens */
  qr?: { svg: string; h5Path: string };
}

export const CONTRACT_KINDS = ['service_agreement', 'warranty', 'extended_warranty'] as const;

export interface ContractQuota {
  /** visit | ticket */
  kind: string;
  limit: number;
  /** contract | year */
  period: string;
}

/** A service agreement, warranty or extended warranty; its id is the number printed on the contract. */
export interface Contract extends Audited {
  id: string;
  customerId: string;
  customerName?: string | null;
  kind: string;
  name: string;
  startsOn: string;
  endsOn: string;
  /** active | suspended | terminated */
  status: string;
  entitlement?: string | null;
  responseMinutes?: number | null;
  quotas?: ContractQuota[];
  /** each quota used and left in the current period */
  quotaStatus?: QuotaCheck[];
  /** active and within its term today */
  inForce?: boolean;
  /** days from today to endsOn, when the server counts them */
  daysLeft?: number;
}

/** How much of one quota of a contract is used in the current period (e.g. 3 of 4 visits this year). */
export interface QuotaCheck {
  contractId: string;
  /** visit | ticket */
  kind: string;
  limit: number;
  period?: string | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  used: number;
  left: number;
}

/** What a new ticket would get (domain/contracts/entitlement.ts Coverage). */
export interface Coverage {
  contractId: string | null;
  contractKind?: string | null;
  entitlement: string | null;
  covered: boolean | null;
  /** contract | in_warranty | out_of_warranty | no_coverage | quota_exhausted | explicit_entitlement */
  reason: string;
  warrantyEndsOn?: string | null;
  quota?: QuotaCheck | null;
}

interface CoveringContract {
  contractId: string;
  kind?: string;
  entitlement?: string | null;
  endsOn?: string;
  quotas: QuotaCheck[];
}

export interface Entitlement {
  coverage: Coverage;
  contracts: CoveringContract[];
}

/** GET /customers/:id/entitlements: per asset, and `general` for a ticket naming no asset. */
export interface CustomerEntitlements {
  on?: string;
  general?: Entitlement;
  assets?: (Entitlement & { assetId: string; serialNo?: string })[];
}

/** A ticket as lists of other records show it: enough for a row, not the whole ticket. */
export interface TicketSummary {
  ticketId: string;
  status: string;
  priority: string;
  category1?: string | null;
  category2?: string | null;
  category3?: string | null;
  description?: string;
  assetId?: string | null;
  slaBreached?: boolean;
  createdAt: string;
}

export interface Customer360Counts {
  assets?: number;
  sites?: number;
  projects?: number;
  contractsInForce?: number;
  tickets?: { total: number; open: number; slaBreached: number; last12Months: number; reopened: number };
}

export interface Customer360 {
  customer: Customer;
  assets: Asset[];
  sites: Site[];
  projects: Project[];
  contracts: Contract[];
  entitlements: CustomerEntitlements | null;
  /** open: every unfinished ticket; recent: the latest resolved or closed ones */
  tickets: { open: TicketSummary[]; recent: TicketSummary[] };
  counts?: Customer360Counts;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CustomerFilters {
  q?: string;
  tier?: string;
  region?: string;
}

export interface AssetFilters {
  q?: string;
  status?: string;
  customerId?: string;
  siteId?: string;
}

export interface SiteFilters {
  region?: string;
  projectId?: string;
  status?: string;
  installedFrom?: string;
  installedTo?: string;
  customerId?: string;
  /** 'true': sites with an open ticket; 'false': without */
  openTickets?: string;
}
